/** Value helpers every resource uses at the host boundary. */

/** The unknown-value sentinel of the dynamic-provider host during preview (pulumi-dynamic-providers.md §5). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** True when `v` or anything inside it is still unknown (preview). */
export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** The host fails on `undefined` anywhere in a result ("Unexpected struct type"); drop such keys deeply. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => stripUndefined(v)) as unknown as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = stripUndefined(v);
    }
    return out as T;
  }
  return value;
}

/** A JSON-ish type name for messages ("null", "array", "object", "string", ...). */
export function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** A partner kind's `tenantId` from checked inputs, lower case; undefined while unknown (preview). */
export function partnerTenantIdOf(inputs: Record<string, unknown>): string | undefined {
  return typeof inputs.tenantId === "string" && !isUnknown(inputs.tenantId) ? inputs.tenantId.toLowerCase() : undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
