/** pulumi-entra-cross-tenant: Microsoft Entra cross-tenant access settings as Pulumi resources. */
export {
  CrossTenantIdentitySyncPolicyPartner,
  CrossTenantIdentitySyncPolicyPartnerArgs,
  SyncInboundArgs,
} from "./resources/identitySyncPolicy/resource";
export type { PolicyInputs, PolicyOutputs, SyncInbound } from "./resources/identitySyncPolicy/types";
export type { ApiVersion } from "./config/settings";
