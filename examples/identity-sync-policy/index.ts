// Allow a partner tenant to synchronize its users into this tenant (the *target* side of Entra
// cross-tenant synchronization).
//
// The partner configuration (`/policies/crossTenantAccessPolicy/partners/{tenantId}`) must already exist;
// create it in the Entra admin center (External Identities > Cross-tenant access settings > Add organization)
// or with Graph before the first `pulumi up`, or manage it in the same program: see ../target-tenant (the target
// tenant's full set-up) and ../cross-tenant-sync (both tenants from one program).
//
// Stack config (`pulumi config set identity-sync-policy:<key> <value>`):
//   partnerTenantId   required  GUID of the partner (source) tenant
//   displayName       optional  defaults to "Fabrikam"
//   userSyncAllowed   optional  defaults to true
//   adoptExisting     optional  take over a policy that already exists in Entra (default false)
// Credentials and endpoints come from `entra:*` (or `azuread:*`) config or the ARM_* / AZURE_* environment:
// see the README's configuration table.
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantIdentitySyncPolicyPartner } from "pulumi-entra-cross-tenant";

const config = new pulumi.Config();

const policy = new CrossTenantIdentitySyncPolicyPartner("partner-sync", {
  tenantId: config.require("partnerTenantId"),
  displayName: config.get("displayName") ?? "Fabrikam",
  userSyncInbound: { isSyncAllowed: config.getBoolean("userSyncAllowed") ?? true },
  adoptExisting: config.getBoolean("adoptExisting") ?? false,
});

export const partnerTenantId = policy.tenantId;
export const displayName = policy.displayName;
export const userSyncAllowed = policy.userSyncInbound.apply((s) => s.isSyncAllowed);
