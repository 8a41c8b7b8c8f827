/**
 * The package's own words for a drift finding: which object ("Fabrikam's partner configuration"), which setting
 * ("inbound auto-consent") and how a value reads ("true", "not set"). Plain data, no Pulumi or Graph import.
 */

/** Per resource type (without package prefix): what the object is, and whether it belongs to a partner. */
const OBJECTS: Readonly<Record<string, { noun: string; perPartner: boolean }>> = {
  CrossTenantAccessPolicyConfigurationPartner: { noun: "partner configuration", perPartner: true },
  CrossTenantIdentitySyncPolicyPartner: { noun: "identity sync policy", perPartner: true },
  CrossTenantAccessPolicyConfigurationDefault: { noun: "default configuration", perPartner: false },
  CrossTenantAccessPolicy: { noun: "cross-tenant access policy", perPartner: false },
  CrossTenantSyncConfiguration: { noun: "synchronization configuration", perPartner: false },
};

/** Whole property paths with a name of their own. */
const PATHS: Readonly<Record<string, string>> = {
  "automaticUserConsentSettings.inboundAllowed": "inbound auto-consent",
  "automaticUserConsentSettings.outboundAllowed": "outbound auto-consent",
  "userSyncInbound.isSyncAllowed": "inbound user sync",
  "groupSyncInbound.isSyncAllowed": "inbound group sync",
  "inboundTrust.isMfaAccepted": "trust of the partner's MFA",
  "inboundTrust.isCompliantDeviceAccepted": "trust of the partner's compliant devices",
  "inboundTrust.isHybridAzureADJoinedDeviceAccepted": "trust of the partner's hybrid-joined devices",
  allowedCloudEndpoints: "allowed cloud endpoints",
  tenantId: "partner tenant",
  "scope.syncAll": "sync of all users",
  "scope.users": "users in scope",
  "scope.groups": "groups in scope",
  provisioningEnabled: "provisioning",
  notificationEmail: "notification email",
  accidentalDeletionThreshold: "accidental-deletion threshold",
  targetTenantId: "target tenant",
};

/** Path segments with a name of their own; anything else is its camelCase split into words. */
const SEGMENTS: Readonly<Record<string, string>> = {
  b2bCollaborationInbound: "B2B collaboration inbound",
  b2bCollaborationOutbound: "B2B collaboration outbound",
  b2bDirectConnectInbound: "B2B direct connect inbound",
  b2bDirectConnectOutbound: "B2B direct connect outbound",
  m365CollaborationInbound: "Microsoft 365 collaboration inbound",
  m365CollaborationOutbound: "Microsoft 365 collaboration outbound",
  appServiceConnectInbound: "app service connect inbound",
  tenantRestrictions: "tenant restrictions",
  usersAndGroups: "users and groups",
  accessType: "access",
  invitationRedemptionIdentityProviderConfiguration: "invitation redemption",
  primaryIdentityProviderPrecedenceOrder: "identity provider order",
  fallbackIdentityProvider: "fallback identity provider",
  blockServiceProviderOutboundAccess: "service provider outbound block",
};

function words(segment: string): string {
  if (SEGMENTS[segment]) return SEGMENTS[segment];
  if (/^\d+$/.test(segment)) return `#${Number(segment) + 1}`;
  return segment
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase();
}

/** A setting's name: `automaticUserConsentSettings.inboundAllowed` → `inbound auto-consent`. */
export function settingLabel(type: string, path: string): string {
  if (path === "displayName")
    return type === "CrossTenantIdentitySyncPolicyPartner" ? "sync policy name" : "display name";
  if (PATHS[path]) return PATHS[path];
  return path.split(".").map(words).join(" ");
}

/** The resource type without its package prefix: `pulumi-nodejs:dynamic/entra:X` → `X`. */
export function shortType(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

export function isOwnType(type: string): boolean {
  return type.startsWith("pulumi-nodejs:dynamic") && OBJECTS[shortType(type)] !== undefined;
}

/** The resource name at the end of a URN. */
export function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * Whose object it is, for the start of a sentence: a partner's name (its sync policy's display name, else the
 * resource name), "The default configuration", a synchronization configuration's display name.
 */
export function ownerName(type: string, name: string, partnerName: string | undefined): string {
  const kind = OBJECTS[type];
  if (kind?.perPartner) return partnerName ?? name;
  if (type === "CrossTenantSyncConfiguration") return `"${partnerName ?? name}"`;
  return `The ${kind?.noun ?? name}`;
}

/** `Fabrikam's partner configuration`, `The default configuration`. */
export function objectTitle(type: string, name: string, partnerName: string | undefined): string {
  const kind = OBJECTS[type];
  if (kind?.perPartner) return `${possessive(partnerName ?? name)} ${kind.noun}`;
  if (type === "CrossTenantSyncConfiguration") return `Synchronization configuration "${partnerName ?? name}"`;
  return `The ${kind?.noun ?? name}`;
}

function possessive(owner: string): string {
  return owner.endsWith("s") ? `${owner}'` : `${owner}'s`;
}

/** The secret marker the engine puts where a secret value was; such a value is never shown. */
export const SECRET = "[secret]";

/** A value as the report prints it: `true`, `"Fabrikam"`, `["a","b"]`, `not set`, `[secret]`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "not set";
  if (value === SECRET) return "(secret, not shown)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** `Fabrikam's inbound auto-consent: program true, tenant false`. */
export function settingSentence(owner: string, label: string, program: unknown, tenant: unknown): string {
  return `${possessive(owner)} ${label}: program ${describeValue(program)}, tenant ${describeValue(tenant)}`;
}
