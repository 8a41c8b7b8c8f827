import type { Bag, DiffOutcome } from "../handler";
import { PARTNER_OPTIONAL_SETTINGS, PARTNER_SETTINGS, sameSetting } from "../crossTenantSettings";
import { isUnknown } from "../shared/values";

/**
 * `olds` are the previous OUTPUTS, `news` the checked inputs. Every setting is managed: one the program omits is
 * compared as "inherited", so a value set in the portal and found by refresh is a change (up sends null).
 * `adoptExisting` only matters at create; read-only outputs and `__provider` never cause a change.
 */
export function diffPartner(olds: Bag, news: Bag): DiffOutcome {
  const replaces: string[] = [];
  const changed: string[] = [];
  const newTenant = news.tenantId;
  if (isUnknown(newTenant) || String(newTenant ?? "").toLowerCase() !== String(olds.tenantId ?? "").toLowerCase()) {
    replaces.push("tenantId");
    changed.push("tenantId");
  }
  for (const name of PARTNER_SETTINGS) {
    // An optional setting dropped from the program is no longer managed: a state-only change, no Graph write.
    if (PARTNER_OPTIONAL_SETTINGS.includes(name) && news[name] === undefined) {
      if (olds[name] !== undefined) changed.push(name);
      continue;
    }
    if (!sameSetting(name, news[name], olds[name])) changed.push(name);
  }
  // A new partner is a new Graph object; its sync policy (which depends on it) is deleted first by the engine.
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0, changed };
}
