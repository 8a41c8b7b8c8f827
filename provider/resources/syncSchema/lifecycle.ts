/**
 * create / read / update / delete of a standalone CrossTenantSyncSchema: the settings merged onto a job made
 * elsewhere. Create records what the owned paths held (schemaBaseline) and whether they had been changed from the
 * template already (a take-over: adopted); delete restores them (or resets the schema, or leaves it).
 */
import { LifecycleContext, operationDeadline, Stored } from "../handler";
import { getOrNull } from "../shared/graphCalls";
import { stripUndefined } from "../shared/values";
import { applySchema, readSchema, resetToTemplate, revertToBaseline, SchemaTarget } from "./apply";
import { settingsOf } from "./diff";
import { schemaError } from "./explain";
import { syncSchemaKind } from "./kind";
import { mergeSchema, revertSchema, sameSchema } from "./merge";
import { DEFAULT_RULE_NAME } from "./types";
import type { GraphSyncSchema, SchemaBaseline, SyncSchemaInputs, SyncSchemaOutputs, SyncSchemaSettings } from "./types";

const TYPE = syncSchemaKind.typeName;

export const schemaId = (spId: string, jobId: string) => `${spId}/${jobId}`;

function subject(spId: string, jobId: string) {
  return { typeName: TYPE, describe: syncSchemaKind.describe(schemaId(spId, jobId)) };
}

function targetOf(x: Partial<SyncSchemaInputs>, id?: string): SchemaTarget {
  const [idSp, ...rest] = (id ?? "").split("/");
  return {
    spId: String(x.servicePrincipalId ?? idSp).toLowerCase(),
    jobId: String(x.jobId ?? rest.join("/")),
    ruleName: String(x.ruleName ?? DEFAULT_RULE_NAME),
  };
}

/**
 * Whether the owned paths held values other than the template's before this resource set them: the template with
 * the settings applied, then put back to the live baseline, differs from the template. One GET of the template's
 * schema (`…/synchronization/templates/{templateId}/schema`); unreadable → not a take-over.
 */
async function changedFromTemplate(
  ctx: LifecycleContext,
  t: SchemaTarget,
  settings: SyncSchemaSettings,
  baseline: SchemaBaseline,
  deadline: number,
): Promise<boolean> {
  const templateId = t.jobId.split(".")[0];
  let template: GraphSyncSchema | null;
  try {
    template = await getOrNull<GraphSyncSchema>(
      ctx,
      `/servicePrincipals/${encodeURIComponent(t.spId)}/synchronization/templates/${encodeURIComponent(templateId)}/schema`,
      deadline,
    );
  } catch {
    return false;
  }
  if (!template) return false;
  try {
    const overridden = mergeSchema(template, settings, {}, { ruleName: t.ruleName }).merged;
    return !sameSchema(revertSchema(overridden, baseline, t.ruleName).merged, template);
  } catch {
    return false;
  }
}

function outputsOf(
  inputs: SyncSchemaInputs,
  observed: SyncSchemaSettings,
  rest: { userRuleId?: string; schemaBaseline: SchemaBaseline; adopted: boolean; adoptedAt?: string },
): SyncSchemaOutputs {
  const { servicePrincipalId, jobId, ruleName, onDelete } = inputs;
  return stripUndefined({ servicePrincipalId, jobId, ruleName, onDelete, ...observed, ...rest });
}

export async function createSyncSchema(
  ctx: LifecycleContext,
  inputs: SyncSchemaInputs,
): Promise<{ id: string; outs: SyncSchemaOutputs }> {
  const deadline = operationDeadline(ctx);
  const t = targetOf(inputs);
  const s = subject(t.spId, t.jobId);
  const settings = settingsOf(inputs as unknown as Record<string, unknown>);
  try {
    const applied = await applySchema(ctx, t, settings, {}, deadline, "");
    const adopted = await changedFromTemplate(ctx, t, settings, applied.baseline, deadline);
    return {
      id: schemaId(t.spId, t.jobId),
      outs: outputsOf(inputs, applied.observed, {
        userRuleId: applied.userRuleId,
        schemaBaseline: applied.baseline,
        adopted,
        adoptedAt: adopted ? new Date(ctx.clock.now()).toISOString() : undefined,
      }),
    };
  } catch (e) {
    throw schemaError(ctx, s, "apply the schema settings to", e);
  }
}

export async function readSyncSchema(ctx: LifecycleContext, id: string, props: Stored<SyncSchemaOutputs>) {
  const deadline = operationDeadline(ctx);
  const t = targetOf(props, id);
  let seen;
  try {
    seen = await readSchema(ctx, t, settingsOf(props), deadline);
  } catch (e) {
    throw schemaError(ctx, subject(t.spId, t.jobId), "read", e);
  }
  if (seen === null) return { id: "" };
  const inputs: SyncSchemaInputs = {
    servicePrincipalId: t.spId,
    jobId: t.jobId,
    ruleName: t.ruleName,
    onDelete: props.onDelete ?? "revert",
    ...seen.observed,
  };
  const outs = outputsOf(inputs, seen.observed, {
    userRuleId: seen.userRuleId,
    schemaBaseline: props.schemaBaseline ?? {},
    adopted: props.adopted === true,
    adoptedAt: props.adopted === true ? props.adoptedAt : undefined,
  });
  return { id: schemaId(t.spId, t.jobId), props: outs, inputs: stripUndefined(inputs) };
}

export async function updateSyncSchema(
  ctx: LifecycleContext,
  id: string,
  olds: Stored<SyncSchemaOutputs>,
  news: SyncSchemaInputs,
): Promise<{ outs: SyncSchemaOutputs }> {
  const deadline = operationDeadline(ctx);
  const t = targetOf(news, id);
  try {
    const applied = await applySchema(
      ctx,
      t,
      settingsOf(news as unknown as Record<string, unknown>),
      olds.schemaBaseline ?? {},
      deadline,
      "",
    );
    return {
      outs: outputsOf(news, applied.observed, {
        userRuleId: applied.userRuleId,
        schemaBaseline: applied.baseline,
        adopted: olds.adopted === true,
        adoptedAt: olds.adopted === true ? olds.adoptedAt : undefined,
      }),
    };
  } catch (e) {
    throw schemaError(ctx, subject(t.spId, t.jobId), "apply the schema settings to", e);
  }
}

export async function deleteSyncSchema(ctx: LifecycleContext, id: string, props: Stored<SyncSchemaOutputs>) {
  const deadline = operationDeadline(ctx);
  const t = targetOf(props, id);
  const s = subject(t.spId, t.jobId);
  try {
    if (props.onDelete === "retain") {
      ctx.notice?.(
        `entra:${TYPE}: left ${s.describe} as it is (onDelete "retain"); its settings are no longer managed by this stack.`,
      );
      return;
    }
    if (props.onDelete === "resetToTemplate") {
      await resetToTemplate(ctx, t, deadline);
      ctx.notice?.(
        `entra:${TYPE}: reset ${s.describe} to its template (onDelete "resetToTemplate"): the next provisioning cycle is an initial cycle that re-evaluates every user.`,
      );
      return;
    }
    await revertToBaseline(ctx, t, props.schemaBaseline ?? {}, deadline);
  } catch (e) {
    throw schemaError(ctx, s, props.onDelete === "resetToTemplate" ? "reset" : "revert the settings of", e);
  }
}
