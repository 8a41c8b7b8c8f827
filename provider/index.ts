/** pulumi-entra-cross-tenant: Microsoft Entra cross-tenant access settings as Pulumi resources. */
export {
  CrossTenantIdentitySyncPolicyPartner,
  CrossTenantIdentitySyncPolicyPartnerArgs,
  SyncInboundArgs,
} from "./program/resources/identitySyncPolicy";
export type { SyncInbound } from "./resources/identitySyncPolicy/types";
export {
  CrossTenantAccessPolicyConfigurationPartner,
  CrossTenantAccessPolicyConfigurationPartnerArgs,
} from "./program/resources/partnerConfiguration";
export {
  CrossTenantAccessPolicyConfigurationDefault,
  CrossTenantAccessPolicyConfigurationDefaultArgs,
} from "./program/resources/defaultConfiguration";
export {
  CrossTenantAccessPolicy,
  CrossTenantAccessPolicyArgs,
  CrossTenantAccessPolicyCloudEndpoint,
} from "./program/resources/crossTenantAccessPolicy";
export type {
  CrossTenantAccessPolicyAppServiceConnectSetting,
  CrossTenantAccessPolicyAppServiceConnectSettingArgs,
  CrossTenantAccessPolicyB2BSetting,
  CrossTenantAccessPolicyB2BSettingArgs,
  CrossTenantAccessPolicyDevicesFilter,
  CrossTenantAccessPolicyInboundTrust,
  CrossTenantAccessPolicyInboundTrustArgs,
  CrossTenantAccessPolicyM365CollaborationInboundSetting,
  CrossTenantAccessPolicyM365CollaborationInboundSettingArgs,
  CrossTenantAccessPolicyM365CollaborationOutboundSetting,
  CrossTenantAccessPolicyM365CollaborationOutboundSettingArgs,
  CrossTenantAccessPolicyTarget,
  CrossTenantAccessPolicyTargetArgs,
  CrossTenantAccessPolicyTargetConfiguration,
  CrossTenantAccessPolicyTargetConfigurationArgs,
  InboundOutboundPolicyConfiguration,
  InboundOutboundPolicyConfigurationArgs,
  FallbackIdentityProviderType,
  InvitationRedemptionIdentityProviderConfiguration,
  InvitationRedemptionIdentityProviderConfigurationArgs,
  PrimaryIdentityProviderType,
} from "./resources/crossTenantSettings/args";
export {
  CrossTenantSyncConfiguration,
  CrossTenantSyncConfigurationArgs,
  CrossTenantSyncScopeArgs,
} from "./program/resources/crossTenantSyncConfiguration";
export type { CrossTenantSyncJobStatus } from "./program/resources/crossTenantSyncConfiguration";
export { CrossTenantSyncSchema } from "./program/resources/syncSchema";
export type { CrossTenantSyncSchemaArgs, SyncSchemaSettingsArgs } from "./program/resources/syncSchema";
export type {
  AttributeMappingSetting,
  // The Graph shapes a SchemaBaseline output keeps (what revert restores).
  GraphAttributeMapping,
  GraphFilterClause,
  GraphFilterGroup,
  GraphMappingSource,
  MappingApply,
  MappingSourceSetting,
  OnSchemaDelete,
  SchemaBaseline,
  ScopingClauseSetting,
  ScopingFilterSetting,
  SyncSchemaSettings,
} from "./resources/syncSchema/types";
export type { ApiVersion } from "./config/settings";
export { CrossTenantSyncPartnership } from "./program/components/crossTenantSyncPartnership/component";
export type {
  CrossTenantSyncPartnershipArgs,
  PartnershipPartnerSettingsArgs,
  PartnershipSourceConfigurationArgs,
  PartnershipTenantArgs,
  SyncPartnershipRef,
} from "./program/components/crossTenantSyncPartnership/args";
