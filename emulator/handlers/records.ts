/** How new and patched directory records look, shared by the Graph handlers and admin seeding. */
import { isPlainObject, JsonObject, JsonValue } from "../util/json";

/**
 * What the service fills in on a new partner configuration: the documented POST response ([DOC-EX]
 * graph-behaviour.md §3.3) shows `isServiceProvider: null` and the two inbound/outbound objects with null fields;
 * `isInMultiTenantOrganization` is `false` outside an MTO; beta's `blockServiceProviderOutboundAccess` is `null`
 * on a partner created without it, as every captured response in the docs shows (deleted-items list and get,
 * partner restore), although the beta resource page says "Default value is false": the examples win. v1.0
 * rendering drops the beta-only field.
 */
export function newPartnerRecord(tenantId: string, fields: JsonObject = {}): JsonObject {
  return {
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
    automaticUserConsentSettings: {},
    crossCloudMeetingConfiguration: {},
    blockServiceProviderOutboundAccess: null,
    ...fields,
    tenantId,
  };
}

/**
 * PATCH semantics ([DOC] "others keep previous values"): top-level properties in `body` replace the current ones.
 * Whether a nested complex object is merged or replaced is undocumented, hence `nestedPatch`.
 */
export function applyPatch(
  current: Readonly<JsonObject>,
  body: JsonObject,
  nestedPatch: "replace" | "merge",
): JsonObject {
  const next: JsonObject = { ...current };
  for (const [name, value] of Object.entries(body)) {
    const old = next[name];
    next[name] =
      nestedPatch === "merge" && isPlainObject(old) && isPlainObject(value)
        ? { ...old, ...value }
        : (value as JsonValue);
  }
  return next;
}
