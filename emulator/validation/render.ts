/** Shapes stored records for one API version: only that version's properties, unset ones as `null`. */
import { isPlainObject, JsonObject, JsonValue } from "../util/json";
import { EntitySchema, FieldType } from "./types";

function renderValue(type: FieldType, value: JsonValue | undefined): JsonValue {
  if (value === undefined || value === null) return null;
  if (type.kind === "object" && isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [name, field] of Object.entries(type.fields)) out[name] = renderValue(field.type, value[name]);
    return out;
  }
  if (type.kind === "array" && Array.isArray(value)) return value.map((v) => renderValue(type.item, v));
  return value;
}

/** Renders `record` with every property of `schema`, optionally restricted to `select`. */
export function renderEntity(schema: EntitySchema, record: JsonObject, select?: string[]): JsonObject {
  const out: JsonObject = {};
  for (const [name, field] of Object.entries(schema.fields)) {
    if (select && !select.includes(name)) continue;
    out[name] = renderValue(field.type, record[name]);
  }
  return out;
}
