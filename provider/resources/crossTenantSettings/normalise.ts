/**
 * Graph's answer → the canonical settings, and comparison. An inherited setting reads back as `null` or as an
 * object whose leaves are all null (landscape §2.2): both become "absent", so inherited never shows as drift.
 * Within a B2B setting a half that is null (or all-null) is absent and the other half is kept; a half with an
 * `accessType` and an empty `targets` list is kept as it is. Target lists compare as sets (Graph need not keep
 * their order); GUIDs compare in lower case.
 *
 * `inboundTrust` leaves: on a partner a null leaf inherits the default's leaf, so it stays absent (distinct from
 * `false`); in the default configuration there is nothing to inherit from, so a null leaf (or a null
 * `inboundTrust`) means "not trusted" and reads as `false`, exactly as check() fills an omitted leaf. Both sides of
 * every comparison then agree, and a default with a null leaf is taken over without a write.
 */
import { GUID } from "../shared/checks";
import { containsUnknown, isPlainObject } from "../shared/values";
import {
  B2BSetting,
  ConfigurationKind,
  CrossTenantSettings,
  halvesOf,
  INBOUND_OUTBOUND_KEYS,
  INBOUND_TRUST_KEYS,
  isTargetListSetting,
  SETTING_NAMES,
  SettingName,
  Target,
  TargetConfiguration,
  TargetListSettingName,
} from "./types";
import type { Bag } from "../handler";

function targetFromGraph(t: unknown): Target | undefined {
  if (!isPlainObject(t) || typeof t.target !== "string" || t.target === "") return undefined;
  const target = GUID.test(t.target) ? t.target.toLowerCase() : t.target;
  return { target, targetType: t.targetType as Target["targetType"] };
}

function targetConfigurationFromGraph(v: unknown): TargetConfiguration | undefined {
  if (!isPlainObject(v)) return undefined;
  const targets = (Array.isArray(v.targets) ? v.targets : [])
    .map(targetFromGraph)
    .filter((t): t is Target => t !== undefined);
  const accessType = typeof v.accessType === "string" ? (v.accessType as TargetConfiguration["accessType"]) : undefined;
  if (accessType === undefined && targets.length === 0) return undefined;
  return { accessType: accessType as TargetConfiguration["accessType"], targets };
}

/** A B2B (or one-half) setting: its halves that Graph has; undefined when none. */
function b2bFromGraph(name: TargetListSettingName, v: unknown): B2BSetting | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: B2BSetting = {};
  for (const half of halvesOf(name)) {
    const h = targetConfigurationFromGraph(v[half]);
    if (h) out[half] = h;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The invitation redemption providers, in Graph's order (precedence matters); undefined when null or all-null. */
function invitationRedemptionFromGraph(v: unknown): Bag | undefined {
  if (!isPlainObject(v)) return undefined;
  const primary = Array.isArray(v.primaryIdentityProviderPrecedenceOrder)
    ? v.primaryIdentityProviderPrecedenceOrder.filter((p): p is string => typeof p === "string")
    : undefined;
  const fallback = typeof v.fallbackIdentityProvider === "string" ? v.fallbackIdentityProvider : undefined;
  if (primary === undefined && fallback === undefined) return undefined;
  return { primaryIdentityProviderPrecedenceOrder: primary ?? [], fallbackIdentityProvider: fallback ?? null };
}

/** `fill`: what a null leaf becomes (undefined = left out, i.e. inherited). */
function booleansFromGraph(v: unknown, keys: readonly string[], fill?: boolean): Bag | undefined {
  if (!isPlainObject(v) && !(fill !== undefined && v === null)) return undefined;
  const source: Bag = isPlainObject(v) ? v : {};
  const out: Bag = {};
  for (const k of keys) {
    if (typeof source[k] === "boolean") out[k] = source[k];
    else if (fill !== undefined) out[k] = fill;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One setting of a Graph body, canonical; undefined when inherited/unset. See the module comment for `kind`. */
export function settingFromGraph(name: SettingName, value: unknown, kind: ConfigurationKind = "partner"): unknown {
  if (name === "automaticUserConsentSettings") return booleansFromGraph(value, INBOUND_OUTBOUND_KEYS);
  if (name === "inboundTrust")
    return booleansFromGraph(value, INBOUND_TRUST_KEYS, kind === "default" ? false : undefined);
  // Graph's default is false; in the default configuration there is nothing to inherit, so null reads as false.
  if (name === "blockServiceProviderOutboundAccess")
    return typeof value === "boolean" ? value : kind === "default" ? false : undefined;
  if (name === "invitationRedemptionIdentityProviderConfiguration") return invitationRedemptionFromGraph(value);
  return isTargetListSetting(name) ? b2bFromGraph(name, value) : undefined;
}

/** Every shared setting of a Graph body (partner or default), canonical; inherited ones absent. */
export function settingsFromGraph(
  body: Bag | undefined,
  names: readonly SettingName[] = SETTING_NAMES,
  kind: ConfigurationKind = "partner",
): CrossTenantSettings {
  const out: Bag = {};
  for (const name of names) {
    if (body?.[name] === undefined) continue; // not in the answer (e.g. `$select`): nothing to normalise
    const v = settingFromGraph(name, body[name], kind);
    if (v !== undefined) out[name] = v;
  }
  return out as CrossTenantSettings;
}

/**
 * `tenantRestrictions.devices` of a Graph body: a device filter this package does not manage (Graph: "isn't
 * supported on the server side yet") but must not erase, since tenantRestrictions is written whole. undefined when
 * null or all-null; OData annotations dropped.
 */
export function devicesFromGraph(body: Bag | undefined): Bag | undefined {
  const tr = body?.tenantRestrictions;
  const d = isPlainObject(tr) ? tr.devices : undefined;
  if (!isPlainObject(d)) return undefined;
  const out: Bag = {};
  for (const [k, v] of Object.entries(d)) if (!k.includes("@odata") && v !== undefined) out[k] = v;
  return Object.values(out).some((v) => v !== null) ? out : undefined;
}

/** A comparable form: targets sorted, keys in a fixed order. */
function canonical(name: SettingName, value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (isTargetListSetting(name)) {
    const s = value as Bag;
    const half = (h: unknown) => {
      if (!isPlainObject(h)) return null;
      const targets = (Array.isArray(h.targets) ? (h.targets as Bag[]) : [])
        .map((t) => `${String(t?.targetType)}:${String(t?.target).toLowerCase()}`)
        .sort();
      return { accessType: h.accessType ?? null, targets };
    };
    return JSON.stringify(halvesOf(name).map((h) => half(s[h])));
  }
  if (name === "blockServiceProviderOutboundAccess") return JSON.stringify(value);
  if (name === "invitationRedemptionIdentityProviderConfiguration") {
    // The primary providers are an order of precedence: a different order is a different setting.
    const v = value as Bag;
    return JSON.stringify([v.primaryIdentityProviderPrecedenceOrder ?? [], v.fallbackIdentityProvider ?? null]);
  }
  const keys = name === "inboundTrust" ? INBOUND_TRUST_KEYS : INBOUND_OUTBOUND_KEYS;
  return JSON.stringify(keys.map((k) => (value as Bag)[k] ?? null));
}

/** True when both values mean the same (absent = inherited/unset). An unknown value is never the same. */
export function sameSetting(name: SettingName, a: unknown, b: unknown): boolean {
  if (containsUnknown(a) || containsUnknown(b)) return false;
  return canonical(name, a) === canonical(name, b);
}

/** Names of the settings (of `names`) whose values differ between `desired` and `current`. */
export function changedSettings(desired: Bag, current: Bag, names: readonly SettingName[]): SettingName[] {
  return names.filter((n) => !sameSetting(n, desired[n], current[n]));
}

/** A compact rendering for messages: `allowed [AllUsers] / blocked [2 targets]`, `{"inboundAllowed":true}`. */
export function describeSetting(name: SettingName, value: unknown, absent: string): string {
  if (value === undefined || value === null) return absent;
  if (isTargetListSetting(name)) {
    const half = (label: string, h: unknown) => {
      if (!isPlainObject(h)) return `${label} not set`;
      const ts = (Array.isArray(h.targets) ? (h.targets as Bag[]) : []).map((t) => String(t.target));
      return `${label} ${String(h.accessType)} [${ts.length <= 3 ? ts.join(", ") : `${ts.length} targets`}]`;
    };
    const s = value as Bag;
    return `{ ${halvesOf(name)
      .map((h) => half(h, s[h]))
      .join("; ")} }`;
  }
  return JSON.stringify(value);
}
