import type { Bag, DiffOutcome } from "../handler";
import { containsUnknown, isUnknown } from "../shared/values";
import { sameSettings } from "./project";
import { SETTING_KEYS, SyncSchemaSettings } from "./types";

/** The settings part of a bag (inputs or outputs). */
export function settingsOf(bag: Bag): SyncSchemaSettings {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) if (bag[k] !== undefined && bag[k] !== null) out[k] = bag[k];
  return out as SyncSchemaSettings;
}

/**
 * `olds` are the previous outputs (the settings as last observed), `news` the checked inputs. Another service
 * principal or job is another object: replaced, the old one reverted first. Settings compare by meaning.
 */
export function diffSyncSchema(olds: Bag, news: Bag): DiffOutcome {
  const replaces: string[] = [];
  const changed: string[] = [];
  for (const key of ["servicePrincipalId", "jobId"]) {
    const n = news[key];
    if (isUnknown(n) || String(n ?? "").toLowerCase() !== String(olds[key] ?? "").toLowerCase()) replaces.push(key);
  }
  changed.push(...replaces);
  if (isUnknown(news.ruleName) || news.ruleName !== olds.ruleName) {
    replaces.push("ruleName");
    changed.push("ruleName");
  }
  if (isUnknown(news.onDelete) || news.onDelete !== olds.onDelete) changed.push("onDelete");
  const n = settingsOf(news);
  const o = settingsOf(olds);
  for (const k of SETTING_KEYS) {
    if (containsUnknown(n[k]) || !sameSettings({ [k]: n[k] }, { [k]: o[k] })) changed.push(k);
  }
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0, changed };
}
