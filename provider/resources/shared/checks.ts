/** Building blocks of every resource's check(): key typos, tenant IDs, booleans. No Graph call, ever. */
import type { CheckFailure } from "../handler";
import { GUID_PATTERN } from "../../text/guid";
import { closestName } from "../../text/didYouMean";
import { isUnknown, typeName } from "./values";

export const GUID = GUID_PATTERN;
const NIL_GUID = "00000000-0000-0000-0000-000000000000";

/** The known name closest to `key` (case-insensitive), when it is close enough to be a typo. */
export function suggest(key: string, known: readonly string[]): string | undefined {
  return closestName(key, known);
}

/**
 * One failure per key of `obj` that is not in `known` (keys starting with `__` belong to the host). `elsewhere`
 * maps names that are valid on another resource to the sentence that says where they belong.
 */
export function unknownKeyFailures(
  obj: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
  elsewhere: Readonly<Record<string, string>> = {},
): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const key of Object.keys(obj)) {
    if (key.startsWith("__") || known.includes(key)) continue;
    const property = `${prefix}${key}`;
    if (Object.prototype.hasOwnProperty.call(elsewhere, key)) {
      out.push({ property, reason: `"${property}" is not a property of this resource: ${elsewhere[key]}` });
      continue;
    }
    const s = suggest(key, [...known, ...Object.keys(elsewhere)]);
    out.push({
      property,
      reason: s
        ? `unknown property "${property}"; did you mean "${prefix}${s}"?`
        : `unknown property "${property}"; valid properties are ${known.map((k) => `"${prefix}${k}"`).join(", ")}.`,
    });
  }
  return out;
}

/** `tenantId`: required GUID, not the nil GUID; lower-cased. Unknown (preview) passes through. */
export function checkTenantId(value: unknown, failures: CheckFailure[], what = "the partner tenant's ID"): unknown {
  if (value === undefined || value === null || value === "") {
    failures.push({ property: "tenantId", reason: `tenantId is required: ${what} (a GUID).` });
    return undefined;
  }
  if (isUnknown(value)) return value;
  if (typeof value !== "string" || !GUID.test(value.trim())) {
    failures.push({
      property: "tenantId",
      reason: `tenantId must be ${what} as a GUID like "90e29127-71ad-49c7-9ce8-db3f41ea06f1", got ${JSON.stringify(value)}.`,
    });
    return undefined;
  }
  if (value.trim() === NIL_GUID) {
    failures.push({ property: "tenantId", reason: "tenantId must be a real tenant ID, not the nil GUID." });
    return undefined;
  }
  return value.trim().toLowerCase();
}

/** An optional boolean; `undefined`/`null` mean omitted. */
export function checkOptionalBoolean(property: string, value: unknown, failures: CheckFailure[]): unknown {
  if (value === undefined || value === null) return undefined;
  if (!isUnknown(value) && typeof value !== "boolean") {
    failures.push({
      property,
      reason: `${property} must be a boolean (true or false), got ${typeName(value)} ${JSON.stringify(value)}.`,
    });
    return undefined;
  }
  return value;
}

/**
 * The stack setting that selects the Graph API version for a resource's connection, e.g. `entra:apiVersion` or
 * `entra:connections.contoso.apiVersion` (the runtime passes the right one to check()).
 */
export const TOP_LEVEL_API_VERSION_KEY = "entra:apiVersion";

/** The command that switches that setting to beta (`--path` for a key inside entra:connections). */
export function setBetaCommand(apiVersionKey: string = TOP_LEVEL_API_VERSION_KEY): string {
  return `pulumi config set${apiVersionKey.includes(".") ? " --path" : ""} ${apiVersionKey} beta`;
}

/** A property that exists only in the Graph beta API, declared on a resource whose connection uses v1.0. */
export function betaOnlyFailure(property: string, apiVersionKey?: string): CheckFailure {
  return {
    property,
    reason: `${property} exists only in the Graph beta API; set \`${setBetaCommand(apiVersionKey)}\`, or remove ${property}.`,
  };
}
