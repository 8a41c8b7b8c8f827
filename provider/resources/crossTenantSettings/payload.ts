/**
 * Canonical settings → Graph body values. Each setting is sent whole: a B2B setting with both halves (accessType
 * and the full target list), a boolean group with every leaf (an omitted leaf as `null` on a partner), or `null`
 * for "inherit". `tenantRestrictions` goes out as a plain B2B setting: no specialised `@odata.type` (landscape Q3).
 */
import { isPlainObject } from "../shared/values";
import { B2B_SETTINGS, INBOUND_OUTBOUND_KEYS, INBOUND_TRUST_KEYS, SettingName } from "./types";

type Bag = Record<string, unknown>;

function targetConfiguration(v: unknown): Bag | null {
  if (!isPlainObject(v)) return null;
  const targets = (Array.isArray(v.targets) ? (v.targets as Bag[]) : []).map((t) => ({ target: t.target, targetType: t.targetType }));
  return { accessType: v.accessType, targets };
}

/** Graph value of one setting; `null` = inherit (partner) / back to the system default (default). */
export function settingToGraph(name: SettingName, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if ((B2B_SETTINGS as readonly string[]).includes(name)) {
    const s = value as Bag;
    return { usersAndGroups: targetConfiguration(s.usersAndGroups), applications: targetConfiguration(s.applications) };
  }
  const keys = name === "inboundTrust" ? INBOUND_TRUST_KEYS : INBOUND_OUTBOUND_KEYS;
  const out: Bag = {};
  for (const k of keys) out[k] = (value as Bag)[k] ?? null;
  return out;
}

/** A body with the given settings of `desired`, each whole (or null). */
export function settingsBody(desired: Bag, names: readonly SettingName[]): Bag {
  const body: Bag = {};
  for (const n of names) body[n] = settingToGraph(n, desired[n]);
  return body;
}
