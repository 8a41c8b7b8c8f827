import { graphPaths } from "../../graph/paths";
import type { ApiVersion } from "../../config/settings";

/** `{ isSyncAllowed }`, the shape of both crossTenantUserSyncInbound and crossTenantGroupSyncInbound. */
export interface SyncInbound {
  isSyncAllowed: boolean;
}

/** Plain inputs after check(), as the provider receives them. Omitted optional fields are not managed. */
export interface PolicyInputs {
  /** Partner tenant id, lower-case GUID. Changing it replaces the resource (delete first). */
  tenantId: string;
  displayName?: string;
  userSyncInbound: SyncInbound;
  /** Beta API only. */
  groupSyncInbound?: SyncInbound;
  /** Beta API only: the authorized application of a cross-cloud sync (lower-case GUID). Omitted = not managed. */
  externalCloudAuthorizedApplicationId?: string;
  /** Take over an existing policy whose values differ, by patching the differing fields. Create-time only. */
  adoptExisting?: boolean;
}

/** What Pulumi stores as outputs: the managed fields as last seen in Graph, plus computed values. */
export interface PolicyOutputs extends PolicyInputs {
  /** Graph API version used to manage this resource. */
  apiVersion: ApiVersion;
  /** True when create took over a policy that already existed instead of creating it. */
  adopted: boolean;
  /** When create took it over (ISO time); only on adoption, so the warning fires on that run alone. */
  adoptedAt?: string;
}

/** Graph `crossTenantIdentitySyncPolicyPartner` as returned by GET; every part may be missing or null. */
export interface GraphSyncPolicy {
  tenantId?: string | null;
  displayName?: string | null;
  userSyncInbound?: { isSyncAllowed?: boolean | null } | null;
  groupSyncInbound?: { isSyncAllowed?: boolean | null } | null;
  externalCloudAuthorizedApplicationId?: string | null;
  deletedDateTime?: string | null;
  [extra: string]: unknown;
}

/** Body of PUT/PATCH: only writable properties; `tenantId` is read-only (the key, in the URL). */
export interface GraphSyncPolicyWrite {
  displayName?: string;
  userSyncInbound?: SyncInbound;
  groupSyncInbound?: SyncInbound;
  externalCloudAuthorizedApplicationId?: string;
}

/** Remote values of the fields this resource can manage, normalised (null nested object → not allowed). */
export interface RemotePolicy {
  displayName: string | null;
  userSyncAllowed: boolean;
  groupSyncAllowed: boolean | null;
  /** Lower case; null when Graph has none (or the version does not return it). */
  externalCloudAuthorizedApplicationId?: string | null;
}

export { UNKNOWN, isUnknown } from "../shared/values";

/** Graph path of the policy of one partner. */
export function policyPath(tenantId: string): string {
  return graphPaths.identitySync(tenantId);
}
