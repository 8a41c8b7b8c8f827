/**
 * The merge of typed settings onto a job's live schema (sync-schema.md §4.2), pure: apply the owned paths, restore
 * the baseline of paths no longer declared, and tell whether the result differs from the live document (canonical
 * compare: computed fields, flowTypes spacing, "" vs null defaults, expression spacing, filter order do not count).
 * Only the User → User mapping of the selected rule is touched; every other part of the document is kept as read.
 */
import { locate, userAttributes } from "./locate";
import { graphSource, sourceKey } from "./sources";
import type {
  GraphAttributeDefinition,
  GraphAttributeMapping,
  GraphFilterGroup,
  GraphMappingSource,
  GraphObjectMapping,
  GraphSyncSchema,
  SchemaBaseline,
  SyncSchemaSettings,
} from "./types";

export type ActionFlag = "Add" | "Update" | "Delete";
export const ACTION_FLAGS: readonly ActionFlag[] = ["Add", "Update", "Delete"];
export const ACTION_OF_SETTING = { create: "Add", update: "Update", delete: "Delete" } as const;

/** Targets whose constants are booleans ("true" and "True" are one value). */
export const BOOLEAN_TARGETS: ReadonlySet<string> = new Set(["showInAddressList", "accountEnabled", "IsSoftDeleted"]);

/** One owned attribute mapping: what to write (undefined fields are not owned), or its removal. */
export interface MappingIntent {
  target: string;
  remove?: true;
  source?: GraphMappingSource | null;
  flowType?: string;
  defaultValue?: string | null;
}

export const flowTypeOf = (apply: string | undefined) => (apply === "onCreate" ? "ObjectAddOnly" : "Always");

/** The owned mappings of the settings, in declaration order. */
export function mappingIntents(
  s: SyncSchemaSettings,
  parsed?: ReadonlyMap<string, GraphMappingSource>,
): MappingIntent[] {
  const out: MappingIntent[] = [];
  if (s.userType)
    out.push({
      target: "userType",
      source: graphSource({ kind: "constant", value: s.userType.value }),
      flowType: flowTypeOf(s.userType.apply),
    });
  if (s.showInAddressList) {
    const v = s.showInAddressList.value;
    out.push({
      target: "showInAddressList",
      source: graphSource(
        v === "fromSource"
          ? { kind: "direct", attribute: "showInAddressList" }
          : { kind: "constant", value: String(v) },
      ),
      flowType: flowTypeOf(s.showInAddressList.apply),
    });
  }
  for (const m of s.attributeMappings ?? []) {
    out.push({
      target: m.target,
      source: graphSource(m.source, parsed),
      flowType: flowTypeOf(m.apply),
      ...(m.defaultValue !== undefined ? { defaultValue: m.defaultValue === "" ? null : m.defaultValue } : {}),
    });
  }
  for (const t of s.removeAttributeMappings ?? []) out.push({ target: t, remove: true });
  return out;
}

/** The target object actions the settings own: flag → on. */
export function ownedActions(s: SyncSchemaSettings): Partial<Record<ActionFlag, boolean>> {
  const out: Partial<Record<ActionFlag, boolean>> = {};
  const a = s.targetObjectActions ?? {};
  for (const [key, flag] of Object.entries(ACTION_OF_SETTING) as [keyof typeof ACTION_OF_SETTING, ActionFlag][]) {
    if (typeof a[key] === "boolean") out[flag] = a[key];
  }
  return out;
}

export const flagsOf = (flowTypes: unknown): Set<string> =>
  new Set(
    String(flowTypes ?? "")
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean),
  );

function setFlag(mapping: GraphObjectMapping, flag: ActionFlag, on: boolean): void {
  const flags = flagsOf(mapping.flowTypes);
  if (flags.has(flag) === on) return; // keeps the service's spelling when nothing changes
  if (on) flags.add(flag);
  else flags.delete(flag);
  mapping.flowTypes = ACTION_FLAGS.filter((f) => flags.has(f)).join(",");
}

const mappingsOf = (m: GraphObjectMapping): GraphAttributeMapping[] => {
  if (!Array.isArray(m.attributeMappings)) m.attributeMappings = [];
  return m.attributeMappings;
};
const findMapping = (m: GraphObjectMapping, target: string) =>
  mappingsOf(m).find((a) => a?.targetAttributeName === target);
const sameDefault = (a: unknown, b: unknown) =>
  (a === "" || a === undefined ? null : a) === (b === "" || b === undefined ? null : b);

function applyIntent(mapping: GraphObjectMapping, intent: MappingIntent): void {
  const list = mappingsOf(mapping);
  if (intent.remove) {
    mapping.attributeMappings = list.filter((a) => a?.targetAttributeName !== intent.target);
    return;
  }
  const boolean = BOOLEAN_TARGETS.has(intent.target);
  const existing = findMapping(mapping, intent.target);
  if (!existing) {
    // New mappings go at the end, as the portal appends them.
    list.push({
      defaultValue: intent.defaultValue ?? null,
      exportMissingReferences: false,
      flowBehavior: "FlowWhenChanged",
      flowType: intent.flowType ?? "Always",
      matchingPriority: 0,
      targetAttributeName: intent.target,
      source: intent.source ?? null,
    });
    return;
  }
  if (intent.source !== undefined && sourceKey(existing.source, boolean) !== sourceKey(intent.source, boolean))
    existing.source = intent.source;
  if (intent.flowType !== undefined && existing.flowType !== intent.flowType) existing.flowType = intent.flowType;
  if (intent.defaultValue !== undefined && !sameDefault(existing.defaultValue, intent.defaultValue))
    existing.defaultValue = intent.defaultValue;
}

function restoreMapping(mapping: GraphObjectMapping, target: string, before: GraphAttributeMapping | null): void {
  if (before === null) {
    mapping.attributeMappings = mappingsOf(mapping).filter((a) => a?.targetAttributeName !== target);
    return;
  }
  const existing = findMapping(mapping, target);
  if (!existing) {
    mappingsOf(mapping).push(structuredClone(before));
    return;
  }
  const boolean = BOOLEAN_TARGETS.has(target);
  if (sourceKey(existing.source, boolean) !== sourceKey(before.source, boolean))
    existing.source = structuredClone(before.source ?? null);
  if (existing.flowType !== before.flowType && before.flowType !== undefined) existing.flowType = before.flowType;
  if (!sameDefault(existing.defaultValue, before.defaultValue)) existing.defaultValue = before.defaultValue ?? null;
}

/** Filter groups compared as Graph evaluates them: groups by name (OR), clauses as a multiset (AND). */
export function groupsKey(groups: readonly GraphFilterGroup[] | null | undefined): string {
  return JSON.stringify(
    (groups ?? [])
      .map((g) => ({
        name: String(g?.name ?? ""),
        clauses: (g?.clauses ?? [])
          .map((c) =>
            JSON.stringify([
              String(c?.sourceOperandName ?? ""),
              String(c?.operatorName ?? ""),
              (c?.targetOperand?.values ?? []).map(String),
            ]),
          )
          .sort(),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
}

/** Graph's filter groups for the settings' scopingFilters. */
export function graphGroups(filters: NonNullable<SyncSchemaSettings["scopingFilters"]>): GraphFilterGroup[] {
  return filters.map((g) => ({
    name: g.name,
    clauses: g.clauses.map((c) => ({
      operatorName: c.operator,
      sourceOperandName: c.attribute,
      targetOperand: { values: [...(c.values ?? [])] },
    })),
  }));
}

function setGroups(mapping: GraphObjectMapping, groups: GraphFilterGroup[] | null): void {
  const current = mapping.scope?.groups ?? [];
  if (groupsKey(current) === groupsKey(groups)) return; // same filters: keep the service's order
  if (
    groups === null &&
    mapping.scope &&
    !mapping.scope.inputFilterGroups?.length &&
    !mapping.scope.categoryFilterGroups?.length
  ) {
    mapping.scope = null;
    return;
  }
  if (!mapping.scope) mapping.scope = { categoryFilterGroups: [], groups: [], inputFilterGroups: [] };
  mapping.scope.groups = structuredClone(groups ?? []);
}

/** A String attribute definition as the template writes them (sync-schema.md §4.1 table). */
export function stringDefinition(name: string): GraphAttributeDefinition {
  return {
    anchor: false,
    caseExact: false,
    defaultValue: null,
    flowNullValues: false,
    multivalued: false,
    mutability: "ReadWrite",
    name,
    required: false,
    type: "String",
    apiExpressions: [],
    metadata: [],
    referencedObjects: [],
  };
}

/** Whether the User mapping still uses an attribute (so its definition must stay). */
function referenced(mapping: GraphObjectMapping, side: "source" | "target", name: string): boolean {
  if (side === "target") return mappingsOf(mapping).some((a) => a?.targetAttributeName === name);
  const text = JSON.stringify([mapping.attributeMappings ?? [], mapping.scope ?? null]);
  return (
    text.includes(`"sourceOperandName":${JSON.stringify(name)}`) ||
    text.includes(JSON.stringify(`[${name}]`)) ||
    text.includes(`[${name}]`)
  );
}

export interface MergeOptions {
  ruleName: string;
  /** parseExpression's trees by expression (lifecycle), so an expression mapping carries its parsed source. */
  parsed?: ReadonlyMap<string, GraphMappingSource>;
}

export interface MergeResult {
  merged: GraphSyncSchema;
  /** The baseline for the paths the settings own now. */
  baseline: SchemaBaseline;
  /** True when the merged document differs from the live one (a PUT is needed). */
  changed: boolean;
  /** The rule's ID (provision on demand). */
  ruleId?: string;
}

const SIDES = ["source", "target"] as const;

/**
 * `live` with the settings applied: paths owned in `baseline` but no longer declared get their baseline value
 * back; newly owned paths get their live value recorded in the returned baseline first. Throws SchemaShapeError
 * when the rule or its User mapping is missing.
 */
export function mergeSchema(
  live: GraphSyncSchema,
  settings: SyncSchemaSettings,
  baseline: SchemaBaseline,
  options: MergeOptions,
): MergeResult {
  const doc = structuredClone(live);
  const { rule, mapping } = locate(doc, options.ruleName);
  const next: SchemaBaseline = structuredClone(baseline);
  const intents = mappingIntents(settings, options.parsed);
  const targets = new Set(intents.map((i) => i.target));
  const actions = ownedActions(settings);
  const definitions = {
    source: new Set(settings.extensionAttributes?.source ?? []),
    target: new Set(settings.extensionAttributes?.target ?? []),
  };

  // 1. Paths no longer declared: back to what they were before this resource set them.
  for (const [target, before] of Object.entries(baseline.mappings ?? {})) {
    if (targets.has(target)) continue;
    restoreMapping(mapping, target, before);
    delete next.mappings![target];
  }
  for (const [flag, before] of Object.entries(baseline.actions ?? {}) as [ActionFlag, boolean][]) {
    if (actions[flag] !== undefined) continue;
    setFlag(mapping, flag, before);
    delete next.actions![flag];
  }
  if (baseline.scopeGroups !== undefined && settings.scopingFilters === undefined) {
    setGroups(mapping, baseline.scopeGroups);
    delete next.scopeGroups;
  }

  // 2. Newly owned paths: remember their live value.
  for (const intent of intents) {
    if (next.mappings && Object.prototype.hasOwnProperty.call(next.mappings, intent.target)) continue;
    const found = findMapping(mapping, intent.target);
    (next.mappings ??= {})[intent.target] = found ? structuredClone(found) : null;
  }
  for (const flag of Object.keys(actions) as ActionFlag[]) {
    if (next.actions?.[flag] !== undefined) continue;
    (next.actions ??= {})[flag] = flagsOf(mapping.flowTypes).has(flag);
  }
  if (settings.scopingFilters !== undefined && next.scopeGroups === undefined)
    next.scopeGroups = mapping.scope ? structuredClone(mapping.scope.groups ?? []) : null;

  // 3. Apply the settings.
  for (const intent of intents) applyIntent(mapping, intent);
  for (const [flag, on] of Object.entries(actions) as [ActionFlag, boolean][]) setFlag(mapping, flag, on);
  if (settings.scopingFilters !== undefined) setGroups(mapping, graphGroups(settings.scopingFilters));

  // Definitions last: a revert removes one only when no mapping or filter uses it any more.
  for (const side of SIDES) {
    const attrs = userAttributes(doc, rule, side);
    const before = baseline.definitions?.[side] ?? {};
    for (const [name, existed] of Object.entries(before)) {
      if (definitions[side].has(name)) continue;
      if (!existed && attrs && !referenced(mapping, side, name)) {
        const i = attrs.findIndex((a) => a?.name === name);
        if (i >= 0) attrs.splice(i, 1);
      }
      delete next.definitions![side]![name];
    }
    for (const name of definitions[side]) {
      const present = (attrs ?? []).some((a) => a?.name === name);
      const owned = (next.definitions ??= {});
      const sideMap = (owned[side] ??= {});
      if (sideMap[name] === undefined) sideMap[name] = present;
      if (!present && attrs) attrs.push(stringDefinition(name));
    }
  }
  return { merged: doc, baseline: tidy(next), changed: !sameSchema(doc, live), ruleId: rule.id };
}

/** Empty parts of a baseline removed, so "owns nothing" is `{}`. */
function tidy(b: SchemaBaseline): SchemaBaseline {
  const out: SchemaBaseline = {};
  if (b.mappings && Object.keys(b.mappings).length) out.mappings = b.mappings;
  if (b.actions && Object.keys(b.actions).length) out.actions = b.actions;
  if (b.scopeGroups !== undefined) out.scopeGroups = b.scopeGroups;
  const defs: NonNullable<SchemaBaseline["definitions"]> = {};
  for (const side of SIDES)
    if (b.definitions?.[side] && Object.keys(b.definitions[side]!).length) defs[side] = b.definitions[side];
  if (Object.keys(defs).length) out.definitions = defs;
  return out;
}

/** `live` with every owned path back to its baseline (delete with onDelete "revert"). */
export function revertSchema(live: GraphSyncSchema, baseline: SchemaBaseline, ruleName: string): MergeResult {
  return mergeSchema(live, {}, baseline, { ruleName });
}

const VOLATILE = new Set(["version", "discoveryDateTime", "_comment"]);

/** A document reduced to what it means (sync-schema.md §4.2 `canonical()`), as sorted-key JSON. */
export function canonicalSchema(doc: GraphSyncSchema): string {
  const walk = (v: unknown, key: string | undefined, parentTarget?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined, parentTarget));
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const target = typeof o.targetAttributeName === "string" ? o.targetAttributeName : parentTarget;
    for (const k of Object.keys(o).sort()) {
      if (k.startsWith("@odata") || VOLATILE.has(k)) continue;
      const x = o[k];
      if (k === "flowTypes" && typeof x === "string") out[k] = ACTION_FLAGS.filter((f) => flagsOf(x).has(f)).join(",");
      else if (k === "defaultValue") out[k] = x === "" || x === undefined ? null : x;
      else if (k === "source" && typeof o.targetAttributeName === "string")
        out[k] = sourceKey(x as GraphMappingSource | null, BOOLEAN_TARGETS.has(target ?? ""));
      else if (k === "groups" && key === "scope") out[k] = groupsKey(x as GraphFilterGroup[]);
      else out[k] = walk(x, k, target);
    }
    if (key === "scope" && !("groups" in out)) out.groups = groupsKey([]);
    return out;
  };
  return JSON.stringify(walk(doc, undefined));
}

export function sameSchema(a: GraphSyncSchema, b: GraphSyncSchema): boolean {
  return canonicalSchema(a) === canonicalSchema(b);
}
