// Both sides of a cross-tenant synchronization relationship from one program, each signed in to its own tenant
// through a named connection (stack config `entra:connections`):
//   target tenant: the partner configuration of the source (inbound automatic consent) and the identity sync
//                  policy that allows the source to synchronize users in;
//   source tenant: the partner configuration of the target (outbound automatic consent).
// `CrossTenantSyncPartnership` declares the three in a working order (target side first, destroyed last).
// With `mutual: true` the relationship goes both ways: a second partnership with `reverseOf` shares the two partner
// configurations and adds the sync policy in the other tenant.
//
// Stack config (`pulumi config set cross-tenant-sync:<key> <value>`):
//   sourceTenantId    required  GUID of the tenant whose users are synchronized
//   targetTenantId    required  GUID of the tenant they are synchronized into
//   sourceConnection  optional  name of the source tenant's connection, default "source"
//   targetConnection  optional  name of the target tenant's connection, default "target"
//   displayName       optional  name shown for the sync policy in the target tenant
//   userSync          optional  allow user synchronization, default true
//   trustSourceMfa    optional  the target trusts MFA done in the source tenant, default false
//   mutual            optional  also synchronize from the target into the source, default false
// Connections: `pulumi config set --path 'entra:connections.source.tenantId' <source tenant>` and the same for
// `target`, plus the credential (see README.md next to this file).
// The sync job itself runs in the source tenant and is wired with @pulumi/azuread: see the repository README,
// "The source side beyond this package"; give those resources `dependsOn: [partnership]`.
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantSyncPartnership } from "pulumi-entra-cross-tenant";

const config = new pulumi.Config();
const source = { tenantId: config.require("sourceTenantId"), connection: config.get("sourceConnection") ?? "source" };
const target = { tenantId: config.require("targetTenantId"), connection: config.get("targetConnection") ?? "target" };
const mutual = config.getBoolean("mutual") ?? false;

const partnership = new CrossTenantSyncPartnership("source-to-target", {
  source,
  target,
  displayName: config.get("displayName"),
  userSync: config.getBoolean("userSync") ?? true,
  inboundTrust: config.getBoolean("trustSourceMfa") ? { isMfaAccepted: true } : undefined,
  mutual,
});

// The opposite direction shares the two partner configurations (each Graph object has one owner).
const reverse = mutual
  ? new CrossTenantSyncPartnership("target-to-source", { source: target, target: source, reverseOf: partnership })
  : undefined;

export const sourceTenantId = partnership.sourceTenantId;
export const targetTenantId = partnership.targetTenantId;
export const userSyncAllowed = partnership.syncPolicy.userSyncInbound.apply((s) => s.isSyncAllowed);
export const reverseSyncAllowed = reverse ? reverse.syncPolicy.userSyncInbound.apply((s) => s.isSyncAllowed) : false;
