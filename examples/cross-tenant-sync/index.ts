// A whole cross-tenant synchronization relationship from one program, each tenant signed in through a named
// connection of its own (stack config `entra:connections`):
//   target tenant: the partner configuration of the source (inbound automatic consent) and the identity sync
//                  policy that allows the source to synchronize users in;
//   source tenant: the partner configuration of the target (outbound automatic consent) and, when a scope is
//                  given, the synchronization configuration: the application and its job that provision the users
//                  and groups in scope into the target tenant.
// `CrossTenantSyncPartnership` declares them in the order that validates (target side first, the configuration
// last) and destroys them in reverse. With `mutual: true` the relationship goes both ways: a second partnership
// with `reverseOf` shares the two partner configurations and adds the sync policy in the other tenant.
//
// Stack config (`pulumi config set cross-tenant-sync:<key> <value>`):
//   sourceTenantId       required  GUID of the tenant whose users are synchronized
//   targetTenantId       required  GUID of the tenant they are synchronized into
//   sourceConnection     optional  name of the source tenant's connection, default "source"
//   targetConnection     optional  name of the target tenant's connection, default "target"
//   displayName          optional  name shown for the sync policy in the target tenant
//   userSync             optional  allow user synchronization, default true
//   trustSourceMfa       optional  the target trusts MFA done in the source tenant, default false
//   mutual               optional  also synchronize from the target into the source, default false
//   syncGroups           optional  object IDs of source groups to synchronize (direct members), e.g.
//                                  `pulumi config set --path 'syncGroups[0]' <group object ID>`
//   syncUsers            optional  object IDs of source users to synchronize, likewise
//   syncAll              optional  synchronize every user of the source tenant, default false
//   configurationName    optional  the configuration's name in the source tenant, default "Sync to <target>"
//   provisioningEnabled  optional  run the job (true, default) or keep it paused
//   notificationEmail    optional  where the job's failure notifications go
//   deletionThreshold    optional  accidental-deletion prevention: stop a cycle that would delete more users
// Without syncGroups, syncUsers or syncAll the program declares the policy side only (no configuration).
// Connections: `pulumi config set --path 'entra:connections.source.tenantId' <source tenant>` and the same for
// `target`, plus the credential (see README.md next to this file).
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantSyncPartnership } from "pulumi-entra-cross-tenant";

const config = new pulumi.Config();
const source = { tenantId: config.require("sourceTenantId"), connection: config.get("sourceConnection") ?? "source" };
const target = { tenantId: config.require("targetTenantId"), connection: config.get("targetConnection") ?? "target" };
const mutual = config.getBoolean("mutual") ?? false;

// Who is synchronized: without a scope there is no configuration to declare.
const scope = {
  syncAll: config.getBoolean("syncAll") ?? false,
  groups: config.getObject<string[]>("syncGroups") ?? [],
  users: config.getObject<string[]>("syncUsers") ?? [],
};
const hasScope = scope.syncAll || scope.groups.length > 0 || scope.users.length > 0;

const partnership = new CrossTenantSyncPartnership("source-to-target", {
  source,
  target,
  displayName: config.get("displayName"),
  userSync: config.getBoolean("userSync") ?? true,
  inboundTrust: config.getBoolean("trustSourceMfa") ? { isMfaAccepted: true } : undefined,
  mutual,
  sourceConfiguration: hasScope
    ? {
        displayName: config.get("configurationName") ?? `Sync to ${target.tenantId}`,
        scope,
        provisioningEnabled: config.getBoolean("provisioningEnabled") ?? true,
        notificationEmail: config.get("notificationEmail"),
        accidentalDeletionThreshold: config.getNumber("deletionThreshold"),
      }
    : undefined,
});

// The opposite direction shares the two partner configurations (each Graph object has one owner).
const reverse = mutual
  ? new CrossTenantSyncPartnership("target-to-source", { source: target, target: source, reverseOf: partnership })
  : undefined;

export const sourceTenantId = partnership.sourceTenantId;
export const targetTenantId = partnership.targetTenantId;
export const userSyncAllowed = partnership.syncPolicy.userSyncInbound.apply((s) => s.isSyncAllowed);
export const reverseSyncAllowed = reverse ? reverse.syncPolicy.userSyncInbound.apply((s) => s.isSyncAllowed) : false;
// The configuration's IDs (for `npx pulumi-entra-cross-tenant provision` and the portal) and its job's state.
const configuration = partnership.sourceConfiguration;
export const configurationName = configuration?.displayName;
export const servicePrincipalId = configuration?.servicePrincipalId;
export const jobId = configuration?.jobId;
export const jobState = configuration?.jobStatus.apply((s) => s.state);
