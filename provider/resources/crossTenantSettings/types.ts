/**
 * The settings the partner and the default configuration share (Graph `crossTenantAccessPolicyB2BSetting`,
 * `crossTenantAccessPolicyInboundTrust`, `inboundOutboundPolicyConfiguration`), as plain values after check().
 */

export type AccessType = "allowed" | "blocked";
export type TargetType = "user" | "group" | "application";

/** `crossTenantAccessPolicyTarget`. */
export interface Target {
  target: string;
  targetType: TargetType;
}

/** `crossTenantAccessPolicyTargetConfiguration`. */
export interface TargetConfiguration {
  accessType: AccessType;
  targets: Target[];
}

/**
 * `crossTenantAccessPolicyB2BSetting` (also the shape of `tenantRestrictions` without `devices`). A missing half is
 * null in Graph; at least one is present (a setting with neither is absent: inherited or unmanaged). The newer
 * one-half settings use the same shape with their own half (`users`, `usersAndGroups` or `applications`).
 */
export interface B2BSetting {
  usersAndGroups?: TargetConfiguration;
  applications?: TargetConfiguration;
  /** Only in `m365CollaborationInbound` (Graph `crossTenantAccessPolicyM365CollaborationInboundSetting`). */
  users?: TargetConfiguration;
}

/**
 * `crossTenantAccessPolicyInboundTrust`: on a partner an omitted leaf is null in Graph (inherited); in the default
 * configuration every leaf is present (null there means false).
 */
export interface InboundTrust {
  isMfaAccepted?: boolean;
  isCompliantDeviceAccepted?: boolean;
  isHybridAzureADJoinedDeviceAccepted?: boolean;
}

/** `inboundOutboundPolicyConfiguration` (`automaticUserConsentSettings`). */
export interface InboundOutbound {
  inboundAllowed?: boolean;
  outboundAllowed?: boolean;
}

/**
 * `defaultInvitationRedemptionIdentityProviderConfiguration` (default configuration only): the primary identity
 * providers in order of precedence, and the fallback.
 */
export interface InvitationRedemption {
  primaryIdentityProviderPrecedenceOrder: PrimaryIdentityProvider[];
  fallbackIdentityProvider: FallbackIdentityProvider;
}

/** Graph `b2bIdentityProvidersType` values allowed in `primaryIdentityProviderPrecedenceOrder`. */
export const PRIMARY_IDENTITY_PROVIDERS = [
  "azureActiveDirectory",
  "externalFederation",
  "socialIdentityProviders",
] as const;
export type PrimaryIdentityProvider = (typeof PRIMARY_IDENTITY_PROVIDERS)[number];
/** Graph `b2bIdentityProvidersType` values allowed in `fallbackIdentityProvider`. */
export const FALLBACK_IDENTITY_PROVIDERS = [
  "defaultConfiguredIdp",
  "emailOneTimePasscode",
  "microsoftAccount",
] as const;
export type FallbackIdentityProvider = (typeof FALLBACK_IDENTITY_PROVIDERS)[number];
export const INVITATION_REDEMPTION_KEYS = [
  "primaryIdentityProviderPrecedenceOrder",
  "fallbackIdentityProvider",
] as const;

export const B2B_SETTINGS = [
  "b2bCollaborationInbound",
  "b2bCollaborationOutbound",
  "b2bDirectConnectInbound",
  "b2bDirectConnectOutbound",
  "tenantRestrictions",
] as const;
export type B2BSettingName = (typeof B2B_SETTINGS)[number];

/**
 * Settings shaped like a B2B setting with a single half (Graph `crossTenantAccessPolicyM365CollaborationInboundSetting`
 * `{ users }`, `…M365CollaborationOutboundSetting` `{ usersAndGroups }`, `crossTenantAccessPolicyAppServiceConnectSetting`
 * `{ applications }`), on partners and the default configuration, v1.0 and beta.
 */
export const ONE_HALF_SETTINGS = [
  "m365CollaborationInbound",
  "m365CollaborationOutbound",
  "appServiceConnectInbound",
] as const;
export type OneHalfSettingName = (typeof ONE_HALF_SETTINGS)[number];

/** Every setting made of target lists. */
export const TARGET_LIST_SETTINGS: readonly (B2BSettingName | OneHalfSettingName)[] = [
  ...B2B_SETTINGS,
  ...ONE_HALF_SETTINGS,
];
export type TargetListSettingName = B2BSettingName | OneHalfSettingName;

/** A half of a target-list setting. `users` (m365CollaborationInbound) takes what `usersAndGroups` takes. */
export type Half = "usersAndGroups" | "applications" | "users";

/** The halves of each target-list setting, in the order Graph shows them. */
export function halvesOf(name: TargetListSettingName): readonly Half[] {
  switch (name) {
    case "m365CollaborationInbound":
      return ["users"];
    case "m365CollaborationOutbound":
      return ["usersAndGroups"];
    case "appServiceConnectInbound":
      return ["applications"];
    default:
      return ["usersAndGroups", "applications"];
  }
}

export function isTargetListSetting(name: string): name is TargetListSettingName {
  return (TARGET_LIST_SETTINGS as readonly string[]).includes(name);
}

export const INBOUND_TRUST_KEYS = [
  "isMfaAccepted",
  "isCompliantDeviceAccepted",
  "isHybridAzureADJoinedDeviceAccepted",
] as const;
export const INBOUND_OUTBOUND_KEYS = ["inboundAllowed", "outboundAllowed"] as const;

/** Every managed setting of a configuration; a missing one is inherited (partner) or unmanaged (default). */
export interface CrossTenantSettings {
  automaticUserConsentSettings?: InboundOutbound;
  b2bCollaborationInbound?: B2BSetting;
  b2bCollaborationOutbound?: B2BSetting;
  b2bDirectConnectInbound?: B2BSetting;
  b2bDirectConnectOutbound?: B2BSetting;
  tenantRestrictions?: B2BSetting;
  inboundTrust?: InboundTrust;
  m365CollaborationInbound?: B2BSetting;
  m365CollaborationOutbound?: B2BSetting;
  appServiceConnectInbound?: B2BSetting;
  /** Graph beta only. */
  blockServiceProviderOutboundAccess?: boolean;
  /** Default configuration only. */
  invitationRedemptionIdentityProviderConfiguration?: InvitationRedemption;
}

export type SettingName = keyof CrossTenantSettings;

/**
 * The settings both kinds have (the default configuration reads `automaticUserConsentSettings` but cannot write
 * it), in the order messages and PATCH bodies follow: Graph's original ones first, the newer ones after.
 */
export const SETTING_NAMES: readonly SettingName[] = [
  "automaticUserConsentSettings",
  ...B2B_SETTINGS,
  "inboundTrust",
  ...ONE_HALF_SETTINGS,
];

/** The settings a partner configuration manages (an omitted one is inherited, except PARTNER_OPTIONAL_SETTINGS). */
export const PARTNER_SETTINGS: readonly SettingName[] = [...SETTING_NAMES, "blockServiceProviderOutboundAccess"];

/**
 * Partner settings managed only when the program gives them, like the default configuration's: Graph documents
 * `blockServiceProviderOutboundAccess` with "Default value is false" and no inheritance, so a partner may read back
 * `false` (or `null`) without anyone setting it; treating an omitted value as "inherit" would be endless drift.
 */
export const PARTNER_OPTIONAL_SETTINGS: readonly SettingName[] = ["blockServiceProviderOutboundAccess"];

/** The partner settings `bag` (inputs or previous outputs) manages: every one, the optional ones when present. */
export function partnerManagedNames(bag: Partial<Record<SettingName, unknown>>): SettingName[] {
  return PARTNER_SETTINGS.filter((n) => !PARTNER_OPTIONAL_SETTINGS.includes(n) || bag[n] !== undefined);
}
/** The settings the default configuration can manage (`automaticUserConsentSettings` is read-only there). */
export const DEFAULT_SETTINGS: readonly SettingName[] = [
  ...SETTING_NAMES.filter((n) => n !== "automaticUserConsentSettings"),
  "invitationRedemptionIdentityProviderConfiguration",
  "blockServiceProviderOutboundAccess",
];

/** Settings that exist only in the Graph beta API: declaring one on a v1.0 connection fails check(). */
export const BETA_SETTINGS: readonly SettingName[] = ["blockServiceProviderOutboundAccess"];

/** Which configuration the settings belong to: the rules differ slightly (landscape §2.3 Q4). */
export type ConfigurationKind = "partner" | "default";

/** Reserved target values and the targetType each is valid for ([DOC] crossTenantAccessPolicyTarget). */
export const RESERVED_TARGETS: Readonly<Record<string, TargetType>> = {
  AllUsers: "user",
  AllApplications: "application",
  AllMicrosoftApps: "application",
  Office365: "application",
};

/** Reserved values that mean "everyone": they cannot be combined with other targets in one list. */
export const ALL_TARGETS: readonly string[] = ["AllUsers", "AllApplications"];
