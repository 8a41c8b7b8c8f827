import type { Bag, DiffOutcome } from "../handler";
import { sameEndpoints } from "./payload";

/**
 * `olds` are the previous OUTPUTS. The list is a set: another order is no change. Never a replace (a connection
 * change is the runtime's).
 */
export function diffAccessPolicy(olds: Bag, news: Bag): DiffOutcome {
  const changed = sameEndpoints(news.allowedCloudEndpoints, olds.allowedCloudEndpoints)
    ? []
    : ["allowedCloudEndpoints"];
  return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false, changed };
}
