/**
 * A job's schema settings against Graph, for both kinds that own them (CrossTenantSyncSchema, and
 * CrossTenantSyncConfiguration's `schema`): apply (GET → parseExpression per expression → validate → merge → PUT
 * only when the merged document differs), read (GET → projection of the owned paths), revert (GET → baseline →
 * PUT only when different) and reset (DELETE). Graph errors are thrown as they come; callers explain them.
 */
import type { CheckFailure, LifecycleContext } from "../handler";
import { deleteSchema, getSchema, parseExpression, ParsedExpression, putSchema, SchemaJob } from "./graphSteps";
import { mergeSchema, revertSchema } from "./merge";
import { projectSettings, sameSettings } from "./project";
import { normalizeExpression } from "./sources";
import type { GraphMappingSource, SchemaBaseline, SyncSchemaSettings } from "./types";
import { liveFailures } from "./validate";

export interface SchemaTarget extends SchemaJob {
  ruleName: string;
}

/** The job (or its service principal) is gone: Graph answered 404 to the schema's GET. */
export class SchemaJobGone extends Error {}

/** Settings that do not fit the job's schema; each failure names the property path and the fix. */
export class SchemaSettingsRefused extends Error {
  constructor(readonly failures: CheckFailure[]) {
    super(failures.map((f) => f.reason).join(" "));
  }
}

export interface AppliedSchema {
  /** The settings as the schema now has them (owned paths only). */
  observed: SyncSchemaSettings;
  baseline: SchemaBaseline;
  userRuleId?: string;
  /** Whether a PUT was sent (the owned parts differed). */
  put: boolean;
}

const expressionsOf = (s: SyncSchemaSettings): string[] => [
  ...new Set((s.attributeMappings ?? []).flatMap((m) => (m.source.kind === "expression" ? [m.source.expression] : []))),
];

/** parseExpression for each expression of `settings` that `skip` does not already hold (same up to spacing). */
async function parseAll(
  ctx: LifecycleContext,
  job: SchemaJob,
  settings: SyncSchemaSettings,
  deadline: number,
  skip: SyncSchemaSettings = {},
): Promise<Map<string, ParsedExpression>> {
  const known = new Set(expressionsOf(skip).map(normalizeExpression));
  const out = new Map<string, ParsedExpression>();
  for (const e of expressionsOf(settings)) {
    if (known.has(normalizeExpression(e))) continue;
    out.set(e, await parseExpression(ctx, job, e, deadline));
  }
  return out;
}

export async function applySchema(
  ctx: LifecycleContext,
  target: SchemaTarget,
  settings: SyncSchemaSettings,
  baseline: SchemaBaseline,
  deadline: number,
  prefix: string,
): Promise<AppliedSchema> {
  const live = await getSchema(ctx, target, deadline);
  if (live === null)
    throw new SchemaJobGone(`the job ${target.jobId} of service principal ${target.spId} does not exist`);
  const parsed = await parseAll(ctx, target, settings, deadline);
  const failures = liveFailures(live, settings, target.ruleName, prefix, parsed);
  if (failures.length > 0) throw new SchemaSettingsRefused(failures);
  const trees = new Map<string, GraphMappingSource>();
  for (const [e, r] of parsed) if (r.parsingSucceeded && r.parsedExpression) trees.set(e, r.parsedExpression);
  const merged = mergeSchema(live, settings, baseline, { ruleName: target.ruleName, parsed: trees });
  if (merged.changed) await putSchema(ctx, target, merged.merged, deadline);
  return {
    observed: projectSettings(merged.merged, settings, target.ruleName),
    baseline: merged.baseline,
    userRuleId: merged.ruleId,
    put: merged.changed,
  };
}

/** The owned settings as the job's schema has them now; null when the job is gone (404). */
export async function readSchema(
  ctx: LifecycleContext,
  target: SchemaTarget,
  declared: SyncSchemaSettings,
  deadline: number,
): Promise<{ observed: SyncSchemaSettings; userRuleId?: string } | null> {
  const live = await getSchema(ctx, target, deadline);
  if (live === null) return null;
  const observed = projectSettings(live, declared, target.ruleName);
  const rules = live.synchronizationRules ?? [];
  const rule = rules.find((r) => r?.name === target.ruleName) ?? (rules.length === 1 ? rules[0] : undefined);
  return { observed, userRuleId: rule?.id };
}

/** Every owned path back to its baseline; PUT only when that changes the schema. False when the job is gone. */
export async function revertToBaseline(
  ctx: LifecycleContext,
  target: SchemaTarget,
  baseline: SchemaBaseline,
  deadline: number,
): Promise<boolean> {
  const live = await getSchema(ctx, target, deadline);
  if (live === null) return false;
  const reverted = revertSchema(live, baseline, target.ruleName);
  if (reverted.changed) await putSchema(ctx, target, reverted.merged, deadline);
  return reverted.changed;
}

export function resetToTemplate(ctx: LifecycleContext, target: SchemaTarget, deadline: number) {
  return deleteSchema(ctx, target, deadline);
}

/** The attribute names and expressions settings refer to (what the live checks validate), as keys. */
function referencesOf(s: SyncSchemaSettings): string[] {
  const out: string[] = [];
  for (const g of s.scopingFilters ?? []) for (const c of g.clauses) out.push(`scope:${c.attribute}`);
  if (s.showInAddressList?.value === "fromSource") out.push("source:showInAddressList");
  for (const m of s.attributeMappings ?? []) {
    out.push(`target:${m.target}`);
    if (m.source.kind === "direct") out.push(`source:${m.source.attribute}`);
    if (m.source.kind === "expression") out.push(`expression:${normalizeExpression(m.source.expression)}`);
  }
  for (const side of ["source", "target"] as const)
    for (const n of s.extensionAttributes?.[side] ?? []) out.push(`${side}-extension:${n}`);
  return out;
}

/**
 * The live checks of a preview (or an up's check) for settings that changed from `olds`: one GET of the schema and
 * one parseExpression per new expression; no call when nothing changed. Failures as check()'s.
 */
export async function previewFailures(
  ctx: LifecycleContext,
  target: SchemaTarget,
  settings: SyncSchemaSettings,
  olds: SyncSchemaSettings | undefined,
  deadline: number,
  prefix: string,
): Promise<CheckFailure[]> {
  if (olds && sameSettings(olds, settings)) return [];
  // Only names and expressions not validated before need Graph (a drift restore or a flag change needs none).
  const before = new Set(olds ? referencesOf(olds) : []);
  if (referencesOf(settings).every((r) => before.has(r))) return [];
  const live = await getSchema(ctx, target, deadline);
  if (live === null) return [];
  const parsed = await parseAll(ctx, target, settings, deadline, olds);
  return liveFailures(live, settings, target.ruleName, prefix, parsed);
}
