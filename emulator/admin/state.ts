/** What `GET /_emulator/state` shows of a directory, and whether a store holds anything at all. */
import { currentAccessPolicy } from "../handlers/accessPolicyHandler";
import { currentDefault } from "../handlers/defaultConfigurationHandler";
import { DirectorySnapshot, GraphStore } from "../persistence/graphStore";
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
}

/** True when no directory holds anything. */
export function storeIsEmpty(store: GraphStore): boolean {
  const snap = store.snapshot();
  const empty = (d: DirectorySnapshot): boolean =>
    d.defaultConfiguration === null &&
    !d.crossTenantAccessPolicy &&
    d.partners.length + d.policies.length + d.deletedPartners.length + d.deletedPolicies.length === 0;
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
  };
}
