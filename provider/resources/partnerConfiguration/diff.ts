import type { Bag, DiffOutcome } from "../handler";
import { SETTING_NAMES, sameSetting } from "../crossTenantSettings";
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
  for (const name of SETTING_NAMES) if (!sameSetting(name, news[name], olds[name])) changed.push(name);
  // A new partner is a new Graph object; its sync policy (which depends on it) is deleted first by the engine.
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0, changed };
}
