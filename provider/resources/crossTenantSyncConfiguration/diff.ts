import type { Bag, DiffOutcome } from "../handler";
import { containsUnknown, isPlainObject, isUnknown } from "../shared/values";
import { sameSettings } from "../syncSchema/project";
import type { SyncSchemaSettings } from "../syncSchema/types";

/** Sorted, lower-cased IDs of a scope list (from inputs or outputs); undefined when not a list. */
function ids(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return [...new Set(v.map((x) => String(x).toLowerCase()))].sort();
}

function sameScope(news: unknown, olds: unknown): boolean {
  if (containsUnknown(news)) return false;
  if (!isPlainObject(news) || !isPlainObject(olds)) return news === olds;
  return (
    (news.syncAll === true) === (olds.syncAll === true) &&
    JSON.stringify(ids(news.users) ?? []) === JSON.stringify(ids(olds.users) ?? []) &&
    JSON.stringify(ids(news.groups) ?? []) === JSON.stringify(ids(olds.groups) ?? [])
  );
}

/**
 * `olds` are the previous OUTPUTS, `news` the checked inputs. A new target tenant replaces the configuration,
 * deleting the old one first: created first, the new one would find the old one by its name and take it over.
 * A create that stopped halfway (`pending`) or a job deleted in the portal is a change, so `up` finishes it.
 */
export function diffSyncConfig(olds: Bag, news: Bag): DiffOutcome {
  const replaces: string[] = [];
  const changed: string[] = [];
  const target = news.targetTenantId;
  if (isUnknown(target) || String(target ?? "").toLowerCase() !== String(olds.targetTenantId ?? "").toLowerCase()) {
    replaces.push("targetTenantId");
    changed.push("targetTenantId");
  }
  if (isUnknown(news.displayName) || news.displayName !== olds.displayName) changed.push("displayName");
  if (!sameScope(news.scope, olds.scope)) changed.push("scope");
  for (const key of ["provisioningEnabled", "notificationEmail", "accidentalDeletionThreshold", "onDestroy"]) {
    if (isUnknown(news[key]) || news[key] !== olds[key]) changed.push(key);
  }
  // The schema's owned parts as last observed against the declared ones; no `schema` = nothing owned (revert).
  const owned = isPlainObject(olds.schemaBaseline) && Object.keys(olds.schemaBaseline).length > 0;
  if (
    containsUnknown(news.schema) ||
    !sameSettings((olds.schema ?? {}) as SyncSchemaSettings, (news.schema ?? {}) as SyncSchemaSettings) ||
    (news.schema === undefined && owned)
  )
    changed.push("schema");
  if (Array.isArray(olds.pending) && olds.pending.length > 0) changed.push("pending");
  else if (typeof olds.servicePrincipalId === "string" && typeof olds.jobId !== "string") changed.push("jobId");
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0, changed };
}
