/**
 * A job's live synchronization schema compared with its template → the typed schema settings that declare the
 * differences (userType, showInAddressList, targetObjectActions, scopingFilters, attributeMappings,
 * removeAttributeMappings, extensionAttributes), and, named one by one, the differences those settings cannot
 * express (they stay as they are: the program neither owns nor changes them).
 *
 * Every setting written carries the live value, so the merge of the settings onto the live schema is the live
 * schema itself: the first `up` sends no PUT. A difference is exported only when the resource's own check accepts
 * it; otherwise it goes to the list with the check's reason. Pure: no Graph call.
 */
import { checkSchemaSettings } from "../../resources/syncSchema/schema";
import { locate, SchemaShapeError } from "../../resources/syncSchema/locate";
import { BOOLEAN_TARGETS, flagsOf, groupsKey } from "../../resources/syncSchema/merge";
import { MATCHING_ATTRIBUTE, UNARY_OPERATORS, UNMAPPABLE_TARGETS } from "../../resources/syncSchema/rules";
import { sourceKey, sourceSetting } from "../../resources/syncSchema/sources";
import {
  DEFAULT_RULE_NAME,
  SETTING_KEYS,
  type AttributeMappingSetting,
  type GraphAttributeDefinition,
  type GraphAttributeMapping,
  type GraphDirectory,
  type GraphFilterGroup,
  type GraphObjectMapping,
  type GraphRule,
  type GraphSyncSchema,
  type MappingApply,
  type ScopingFilterSetting,
  type SyncSchemaSettings,
} from "../../resources/syncSchema/types";

export interface SchemaExport {
  /** The settings that declare the differences; undefined when there is none to declare. */
  settings?: SyncSchemaSettings;
  /** Differences the settings cannot express, each naming where it is and why. */
  inexpressible: string[];
}

type Json = Record<string, unknown>;
const json = (v: unknown) => JSON.stringify(v);

/** Keys that are computed, volatile or per job (sync-schema.md §1.4): never a difference. */
const IGNORED = new Set(["id", "version", "discoveryDateTime", "_comment"]);

/** A value reduced to what it means: sorted keys, no `@odata.*` or volatile keys, flags as a set, "" defaults as null. */
function canonical(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (v === null || typeof v !== "object") {
    if (key === "flowTypes" && typeof v === "string") return [...flagsOf(v)].sort().join(",");
    if (key === "defaultValue" && (v === "" || v === undefined)) return null;
    return v;
  }
  const out: Json = {};
  for (const k of Object.keys(v as Json).sort()) {
    if (k.startsWith("@odata") || IGNORED.has(k)) continue;
    out[k] = canonical((v as Json)[k], k);
  }
  return out;
}
const same = (a: unknown, b: unknown) => json(canonical(a)) === json(canonical(b));

/** The keys of two objects whose values differ (canonically), except `skip`. */
function differingKeys(a: Json | null | undefined, b: Json | null | undefined, skip: readonly string[]): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...keys]
    .filter((k) => !skip.includes(k) && !k.startsWith("@odata") && !IGNORED.has(k))
    .filter((k) => !same(a?.[k] ?? null, b?.[k] ?? null))
    .sort();
}

const applyOf = (flowType: unknown): MappingApply | undefined =>
  flowType === undefined || flowType === "Always" ? "always" : flowType === "ObjectAddOnly" ? "onCreate" : undefined;
const defaultOf = (m: GraphAttributeMapping | undefined) =>
  m?.defaultValue === "" || m?.defaultValue === undefined ? null : m.defaultValue;

/** The fields of an attribute mapping the settings own (source, flowType, defaultValue) and those they do not. */
const OWNED_FIELDS = ["targetAttributeName", "source", "flowType", "defaultValue"];
/** What a mapping the settings add looks like beyond the owned fields (merge.ts applyIntent). */
const NEW_MAPPING: Json = { exportMissingReferences: false, flowBehavior: "FlowWhenChanged", matchingPriority: 0 };

const mappingName = (target: string) => `the ${target} mapping`;

/** The settings' errors for a candidate, through the resource's own check (no Graph call). */
function checkFailures(candidate: SyncSchemaSettings): string[] {
  const failures: { property: string; reason: string }[] = [];
  checkSchemaSettings(candidate as Record<string, unknown>, "schema.", failures);
  return failures.map((f) => f.reason);
}

interface Side {
  schema: GraphSyncSchema;
  rule: GraphRule;
  mapping: GraphObjectMapping;
}

function sideOf(schema: GraphSyncSchema, ruleName: string): Side | string {
  try {
    const { rule, mapping } = locate(schema, ruleName);
    return { schema, rule, mapping };
  } catch (e) {
    if (e instanceof SchemaShapeError) return e.message;
    throw e;
  }
}

const byTarget = (m: GraphObjectMapping) => {
  const out = new Map<string, GraphAttributeMapping>();
  for (const a of m.attributeMappings ?? [])
    if (a && typeof a.targetAttributeName === "string" && !out.has(a.targetAttributeName))
      out.set(a.targetAttributeName, a);
  return out;
};

/** The differences of the User → User attribute mappings. */
function mappingDifferences(live: Side, template: Side, settings: SyncSchemaSettings, notes: string[]): void {
  const liveMappings = byTarget(live.mapping);
  const templateMappings = byTarget(template.mapping);
  const mappings: AttributeMappingSetting[] = [];

  for (const [target, m] of liveMappings) {
    const t = templateMappings.get(target);
    const boolean = BOOLEAN_TARGETS.has(target);
    const sourceChanged = !t || sourceKey(m.source, boolean) !== sourceKey(t.source, boolean);
    const flowChanged = !t || (m.flowType ?? "Always") !== (t.flowType ?? "Always");
    const defaultChanged = !t ? defaultOf(m) !== null : defaultOf(m) !== defaultOf(t);
    const others = t
      ? differingKeys(m, t, OWNED_FIELDS)
      : differingKeys(m, { ...NEW_MAPPING, ...pick(m, OWNED_FIELDS) }, OWNED_FIELDS);
    if (others.length)
      notes.push(
        `${mappingName(target)}'s ${others.map((k) => `${k} ${json(m[k] ?? null)}${t ? ` (template ${json(t[k] ?? null)})` : ""}`).join(", ")}${t ? "" : " (a mapping added outside the template)"}`,
      );
    if (!sourceChanged && !flowChanged && !defaultChanged) continue;

    const what = t ? `${mappingName(target)} (changed from the template)` : `an added ${target} mapping`;
    const why = UNMAPPABLE_TARGETS[target];
    if (why) {
      notes.push(
        `${what}: ${target === MATCHING_ATTRIBUTE ? "the matching attribute" : target} cannot be declared (${why})`,
      );
      continue;
    }
    const apply = applyOf(m.flowType);
    if (!apply) {
      notes.push(
        `${what}: its flowType ${json(m.flowType)} is neither "Always" nor "ObjectAddOnly" (apply "always" / "onCreate")`,
      );
      continue;
    }
    const source = sourceSetting(m.source);
    const knobDefaultUnchanged = !defaultChanged;
    if (
      target === "userType" &&
      source.kind === "constant" &&
      /^(Member|Guest)$/.test(source.value) &&
      knobDefaultUnchanged
    ) {
      const candidate = { userType: { value: source.value as "Member" | "Guest", apply } };
      if (accept(candidate, what, notes)) Object.assign(settings, candidate);
      continue;
    }
    if (target === "showInAddressList" && knobDefaultUnchanged) {
      const value =
        source.kind === "constant" && /^(true|false)$/i.test(source.value)
          ? source.value.toLowerCase() === "true"
          : source.kind === "direct" && source.attribute === "showInAddressList"
            ? ("fromSource" as const)
            : undefined;
      if (value !== undefined) {
        const candidate = { showInAddressList: { value, apply } };
        if (accept(candidate, what, notes)) Object.assign(settings, candidate);
        continue;
      }
    }
    const entry: AttributeMappingSetting = {
      target,
      source,
      ...(defaultChanged ? { defaultValue: defaultOf(m) } : {}),
      ...(apply === "onCreate" ? { apply } : {}),
    };
    if (accept({ attributeMappings: [entry] }, what, notes)) mappings.push(entry);
  }
  if (mappings.length) settings.attributeMappings = mappings;

  const removed: string[] = [];
  for (const target of templateMappings.keys()) {
    if (liveMappings.has(target)) continue;
    const why = UNMAPPABLE_TARGETS[target];
    if (why) notes.push(`the template's ${target} mapping is missing: it cannot be declared (${why})`);
    else if (accept({ removeAttributeMappings: [target] }, `the template's ${target} mapping, removed`, notes))
      removed.push(target);
  }
  if (removed.length) settings.removeAttributeMappings = removed;
}

function pick(o: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

/** True when the resource's check accepts the candidate; else the difference is noted with the check's reason. */
function accept(candidate: SyncSchemaSettings, what: string, notes: string[]): boolean {
  const failures = checkFailures(candidate);
  if (failures.length === 0) return true;
  notes.push(`${what}: ${failures.join(" ")}`);
  return false;
}

function actionDifferences(live: Side, template: Side, settings: SyncSchemaSettings, notes: string[]): void {
  const l = flagsOf(live.mapping.flowTypes);
  const t = flagsOf(template.mapping.flowTypes);
  const unknown = [...l].filter((f) => !["Add", "Update", "Delete"].includes(f));
  if (unknown.length)
    notes.push(`the User mapping's flowTypes ${json(live.mapping.flowTypes)} (flags ${unknown.join(", ")})`);
  const actions: NonNullable<SyncSchemaSettings["targetObjectActions"]> = {};
  for (const [key, flag] of [
    ["create", "Add"],
    ["update", "Update"],
    ["delete", "Delete"],
  ] as const)
    if (l.has(flag) !== t.has(flag)) actions[key] = l.has(flag);
  if (Object.keys(actions).length === 0) return;
  if (accept({ targetObjectActions: actions }, `the target object actions ${json(live.mapping.flowTypes)}`, notes))
    settings.targetObjectActions = actions;
}

function filtersOf(groups: readonly GraphFilterGroup[]): ScopingFilterSetting[] {
  return groups.map((g) => ({
    name: String(g?.name ?? ""),
    clauses: (g?.clauses ?? []).map((c) => {
      const operator = String(c?.operatorName ?? "");
      const values = (c?.targetOperand?.values ?? []).map(String);
      const unary = (UNARY_OPERATORS as readonly string[]).includes(operator);
      return {
        attribute: String(c?.sourceOperandName ?? ""),
        operator,
        ...(unary && values.length === 0 ? {} : { values }),
      };
    }),
  }));
}

function scopeDifferences(live: Side, template: Side, settings: SyncSchemaSettings, notes: string[]): void {
  const l = live.mapping.scope ?? null;
  const t = template.mapping.scope ?? null;
  if (groupsKey(l?.groups) !== groupsKey(t?.groups)) {
    const filters = filtersOf(l?.groups ?? []);
    if (accept({ scopingFilters: filters }, "the scoping filters (scope.groups)", notes))
      settings.scopingFilters = filters;
  }
  // A missing scope and one with empty filter lists mean the same: no filter.
  const lists = (scope: Json | null) => ({
    ...scope,
    categoryFilterGroups: scope?.categoryFilterGroups ?? [],
    inputFilterGroups: scope?.inputFilterGroups ?? [],
  });
  for (const k of differingKeys(lists(l as Json | null), lists(t as Json | null), ["groups"]))
    notes.push(
      k === "inputFilterGroups"
        ? `the built-in scope.inputFilterGroups ("Filter external users"), changed from the template: never managed by these settings`
        : `the User mapping's scope.${k}`,
    );
}

const userObject = (dir: GraphDirectory | undefined) => (dir?.objects ?? []).find((o) => o?.name === "User");

function directoryOf(s: Side, side: "source" | "target"): GraphDirectory | undefined {
  const name = side === "source" ? s.rule.sourceDirectoryName : s.rule.targetDirectoryName;
  return (s.schema.directories ?? []).find((d) => d?.name === name);
}

/** Whether a definition is what `extensionAttributes` adds: a single-valued String. */
const isPlainString = (a: GraphAttributeDefinition) =>
  String(a.type ?? "").toLowerCase() === "string" && !a.multivalued;

function directoryDifferences(live: Side, template: Side, settings: SyncSchemaSettings, notes: string[]): void {
  const ext: NonNullable<SyncSchemaSettings["extensionAttributes"]> = {};
  const paired = new Set<GraphDirectory>();
  for (const side of ["source", "target"] as const) {
    const l = directoryOf(live, side);
    const t = directoryOf(template, side);
    if (l) paired.add(l);
    if (!l || !t) {
      if (!l !== !t)
        notes.push(`the ${side} directory ${json((l ?? t)?.name)} is ${l ? "not in the template" : "missing"}`);
      continue;
    }
    const where = `the ${side} directory (${String(l.name)})`;
    for (const k of differingKeys(l as Json, t as Json, ["objects", "name"])) notes.push(`${where}'s ${k}`);
    const lUser = userObject(l);
    const tUser = userObject(t);
    objectDifferences(l, t, where, notes);
    if (!lUser || !tUser) continue;
    for (const k of differingKeys(lUser as Json, tUser as Json, ["attributes"]))
      notes.push(`${where}'s User object's ${k}`);
    const lAttrs = new Map((lUser.attributes ?? []).map((a) => [String(a?.name), a]));
    const tAttrs = new Map((tUser.attributes ?? []).map((a) => [String(a?.name), a]));
    const added: string[] = [];
    for (const [name, a] of lAttrs) {
      const before = tAttrs.get(name);
      if (before) {
        if (!same(a, before)) notes.push(`${where}'s User attribute definition ${name}, changed from the template`);
        continue;
      }
      if (!isPlainString(a)) {
        notes.push(
          `${where}'s added User attribute definition ${name} (type ${json(a.type ?? null)}${a.multivalued ? ", multi-valued" : ""}): extensionAttributes defines single-valued String attributes only`,
        );
        continue;
      }
      if (
        accept({ extensionAttributes: { [side]: [name] } }, `${where}'s added User attribute definition ${name}`, notes)
      )
        added.push(name);
    }
    for (const name of tAttrs.keys())
      if (!lAttrs.has(name))
        notes.push(`${where}'s User attribute definition ${name} is missing (the template has it)`);
    if (added.length) ext[side] = added.sort();
  }
  if (ext.source || ext.target) settings.extensionAttributes = ext;

  // Directories the rule does not use, by name.
  const tByName = new Map((template.schema.directories ?? []).map((d) => [String(d?.name), d]));
  const templatePaired = new Set([directoryOf(template, "source"), directoryOf(template, "target")]);
  for (const d of live.schema.directories ?? []) {
    if (paired.has(d)) continue;
    const t = tByName.get(String(d?.name));
    if (!t || templatePaired.has(t)) notes.push(`the directory ${json(d?.name)} (not in the template)`);
    else if (!same(d, t)) notes.push(`the directory ${json(d?.name)}`);
  }
}

/** Objects other than User in a paired directory. */
function objectDifferences(l: GraphDirectory, t: GraphDirectory, where: string, notes: string[]): void {
  const tObjects = new Map((t.objects ?? []).map((o) => [String(o?.name), o]));
  const lNames = new Set<string>();
  for (const o of l.objects ?? []) {
    const name = String(o?.name);
    lNames.add(name);
    if (name === "User") continue;
    const before = tObjects.get(name);
    if (!before) notes.push(`${where}'s ${name} object (not in the template)`);
    else if (!same(o, before)) notes.push(`${where}'s ${name} object definition`);
  }
  for (const name of tObjects.keys()) if (!lNames.has(name)) notes.push(`${where}'s ${name} object is missing`);
}

const mappingKey = (m: GraphObjectMapping) =>
  `${String(m?.sourceObjectName ?? "")} → ${String(m?.targetObjectName ?? "")}`;

/** Everything outside the User → User mapping's owned parts: rules, other object mappings, the mapping's other keys. */
function structureDifferences(live: Side, template: Side, notes: string[]): void {
  for (const k of differingKeys(live.schema as Json, template.schema as Json, ["synchronizationRules", "directories"]))
    notes.push(`the schema's ${k}`);
  const rule = String(live.rule.name);
  const tRules = new Map((template.schema.synchronizationRules ?? []).map((r) => [String(r?.name), r]));
  for (const r of live.schema.synchronizationRules ?? []) {
    const name = String(r?.name);
    if (name === rule) continue;
    const before = tRules.get(name);
    if (!before) notes.push(`the rule ${name} (not in the template)`);
    else if (!same(r, before)) notes.push(`the rule ${name}`);
  }
  for (const name of tRules.keys())
    if (name !== String(template.rule.name) && !(live.schema.synchronizationRules ?? []).some((r) => r?.name === name))
      notes.push(`the template's rule ${name} is missing`);
  for (const k of differingKeys(live.rule as Json, template.rule as Json, [
    "objectMappings",
    "name",
    "sourceDirectoryName",
    "targetDirectoryName",
  ]))
    notes.push(`the rule ${rule}'s ${k}`);

  const tMappings = new Map((template.rule.objectMappings ?? []).map((m) => [mappingKey(m), m]));
  const seen = new Set<string>();
  for (const m of live.rule.objectMappings ?? []) {
    const key = mappingKey(m);
    if (m === live.mapping || seen.has(key)) continue;
    seen.add(key);
    const before = tMappings.get(key);
    const label = `the ${String(m?.targetObjectName ?? "?")} object mapping${m?.enabled ? " (enabled)" : ""}`;
    if (!before) notes.push(`${label} (not in the template)`);
    else if (!same(m, before)) notes.push(label);
  }
  for (const k of differingKeys(live.mapping as Json, template.mapping as Json, [
    "attributeMappings",
    "scope",
    "flowTypes",
  ]))
    notes.push(
      `the User mapping's ${k} ${json(live.mapping[k] ?? null)} (template ${json(template.mapping[k] ?? null)})`,
    );
}

/**
 * The settings that declare how `live` differs from `template` in the rule `ruleName` (default
 * USER_INBOUND_USER), and what they cannot express.
 */
export function schemaSettingsFromTemplate(
  live: GraphSyncSchema,
  template: GraphSyncSchema,
  ruleName = DEFAULT_RULE_NAME,
): SchemaExport {
  const l = sideOf(live, ruleName);
  if (typeof l === "string") return { inexpressible: [`the job's schema: ${l}`] };
  const t = sideOf(template, ruleName);
  if (typeof t === "string") return { inexpressible: [`the template's schema (nothing compared): ${t}`] };
  const settings: SyncSchemaSettings = {};
  const notes: string[] = [];
  actionDifferences(l, t, settings, notes);
  scopeDifferences(l, t, settings, notes);
  mappingDifferences(l, t, settings, notes);
  directoryDifferences(l, t, settings, notes);
  structureDifferences(l, t, notes);
  // Each target is declared once (one path per target above), so the whole set passes the check as its parts did.
  const ordered: SyncSchemaSettings = {};
  for (const k of SETTING_KEYS) if (settings[k] !== undefined) Object.assign(ordered, { [k]: settings[k] });
  return { settings: Object.keys(ordered).length ? ordered : undefined, inexpressible: notes };
}
