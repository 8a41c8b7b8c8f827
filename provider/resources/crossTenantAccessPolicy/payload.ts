/** Graph bodies and outputs of the cross-tenant access policy: `allowedCloudEndpoints` compares as a set. */
import { containsUnknown, stripUndefined } from "../shared/values";
import type { AccessPolicyInputs, AccessPolicyOutputs } from "./types";
import type { Bag } from "../handler";

/** The list Graph has (strings only); a missing or null list is empty. */
export function endpointsFromGraph(body: Bag | undefined): string[] {
  const v = body?.allowedCloudEndpoints;
  return Array.isArray(v) ? v.filter((e): e is string => typeof e === "string") : [];
}

/** Same set (order and letter case do not matter). An unknown value is never the same. */
export function sameEndpoints(a: unknown, b: unknown): boolean {
  if (containsUnknown(a) || containsUnknown(b)) return false;
  const set = (v: unknown) =>
    JSON.stringify([...new Set((Array.isArray(v) ? v : []).map((e) => String(e).toLowerCase()))].sort());
  return set(a) === set(b);
}

/** PATCH body: the whole list (Graph replaces a collection). */
export function patchBody(endpoints: readonly string[]): Bag {
  return { allowedCloudEndpoints: [...endpoints] };
}

export function outputsFrom(inputs: AccessPolicyInputs, adoptedAt?: string): AccessPolicyOutputs {
  return stripUndefined({ allowedCloudEndpoints: [...inputs.allowedCloudEndpoints], adoptedAt });
}

/** Graph's list shaped like inputs; when it equals the previous list as a set, the previous order is kept. */
export function inputsFromRemote(remote: string[], olds: Bag): AccessPolicyInputs {
  const previous = olds.allowedCloudEndpoints;
  return {
    allowedCloudEndpoints: Array.isArray(previous) && sameEndpoints(previous, remote) ? (previous as string[]) : remote,
  };
}
