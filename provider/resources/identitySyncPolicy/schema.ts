import type { ApiVersion } from "../../config/settings";
import { isUnknown } from "./types";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

export const DISPLAY_NAME_MAX = 256;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = "00000000-0000-0000-0000-000000000000";

const topLevelKeys = ["tenantId", "displayName", "userSyncInbound", "groupSyncInbound", "adoptExisting"] as const;
const syncKeys = ["isSyncAllowed"] as const;

/** Edit distance, for "did you mean" on typos such as `isSyncAlowed`. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

export function suggest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase());
    if (!best || d < best.d) best = { k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}

function unknownKeyFailures(obj: Record<string, unknown>, known: readonly string[], prefix: string): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const key of Object.keys(obj)) {
    if (key.startsWith("__") || (known as readonly string[]).includes(key)) continue;
    const s = suggest(key, known);
    out.push({
      property: `${prefix}${key}`,
      reason: s
        ? `unknown property "${prefix}${key}"; did you mean "${prefix}${s}"?`
        : `unknown property "${prefix}${key}"; valid properties are ${known.map((k) => `"${prefix}${k}"`).join(", ")}.`,
    });
  }
  return out;
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function checkSync(name: "userSyncInbound" | "groupSyncInbound", v: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(v)) return v;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    failures.push({ property: name, reason: `${name} must be an object like { isSyncAllowed: true }, got ${typeName(v)}.` });
    return v;
  }
  const obj = v as Record<string, unknown>;
  failures.push(...unknownKeyFailures(obj, syncKeys, `${name}.`));
  const allowed = obj.isSyncAllowed;
  if (allowed === undefined) {
    failures.push({ property: `${name}.isSyncAllowed`, reason: `${name}.isSyncAllowed is required (true or false).` });
  } else if (!isUnknown(allowed) && typeof allowed !== "boolean") {
    failures.push({
      property: `${name}.isSyncAllowed`,
      reason: `${name}.isSyncAllowed must be a boolean (true or false), got ${typeName(allowed)} ${JSON.stringify(allowed)}.`,
    });
  }
  // Never hand `undefined` back to the host: it cannot encode it and would hide these failures behind
  // "Unexpected struct type".
  return allowed === undefined ? {} : { isSyncAllowed: allowed };
}

/**
 * Validates and normalises the resource inputs. No Graph call. Values still unknown during preview (the host's
 * sentinel string) are passed through unvalidated. Returns only known keys, tenantId lower-cased.
 */
export function checkInputs(news: Record<string, unknown>, apiVersion: ApiVersion): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  failures.push(...unknownKeyFailures(news, topLevelKeys, ""));

  const tenantId = news.tenantId;
  if (tenantId === undefined || tenantId === null || tenantId === "") {
    failures.push({ property: "tenantId", reason: "tenantId is required: the partner tenant's ID (a GUID)." });
  } else if (isUnknown(tenantId)) {
    inputs.tenantId = tenantId;
  } else if (typeof tenantId !== "string" || !GUID.test(tenantId.trim())) {
    failures.push({
      property: "tenantId",
      reason: `tenantId must be the partner tenant's ID as a GUID like "90e29127-71ad-49c7-9ce8-db3f41ea06f1", got ${JSON.stringify(tenantId)}.`,
    });
  } else if (tenantId.trim() === NIL_GUID) {
    failures.push({ property: "tenantId", reason: "tenantId must be a real tenant ID, not the nil GUID." });
  } else {
    inputs.tenantId = tenantId.trim().toLowerCase();
  }

  const displayName = news.displayName;
  if (displayName !== undefined && displayName !== null) {
    if (isUnknown(displayName)) {
      inputs.displayName = displayName;
    } else if (typeof displayName !== "string") {
      failures.push({ property: "displayName", reason: `displayName must be a string, got ${typeName(displayName)}.` });
    } else if (displayName.trim() === "") {
      failures.push({ property: "displayName", reason: "displayName must not be empty; omit it to leave the remote value unmanaged." });
    } else if (displayName.length > DISPLAY_NAME_MAX) {
      failures.push({
        property: "displayName",
        reason: `displayName is ${displayName.length} characters; the maximum is ${DISPLAY_NAME_MAX}.`,
      });
    } else {
      inputs.displayName = displayName;
    }
  }

  if (news.userSyncInbound === undefined || news.userSyncInbound === null) {
    failures.push({ property: "userSyncInbound", reason: "userSyncInbound is required, e.g. userSyncInbound: { isSyncAllowed: true }." });
  } else {
    inputs.userSyncInbound = checkSync("userSyncInbound", news.userSyncInbound, failures);
  }

  if (news.groupSyncInbound !== undefined && news.groupSyncInbound !== null) {
    if (apiVersion !== "beta") {
      failures.push({
        property: "groupSyncInbound",
        reason: 'groupSyncInbound exists only in the Graph beta API; set `pulumi config set entra:apiVersion beta`, or remove groupSyncInbound.',
      });
    }
    inputs.groupSyncInbound = checkSync("groupSyncInbound", news.groupSyncInbound, failures);
  }

  const adopt = news.adoptExisting;
  if (adopt !== undefined && adopt !== null) {
    if (!isUnknown(adopt) && typeof adopt !== "boolean") {
      failures.push({ property: "adoptExisting", reason: `adoptExisting must be a boolean, got ${typeName(adopt)}.` });
    } else {
      inputs.adoptExisting = adopt;
    }
  }
  return { inputs, failures };
}
