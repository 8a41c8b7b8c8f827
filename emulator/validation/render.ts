/** Shapes stored records for one API version: only that version's properties, unset ones as `null`. */
import { isPlainObject, JsonObject, JsonValue } from "../util/json";
import { EntitySchema, FieldType } from "./types";

/**
 * How an unset complex property reads back: `null`, or (`nullLeaves`) an object whose leaves are all null and whose
 * collections are empty, as some tenants return inherited partner settings (landscape §2.2, M365DSC).
 */
export type InheritedShape = "null" | "nullLeaves";

function renderValue(type: FieldType, value: JsonValue | undefined, inherited: InheritedShape): JsonValue {
  if (value === undefined || value === null) {
    if (inherited === "nullLeaves" && type.kind === "object") return renderValue(type, {}, inherited);
    if (inherited === "nullLeaves" && type.kind === "array") return [];
    return null;
  }
  if (type.kind === "object" && isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [name, field] of Object.entries(type.fields))
      out[name] = renderValue(field.type, value[name], inherited);
    return out;
  }
  if (type.kind === "array" && Array.isArray(value)) return value.map((v) => renderValue(type.item, v, "null"));
  return value;
}

/** Renders `record` with every property of `schema`, optionally restricted to `select`. */
export function renderEntity(
  schema: EntitySchema,
  record: JsonObject,
  select?: string[],
  inherited: InheritedShape = "null",
): JsonObject {
  const out: JsonObject = {};
  for (const [name, field] of Object.entries(schema.fields)) {
    if (select && !select.includes(name)) continue;
    const value = record[name];
    const unset = value === undefined || value === null;
    out[name] = renderValue(field.type, unset && field.alwaysObject ? {} : value, inherited);
  }
  return out;
}
