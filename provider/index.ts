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
export type {
  CrossTenantAccessPolicyB2BSetting,
  CrossTenantAccessPolicyB2BSettingArgs,
  CrossTenantAccessPolicyDevicesFilter,
  CrossTenantAccessPolicyInboundTrust,
  CrossTenantAccessPolicyInboundTrustArgs,
  CrossTenantAccessPolicyTarget,
  CrossTenantAccessPolicyTargetArgs,
  CrossTenantAccessPolicyTargetConfiguration,
  CrossTenantAccessPolicyTargetConfigurationArgs,
  InboundOutboundPolicyConfiguration,
  InboundOutboundPolicyConfigurationArgs,
} from "./resources/crossTenantSettings/args";
export type { ApiVersion } from "./config/settings";
export { CrossTenantSyncPartnership } from "./components/crossTenantSyncPartnership/component";
export type {
  CrossTenantSyncPartnershipArgs,
  PartnershipPartnerSettingsArgs,
  PartnershipTenantArgs,
} from "./components/crossTenantSyncPartnership/args";
