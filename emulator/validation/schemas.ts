/**
 * Per-version property sets (graph-behaviour.md §1.2, §1.3, §3.1, §3.2). v1.0 has no `groupSyncInbound`,
 * `deletedDateTime` or `externalCloudAuthorizedApplicationId` on the sync policy; beta adds them.
 */
import { ApiVersion, EntitySchema, Field, FieldType } from "./types";

const bool: Field = { type: { kind: "boolean" } };
const str: Field = { type: { kind: "string" } };

const obj = (typeName: string, fields: Record<string, Field>): Field => ({ type: { kind: "object", typeName, fields } });
const open = (typeName: string): Field => ({ type: { kind: "openObject", typeName } });

const inboundOutbound = (): Field =>
  obj("microsoft.graph.inboundOutboundPolicyConfiguration", { inboundAllowed: bool, outboundAllowed: bool });

const targetType: FieldType = {
  kind: "object",
  typeName: "microsoft.graph.crossTenantAccessPolicyTarget",
  fields: {
    target: str,
    targetType: { type: { kind: "enum", values: ["user", "group", "application", "unknownFutureValue"] } },
  },
};

const targetConfiguration = (): Field =>
  obj("microsoft.graph.crossTenantAccessPolicyTargetConfiguration", {
    accessType: { type: { kind: "enum", values: ["allowed", "blocked", "unknownFutureValue"] } },
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
    devices: obj("microsoft.graph.devicesFilter", {
      mode: { type: { kind: "enum", values: ["include", "exclude"] } },
      rule: str,
    }),
  });

const syncInbound = (name: string): Field => obj(`microsoft.graph.${name}`, { isSyncAllowed: bool });

const PARTNER_V1: Record<string, Field> = {
  tenantId: { type: { kind: "string", guid: true }, readOnly: true },
  isServiceProvider: bool,
  isInMultiTenantOrganization: { type: { kind: "boolean" }, readOnly: true },
  inboundTrust: obj("microsoft.graph.crossTenantAccessPolicyInboundTrust", {
    isMfaAccepted: bool,
    isCompliantDeviceAccepted: bool,
    isHybridAzureADJoinedDeviceAccepted: bool,
  }),
  b2bCollaborationOutbound: b2bSetting(),
  b2bCollaborationInbound: b2bSetting(),
  b2bDirectConnectOutbound: b2bSetting(),
  b2bDirectConnectInbound: b2bSetting(),
  tenantRestrictions: tenantRestrictions(),
  crossCloudMeetingConfiguration: inboundOutbound(),
  automaticUserConsentSettings: inboundOutbound(),
  appServiceConnectInbound: open("microsoft.graph.crossTenantAccessPolicyB2BSetting"),
  m365CollaborationInbound: open("microsoft.graph.crossTenantAccessPolicyB2BSetting"),
  m365CollaborationOutbound: open("microsoft.graph.crossTenantAccessPolicyB2BSetting"),
};

const PARTNER_BETA: Record<string, Field> = {
  ...PARTNER_V1,
  displayName: str,
  blockServiceProviderOutboundAccess: bool,
  invitationRedemptionIdentityProviderConfiguration: open("microsoft.graph.defaultInvitationRedemptionIdentityProviderConfiguration"),
  protectedContentSharing: inboundOutbound(),
  deletedDateTime: { type: { kind: "dateTime" }, readOnly: true },
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

export const PARTNER_TYPE = "microsoft.graph.crossTenantAccessPolicyConfigurationPartner";
export const SYNC_TYPE = "microsoft.graph.crossTenantIdentitySyncPolicyPartner";

export const SCHEMAS: Record<ApiVersion, { partner: EntitySchema; sync: EntitySchema }> = {
  "v1.0": {
    partner: { typeName: PARTNER_TYPE, key: "tenantId", fields: PARTNER_V1 },
    sync: { typeName: SYNC_TYPE, key: "tenantId", fields: SYNC_V1 },
  },
  beta: {
    partner: { typeName: PARTNER_TYPE, key: "tenantId", fields: PARTNER_BETA },
    sync: { typeName: SYNC_TYPE, key: "tenantId", fields: SYNC_BETA },
  },
};
