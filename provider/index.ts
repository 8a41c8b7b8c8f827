/** pulumi-entra-cross-tenant: Microsoft Entra cross-tenant access settings as Pulumi resources. */
export {
  CrossTenantIdentitySyncPolicyPartner,
  CrossTenantIdentitySyncPolicyPartnerArgs,
  SyncInboundArgs,
} from "./resources/identitySyncPolicy/resource";
export type { SyncInbound } from "./resources/identitySyncPolicy/types";
export {
  CrossTenantAccessPolicyConfigurationPartner,
  CrossTenantAccessPolicyConfigurationPartnerArgs,
} from "./resources/partnerConfiguration/resource";
export {
  CrossTenantAccessPolicyConfigurationDefault,
  CrossTenantAccessPolicyConfigurationDefaultArgs,
} from "./resources/defaultConfiguration/resource";
export {
  CrossTenantAccessPolicy,
  CrossTenantAccessPolicyArgs,
  CrossTenantAccessPolicyCloudEndpoint,
} from "./resources/crossTenantAccessPolicy/resource";
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
} from "./resources/crossTenantSyncConfiguration/resource";
export type { CrossTenantSyncJobStatus } from "./resources/crossTenantSyncConfiguration/resource";
export type { ApiVersion } from "./config/settings";
export { CrossTenantSyncPartnership } from "./components/crossTenantSyncPartnership/component";
export type {
  CrossTenantSyncPartnershipArgs,
  PartnershipPartnerSettingsArgs,
  PartnershipSourceConfigurationArgs,
  PartnershipTenantArgs,
  SyncPartnershipRef,
} from "./components/crossTenantSyncPartnership/args";
