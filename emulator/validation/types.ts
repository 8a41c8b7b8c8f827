/** A tiny description of Graph's entity and complex types, enough to validate bodies and shape responses. */

export type FieldType =
  /** `oneOf`: a plain string property that takes only these values (a 400 lists them otherwise). */
  | { kind: "string"; guid?: boolean; oneOf?: string[] }
  | { kind: "boolean" }
  | { kind: "dateTime" }
  /**
   * A Graph enum: `values` are the members accepted here; `typeName` is Graph's enum type (named in errors);
   * `typeMembers` are all members of that type when a property accepts only some of them.
   */
  | { kind: "enum"; values: string[]; typeName?: string; typeMembers?: string[] }
  | { kind: "object"; typeName: string; fields: Record<string, Field> }
  /** A complex type whose inner schema we do not model: any JSON object (or null). */
  | { kind: "openObject"; typeName: string }
  | { kind: "array"; item: FieldType };

export interface Field {
  type: FieldType;
  /** Set by the service; 400 when present in a body. */
  readOnly?: boolean;
  /** A complex property read back as an object of nulls when unset (never as `null`). */
  alwaysObject?: boolean;
  /** `null` is refused (a non-nullable collection in Graph's model). */
  nonNullable?: boolean;
}

export interface EntitySchema {
  /** e.g. `microsoft.graph.crossTenantIdentitySyncPolicyPartner`. */
  typeName: string;
  /** Property name of the key ("" for a singleton). */
  key: string;
  fields: Record<string, Field>;
}

export type ApiVersion = "v1.0" | "beta";

export const edmName = (t: FieldType): string => {
  switch (t.kind) {
    case "string":
      return t.guid ? "Edm.Guid" : "Edm.String";
    case "boolean":
      return "Edm.Boolean";
    case "dateTime":
      return "Edm.DateTimeOffset";
    case "enum":
      return t.typeName ?? "Edm.String (enum)";
    case "object":
    case "openObject":
      return t.typeName;
    case "array":
      return `Collection(${edmName(t.item)})`;
  }
};
