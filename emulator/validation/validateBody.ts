/**
 * Body validation like Graph: property names are case-sensitive; unknown or miscased names, read-only
 * properties and wrong JSON types are 400 `Request_BadRequest` with a message naming the property.
 * Annotations (`@odata.type`, `name@odata.type`) are accepted and dropped.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { isPlainObject, JsonObject, JsonValue } from "../util/json";
import { edmName, EntitySchema, Field, FieldType } from "./types";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isGuid = (value: string): boolean => GUID.test(value);

export interface ValidateOptions {
  /** Read-only properties that this request may nevertheless carry (e.g. `tenantId` on partner POST). */
  allowReadOnly?: string[];
  /** Accept every read-only property (seeding through the admin API). */
  allowAllReadOnly?: boolean;
  /** Top-level properties to treat as read-only in this request although the schema lets them be written. */
  alsoReadOnly?: string[];
}

function literal(value: unknown): string {
  if (typeof value === "string") return value;
  const s = JSON.stringify(value);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

function checkValue(path: string, type: FieldType, value: unknown): JsonValue {
  if (value === null) return null;
  const bad = (): never => {
    throw GraphErrorFactory.invalidValue(path, edmName(type), literal(value));
  };
  switch (type.kind) {
    case "string":
      if (typeof value !== "string") return bad();
      if (type.guid && !isGuid(value)) return bad();
      if (type.oneOf && !type.oneOf.includes(value)) throw GraphErrorFactory.valueNotAllowed(path, value, type.oneOf);
      return value;
    case "boolean":
      return typeof value === "boolean" ? value : bad();
    case "dateTime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : bad();
    case "enum":
      if (typeof value === "string" && type.values.includes(value)) return value;
      // A member of Graph's enum type that this property does not take: the conversion succeeds, the value is refused.
      if (typeof value === "string" && type.typeMembers?.includes(value))
        throw GraphErrorFactory.valueNotAllowed(path, value, type.values);
      return bad();
    case "openObject":
      return isPlainObject(value) ? (value as JsonObject) : bad();
    case "array":
      if (!Array.isArray(value)) return bad();
      return value.map((item, i) => checkValue(`${path}[${i}]`, type.item, item));
    case "object": {
      if (!isPlainObject(value)) return bad();
      return checkObject(type.fields, value, { allowAllReadOnly: false }, `${path}.`);
    }
  }
}

function checkObject(
  fields: Record<string, Field>,
  body: JsonObject,
  options: ValidateOptions,
  prefix: string,
): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(body)) {
    // Instance annotations (`@odata.type`) and property annotations (`displayName@odata.type`) are metadata.
    if (name.includes("@")) continue;
    const field = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
    if (!field) throw GraphErrorFactory.invalidProperty(name);
    const readOnly = field.readOnly || (prefix === "" && options.alsoReadOnly?.includes(name));
    if (readOnly && !options.allowAllReadOnly && !(prefix === "" && options.allowReadOnly?.includes(name))) {
      throw GraphErrorFactory.readOnlyProperty(name);
    }
    if (value === null && field.nonNullable)
      throw GraphErrorFactory.nullNotAllowed(`${prefix}${name}`, edmName(field.type));
    out[name] = checkValue(`${prefix}${name}`, field.type, value);
  }
  return out;
}

/** Validates a request body against an entity schema and returns the accepted properties. */
export function validateBody(schema: EntitySchema, body: unknown, options: ValidateOptions = {}): JsonObject {
  if (!isPlainObject(body)) {
    throw GraphErrorFactory.invalidValue("(request body)", schema.typeName, literal(body));
  }
  return checkObject(schema.fields, body, options, "");
}
