/**
 * The settings as a schema shows them (sync-schema.md §4.3): only the paths the declared settings own, so portal
 * edits elsewhere in the schema are not drift; and settings compared by meaning (defaults filled, filters as sets,
 * expression spacing ignored), for diff and refresh.
 */
import { locate, userAttributes } from "./locate";
import { ACTION_OF_SETTING, BOOLEAN_TARGETS, flagsOf, groupsKey, graphGroups } from "./merge";
import { normalizeExpression, settingSourceKey, sourceSetting } from "./sources";
import type {
  AttributeMappingSetting,
  GraphAttributeMapping,
  GraphSyncSchema,
  MappingApply,
  SyncSchemaSettings,
} from "./types";

const applyOf = (flowType: unknown): MappingApply =>
  (flowType === "ObjectAddOnly"
    ? "onCreate"
    : flowType === undefined || flowType === "Always"
      ? "always"
      : String(flowType)) as MappingApply;

/** The settings `declared` owns, as `doc` has them now. */
export function projectSettings(
  doc: GraphSyncSchema,
  declared: SyncSchemaSettings,
  ruleName: string,
): SyncSchemaSettings {
  const { rule, mapping } = locate(doc, ruleName);
  const list = Array.isArray(mapping.attributeMappings) ? mapping.attributeMappings : [];
  const find = (t: string): GraphAttributeMapping | undefined => list.find((a) => a?.targetAttributeName === t);
  const out: SyncSchemaSettings = {};

  if (declared.userType) {
    const m = find("userType");
    if (m) {
      const s = sourceSetting(m.source);
      const value =
        s.kind === "constant"
          ? s.value
          : s.kind === "direct"
            ? `[${s.attribute}]`
            : s.kind === "expression"
              ? s.expression
              : "(none)";
      out.userType = { value: value as "Member", apply: applyOf(m.flowType) };
    }
  }
  if (declared.showInAddressList) {
    const m = find("showInAddressList");
    if (m) {
      const s = sourceSetting(m.source);
      const value =
        s.kind === "constant" && /^(true|false)$/i.test(s.value)
          ? s.value.toLowerCase() === "true"
          : s.kind === "direct" && s.attribute === "showInAddressList"
            ? "fromSource"
            : s.kind === "constant"
              ? s.value
              : s.kind === "direct"
                ? `[${s.attribute}]`
                : s.kind === "expression"
                  ? s.expression
                  : "(none)";
      out.showInAddressList = { value: value as boolean, apply: applyOf(m.flowType) };
    }
  }
  if (declared.targetObjectActions) {
    const flags = flagsOf(mapping.flowTypes);
    const actions: NonNullable<SyncSchemaSettings["targetObjectActions"]> = {};
    for (const [key, flag] of Object.entries(ACTION_OF_SETTING) as [keyof typeof ACTION_OF_SETTING, string][])
      if (declared.targetObjectActions[key] !== undefined) actions[key] = flags.has(flag);
    out.targetObjectActions = actions;
  }
  if (declared.scopingFilters !== undefined) {
    out.scopingFilters = (mapping.scope?.groups ?? []).map((g) => ({
      name: String(g?.name ?? ""),
      clauses: (g?.clauses ?? []).map((c) => ({
        attribute: String(c?.sourceOperandName ?? ""),
        operator: String(c?.operatorName ?? ""),
        values: (c?.targetOperand?.values ?? []).map(String),
      })),
    }));
  }
  if (declared.attributeMappings) {
    const seen: AttributeMappingSetting[] = [];
    for (const d of declared.attributeMappings) {
      const m = find(d.target);
      if (!m) continue;
      let source = sourceSetting(m.source);
      // The service's spacing of an expression is not a difference: show the declared text when they mean the same.
      if (
        source.kind === "expression" &&
        d.source.kind === "expression" &&
        normalizeExpression(source.expression) === normalizeExpression(d.source.expression)
      )
        source = d.source;
      const observed: AttributeMappingSetting = { target: d.target, source, apply: applyOf(m.flowType) };
      if (d.defaultValue !== undefined)
        observed.defaultValue = m.defaultValue === "" || m.defaultValue === undefined ? null : m.defaultValue;
      seen.push(observed);
    }
    out.attributeMappings = seen;
  }
  if (declared.removeAttributeMappings)
    out.removeAttributeMappings = declared.removeAttributeMappings.filter((t) => !find(t));
  if (declared.extensionAttributes) {
    const ext: NonNullable<SyncSchemaSettings["extensionAttributes"]> = {};
    for (const side of ["source", "target"] as const) {
      const names = declared.extensionAttributes[side];
      if (!names) continue;
      const attrs = userAttributes(structuredClone(doc), rule, side) ?? [];
      ext[side] = names.filter((n) => attrs.some((a) => a?.name === n));
    }
    out.extensionAttributes = ext;
  }
  return out;
}

/** Settings reduced to what they mean, as JSON: two settings with the same key make the same schema. */
export function settingsKey(s: SyncSchemaSettings | undefined): string {
  if (!s) return "null";
  const apply = (a: string | undefined) => a ?? "always";
  const out: Record<string, unknown> = {};
  if (s.userType) out.userType = [s.userType.value, apply(s.userType.apply)];
  if (s.showInAddressList) out.showInAddressList = [s.showInAddressList.value, apply(s.showInAddressList.apply)];
  if (s.targetObjectActions)
    out.targetObjectActions = (["create", "update", "delete"] as const).map((k) => s.targetObjectActions![k] ?? null);
  if (s.scopingFilters) out.scopingFilters = groupsKey(graphGroups(s.scopingFilters));
  if (s.attributeMappings)
    out.attributeMappings = s.attributeMappings
      .map((m) => [
        m.target,
        settingSourceKey(m.source, BOOLEAN_TARGETS.has(m.target)),
        apply(m.apply),
        m.defaultValue === undefined ? "(unmanaged)" : m.defaultValue === "" ? null : m.defaultValue,
      ])
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  if (s.removeAttributeMappings) out.removeAttributeMappings = [...new Set(s.removeAttributeMappings)].sort();
  if (s.extensionAttributes)
    out.extensionAttributes = [
      [...new Set(s.extensionAttributes.source ?? [])].sort(),
      [...new Set(s.extensionAttributes.target ?? [])].sort(),
    ];
  return JSON.stringify(out);
}

export function sameSettings(a: SyncSchemaSettings | undefined, b: SyncSchemaSettings | undefined): boolean {
  return settingsKey(a) === settingsKey(b);
}
