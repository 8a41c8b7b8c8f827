/** What `GET /_emulator/state` shows of a directory, and whether a store holds anything at all. */
import { currentAccessPolicy } from "../handlers/accessPolicyHandler";
import { currentDefault } from "../handlers/defaultConfigurationHandler";
import { defaultDomainOf } from "../handlers/sourceRecords";
import { DirectorySnapshot, GraphStore, SOURCE_COLLECTIONS } from "../persistence/graphStore";
import { JsonObject } from "../util/json";
import { renderEntity } from "../validation/render";
import { SCHEMAS } from "../validation/schemas";

/** One tenant's directory as `GET /_emulator/state` shows it. */
export interface TenantState {
  tenantId: string;
  partners: JsonObject[];
  policies: JsonObject[];
  deletedPartners: JsonObject[];
  deletedPolicies: JsonObject[];
  /** The default configuration as a beta GET returns it (without `@odata.context`). */
  defaultConfiguration: JsonObject;
  /** The top-level cross-tenant access policy as a beta GET returns it (without `@odata.context`). */
  crossTenantAccessPolicy: JsonObject;
  /**
   * The source side of cross-tenant synchronization, as stored (with the emulator's bookkeeping: a job's
   * `servicePrincipalId` and `ruleIds`, a synchronized user's `synchronizedFrom: { tenantId, id }`, a group's
   * `members`): users, groups, applications, service principals, app role assignments, synchronization jobs and
   * secrets (`{ id: servicePrincipalId, value: [{ key, value }] }`).
   */
  users: JsonObject[];
  /** Users a synchronization job soft-deleted in this (target) directory, with `deletedDateTime` (issue 17). */
  deletedUsers: JsonObject[];
  groups: JsonObject[];
  applications: JsonObject[];
  servicePrincipals: JsonObject[];
  appRoleAssignments: JsonObject[];
  syncJobs: JsonObject[];
  syncSecrets: JsonObject[];
  /** The directory's default domain (seeded or the emulator's default). */
  defaultDomain: string;
}

/** True when no directory holds anything. */
export function storeIsEmpty(store: GraphStore): boolean {
  const snap = store.snapshot();
  const empty = (d: DirectorySnapshot): boolean =>
    d.defaultConfiguration === null &&
    !d.crossTenantAccessPolicy &&
    d.partners.length + d.policies.length + d.deletedPartners.length + d.deletedPolicies.length === 0 &&
    SOURCE_COLLECTIONS.every((c) => (d[c] ?? []).length === 0);
  return empty(snap) && Object.values(snap.tenants).every(empty);
}

/** One tenant's directory for `GET /_emulator/state`. */
export function tenantState(store: GraphStore, tenantId: string): TenantState {
  const dir = store.directory(tenantId);
  const snap = dir.snapshot();
  return {
    tenantId: dir.tenantId,
    partners: snap.partners,
    policies: snap.policies,
    deletedPartners: snap.deletedPartners,
    deletedPolicies: snap.deletedPolicies,
    defaultConfiguration: renderEntity(SCHEMAS.beta.default, currentDefault(dir)),
    crossTenantAccessPolicy: renderEntity(SCHEMAS.beta.policy, currentAccessPolicy(dir)),
    users: snap.users ?? [],
    deletedUsers: snap.deletedUsers ?? [],
    groups: snap.groups ?? [],
    applications: snap.applications ?? [],
    servicePrincipals: snap.servicePrincipals ?? [],
    appRoleAssignments: snap.appRoleAssignments ?? [],
    syncJobs: snap.syncJobs ?? [],
    syncSecrets: snap.syncSecrets ?? [],
    defaultDomain: defaultDomainOf(dir),
  };
}
