/**
 * Canonical settings → Graph body values. Each setting is sent whole: a B2B setting with both halves (accessType
 * and the full target list; a half the program omits as `null`; a one-half setting with its half), a boolean group
 * with every leaf (an omitted leaf as `null` on a partner), or `null` for "inherit". `tenantRestrictions` goes out as a plain B2B setting: no
 * specialised `@odata.type` (landscape Q3). Its `devices` filter, which this package does not manage, is echoed
 * back as last read (`devices`), so writing tenantRestrictions never erases a filter set in the portal; with a
 * filter present, "inherit" is sent as both halves null next to it instead of a `null` setting.
 */
import { isPlainObject } from "../shared/values";
import { halvesOf, INBOUND_OUTBOUND_KEYS, INBOUND_TRUST_KEYS, isTargetListSetting, SettingName } from "./types";
import type { Bag } from "../handler";

function targetConfiguration(v: unknown): Bag | null {
  if (!isPlainObject(v)) return null;
  const targets = (Array.isArray(v.targets) ? (v.targets as Bag[]) : []).map((t) => ({
    target: t.target,
    targetType: t.targetType,
  }));
  return { accessType: v.accessType, targets };
}

/**
 * Graph value of one setting; `null` = inherit (partner) / back to the system default (default). `devices`: the
 * remote `tenantRestrictions.devices` to keep (see the module comment).
 */
export function settingToGraph(name: SettingName, value: unknown, devices?: Bag): unknown {
  const keepDevices = name === "tenantRestrictions" && devices !== undefined;
  if ((value === undefined || value === null) && !keepDevices) return null;
  if (isTargetListSetting(name)) {
    const s = (value ?? {}) as Bag;
    const setting: Bag = {};
    for (const half of halvesOf(name)) setting[half] = targetConfiguration(s[half]);
    if (keepDevices) setting.devices = devices;
    return setting;
  }
  if (name === "blockServiceProviderOutboundAccess") return value;
  if (name === "invitationRedemptionIdentityProviderConfiguration") {
    const v = value as Bag;
    return {
      primaryIdentityProviderPrecedenceOrder: v.primaryIdentityProviderPrecedenceOrder,
      fallbackIdentityProvider: v.fallbackIdentityProvider,
    };
  }
  const keys = name === "inboundTrust" ? INBOUND_TRUST_KEYS : INBOUND_OUTBOUND_KEYS;
  const out: Bag = {};
  for (const k of keys) out[k] = (value as Bag)[k] ?? null;
  return out;
}

/** A body with the given settings of `desired`, each whole (or null); `devices` as for settingToGraph. */
export function settingsBody(desired: Bag, names: readonly SettingName[], devices?: Bag): Bag {
  const body: Bag = {};
  for (const n of names) body[n] = settingToGraph(n, desired[n], devices);
  return body;
}
