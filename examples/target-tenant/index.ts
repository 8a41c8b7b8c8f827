// Everything a *target* tenant needs so that a partner (source) tenant can synchronize its users into it
// (cross-tenant-landscape §1.1, T3 + T4):
//   1. the partner configuration of the source tenant, with inbound automatic consent (users are redeemed
//      without a consent prompt), optionally trusting the source tenant's MFA;
//   2. the identity sync policy that allows the source tenant to synchronize users in.
// The policy takes `tenantId: partner.tenantId`, so `pulumi up` creates the partner first, `pulumi destroy` deletes
// the policy first, and a change of the partner tenant replaces both in a working order.
//
// Stack config (`pulumi config set target-tenant:<key> <value>`):
//   partnerTenantId   required  GUID of the partner (source) tenant
//   displayName       optional  name shown for the sync policy, defaults to "Fabrikam"
//   userSyncAllowed   optional  defaults to true
//   trustPartnerMfa   optional  trust MFA done in the partner tenant (inboundTrust.isMfaAccepted), default false
//   adoptExisting     optional  take over a partner configuration / policy that already exists with other values
// Credentials and endpoints come from `entra:*` (or `azuread:*`) config or the ARM_* / AZURE_* environment: see the
// README's configuration table. Both tenants from one program: see ../cross-tenant-sync.
import * as pulumi from "@pulumi/pulumi";
import {
  CrossTenantAccessPolicyConfigurationPartner,
  CrossTenantIdentitySyncPolicyPartner,
} from "pulumi-entra-cross-tenant";

const config = new pulumi.Config();
const adoptExisting = config.getBoolean("adoptExisting") ?? false;

const partner = new CrossTenantAccessPolicyConfigurationPartner("source-partner", {
  tenantId: config.require("partnerTenantId"),
  automaticUserConsentSettings: { inboundAllowed: true },
  // A setting left out inherits the tenant's default configuration (and `pulumi up` puts it back to "inherit"
  // if someone sets it in the portal).
  inboundTrust: config.getBoolean("trustPartnerMfa") ? { isMfaAccepted: true } : undefined,
  adoptExisting,
});

const policy = new CrossTenantIdentitySyncPolicyPartner("source-sync", {
  tenantId: partner.tenantId, // orders create, destroy and replace after the partner
  displayName: config.get("displayName") ?? "Fabrikam",
  userSyncInbound: { isSyncAllowed: config.getBoolean("userSyncAllowed") ?? true },
  adoptExisting,
});

export const partnerTenantId = partner.tenantId;
export const inboundAutoConsent = partner.automaticUserConsentSettings.apply((c) => c?.inboundAllowed === true);
export const displayName = policy.displayName;
export const userSyncAllowed = policy.userSyncInbound.apply((s) => s.isSyncAllowed);
