import type { Bag, DiffOutcome } from "../handler";
import { sameSetting } from "../crossTenantSettings";
import { managedNames } from "./payload";

/**
 * `olds` are the previous OUTPUTS. A setting in the program that differs is a change (PATCH). A setting dropped
 * from the program is also a change, but only of state: update stops managing it without a Graph call. Never a
 * replace (a connection change is the runtime's).
 */
export function diffDefault(olds: Bag, news: Bag): DiffOutcome {
  const changed = managedNames(news).filter((n) => !sameSetting(n, news[n], olds[n]));
  for (const n of managedNames(olds)) if (news[n] === undefined) changed.push(n);
  return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false, changed };
}
