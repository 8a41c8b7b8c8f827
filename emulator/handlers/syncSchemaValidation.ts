/**
 * The checks a schema PUT passes (sync-schema.md §5, "PUT validation"): the first failure is the reason of the
 * `schemaInvalid` error. The word `schemaInvalid` and the frozen matching attribute are [DOC] (cross-tenant
 * configure guide, step 9); the other checks are [INFERENCE] from "a mapping whose attribute is not defined is
 * rejected" (azure-docs#46466) and the enums of the resource pages.
 */
import { isPlainObject, JsonObject } from "../util/json";
import { MappingSource } from "./syncExpressions";
import { OPERATOR_NAMES } from "./syncScoping";
import { userMappingOf } from "./syncSchemaState";

const FLOW_TYPES = new Set(["Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"]);
const FLOW_BEHAVIORS = new Set(["FlowWhenChanged", "FlowAlways"]);
const SOURCE_TYPES = new Set(["Attribute", "Constant", "Function"]);
const OBJECT_FLOW_TYPES = new Set(["Add", "Update", "Delete"]);
/** [DOC] known issues: expressions are limited to 10,000 characters. */
export const MAX_EXPRESSION_LENGTH = 10_000;
const MATCHING_ATTRIBUTE = "alternativeSecurityIds";

const array = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);

/** The flags of an objectFlowTypes string (`"Add,Update,Delete"` or `"Add, Update, Delete"`). */
export const flowTypeFlags = (value: unknown): string[] =>
  String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Attribute names of an object of a directory, or undefined when the directory or object is not defined. */
function attributesOf(doc: JsonObject, directoryName: unknown, objectName: unknown): Set<string> | undefined {
  const dir = array(doc.directories).find((d) => isPlainObject(d) && d.name === directoryName);
  const obj = array(dir?.objects).find((o) => isPlainObject(o) && o.name === objectName);
  return obj ? new Set(array(obj.attributes).map((a) => String(a?.name))) : undefined;
}

/** The Attribute sources of a mapping source, recursively through Function parameters. */
function attributeNames(source: MappingSource | null | undefined, out: string[] = []): string[] {
  if (!isPlainObject(source)) return out;
  if (source.type === "Attribute") out.push(String(source.name));
  for (const p of array(source.parameters)) attributeNames((p as JsonObject).value as unknown as MappingSource, out);
  return out;
}

/** Why the source is malformed (type, expression length), if it is. */
function badSource(source: unknown, where: string): string | undefined {
  if (source === null || source === undefined) return undefined;
  if (!isPlainObject(source)) return `${where}.source must be an attributeMappingSource object or null.`;
  if (!SOURCE_TYPES.has(String(source.type)))
    return `${where}.source.type '${String(source.type)}' is not one of Attribute, Constant, Function.`;
  if (typeof source.expression === "string" && source.expression.length > MAX_EXPRESSION_LENGTH)
    return `${where}.source.expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`;
  for (const p of array(source.parameters)) {
    const inner = badSource((p as JsonObject)?.value, where);
    if (inner) return inner;
  }
  return undefined;
}

const describe = (m: JsonObject | undefined): string =>
  m
    ? `'${String(m.targetAttributeName)}' ← ${String((m.source as JsonObject | null)?.expression ?? "(none)")} (matchingPriority ${String(m.matchingPriority)})`
    : "none";

/**
 * Why `doc` is not a valid schema for a job whose template is `template`, or undefined when it is. Checked in
 * §5's order: rules and directories present; rule ids and directory names; object names; attributes of enabled
 * mappings; the frozen matching attribute; enums, operators and scoping attributes; expression lengths.
 */
export function schemaInvalidReason(doc: JsonObject, template: JsonObject): string | undefined {
  const rules = array(doc.synchronizationRules);
  if (rules.length === 0) return "synchronizationRules is required and must not be empty.";
  if (array(doc.directories).length === 0)
    return "directories is required and must not be empty (PUT replaces the whole schema; send it as GET returned it).";
  const templateRuleIds = new Set(array(template.synchronizationRules).map((r) => String(r.id).toLowerCase()));
  const directoryNames = new Set(array(doc.directories).map((d) => String(d?.name)));
  for (const rule of rules) {
    if (!isPlainObject(rule)) return "synchronizationRules must hold synchronizationRule objects.";
    if (!templateRuleIds.has(String(rule.id).toLowerCase()))
      return `synchronizationRule '${String(rule.id)}' (${String(rule.name)}) is not a rule of this job's template; keep the rule ids GET returns.`;
    for (const side of ["sourceDirectoryName", "targetDirectoryName"] as const) {
      if (!directoryNames.has(String(rule[side])))
        return `synchronizationRule '${String(rule.name)}': ${side} '${String(rule[side])}' names no directory of the schema.`;
    }
    for (const [i, om] of array(rule.objectMappings).entries()) {
      const where = `objectMappings[${i}] (${String(om?.sourceObjectName)} → ${String(om?.targetObjectName)})`;
      if (!isPlainObject(om)) return `objectMappings[${i}] must be an objectMapping object.`;
      const sourceAttrs = om.sourceObjectName
        ? attributesOf(doc, rule.sourceDirectoryName, om.sourceObjectName)
        : undefined;
      const targetAttrs = om.targetObjectName
        ? attributesOf(doc, rule.targetDirectoryName, om.targetObjectName)
        : undefined;
      if (om.sourceObjectName && !sourceAttrs)
        return `${where}: object '${String(om.sourceObjectName)}' is not defined in directory '${String(rule.sourceDirectoryName)}'.`;
      if (om.targetObjectName && !targetAttrs)
        return `${where}: object '${String(om.targetObjectName)}' is not defined in directory '${String(rule.targetDirectoryName)}'.`;
      const flags = flowTypeFlags(om.flowTypes);
      const badFlag = flags.find((f) => !OBJECT_FLOW_TYPES.has(f));
      if (badFlag !== undefined || flags.length === 0)
        return `${where}: flowTypes '${String(om.flowTypes)}' must be flags of Add, Update, Delete.`;
      for (const [j, m] of array(om.attributeMappings).entries()) {
        const at = `${where}.attributeMappings[${j}] ('${String(m?.targetAttributeName)}')`;
        if (!isPlainObject(m)) return `${where}.attributeMappings[${j}] must be an attributeMapping object.`;
        if (m.flowType !== undefined && !FLOW_TYPES.has(String(m.flowType)))
          return `${at}: flowType '${String(m.flowType)}' is not one of ${[...FLOW_TYPES].join(", ")}.`;
        if (m.flowBehavior !== undefined && !FLOW_BEHAVIORS.has(String(m.flowBehavior)))
          return `${at}: flowBehavior '${String(m.flowBehavior)}' is not one of ${[...FLOW_BEHAVIORS].join(", ")}.`;
        const bad = badSource(m.source, at);
        if (bad) return bad;
        if (om.enabled !== true) continue;
        if (targetAttrs && !targetAttrs.has(String(m.targetAttributeName)))
          return `${at}: target attribute '${String(m.targetAttributeName)}' is not defined on object '${String(om.targetObjectName)}' of directory '${String(rule.targetDirectoryName)}'; add its attributeDefinition to directories in the same PUT.`;
        const missing = attributeNames(m.source as unknown as MappingSource).find((a) => !sourceAttrs?.has(a));
        if (missing !== undefined)
          return `${at}: source attribute '${missing}' is not defined on object '${String(om.sourceObjectName)}' of directory '${String(rule.sourceDirectoryName)}'; add its attributeDefinition to directories in the same PUT.`;
      }
      const scope = om.scope as JsonObject | null | undefined;
      for (const kind of ["groups", "inputFilterGroups", "categoryFilterGroups"] as const) {
        for (const g of array(scope?.[kind])) {
          for (const c of array(g?.clauses)) {
            if (!OPERATOR_NAMES.has(String(c?.operatorName)))
              return `${where}: scope.${kind} '${String(g.name)}': operator '${String(c?.operatorName)}' is not a filter operator (GET …/schema/filterOperators).`;
            if (om.enabled === true && sourceAttrs && !sourceAttrs.has(String(c.sourceOperandName)))
              return `${where}: scope.${kind} '${String(g.name)}': source attribute '${String(c.sourceOperandName)}' is not defined on object '${String(om.sourceObjectName)}'.`;
          }
        }
      }
    }
  }
  return matchingInvalid(doc, template);
}

/** [DOC] "The matching attribute cannot be changed. Attempting to change the matching attribute or adding additional matching attributes will result in a schemaInvalid error." */
function matchingInvalid(doc: JsonObject, template: JsonObject): string | undefined {
  const { mapping } = userMappingOf(doc);
  if (!mapping) return undefined;
  const matching = array(mapping.attributeMappings).filter((m) => Number(m?.matchingPriority ?? 0) > 0);
  const expected = array(userMappingOf(template).mapping?.attributeMappings).find(
    (m) => m.targetAttributeName === MATCHING_ATTRIBUTE,
  );
  const expectedExpression = String((expected?.source as JsonObject | null)?.expression ?? "");
  const found = matching.map(describe).join(", ") || "none";
  const prefix = `The matching attribute cannot be changed: the User → User mapping must keep exactly one matching attribute, '${MATCHING_ATTRIBUTE}' ← ${expectedExpression}; found ${found}.`;
  if (matching.length !== 1) return prefix;
  const [m] = matching;
  const source = m.source as JsonObject | null;
  if (m.targetAttributeName !== MATCHING_ATTRIBUTE || String(source?.expression ?? "") !== expectedExpression)
    return prefix;
  return undefined;
}
