/**
 * create / read / update / delete of a synchronization configuration. Create runs the steps in the order Graph
 * needs (instantiate → service principal readable → job → secrets → validateCredentials → assignments → schema →
 * start); once the application exists, any failure leaves it in state with the steps still to do (`pending`,
 * a partial create), so the next `up` finishes through update and never makes a second application.
 */
import { isGraphError } from "../../graph/errors";
import { ResourceInitFailure } from "../../errors";
import { noLogger } from "../../log";
import { LifecycleContext, operationDeadline, Stored } from "../handler";
import { is404 } from "../shared/graphCalls";
import { isPlainObject, stripUndefined } from "../shared/values";
import { applySchema, readSchema, revertToBaseline } from "../syncSchema/apply";
import { schemaError } from "../syncSchema/explain";
import { sameSettings } from "../syncSchema/project";
import type { SchemaBaseline, SyncSchemaSettings } from "../syncSchema/types";
import * as graph from "./graphSteps";
import { errorsOf, quarantineNotice, subject, targetRefused, TYPE } from "./messages";
import {
  accessRoleIdOf,
  afterStartOrPause,
  assignmentPlan,
  assignmentsOf,
  jobStatusOf,
  objectIdOf,
  outputsOf,
  secretsChanged,
} from "./payload";
import type {
  GraphServicePrincipal,
  JobStatus,
  PendingStep,
  SyncConfigInputs,
  SyncConfigOutputs,
  SyncScope,
} from "./types";
import { USER_RULE_NAME } from "./types";

type ConfigIds = { applicationObjectId: string; servicePrincipalId: string; appId: string };

/**
 * After an instantiate sent more than once: the configurations with this name are all this create's; `ours` (the
 * answered one, or else the first found) is kept and the others' applications are deleted, saying so.
 */
async function keepOne(
  ctx: LifecycleContext,
  inputs: SyncConfigInputs,
  ours: ConfigIds | undefined,
  deadline: number,
  none: () => Error,
): Promise<ConfigIds> {
  const displayName = inputs.displayName;
  let found: GraphServicePrincipal[];
  try {
    found = await graph.findByName(ctx, displayName, deadline);
  } catch (e) {
    if (!ours) throw none();
    ctx.notice?.(
      `entra:${TYPE}: the request that created the configuration "${displayName}" was sent more than once and the check for a second copy failed ` +
        `(${e instanceof Error ? e.message : String(e)}); if Entra admin center > Cross-tenant synchronization > Configurations lists "${displayName}" twice, ` +
        `delete the one whose service principal is not ${ours.servicePrincipalId}.`,
    );
    return ours;
  }
  const keep: GraphServicePrincipal | undefined = ours
    ? found.find((sp) => objectIdOf(sp) === ours.servicePrincipalId)
    : found[0];
  let kept = ours;
  if (!kept) {
    if (!keep) throw none();
    const applicationObjectId = await graph.applicationOf(ctx, String(keep.appId), deadline).catch(() => undefined);
    if (!applicationObjectId) throw none();
    kept = { applicationObjectId, servicePrincipalId: objectIdOf(keep)!, appId: String(keep.appId).toLowerCase() };
  }
  for (const extra of found.filter((sp) => objectIdOf(sp) !== kept.servicePrincipalId)) {
    const spId = objectIdOf(extra);
    try {
      const appObjectId = await graph.applicationOf(ctx, String(extra.appId), deadline);
      if (appObjectId) await graph.deleteApplication(ctx, appObjectId, deadline);
      ctx.notice?.(
        `entra:${TYPE}: deleted a second copy of the configuration "${displayName}" (service principal ${spId}) that a retried create request made; ` +
          `the configuration is service principal ${kept.servicePrincipalId}.`,
      );
    } catch (e) {
      if (is404(e)) continue;
      throw new ResourceInitFailure(
        kept.servicePrincipalId,
        outputsOfProgress(newProgress(inputs, kept, false)),
        errorsOf(ctx, subject(displayName, spId)).failed(
          "delete the second copy (made by a retried create request) of",
          e,
        ),
      );
    }
  }
  return kept;
}

/** Every step of a configuration after its application exists, in the order Graph needs. */
const STEPS: readonly PendingStep[] = ["job", "secrets", "validate", "assignments", "schema", "start"];

/** What exists of a configuration while create or update works on it. */
interface Progress {
  desired: SyncConfigInputs;
  /** The display name Graph has now. */
  displayName: string;
  applicationObjectId: string;
  servicePrincipalId: string;
  appId: string;
  appRoleId?: string;
  jobId?: string;
  userRuleId?: string;
  assignments: Record<string, string>;
  jobStatus: JobStatus;
  /** The secrets' values Graph has now (undefined: none written by us). */
  secrets?: Pick<SyncConfigInputs, "notificationEmail" | "accidentalDeletionThreshold" | "targetTenantId"> & {
    syncAll: boolean;
  };
  adopted: boolean;
  adoptedAt?: string;
  pending: PendingStep[];
  /** The schema settings as the job's schema has them (undefined: none applied). */
  schema?: SyncSchemaSettings;
  /** What the owned schema parts held before (revert). */
  schemaBaseline: SchemaBaseline;
}

/** Whether a baseline owns anything (removing `schema` then reverts it). */
const owns = (b: SchemaBaseline | undefined) => isPlainObject(b) && Object.keys(b).length > 0;

/** The scope the assignments make, users and groups told apart by the lists they came from. */
function scopeOf(
  assignments: Record<string, string>,
  hint: Partial<SyncScope> | undefined,
  syncAll: boolean,
): SyncScope {
  const groups = new Set(hint?.groups ?? []);
  const principals = Object.keys(assignments).sort();
  return {
    syncAll,
    users: principals.filter((p) => !groups.has(p)),
    groups: principals.filter((p) => groups.has(p)),
  };
}

/** The outputs of what exists now: the program's values where Graph has them, Graph's where it does not yet. */
function outputsOfProgress(p: Progress): SyncConfigOutputs {
  const d = p.desired;
  const s = p.secrets;
  return outputsOf(
    {
      ...d,
      displayName: p.displayName,
      targetTenantId: s?.targetTenantId ?? d.targetTenantId,
      notificationEmail: s ? s.notificationEmail : d.notificationEmail,
      accidentalDeletionThreshold: s ? s.accidentalDeletionThreshold : d.accidentalDeletionThreshold,
      scope: scopeOf(p.assignments, d.scope, s ? s.syncAll : d.scope.syncAll),
      provisioningEnabled: p.jobStatus.state === "Active",
      schema: p.schema,
    },
    {
      applicationObjectId: p.applicationObjectId,
      servicePrincipalId: p.servicePrincipalId,
      appId: p.appId,
      jobId: p.jobId,
      userRuleId: p.userRuleId,
      appRoleId: p.appRoleId,
      assignments: p.assignments,
      jobStatus: p.jobStatus,
      adopted: p.adopted,
      adoptedAt: p.adoptedAt,
      pending: p.pending,
      schemaBaseline: owns(p.schemaBaseline) ? p.schemaBaseline : undefined,
    },
  );
}

/** Runs the pending steps in order; each one leaves `pending` as soon as Graph has done it. */
async function finish(ctx: LifecycleContext, p: Progress, deadline: number): Promise<void> {
  const errors = errorsOf(ctx, subject(p.desired.displayName, p.servicePrincipalId));
  const sp = p.servicePrincipalId;
  const done = (step: PendingStep) => (p.pending = p.pending.filter((s) => s !== step));
  const todo = (step: PendingStep) => p.pending.includes(step);
  const step = async (name: PendingStep, action: string, fn: () => Promise<void>) => {
    if (!todo(name)) return;
    try {
      await fn();
    } catch (e) {
      throw isGraphError(e) ? errors.failed(action, e) : e;
    }
    done(name);
  };

  await step("job", "create the synchronization job of", async () => {
    const job = await graph.createJob(ctx, sp, deadline);
    p.jobId = job.id;
    p.jobStatus = jobStatusOf(job);
    p.userRuleId = undefined;
    // A new job has the template's schema: nothing of it is owned yet.
    p.schema = undefined;
    p.schemaBaseline = {};
    if (!todo("schema")) p.pending.push("schema");
    if (!todo("start") && p.desired.provisioningEnabled) p.pending.push("start");
  });
  await step("secrets", "write the synchronization secrets of", async () => {
    await graph.putSecrets(ctx, sp, p.desired, deadline);
    const d = p.desired;
    p.secrets = { ...d, syncAll: d.scope.syncAll };
  });
  if (todo("validate")) {
    try {
      await graph.validateCredentials(ctx, sp, p.desired.targetTenantId, deadline);
    } catch (e) {
      if (isGraphError(e) && e.statusCode === 400) {
        throw targetRefused(
          ctx,
          subject(p.desired.displayName, sp),
          p.desired.targetTenantId,
          e,
          `the configuration's application ${p.applicationObjectId} exists and is kept in state, and the next up continues from this step.`,
        );
      }
      throw errors.failed("validate the credentials of", e);
    }
    done("validate");
  }
  await step("assignments", "assign the scope of", async () => {
    const plan = assignmentPlan(p.assignments, p.desired.scope);
    // A create stopped before its service principal was readable has no role yet.
    if (!p.appRoleId && plan.add.length > 0)
      p.appRoleId = accessRoleIdOf((await graph.getServicePrincipal(ctx, sp, deadline)) ?? undefined);
    const roleId = p.appRoleId ?? accessRoleIdOf(undefined);
    for (const principal of plan.add) {
      try {
        p.assignments = { ...p.assignments, [principal]: await graph.assign(ctx, sp, principal, roleId, deadline) };
      } catch (e) {
        if (is404(e)) {
          throw errors.message(
            `cannot assign ${principal} to ${subject(p.desired.displayName, sp).describe}: no user or group with that object ID exists in this (source) tenant ` +
              `(Graph: 404 ${e.code}; request-id: ${e.requestId ?? "none"}). Fix scope.users / scope.groups (object IDs of this tenant), then run pulumi up again.`,
          );
        }
        throw e;
      }
    }
    for (const r of plan.remove) {
      await graph.unassign(ctx, sp, r.assignmentId, deadline);
      const { [r.principalId]: _gone, ...rest } = p.assignments;
      p.assignments = rest;
    }
  });
  // Before start, so that the first cycle already uses the settings (one PUT, only when the owned parts differ).
  if (todo("schema") && p.jobId && (p.desired.schema || owns(p.schemaBaseline))) {
    const target = { spId: sp, jobId: p.jobId, ruleName: USER_RULE_NAME };
    try {
      const applied = await applySchema(ctx, target, p.desired.schema ?? {}, p.schemaBaseline, deadline, "schema.");
      p.userRuleId = applied.userRuleId ?? p.userRuleId;
      p.schema = p.desired.schema ? applied.observed : undefined;
      p.schemaBaseline = applied.baseline;
    } catch (e) {
      throw schemaError(ctx, subject(p.desired.displayName, sp), "apply the schema settings of", e);
    }
    done("schema");
  }
  await step("schema", "read the synchronization schema of", async () => {
    if (p.jobId) p.userRuleId = await graph.readUserRuleId(ctx, sp, p.jobId, deadline);
  });
  await step("start", p.desired.provisioningEnabled ? "start the job of" : "pause the job of", async () => {
    const running = p.jobStatus.state === "Active";
    if (!p.jobId || running === p.desired.provisioningEnabled) return;
    await graph.startOrPause(ctx, sp, p.jobId, p.desired.provisioningEnabled, deadline);
    p.jobStatus = afterStartOrPause(p.jobStatus, p.desired.provisioningEnabled);
  });
}

/** Runs the rest of the steps; once the application exists, a failure keeps it in state (partial create/update). */
async function finishOrKeep(ctx: LifecycleContext, p: Progress, deadline: number): Promise<SyncConfigOutputs> {
  try {
    await finish(ctx, p, deadline);
  } catch (e) {
    const cause = e instanceof Error ? e : new Error(String(e));
    throw new ResourceInitFailure(p.servicePrincipalId, outputsOfProgress(p), cause);
  }
  const notice = quarantineNotice(p.displayName, p.desired.targetTenantId, p.jobStatus);
  if (notice) ctx.notice?.(notice);
  return outputsOfProgress(p);
}

function newProgress(
  desired: SyncConfigInputs,
  ids: { applicationObjectId: string; servicePrincipalId: string; appId: string },
  adopted: boolean,
  at?: string,
): Progress {
  return {
    desired,
    displayName: desired.displayName,
    ...ids,
    assignments: {},
    jobStatus: { state: "Disabled", code: "NotConfigured" },
    adopted,
    adoptedAt: at,
    pending: [...STEPS],
    schemaBaseline: {},
  };
}

export async function createSyncConfig(
  ctx: LifecycleContext,
  inputs: SyncConfigInputs,
): Promise<{ id: string; outs: SyncConfigOutputs }> {
  const deadline = operationDeadline(ctx);
  const errors = errorsOf(ctx, subject(inputs.displayName));
  let existing: GraphServicePrincipal[];
  try {
    existing = await graph.findByName(ctx, inputs.displayName, deadline);
  } catch (e) {
    throw errors.failed("look for an existing", e);
  }
  if (existing.length > 1) {
    throw errors.message(
      `${existing.length} cross-tenant synchronization configurations named "${inputs.displayName}" exist in this tenant (service principals ${existing
        .map((sp) => objectIdOf(sp))
        .join(
          ", ",
        )}), so this resource cannot tell which one is its own. Give this resource another displayName, or delete or rename the extra ones ` +
        `(Entra admin center > Cross-tenant synchronization > Configurations), then run pulumi up again.`,
    );
  }
  if (existing.length === 1) return takeOverExisting(ctx, inputs, existing[0], deadline);

  let ids: ConfigIds | undefined;
  let attempts = 1;
  let lost: Error | undefined;
  try {
    ({ ids, attempts } = await graph.instantiate(ctx, inputs.displayName, deadline));
  } catch (e) {
    if (!isGraphError(e) || (e.statusCode !== undefined && e.statusCode < 500)) throw errors.failed("create", e);
    lost = errors.failed("create", e);
  }
  // A POST whose answer was lost (5xx, timeout) may have created the application, and one sent more than once may
  // have created it more than once. No configuration had this name before (looked up above), so every one with it
  // now is this create's: keep one (the answered one), delete the others.
  if (!ids || attempts > 1) {
    const cause = lost;
    ids = await keepOne(ctx, inputs, ids, deadline, () => cause ?? errors.message("unexpected: no configuration"));
  }
  const p = newProgress(inputs, ids, false);
  (ctx.logger ?? noLogger).log(
    `entra:${TYPE}: created application ${ids.applicationObjectId} and service principal ${ids.servicePrincipalId} for "${inputs.displayName}"`,
  );
  let sp: GraphServicePrincipal | null;
  try {
    sp = await graph.waitForServicePrincipal(ctx, ids.servicePrincipalId, deadline);
  } catch (e) {
    throw new ResourceInitFailure(
      ids.servicePrincipalId,
      outputsOfProgress(p),
      errors.failed("read the new service principal of", e),
    );
  }
  if (sp === null) {
    throw new ResourceInitFailure(
      ids.servicePrincipalId,
      outputsOfProgress(p),
      errors.message(
        `the service principal ${ids.servicePrincipalId} of the new application ${ids.applicationObjectId} was still not readable after ${graph.SP_READABLE_WAIT_MS / 1000} s ` +
          `(Graph answered 404 while it replicates). The application is kept in state; run pulumi up again to finish the configuration.`,
      ),
    );
  }
  p.appRoleId = accessRoleIdOf(sp);
  return { id: ids.servicePrincipalId, outs: await finishOrKeep(ctx, p, deadline) };
}

/**
 * A configuration with this name exists already (the portal's, an earlier run's whose state was lost): this
 * resource takes it over and sets the program's values. Never silent: `adopted`/`adoptedAt` make the program warn.
 */
async function takeOverExisting(
  ctx: LifecycleContext,
  inputs: SyncConfigInputs,
  sp: GraphServicePrincipal,
  deadline: number,
): Promise<{ id: string; outs: SyncConfigOutputs }> {
  const spId = objectIdOf(sp)!;
  const errors = errorsOf(ctx, subject(inputs.displayName, spId));
  const appId = String(sp.appId ?? "").toLowerCase();
  let applicationObjectId: string | undefined;
  let job;
  let assigned;
  const roleId = accessRoleIdOf(sp);
  try {
    applicationObjectId = await graph.applicationOf(ctx, appId, deadline);
    job = await graph.findJob(ctx, spId, deadline);
    assigned = assignmentsOf(await graph.listAssignments(ctx, spId, deadline), roleId);
  } catch (e) {
    throw errors.failed("read the existing", e);
  }
  if (!applicationObjectId) {
    throw errors.message(
      `the service principal ${spId} named "${inputs.displayName}" exists but its application (appId ${appId}) is not in this tenant, so it cannot be managed here. ` +
        `Give this resource another displayName, or delete that service principal, then run pulumi up again.`,
    );
  }
  const at = new Date(ctx.clock.now()).toISOString();
  const p = newProgress(inputs, { applicationObjectId, servicePrincipalId: spId, appId }, true, at);
  p.displayName = String(sp.displayName ?? inputs.displayName);
  p.appRoleId = roleId;
  p.assignments = assigned.assignments;
  if (job?.id) {
    p.jobId = job.id;
    p.jobStatus = jobStatusOf(job);
    p.pending = p.pending.filter((s) => s !== "job");
  }
  (ctx.logger ?? noLogger).log(
    `entra:${TYPE}: took over the existing configuration "${p.displayName}" (service principal ${spId}, application ${applicationObjectId}); setting the program's secrets, scope and job state`,
  );
  return { id: spId, outs: await finishOrKeep(ctx, p, deadline) };
}

export interface SyncConfigReadOutcome {
  id: string;
  props?: SyncConfigOutputs;
  inputs?: SyncConfigInputs;
}

/** The input fields of outputs (what a refresh hands back as the resource's inputs). */
function inputsOf(o: SyncConfigOutputs): SyncConfigInputs {
  return stripUndefined({
    displayName: o.displayName,
    targetTenantId: o.targetTenantId,
    scope: o.scope,
    provisioningEnabled: o.provisioningEnabled,
    notificationEmail: o.notificationEmail,
    accidentalDeletionThreshold: o.accidentalDeletionThreshold,
    onDestroy: o.onDestroy,
    schema: o.schema,
  });
}

/**
 * Refresh: the service principal (404 = the configuration is gone), the job's state and status, and the
 * assignments. Secrets cannot be read back: their values stay as last written.
 */
export async function readSyncConfig(
  ctx: LifecycleContext,
  id: string,
  props: Stored<SyncConfigOutputs>,
): Promise<SyncConfigReadOutcome> {
  const deadline = operationDeadline(ctx);
  const spId = String(props.servicePrincipalId ?? id).toLowerCase();
  const name = String(props.displayName ?? spId);
  const errors = errorsOf(ctx, subject(name, spId));
  let sp: GraphServicePrincipal | null;
  let job;
  let assigned;
  let jobId = typeof props.jobId === "string" ? props.jobId : undefined;
  let schema: SyncSchemaSettings | undefined;
  try {
    sp = await graph.getServicePrincipal(ctx, spId, deadline);
    if (sp === null) return { id: "" };
    job = jobId ? await graph.getJob(ctx, spId, jobId, deadline) : await graph.findJob(ctx, spId, deadline);
    assigned = assignmentsOf(await graph.listAssignments(ctx, spId, deadline), props.appRoleId);
    // The owned schema parts only (one GET, only when `schema` is declared): edits elsewhere are not drift.
    if (job?.id && job.id === props.jobId && isPlainObject(props.schema)) {
      const seen = await readSchema(ctx, { spId, jobId: job.id, ruleName: USER_RULE_NAME }, props.schema, deadline);
      schema = seen?.observed;
    }
  } catch (e) {
    // Only a 404 of the service principal means gone; anything else fails the refresh and changes nothing.
    throw errors.failed("read", e);
  }
  jobId = job?.id ?? undefined;
  const jobStatus: JobStatus = job ? jobStatusOf(job) : { state: "Disabled", code: "NotConfigured" };
  const scope = props.scope ?? { syncAll: false, users: [], groups: [] };
  const displayName = String(sp.displayName ?? name);
  const outs = outputsOf(
    {
      displayName,
      targetTenantId: String(props.targetTenantId ?? ""),
      scope: { syncAll: scope.syncAll === true, users: assigned.users, groups: assigned.groups },
      provisioningEnabled: jobStatus.state === "Active",
      notificationEmail: props.notificationEmail,
      accidentalDeletionThreshold: props.accidentalDeletionThreshold,
      onDestroy: props.onDestroy === "pause" ? "pause" : "delete",
      schema,
    },
    {
      applicationObjectId: String(props.applicationObjectId ?? ""),
      servicePrincipalId: spId,
      appId: String(props.appId ?? sp.appId ?? "").toLowerCase(),
      jobId,
      userRuleId: jobId && jobId === props.jobId ? props.userRuleId : undefined,
      appRoleId: props.appRoleId ?? accessRoleIdOf(sp),
      assignments: assigned.assignments,
      jobStatus,
      adopted: props.adopted === true,
      adoptedAt: props.adopted === true ? props.adoptedAt : undefined,
      pending: Array.isArray(props.pending) ? props.pending : undefined,
      // Another job (the old one deleted in the portal) has none of this one's settings.
      schemaBaseline: jobId && jobId === props.jobId && owns(props.schemaBaseline) ? props.schemaBaseline : undefined,
    },
  );
  const notice = quarantineNotice(displayName, outs.targetTenantId, jobStatus);
  if (notice) ctx.notice?.(notice);
  return { id: spId, props: outs, inputs: inputsOf(outs) };
}

/**
 * Update changes only what changed: the name (application and service principal), the secrets when the
 * notification settings or sync-all change, each added or removed assignment, start or pause; and finishes the
 * steps a partial create left (`pending`).
 */
export async function updateSyncConfig(
  ctx: LifecycleContext,
  id: string,
  olds: Stored<SyncConfigOutputs>,
  news: SyncConfigInputs,
): Promise<{ outs: SyncConfigOutputs }> {
  const deadline = operationDeadline(ctx);
  const spId = String(olds.servicePrincipalId ?? id).toLowerCase();
  const applicationObjectId = String(olds.applicationObjectId ?? "");
  const oldScope = olds.scope ?? { syncAll: false, users: [], groups: [] };
  const p: Progress = {
    desired: news,
    displayName: String(olds.displayName ?? news.displayName),
    applicationObjectId,
    servicePrincipalId: spId,
    appId: String(olds.appId ?? ""),
    appRoleId: olds.appRoleId,
    jobId: olds.jobId,
    userRuleId: olds.userRuleId,
    assignments: { ...(olds.assignments ?? {}) },
    jobStatus: olds.jobStatus ?? { state: "Disabled", code: "NotConfigured" },
    secrets: {
      targetTenantId: String(olds.targetTenantId ?? news.targetTenantId),
      notificationEmail: olds.notificationEmail,
      accidentalDeletionThreshold: olds.accidentalDeletionThreshold,
      syncAll: oldScope.syncAll === true,
    },
    adopted: olds.adopted === true,
    adoptedAt: olds.adopted === true ? olds.adoptedAt : undefined,
    pending: Array.isArray(olds.pending) ? olds.pending.filter((s): s is PendingStep => STEPS.includes(s)) : [],
    schema: olds.schema,
    schemaBaseline: olds.schemaBaseline ?? {},
  };
  const want = (step: PendingStep) => {
    if (!p.pending.includes(step)) p.pending.push(step);
  };
  if (!p.jobId) want("job");
  if (secretsChanged(olds, news)) want("secrets");
  const plan = assignmentPlan(p.assignments, news.scope);
  if (plan.add.length > 0 || plan.remove.length > 0) want("assignments");
  if (p.jobId && !p.userRuleId) want("schema");
  // Only when the owned parts differ from what was last observed (or `schema` was removed: revert).
  if (!sameSettings(olds.schema ?? {}, news.schema ?? {}) || (!news.schema && owns(olds.schemaBaseline)))
    want("schema");
  if ((p.jobStatus.state === "Active") !== news.provisioningEnabled) want("start");
  p.pending = STEPS.filter((s) => p.pending.includes(s));

  if (news.displayName !== p.displayName) {
    try {
      await graph.rename(ctx, applicationObjectId, spId, news.displayName, deadline);
    } catch (e) {
      throw new ResourceInitFailure(
        spId,
        outputsOfProgress(p),
        errorsOf(ctx, subject(p.displayName, spId)).failed("rename", e),
      );
    }
    p.displayName = news.displayName;
  }
  return { outs: await finishOrKeep(ctx, p, deadline) };
}

/**
 * Delete pauses the job, then deletes the application (Graph deletes its service principal and job with it);
 * with onDestroy "pause" it only pauses the job and the configuration stays in Entra. A 404 means already gone.
 */
export async function deleteSyncConfig(
  ctx: LifecycleContext,
  id: string,
  props: Stored<SyncConfigOutputs>,
): Promise<void> {
  const deadline = operationDeadline(ctx);
  const spId = String(props.servicePrincipalId ?? id).toLowerCase();
  const name = String(props.displayName ?? spId);
  const errors = errorsOf(ctx, subject(name, spId));
  if (typeof props.jobId === "string") {
    try {
      await graph.startOrPause(ctx, spId, props.jobId, false, deadline);
    } catch (e) {
      if (!is404(e)) throw errors.failed("pause the job of", e);
    }
  }
  if (props.onDestroy === "pause" && typeof props.jobId === "string" && owns(props.schemaBaseline)) {
    // The configuration stays: what its schema settings changed goes back (the job is paused, so no cycle runs now).
    try {
      await revertToBaseline(
        ctx,
        { spId, jobId: props.jobId, ruleName: USER_RULE_NAME },
        props.schemaBaseline!,
        deadline,
      );
    } catch (e) {
      throw schemaError(ctx, subject(name, spId), "revert the schema settings of", e);
    }
  }
  if (props.onDestroy === "pause") {
    ctx.notice?.(
      `entra:${TYPE}: kept the configuration "${name}" in Entra with its job paused (onDestroy "pause"); its application ${props.applicationObjectId ?? "(unknown)"} ` +
        `and service principal ${spId} are no longer managed by this stack.`,
    );
    return;
  }
  if (typeof props.applicationObjectId !== "string" || props.applicationObjectId === "") return;
  try {
    await graph.deleteApplication(ctx, props.applicationObjectId, deadline);
  } catch (e) {
    if (!is404(e)) throw errors.failed("delete", e);
  }
}
