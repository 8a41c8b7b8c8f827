/**
 * create → PUT, read → GET, update → PATCH (changed fields only), delete → DELETE, as plain functions over a
 * GraphClient. One Graph call per step in the normal case; PUT and PATCH answer 204 without a body, so outputs
 * come from the desired state rather than a read-back.
 */
import type { ApiVersion } from "../../config/settings";
import { GraphError, isGraphError } from "../../graph/errors";
import { backoffMs } from "../../graph/retry/strategies";
import { plainError, ResourceInitFailure, userError } from "../../errors";
import { noLogger } from "../../log";
import type { LifecycleContext } from "../handler";
import {
  describeDifferences,
  inputsFromRemote,
  matches,
  outputsFromInputs,
  patchBody,
  putBody,
  remoteFromGraph,
  remoteFromOutputs,
  stripUndefined,
} from "./payload";
import { GraphSyncPolicy, PolicyInputs, PolicyOutputs, policyPath, RemotePolicy } from "./types";

export type { LifecycleContext, RecentWrite } from "../handler";

export interface ReadOutcome {
  id: string;
  props?: PolicyOutputs;
  inputs?: PolicyInputs;
}

function versionFor(ctx: LifecycleContext, managesGroupSync: boolean): ApiVersion {
  // groupSyncInbound exists only in beta; a resource that manages it keeps using beta for every call.
  return managesGroupSync ? "beta" : ctx.apiVersion;
}

function is404(e: unknown): e is GraphError {
  return isGraphError(e) && e.statusCode === 404;
}

/**
 * Calls `attempt` again while `settled(result)` is false, inside the replication window and the deadline.
 * Only used after our own write (or a 409 that proves existence), so normal reads stay at one call.
 */
async function untilSettled<T>(
  ctx: LifecycleContext,
  deadline: number,
  until: number,
  attempt: () => Promise<T>,
  settled: (r: T) => boolean,
): Promise<T> {
  for (let n = 0; ; n++) {
    const result = await attempt();
    const now = ctx.clock.now();
    const wait = backoffMs(n, Math.max(ctx.retryBaseDelayMs, 1), 2000, ctx.random);
    if (settled(result) || now + wait >= Math.min(until, deadline)) return result;
    (ctx.logger ?? noLogger).log(`replication: waiting ${wait} ms for the directory to catch up`);
    await ctx.clock.sleep(wait);
  }
}

async function getRemote(ctx: LifecycleContext, tenantId: string, version: ApiVersion, deadline: number): Promise<RemotePolicy | null> {
  try {
    const res = await ctx.graph.request<GraphSyncPolicy>("GET", policyPath(tenantId), undefined, { deadline, apiVersion: version });
    return remoteFromGraph(res.body);
  } catch (e) {
    if (is404(e)) return null;
    throw e;
  }
}

/** A write that may hit 404 right after our own create (replication lag) is repeated within the window. */
async function writeWithReplicationWait(ctx: LifecycleContext, tenantId: string, deadline: number, write: () => Promise<unknown>): Promise<void> {
  const recent = ctx.writes.get(tenantId);
  if (!recent || recent.expected === null) {
    await write();
    return;
  }
  const outcome = await untilSettled<unknown>(
    ctx,
    deadline,
    recent.at + ctx.replicationWaitMs,
    () => write().then(() => undefined, (e) => e),
    (r) => !is404(r),
  );
  if (outcome !== undefined) throw outcome;
}

function partnerMissing(tenantId: string, e: GraphError, secrets: readonly string[]): Error {
  return plainError(
    `the partner configuration for tenant ${tenantId} does not exist in this tenant, so its identity sync policy cannot be created. ` +
      `Create the partner configuration first (Graph: POST /policies/crossTenantAccessPolicy/partners with {"tenantId": "${tenantId}"}; ` +
      `Entra admin center: External Identities > Cross-tenant access settings > Add organization), then run pulumi up again. ` +
      `(Graph: ${e.statusCode} ${e.code}: ${e.graphMessage.replace(/\.$/, "")}; request-id: ${e.requestId ?? "none"}, client-request-id: ${e.clientRequestId ?? "none"})`,
    secrets,
  );
}

export async function createPolicy(ctx: LifecycleContext, inputs: PolicyInputs): Promise<{ id: string; outs: PolicyOutputs }> {
  const tenantId = inputs.tenantId;
  const version = versionFor(ctx, inputs.groupSyncInbound !== undefined);
  const deadline = ctx.clock.now() + ctx.operationTimeoutMs;
  try {
    await ctx.graph.request("PUT", policyPath(tenantId), putBody(inputs), { deadline, apiVersion: version });
  } catch (e) {
    if (is404(e)) throw partnerMissing(tenantId, e, ctx.secrets);
    if (isGraphError(e) && e.statusCode === 409 && e.code !== "Directory_ConcurrencyViolation") {
      return takeOver(ctx, inputs, version, deadline, e);
    }
    throw userError(e, "create", tenantId, ctx.secrets);
  }
  ctx.writes.set(tenantId, { at: ctx.clock.now(), expected: inputs });
  return { id: tenantId, outs: outputsFromInputs(inputs, version, false) };
}

/**
 * PUT answered 409: the policy exists. Equal → take it over silently (this is what makes a create retried after a
 * crash, or after a lost response, idempotent). Different → error with the remote values, or with
 * `adoptExisting: true` PATCH the differing fields.
 */
async function takeOver(
  ctx: LifecycleContext,
  inputs: PolicyInputs,
  version: ApiVersion,
  deadline: number,
  conflict: GraphError,
): Promise<{ id: string; outs: PolicyOutputs }> {
  const tenantId = inputs.tenantId;
  // A 409 on a retried PUT most likely means our first attempt succeeded: keep it in state whatever happens next.
  const possiblyOurs = (conflict.attempts ?? 1) > 1;
  const keep = (e: Error, props: PolicyOutputs) => (possiblyOurs ? new ResourceInitFailure(tenantId, props, e) : e);
  let remote: RemotePolicy | null;
  try {
    // The 409 proves existence; a 404 now is replication lag.
    remote = await untilSettled(ctx, deadline, ctx.clock.now() + ctx.replicationWaitMs, () => getRemote(ctx, tenantId, version, deadline), (r) => r !== null);
  } catch (e) {
    throw keep(userError(e, "read the existing", tenantId, ctx.secrets), outputsFromInputs(inputs, version, false));
  }
  if (remote === null) {
    const err = plainError(
      `Graph reported that the identity sync policy of partner tenant ${tenantId} already exists (409, request-id ${conflict.requestId ?? "none"}) but reading it kept returning 404. Run pulumi up again in a minute.`,
      ctx.secrets,
    );
    throw keep(err, outputsFromInputs(inputs, version, false));
  }
  if (matches(inputs, remote)) {
    ctx.writes.set(tenantId, { at: ctx.clock.now(), expected: inputs });
    return { id: tenantId, outs: outputsFromInputs(inputs, version, true) };
  }
  const current = stripUndefined({
    ...inputsFromRemote(tenantId, remote, outputsFromInputs(inputs, version, true)),
    apiVersion: version,
    adopted: true,
  });
  if (inputs.adoptExisting !== true) {
    const existing = [
      `displayName ${JSON.stringify(remote.displayName)}`,
      `userSyncInbound.isSyncAllowed ${remote.userSyncAllowed}`,
      ...(remote.groupSyncAllowed !== null ? [`groupSyncInbound.isSyncAllowed ${remote.groupSyncAllowed}`] : []),
    ].join(", ");
    const err = plainError(
      `an identity sync policy for partner tenant ${tenantId} already exists (${existing}) and differs from the program: ` +
        `${describeDifferences(inputs, remote).join("; ")}. ` +
        `To take it over and set the program's values, add \`adoptExisting: true\` to this resource and run pulumi up again; ` +
        `or change the program to match the existing values (it is then taken over without changes). ` +
        `(Graph: 409 ${conflict.code}; request-id: ${conflict.requestId ?? "none"})`,
      ctx.secrets,
    );
    throw keep(err, current);
  }
  try {
    await ctx.graph.request("PATCH", policyPath(tenantId), patchBody(inputs, remote), { deadline, apiVersion: version });
  } catch (e) {
    // The user asked to adopt and the object exists: keep it in state with its real values; the next up retries.
    throw new ResourceInitFailure(tenantId, current, userError(e, "update the adopted", tenantId, ctx.secrets));
  }
  ctx.writes.set(tenantId, { at: ctx.clock.now(), expected: inputs });
  return { id: tenantId, outs: outputsFromInputs(inputs, version, true) };
}

export async function readPolicy(ctx: LifecycleContext, id: string, props: Partial<PolicyOutputs>): Promise<ReadOutcome> {
  const tenantId = String(props.tenantId ?? id).toLowerCase();
  const version = versionFor(ctx, props.groupSyncInbound !== undefined);
  const deadline = ctx.clock.now() + ctx.operationTimeoutMs;
  const recent = ctx.writes.get(tenantId);
  let remote: RemotePolicy | null;
  try {
    const get = () => getRemote(ctx, tenantId, version, deadline);
    remote = recent
      ? await untilSettled(ctx, deadline, recent.at + ctx.replicationWaitMs, get, (r) =>
          recent.expected === null ? r === null : r !== null && matches(recent.expected as PolicyInputs, r),
        )
      : await get();
  } catch (e) {
    // Only a 404 means gone; anything else must fail the refresh rather than drop the resource from state.
    throw userError(e, "read", tenantId, ctx.secrets);
  }
  if (remote === null) return { id: "" };
  const inputs = inputsFromRemote(tenantId, remote, props);
  const outs: PolicyOutputs = stripUndefined({
    ...inputs,
    apiVersion: props.apiVersion === "beta" || props.apiVersion === "v1.0" ? props.apiVersion : version,
    adopted: props.adopted === true,
  });
  return { id: tenantId, props: outs, inputs };
}

export async function updatePolicy(
  ctx: LifecycleContext,
  olds: Partial<PolicyOutputs>,
  news: PolicyInputs,
): Promise<{ outs: PolicyOutputs }> {
  const tenantId = news.tenantId;
  const version = versionFor(ctx, news.groupSyncInbound !== undefined);
  const deadline = ctx.clock.now() + ctx.operationTimeoutMs;
  const body = patchBody(news, remoteFromOutputs(olds));
  if (Object.keys(body).length > 0) {
    try {
      await writeWithReplicationWait(ctx, tenantId, deadline, () =>
        ctx.graph.request("PATCH", policyPath(tenantId), body, { deadline, apiVersion: version }),
      );
    } catch (e) {
      if (is404(e)) {
        throw plainError(
          `the identity sync policy of partner tenant ${tenantId} no longer exists in Graph (deleted outside Pulumi). ` +
            `Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create it again. (Graph: 404 ${e.code}; request-id: ${e.requestId ?? "none"})`,
          ctx.secrets,
        );
      }
      throw userError(e, "update", tenantId, ctx.secrets);
    }
    ctx.writes.set(tenantId, { at: ctx.clock.now(), expected: news });
  }
  return { outs: outputsFromInputs(news, version, olds.adopted === true) };
}

export async function deletePolicy(ctx: LifecycleContext, id: string, props: Partial<PolicyOutputs>): Promise<void> {
  const tenantId = String(props.tenantId ?? id).toLowerCase();
  const deadline = ctx.clock.now() + ctx.operationTimeoutMs;
  try {
    await writeWithReplicationWait(ctx, tenantId, deadline, () =>
      ctx.graph.request("DELETE", policyPath(tenantId), undefined, { deadline }),
    );
  } catch (e) {
    if (!is404(e)) throw userError(e, "delete", tenantId, ctx.secrets);
    // 404: already gone, which is what delete wants.
  }
  ctx.writes.set(tenantId, { at: ctx.clock.now(), expected: null });
}
