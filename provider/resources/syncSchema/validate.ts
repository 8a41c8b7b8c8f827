/**
 * The checks that need the job's own schema (sync-schema.md §4.4, live): every attribute the settings name exists
 * in the job's directory definitions (or is declared in extensionAttributes), a scoping filter's attribute is a
 * single-valued one a filter can evaluate, and every expression parses (parseExpression). Pure over what Graph
 * answered; the failures name the property path and the fix like check()'s.
 */
import type { CheckFailure } from "../handler";
import { closestName } from "../../text/didYouMean";
import { locate, userAttributes } from "./locate";
import { expressionAttributes } from "./sources";
import type { GraphAttributeDefinition, GraphMappingSource, GraphSyncSchema, SyncSchemaSettings } from "./types";
import type { ParsedExpression } from "./graphSteps";

/** The Attribute sources of a parsed expression, through Function parameters. */
function attributesOf(source: GraphMappingSource | null | undefined, out: string[] = []): string[] {
  if (!source || typeof source !== "object") return out;
  if (source.type === "Attribute" && typeof source.name === "string") out.push(source.name);
  for (const p of source.parameters ?? []) attributesOf(p?.value, out);
  return out;
}

/**
 * Failures of `settings` against the job's schema `live`; `parsed` holds parseExpression's answer per expression
 * (absent: not parsed). `prefix` is how the settings are named in messages ("schema." or "").
 */
export function liveFailures(
  live: GraphSyncSchema,
  settings: SyncSchemaSettings,
  ruleName: string,
  prefix: string,
  parsed: ReadonlyMap<string, ParsedExpression>,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const { rule } = locate(live, ruleName);
  const defs = (side: "source" | "target") => {
    const list: GraphAttributeDefinition[] = userAttributes(structuredClone(live), rule, side) ?? [];
    const declared = settings.extensionAttributes?.[side] ?? [];
    return new Map<string, GraphAttributeDefinition | undefined>([
      ...list.map((a) => [String(a?.name), a] as const),
      ...declared.map((n) => [n, undefined] as const),
    ]);
  };
  const source = defs("source");
  const target = defs("target");
  const dirName = (side: "source" | "target") =>
    `"${String(side === "source" ? rule.sourceDirectoryName : rule.targetDirectoryName)}"`;
  const missing = (at: string, name: string, side: "source" | "target") => {
    const known = [...(side === "source" ? source : target).keys()];
    const close = closestName(name, known, false);
    failures.push({
      property: at,
      reason:
        `${at}: the ${side} User object of this job's schema (directory ${dirName(side)}) has no attribute ${JSON.stringify(name)}` +
        (close ? `; did you mean ${JSON.stringify(close)}?` : ".") +
        ` A directory extension must be declared in ${prefix}extensionAttributes.${side} (names are case-sensitive).`,
    });
  };

  (settings.scopingFilters ?? []).forEach((g, i) =>
    g.clauses.forEach((c, j) => {
      const at = `${prefix}scopingFilters[${i}].clauses[${j}].attribute`;
      if (!source.has(c.attribute)) return missing(at, c.attribute, "source");
      const def = source.get(c.attribute);
      if (def?.multivalued === true || def?.type === "DateTime" || def?.type === "Reference")
        failures.push({
          property: at,
          reason: `${at} ${JSON.stringify(c.attribute)} is ${def.multivalued ? "multi-valued" : `of type ${def.type}`} in this job's schema; scoping filters cannot evaluate such attributes. Scope on a single-valued String, Integer or Boolean attribute.`,
        });
    }),
  );
  if (settings.showInAddressList?.value === "fromSource" && !source.has("showInAddressList"))
    missing(`${prefix}showInAddressList.value`, "showInAddressList", "source");
  (settings.attributeMappings ?? []).forEach((m, i) => {
    const at = `${prefix}attributeMappings[${i}]`;
    if (!target.has(m.target)) missing(`${at}.target`, m.target, "target");
    if (m.source.kind === "direct" && !source.has(m.source.attribute))
      missing(`${at}.source.attribute`, m.source.attribute, "source");
    if (m.source.kind !== "expression") return;
    const result = parsed.get(m.source.expression);
    if (result && !result.parsingSucceeded) {
      const e = result.error;
      failures.push({
        property: `${at}.source.expression`,
        reason: `${at}.source.expression does not parse: Graph's parseExpression answered ${e?.code ?? "parsingSucceeded: false"}${e?.message ? `: ${e.message.replace(/\.+$/, "")}` : ""}. Fix the expression (functions, brackets around attributes, quoted constants), e.g. Join(" ", [givenName], [surname]).`,
      });
      return;
    }
    const names = result?.parsedExpression
      ? attributesOf(result.parsedExpression)
      : expressionAttributes(m.source.expression);
    for (const name of [...new Set(names)]) if (!source.has(name)) missing(`${at}.source.expression`, name, "source");
  });
  return failures;
}
