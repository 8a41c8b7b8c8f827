/**
 * What a job's schema says about users (sync-schema.md §1.2, §2): the User → User object mapping's switch
 * (`enabled`), target object actions (`flowTypes`: Add, Update, Delete), scoping filters (`scope.inputFilterGroups`,
 * the built-in "Filter external users", and `scope.groups`, the customer's) and the attribute mappings, turned into
 * the properties written on a target user on create or on update.
 */
import { cloneJson, isPlainObject, JsonObject, JsonValue } from "../util/json";
import { evaluateSource, isMappingSource } from "./syncExpressions";
import { readSourceAttribute } from "./syncScoping";
import { userMappingOf } from "./syncSchemaState";
import { flowTypeFlags } from "./syncSchemaValidation";

/** The User → User object mapping of a schema, as provisioning uses it. */
export interface UserObjectMapping {
  enabled: boolean;
  /** Target object actions: Add (create), Update, Delete. */
  actions: ReadonlySet<string>;
  inputFilterGroups: JsonObject[];
  groups: JsonObject[];
  attributeMappings: JsonObject[];
}

const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v.filter(isPlainObject) as JsonObject[]) : []);

export function userObjectMappingOf(schema: JsonObject): UserObjectMapping {
  const { mapping } = userMappingOf(schema);
  const scope = (mapping?.scope ?? null) as JsonObject | null;
  return {
    enabled: mapping?.enabled === true,
    actions: new Set(flowTypeFlags(mapping?.flowTypes)),
    inputFilterGroups: list(scope?.inputFilterGroups),
    groups: list(scope?.groups),
    attributeMappings: list(mapping?.attributeMappings),
  };
}

/**
 * Targets the emulator does not write from a mapping [INFERENCE]: the matching attribute (the emulator matches on
 * `synchronizedFrom`), `IsSoftDeleted` (deprovisioning does it), `manager` (references are not modelled), and
 * `userPrincipalName` / `mailNickname`, which the service writes in the B2B shape on create.
 */
const NOT_WRITTEN = new Set([
  "alternativeSecurityIds",
  "IsSoftDeleted",
  "manager",
  "userPrincipalName",
  "mailNickname",
]);
const BOOLEAN_TARGETS = new Set(["accountEnabled", "showInAddressList"]);
const EXTENSION = /^extensionAttribute\d+$/;

/** A target attribute's value in a target user record (extension attributes live in onPremisesExtensionAttributes). */
export function targetValue(record: Readonly<JsonObject>, name: string): JsonValue {
  if (EXTENSION.test(name))
    return ((record.onPremisesExtensionAttributes as JsonObject | null | undefined)?.[name] ?? null) as JsonValue;
  return (record[name] ?? null) as JsonValue;
}

function setTarget(record: JsonObject, name: string, value: JsonValue): void {
  if (EXTENSION.test(name)) {
    const ext = { ...((record.onPremisesExtensionAttributes as JsonObject | null | undefined) ?? {}) };
    ext[name] = value;
    record.onPremisesExtensionAttributes = ext;
  } else {
    record[name] = value;
  }
}

function toTarget(name: string, values: string[]): JsonValue {
  if (values.length === 0) return null;
  if (BOOLEAN_TARGETS.has(name)) return values[0].toLowerCase() === "true";
  return values.length === 1 ? values[0] : values;
}

const empty = (v: JsonValue): boolean => v === null || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * The target attributes the mappings write for `user`: on create every mapping (an empty value takes the mapping's
 * `defaultValue`, "only provisioned when a user is created" [DOC]); on update only `Always` mappings, and the
 * `…AddOnly` ones other than `ObjectAddOnly` where the target is still empty [INFERENCE], and never an empty value
 * (`flowNullValues: false` in the template's definitions). A mapping without a source ("None") only writes its
 * default on create.
 */
export function mappedAttributes(
  mappings: readonly JsonObject[],
  user: Readonly<JsonObject>,
  existing: Readonly<JsonObject> | undefined,
): { name: string; value: JsonValue }[] {
  const out: { name: string; value: JsonValue }[] = [];
  for (const m of mappings) {
    const name = String(m.targetAttributeName ?? "");
    if (!name || NOT_WRITTEN.has(name)) continue;
    const flowType = String(m.flowType ?? "Always");
    if (existing) {
      if (flowType === "ObjectAddOnly") continue;
      if (flowType !== "Always" && !empty(targetValue(existing, name))) continue;
      if (!isMappingSource(m.source)) continue;
    }
    let value = isMappingSource(m.source)
      ? toTarget(
          name,
          evaluateSource(m.source, (a) => readSourceAttribute(user, a)),
        )
      : null;
    if (!existing && empty(value) && typeof m.defaultValue === "string" && m.defaultValue !== "")
      value = toTarget(name, [m.defaultValue]);
    // The template's attribute definitions have `flowNullValues: false`: an empty source leaves the target as is.
    if (existing && empty(value)) continue;
    out.push({ name, value });
  }
  return out;
}

/** `record` with the attributes written, and which of them changed (old and new values, as strings). */
export function applyAttributes(
  record: Readonly<JsonObject>,
  attributes: readonly { name: string; value: JsonValue }[],
): { next: JsonObject; modified: { displayName: string; oldValue: string | null; newValue: string | null }[] } {
  const next = cloneJson(record as JsonObject);
  const shown = (v: JsonValue): string | null =>
    v === null ? null : Array.isArray(v) ? v.join(";") : typeof v === "object" ? JSON.stringify(v) : String(v);
  const modified: { displayName: string; oldValue: string | null; newValue: string | null }[] = [];
  for (const { name, value } of attributes) {
    const old = targetValue(next, name);
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    setTarget(next, name, value);
    modified.push({ displayName: name, oldValue: shown(old), newValue: shown(value) });
  }
  return { next, modified };
}
