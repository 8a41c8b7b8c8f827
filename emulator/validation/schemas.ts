/**
 * Per-version property sets (graph-behaviour.md §1.2, §1.3, §3.1, §3.2, and the resource pages of the Graph
 * documentation: crosstenantaccesspolicyconfigurationdefault.md and …partner.md, v1.0 and beta, 2024–2026). v1.0 has
 * no `groupSyncInbound`, `deletedDateTime` or `externalCloudAuthorizedApplicationId` on the sync policy; beta adds
 * them. `blockServiceProviderOutboundAccess` is beta only (partner and default). Enums accept the documented
 * members only (`unknownFutureValue` is a sentinel that clients must not send).
 */
import { JsonObject } from "../util/json";
import { SOURCE_SIDE_SCHEMAS, SourceSideSchemaKind } from "./sourceSideSchemas";
import { ApiVersion, EntitySchema, Field, FieldType } from "./types";

const bool: Field = { type: { kind: "boolean" } };
const str: Field = { type: { kind: "string" } };

const obj = (typeName: string, fields: Record<string, Field>): Field => ({
  type: { kind: "object", typeName, fields },
});

/** Rendered as an object of nulls when unset, as the documented POST response shows ([DOC-EX] §3.3). */
const inboundOutbound = (readOnly = false): Field => ({
  ...obj("microsoft.graph.inboundOutboundPolicyConfiguration", { inboundAllowed: bool, outboundAllowed: bool }),
  alwaysObject: true,
  readOnly,
});

const targetType: FieldType = {
  kind: "object",
  typeName: "microsoft.graph.crossTenantAccessPolicyTarget",
  fields: {
    target: str,
    targetType: {
      type: {
        kind: "enum",
        typeName: "microsoft.graph.crossTenantAccessPolicyTargetType",
        values: ["user", "group", "application"],
      },
    },
  },
};

/** `allowed` | `blocked` (crossTenantAccessPolicyTargetConfigurationAccessType): access types and device filters. */
const accessType = (): Field => ({
  type: {
    kind: "enum",
    typeName: "microsoft.graph.crossTenantAccessPolicyTargetConfigurationAccessType",
    values: ["allowed", "blocked"],
  },
});

const targetConfiguration = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyTargetConfiguration", {
    accessType: accessType(),
    targets: { type: { kind: "array", item: targetType } },
  });

const b2bSetting = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyB2BSetting", {
    usersAndGroups: targetConfiguration(),
    applications: targetConfiguration(),
  });

const tenantRestrictions = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyTenantRestrictions", {
    usersAndGroups: targetConfiguration(),
    applications: targetConfiguration(),
    // devicesfilter.md: `mode` says whether devices matching `rule` are allowed or blocked.
    devices: obj("microsoft.graph.devicesFilter", { mode: accessType(), rule: str }),
  });

/**
 * The newer settings (2025–26 resource pages, v1.0 and beta, default and partner), each one target configuration:
 * crossTenantAccessPolicyM365CollaborationInboundSetting `{ users }`, …OutboundSetting `{ usersAndGroups }`,
 * crossTenantAccessPolicyAppServiceConnectSetting `{ applications }`.
 */
const m365CollaborationInbound = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyM365CollaborationInboundSetting", { users: targetConfiguration() });
const m365CollaborationOutbound = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyM365CollaborationOutboundSetting", {
    usersAndGroups: targetConfiguration(),
  });
const appServiceConnectInbound = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyAppServiceConnectSetting", { applications: targetConfiguration() });

/** Every member of b2bIdentityProvidersType; each property of the configuration takes only some of them. */
const B2B_IDENTITY_PROVIDERS = [
  "azureActiveDirectory",
  "externalFederation",
  "socialIdentityProviders",
  "emailOneTimePasscode",
  "microsoftAccount",
  "defaultConfiguredIdp",
  "unknownFutureValue",
];
const identityProvider = (values: string[]): FieldType => ({
  kind: "enum",
  typeName: "microsoft.graph.b2bIdentityProvidersType",
  values,
  typeMembers: B2B_IDENTITY_PROVIDERS,
});

/**
 * invitationRedemptionIdentityProviderConfiguration (defaultInvitationRedemptionIdentityProviderConfiguration): the
 * documented values are `azureActiveDirectory`, `externalFederation`, `socialIdentityProviders` for the precedence
 * order and `defaultConfiguredIdp`, `emailOneTimePasscode`, `microsoftAccount` for the fallback.
 */
const invitationRedemption = (): Field =>
  obj("microsoft.graph.defaultInvitationRedemptionIdentityProviderConfiguration", {
    primaryIdentityProviderPrecedenceOrder: {
      type: {
        kind: "array",
        item: identityProvider(["azureActiveDirectory", "externalFederation", "socialIdentityProviders"]),
      },
    },
    fallbackIdentityProvider: {
      type: identityProvider(["defaultConfiguredIdp", "emailOneTimePasscode", "microsoftAccount"]),
    },
  });

const inboundTrust = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyInboundTrust", {
    isMfaAccepted: bool,
    isCompliantDeviceAccepted: bool,
    isHybridAzureADJoinedDeviceAccepted: bool,
  });

const syncInbound = (name: string): Field => obj(`microsoft.graph.${name}`, { isSyncAllowed: bool });

const PARTNER_V1: Record<string, Field> = {
  tenantId: { type: { kind: "string", guid: true }, readOnly: true },
  isServiceProvider: bool,
  isInMultiTenantOrganization: { type: { kind: "boolean" }, readOnly: true },
  inboundTrust: inboundTrust(),
  b2bCollaborationOutbound: b2bSetting(),
  b2bCollaborationInbound: b2bSetting(),
  b2bDirectConnectOutbound: b2bSetting(),
  b2bDirectConnectInbound: b2bSetting(),
  tenantRestrictions: tenantRestrictions(),
  crossCloudMeetingConfiguration: inboundOutbound(),
  automaticUserConsentSettings: inboundOutbound(),
  appServiceConnectInbound: appServiceConnectInbound(),
  m365CollaborationInbound: m365CollaborationInbound(),
  m365CollaborationOutbound: m365CollaborationOutbound(),
};

const PARTNER_BETA: Record<string, Field> = {
  ...PARTNER_V1,
  displayName: str,
  blockServiceProviderOutboundAccess: bool,
  invitationRedemptionIdentityProviderConfiguration: invitationRedemption(),
  protectedContentSharing: inboundOutbound(),
  deletedDateTime: { type: { kind: "dateTime" }, readOnly: true },
};

/**
 * The tenant's default configuration (`/policies/crossTenantAccessPolicy/default`): `isServiceDefault` and
 * `automaticUserConsentSettings` ("always false and can't be updated") are read-only [DOC]. Field order follows
 * the documented GET example, the newer settings after it.
 */
const DEFAULT_V1: Record<string, Field> = {
  isServiceDefault: { type: { kind: "boolean" }, readOnly: true },
  inboundTrust: inboundTrust(),
  automaticUserConsentSettings: inboundOutbound(true),
  b2bCollaborationOutbound: b2bSetting(),
  b2bCollaborationInbound: b2bSetting(),
  b2bDirectConnectOutbound: b2bSetting(),
  b2bDirectConnectInbound: b2bSetting(),
  tenantRestrictions: tenantRestrictions(),
  invitationRedemptionIdentityProviderConfiguration: invitationRedemption(),
  m365CollaborationInbound: m365CollaborationInbound(),
  m365CollaborationOutbound: m365CollaborationOutbound(),
  appServiceConnectInbound: appServiceConnectInbound(),
};

/** Beta's default also carries `blockServiceProviderOutboundAccess` ("Default value is false", beta resource page). */
const DEFAULT_BETA: Record<string, Field> = {
  ...DEFAULT_V1,
  blockServiceProviderOutboundAccess: bool,
};

const SYNC_V1: Record<string, Field> = {
  tenantId: { type: { kind: "string", guid: true }, readOnly: true },
  displayName: str,
  userSyncInbound: syncInbound("crossTenantUserSyncInbound"),
};

const SYNC_BETA: Record<string, Field> = {
  ...SYNC_V1,
  groupSyncInbound: syncInbound("crossTenantGroupSyncInbound"),
  externalCloudAuthorizedApplicationId: str,
  deletedDateTime: { type: { kind: "dateTime" }, readOnly: true },
};

/**
 * The top-level policy (`/policies/crossTenantAccessPolicy`, crosstenantaccesspolicy.md): `displayName` and
 * `allowedCloudEndpoints` are writable (the update page's table). `allowedCloudEndpoints` takes the documented
 * values only and is not nullable (a plain `string[]` in the types packages, where nullable properties are
 * `NullableOption`). Beta also shows the deprecated, read-only `definition` (a string collection in
 * microsoft-graph-types-beta; the resource page says String).
 */
export const ALLOWED_CLOUD_ENDPOINTS = ["microsoftonline.com", "microsoftonline.us", "partner.microsoftonline.cn"];

const POLICY_V1: Record<string, Field> = {
  displayName: str,
  allowedCloudEndpoints: {
    type: { kind: "array", item: { kind: "string", oneOf: ALLOWED_CLOUD_ENDPOINTS } },
    nonNullable: true,
  },
};

const POLICY_BETA: Record<string, Field> = {
  displayName: str,
  definition: { type: { kind: "array", item: { kind: "string" } }, readOnly: true },
  allowedCloudEndpoints: POLICY_V1.allowedCloudEndpoints,
};

/** The policy before anyone changed it: the documented display name, no other cloud ("by default, empty"). */
export function serviceAccessPolicy(): JsonObject {
  return { displayName: "CrossTenantAccessPolicy", definition: [], allowedCloudEndpoints: [] };
}

export const POLICY_TYPE = "microsoft.graph.crossTenantAccessPolicy";
export const PARTNER_TYPE = "microsoft.graph.crossTenantAccessPolicyConfigurationPartner";
export const SYNC_TYPE = "microsoft.graph.crossTenantIdentitySyncPolicyPartner";
export const DEFAULT_TYPE = "microsoft.graph.crossTenantAccessPolicyConfigurationDefault";
/** The specialised type clients may annotate `tenantRestrictions` with (landscape Q3: partners refuse it). */
export const TENANT_RESTRICTIONS_TYPE = "microsoft.graph.crossTenantAccessPolicyTenantRestrictions";

export type SchemaKind = "partner" | "sync" | "default" | "policy" | SourceSideSchemaKind;

export const SCHEMAS: Record<ApiVersion, Record<SchemaKind, EntitySchema>> = {
  "v1.0": {
    partner: { typeName: PARTNER_TYPE, key: "tenantId", fields: PARTNER_V1 },
    sync: { typeName: SYNC_TYPE, key: "tenantId", fields: SYNC_V1 },
    default: { typeName: DEFAULT_TYPE, key: "", fields: DEFAULT_V1 },
    policy: { typeName: POLICY_TYPE, key: "", fields: POLICY_V1 },
    ...SOURCE_SIDE_SCHEMAS,
  },
  beta: {
    partner: { typeName: PARTNER_TYPE, key: "tenantId", fields: PARTNER_BETA },
    sync: { typeName: SYNC_TYPE, key: "tenantId", fields: SYNC_BETA },
    default: { typeName: DEFAULT_TYPE, key: "", fields: DEFAULT_BETA },
    policy: { typeName: POLICY_TYPE, key: "", fields: POLICY_BETA },
    ...SOURCE_SIDE_SCHEMAS,
  },
};

const allUsers = { target: "AllUsers", targetType: "user" };
const allApplications = { target: "AllApplications", targetType: "application" };
const both = (accessType: "allowed" | "blocked") => ({
  usersAndGroups: { accessType, targets: [allUsers] },
  applications: { accessType, targets: [allApplications] },
});

/**
 * The system default configuration as Microsoft documents it ([DOC] GET default example): B2B collaboration allows
 * all users and applications, B2B direct connect and tenant restrictions block them, no inbound trust, no automatic
 * consent; invitation redemption in the documented default precedence; `blockServiceProviderOutboundAccess` false
 * ([DOC] beta resource page). The newer settings' defaults are not documented: [INFERENCE] the values a real beta
 * GET of a tenant's default showed (a community capture of the portal's calls): Microsoft 365 collaboration inbound
 * blocked for all users, outbound allowed for all users, app service connect inbound blocked for all applications.
 */
export function systemDefaultConfiguration(): JsonObject {
  return {
    isServiceDefault: true,
    inboundTrust: {
      isMfaAccepted: false,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false,
    },
    automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    b2bCollaborationOutbound: both("allowed"),
    b2bCollaborationInbound: both("allowed"),
    b2bDirectConnectOutbound: both("blocked"),
    b2bDirectConnectInbound: both("blocked"),
    tenantRestrictions: { ...both("blocked"), devices: null },
    invitationRedemptionIdentityProviderConfiguration: {
      primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
      fallbackIdentityProvider: "defaultConfiguredIdp",
    },
    m365CollaborationInbound: { users: { accessType: "blocked", targets: [allUsers] } },
    m365CollaborationOutbound: { usersAndGroups: { accessType: "allowed", targets: [allUsers] } },
    appServiceConnectInbound: { applications: { accessType: "blocked", targets: [allApplications] } },
    blockServiceProviderOutboundAccess: false,
  };
}
