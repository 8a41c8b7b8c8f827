/**
 * One function per Graph call a configuration makes, each with its own answer handling (only a 404 means gone).
 * The lifecycle (lifecycle.ts) puts them in order; errors are explained by the caller (messages.ts).
 */
import { isGraphError } from "../../graph/errors";
import { nextPath } from "../../graph/paths";
import type { LifecycleContext } from "../handler";
import { getOrNull, is404 } from "../shared/graphCalls";
import { untilSettled } from "../shared/replication";
import { syncPaths } from "./paths";
import { objectIdOf, secretsBody, userRuleIdOf, validateBody } from "./payload";
import {
  CONFIGURATION_TEMPLATE_ID,
  GraphApplication,
  GraphAppRoleAssignment,
  GraphInstantiated,
  GraphSchema,
  GraphServicePrincipal,
  GraphSyncJob,
  SYNC_TEMPLATE_ID,
  SyncConfigInputs,
} from "./types";

/** The longest wait for a new service principal to become readable (the Entra guide: "up to 15 seconds"). */
export const SP_READABLE_WAIT_MS = 30_000;

/** Every item of a collection, page by page. */
export async function listAll<T>(ctx: LifecycleContext, path: string, deadline: number): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  for (let next: string | undefined = path; next !== undefined;) {
    const res: { body?: { value?: T[]; "@odata.nextLink"?: string } } = await ctx.graph.request(
      "GET",
      next,
      undefined,
      {
        deadline,
      },
    );
    items.push(...(Array.isArray(res.body?.value) ? res.body.value : []));
    const link = res.body?.["@odata.nextLink"];
    next =
      typeof link === "string" && link !== "" && !seen.has(link)
        ? nextPath(link, ctx.graphEndpoint, ctx.apiVersion)
        : undefined;
    if (typeof link === "string") seen.add(link);
  }
  return items;
}

/** The configurations (service principals of the template) with this display name, compared as Graph does. */
export async function findByName(
  ctx: LifecycleContext,
  displayName: string,
  deadline: number,
): Promise<GraphServicePrincipal[]> {
  const all = await listAll<GraphServicePrincipal>(ctx, syncPaths.configurations, deadline);
  const name = displayName.trim().toLowerCase();
  return all.filter(
    (sp) =>
      String(sp.displayName ?? "")
        .trim()
        .toLowerCase() === name &&
      String(sp.applicationTemplateId ?? CONFIGURATION_TEMPLATE_ID).toLowerCase() === CONFIGURATION_TEMPLATE_ID,
  );
}

export async function instantiate(ctx: LifecycleContext, displayName: string, deadline: number) {
  const res = await ctx.graph.request<GraphInstantiated>("POST", syncPaths.instantiate, { displayName }, { deadline });
  const app = res.body?.application;
  const sp = res.body?.servicePrincipal;
  const applicationObjectId = objectIdOf(app);
  const servicePrincipalId = objectIdOf(sp);
  if (!applicationObjectId || !servicePrincipalId) {
    throw new Error(
      `Graph answered POST ${syncPaths.instantiate} with ${res.status} but without the application's and service principal's IDs (request-id: ${res.requestId ?? "none"}).`,
    );
  }
  return {
    ids: { applicationObjectId, servicePrincipalId, appId: String(app?.appId ?? sp?.appId ?? "").toLowerCase() },
    attempts: res.attempts,
  };
}

export function getServicePrincipal(ctx: LifecycleContext, spId: string, deadline: number) {
  return getOrNull<GraphServicePrincipal>(ctx, syncPaths.servicePrincipal(spId), deadline);
}

/** GET of a service principal created a moment ago: 404 while it replicates, read again until readable (bounded). */
export function waitForServicePrincipal(
  ctx: LifecycleContext,
  spId: string,
  deadline: number,
): Promise<GraphServicePrincipal | null> {
  const until = Math.min(deadline, ctx.clock.now() + SP_READABLE_WAIT_MS);
  return untilSettled(
    ctx,
    deadline,
    until,
    () => getServicePrincipal(ctx, spId, deadline),
    (sp) => sp !== null,
  );
}

/** The application object of a service principal (take-over: only the appId is on the service principal). */
export async function applicationOf(
  ctx: LifecycleContext,
  appId: string,
  deadline: number,
): Promise<string | undefined> {
  const apps = await listAll<GraphApplication>(ctx, syncPaths.applicationByAppId(appId), deadline);
  return objectIdOf(apps[0]);
}

export async function createJob(ctx: LifecycleContext, spId: string, deadline: number): Promise<GraphSyncJob> {
  const res = await ctx.graph.request<GraphSyncJob>(
    "POST",
    syncPaths.jobs(spId),
    { templateId: SYNC_TEMPLATE_ID },
    { deadline },
  );
  if (typeof res.body?.id !== "string") {
    throw new Error(
      `Graph answered POST ${syncPaths.jobs(spId)} with ${res.status} but without a job ID (request-id: ${res.requestId ?? "none"}).`,
    );
  }
  return res.body;
}

/** The Azure2Azure job of a service principal, if it has one. */
export async function findJob(
  ctx: LifecycleContext,
  spId: string,
  deadline: number,
): Promise<GraphSyncJob | undefined> {
  const jobs = await listAll<GraphSyncJob>(ctx, syncPaths.jobs(spId), deadline);
  return jobs.find((j) => typeof j.id === "string" && (j.templateId ?? SYNC_TEMPLATE_ID) === SYNC_TEMPLATE_ID);
}

export function getJob(ctx: LifecycleContext, spId: string, jobId: string, deadline: number) {
  return getOrNull<GraphSyncJob>(ctx, syncPaths.job(spId, jobId), deadline);
}

export async function putSecrets(ctx: LifecycleContext, spId: string, inputs: SyncConfigInputs, deadline: number) {
  await ctx.graph.request("PUT", syncPaths.secrets(spId), secretsBody(inputs), { deadline });
}

export async function validateCredentials(
  ctx: LifecycleContext,
  spId: string,
  targetTenantId: string,
  deadline: number,
) {
  await ctx.graph.request("POST", syncPaths.validateCredentials(spId), validateBody(targetTenantId), { deadline });
}

export async function listAssignments(ctx: LifecycleContext, spId: string, deadline: number) {
  return listAll<GraphAppRoleAssignment>(ctx, syncPaths.assignments(spId), deadline);
}

/** Graph's answer to a second assignment of the same principal and role ("Permission being assigned already exists"). */
function isDuplicateAssignment(e: unknown): boolean {
  return isGraphError(e) && (e.statusCode === 409 || e.statusCode === 400) && /already exists/i.test(e.graphMessage);
}

/** Assigns a principal; when it is assigned already (a retried POST, a portal change), that assignment is used. */
export async function assign(
  ctx: LifecycleContext,
  spId: string,
  principalId: string,
  appRoleId: string,
  deadline: number,
): Promise<string> {
  try {
    const res = await ctx.graph.request<GraphAppRoleAssignment>(
      "POST",
      syncPaths.assignments(spId),
      { principalId, resourceId: spId, appRoleId },
      { deadline },
    );
    if (typeof res.body?.id === "string") return res.body.id;
  } catch (e) {
    if (!isDuplicateAssignment(e)) throw e;
  }
  const found = (await listAssignments(ctx, spId, deadline)).find(
    (a) => String(a.principalId ?? "").toLowerCase() === principalId && typeof a.id === "string",
  );
  if (!found) throw new Error(`Graph did not return the assignment of ${principalId} to service principal ${spId}.`);
  return found.id as string;
}

/** Removes an assignment; 404 means it is gone already. */
export async function unassign(ctx: LifecycleContext, spId: string, assignmentId: string, deadline: number) {
  try {
    await ctx.graph.request("DELETE", syncPaths.assignment(spId, assignmentId), undefined, { deadline });
  } catch (e) {
    if (!is404(e)) throw e;
  }
}

export async function readUserRuleId(ctx: LifecycleContext, spId: string, jobId: string, deadline: number) {
  const res = await ctx.graph.request<GraphSchema>("GET", syncPaths.schema(spId, jobId), undefined, { deadline });
  return userRuleIdOf(res.body);
}

export async function startOrPause(
  ctx: LifecycleContext,
  spId: string,
  jobId: string,
  start: boolean,
  deadline: number,
) {
  await ctx.graph.request("POST", syncPaths.jobAction(spId, jobId, start ? "start" : "pause"), undefined, { deadline });
}

export async function rename(
  ctx: LifecycleContext,
  applicationObjectId: string,
  spId: string,
  displayName: string,
  deadline: number,
) {
  await ctx.graph.request("PATCH", syncPaths.application(applicationObjectId), { displayName }, { deadline });
  await ctx.graph.request("PATCH", syncPaths.servicePrincipal(spId), { displayName }, { deadline });
}

export async function deleteApplication(ctx: LifecycleContext, applicationObjectId: string, deadline: number) {
  await ctx.graph.request("DELETE", syncPaths.application(applicationObjectId), undefined, { deadline });
}
