import type { Bag, DiffOutcome } from "../handler";
import { isUnknown } from "../shared/values";

export type PolicyDiff = DiffOutcome;

function syncValue(v: unknown): unknown {
  if (isUnknown(v)) return v;
  return typeof v === "object" && v !== null ? (v as Bag).isSyncAllowed : undefined;
}

/**
 * `olds` are the previous OUTPUTS (what the host sends), `news` the checked inputs. Only managed fields count:
 * a field the program omits is not managed, `adoptExisting` only matters at create, and `__provider` (the
 * serialized provider text) never causes a change. Unknown values count as changes.
 */
export function diffPolicy(olds: Bag, news: Bag): PolicyDiff {
  const replaces: string[] = [];
  const changed: string[] = [];

  const newTenant = news.tenantId;
  const oldTenant = olds.tenantId;
  if (isUnknown(newTenant) || String(newTenant ?? "").toLowerCase() !== String(oldTenant ?? "").toLowerCase()) {
    replaces.push("tenantId");
    changed.push("tenantId");
  }

  if (news.displayName !== undefined && (isUnknown(news.displayName) || news.displayName !== olds.displayName)) {
    changed.push("displayName");
  }
  const appId = news.externalCloudAuthorizedApplicationId;
  if (
    appId !== undefined &&
    (isUnknown(appId) ||
      String(appId).toLowerCase() !== String(olds.externalCloudAuthorizedApplicationId ?? "").toLowerCase())
  ) {
    changed.push("externalCloudAuthorizedApplicationId");
  }
  for (const key of ["userSyncInbound", "groupSyncInbound"] as const) {
    if (news[key] === undefined) continue;
    const n = syncValue(news[key]);
    if (isUnknown(n) || n !== syncValue(olds[key])) changed.push(`${key}.isSyncAllowed`);
  }

  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0, changed };
}
