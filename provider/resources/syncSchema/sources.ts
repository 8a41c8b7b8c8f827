/** Mapping sources: typed settings ↔ Graph's attributeMappingSource, and expressions compared as the service does. */
import type { GraphMappingSource, MappingSourceSetting } from "./types";

/** Graph's quoted literal of a constant (`"Member"`), as the service writes a Constant's `expression`. */
export const quoted = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * An expression without the whitespace outside string literals: the service normalizes spacing (parseExpression
 * turns `…, "_", ,  )` into `…, "_", , )`), so spacing is never a difference.
 */
export function normalizeExpression(expression: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (inString) {
      out += c;
      if (c === "\\" && i + 1 < expression.length) out += expression[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/**
 * Graph's source for a setting. An expression's tree is the one parseExpression returned (`parsed`, keyed by the
 * expression); without it (pure use), a Function source that carries the expression text.
 */
export function graphSource(
  source: MappingSourceSetting,
  parsed?: ReadonlyMap<string, GraphMappingSource>,
): GraphMappingSource | null {
  switch (source.kind) {
    case "direct":
      return { expression: `[${source.attribute}]`, name: source.attribute, type: "Attribute", parameters: [] };
    case "constant":
      return { expression: quoted(source.value), name: source.value, type: "Constant", parameters: [] };
    case "expression": {
      const tree = parsed?.get(source.expression);
      if (tree) return structuredClone(tree);
      const name = /^\s*([A-Za-z]+)\s*\(/.exec(source.expression)?.[1] ?? source.expression;
      return { expression: source.expression, name, type: "Function", parameters: [] };
    }
    case "none":
      return null;
  }
}

/** A Graph source as a setting (what refresh shows): Attribute → direct, Constant → constant, anything else → expression. */
export function sourceSetting(source: GraphMappingSource | null | undefined): MappingSourceSetting {
  if (!source || typeof source !== "object") return { kind: "none" };
  if (source.type === "Attribute" && typeof source.name === "string") return { kind: "direct", attribute: source.name };
  if (source.type === "Constant") return { kind: "constant", value: String(source.name ?? "") };
  return { kind: "expression", expression: String(source.expression ?? source.name ?? "") };
}

/** A source reduced to what it means, for comparisons: type and normalized expression (a constant: its value). */
export function sourceKey(source: GraphMappingSource | null | undefined, booleanTarget = false): string {
  if (!source || typeof source !== "object") return "none";
  if (source.type === "Constant") {
    const v = String(source.name ?? "");
    return `constant:${booleanTarget ? v.toLowerCase() : v}`;
  }
  if (source.type === "Attribute") return `direct:${String(source.name ?? "")}`;
  return `expression:${normalizeExpression(String(source.expression ?? ""))}`;
}

/** The same, for a setting. */
export function settingSourceKey(source: MappingSourceSetting, booleanTarget = false): string {
  switch (source.kind) {
    case "direct":
      return `direct:${source.attribute}`;
    case "constant":
      return `constant:${booleanTarget ? source.value.toLowerCase() : source.value}`;
    case "expression":
      return `expression:${normalizeExpression(source.expression)}`;
    case "none":
      return "none";
  }
}

/** The source attributes an expression reads (`[name]` outside string literals). */
export function expressionAttributes(expression: string): string[] {
  const names: string[] = [];
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[") {
      const end = expression.indexOf("]", i);
      if (end > i) {
        names.push(expression.slice(i + 1, end).trim());
        i = end;
      }
    }
  }
  return [...new Set(names)];
}
