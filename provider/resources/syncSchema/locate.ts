/**
 * Where the settings apply in a schema document: the rule (by name; the only rule when none has it), its
 * User → User object mapping, and that mapping's source and target User object definitions. Keyed by stable
 * identities, never by display names that changed over time ("Azure Active Directory" → "Microsoft Entra ID").
 */
import { DEFAULT_RULE_NAME } from "./types";
import type { GraphAttributeDefinition, GraphObjectMapping, GraphRule, GraphSyncSchema } from "./types";

export class SchemaShapeError extends Error {}

export interface Located {
  rule: GraphRule;
  mapping: GraphObjectMapping;
}

export function locate(doc: GraphSyncSchema, ruleName: string): Located {
  const rules = Array.isArray(doc.synchronizationRules) ? doc.synchronizationRules : [];
  // The default name falls back to the only rule (a job of another template); a name the program gave never does.
  const rule =
    rules.find((r) => r?.name === ruleName) ??
    (ruleName === DEFAULT_RULE_NAME && rules.length === 1 ? rules[0] : undefined);
  if (!rule) {
    throw new SchemaShapeError(
      `the job's schema has no rule named "${ruleName}" (its rules: ${rules.map((r) => `"${String(r?.name)}"`).join(", ") || "none"}); set ruleName to one of them.`,
    );
  }
  const mappings = Array.isArray(rule.objectMappings) ? rule.objectMappings : [];
  const mapping = mappings.find((m) => m?.sourceObjectName === "User" && m?.targetObjectName === "User");
  if (!mapping) {
    throw new SchemaShapeError(
      `the schema rule "${String(rule.name)}" has no User → User object mapping, so there are no user settings to apply.`,
    );
  }
  return { rule, mapping };
}

/** The attribute definitions of the User object of the rule's source or target directory (undefined: none found). */
export function userAttributes(
  doc: GraphSyncSchema,
  rule: GraphRule,
  side: "source" | "target",
): GraphAttributeDefinition[] | undefined {
  const dirName = side === "source" ? rule.sourceDirectoryName : rule.targetDirectoryName;
  const dir = (doc.directories ?? []).find((d) => d?.name === dirName);
  const obj = (dir?.objects ?? []).find((o) => o?.name === "User");
  if (!obj) return undefined;
  if (!Array.isArray(obj.attributes)) obj.attributes = [];
  return obj.attributes;
}
