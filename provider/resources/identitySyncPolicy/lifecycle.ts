/**
 * create → PUT, read → GET, update → PATCH (changed fields only), delete → DELETE, as plain functions over a
 * GraphClient. One Graph call per step in the normal case; PUT and PATCH answer 204 without a body, so outputs
 * come from the desired state rather than a read-back.
 */
import type { ApiVersion } from "../../config/settings";
import type { GraphError } from "../../graph/errors";
import { LifecycleContext, operationDeadline } from "../handler";
import { errorsFor, Subject } from "../shared/errors";
import { getOrNull, graphDetail, is404, isExistsConflict } from "../shared/graphCalls";
import { recentWrite, recordWrite, retryWhileLagging, untilSettled, windowEnd } from "../shared/replication";
import { keepIfRetried, readAfterConflict, takeOver } from "../shared/takeOver";
import { PARTNER_CONFIGURATION, SYNC_POLICY } from "../shared/typeNames";
import { stripUndefined } from "../shared/values";
import {
  adoptedAtOf,
  describeDifferences,
  inputsFromRemote,
  matches,
  outputsFromInputs,
  patchBody,
  putBody,
  remoteFromGraph,
  remoteFromOutputs,
} from "./payload";
import { GraphSyncPolicy, PolicyInputs, PolicyOutputs, policyPath, RemotePolicy } from "./types";

export type { LifecycleContext, RecentWrite } from "../handler";

export interface ReadOutcome {
  id: string;
  props?: PolicyOutputs;
  inputs?: PolicyInputs;
}

const subject = (tenantId: string): Subject => ({
  typeName: SYNC_POLICY,
  describe: `the identity sync policy of partner tenant ${tenantId}`,
});

function versionFor(ctx: LifecycleContext, managesBetaOnly: boolean): ApiVersion {
  // groupSyncInbound and externalCloudAuthorizedApplicationId exist only in beta; a resource that manages one keeps
  // using beta for every call.
  return managesBetaOnly ? "beta" : ctx.apiVersion;
}

/** True when the bag (inputs or previous outputs) manages a beta-only property. */
function betaOnly(bag: Partial<PolicyInputs>): boolean {
  return bag.groupSyncInbound !== undefined || bag.externalCloudAuthorizedApplicationId !== undefined;
}

async function getRemote(
  ctx: LifecycleContext,
  tenantId: string,
  version: ApiVersion,
  deadline: number,
): Promise<RemotePolicy | null> {
  const body = await getOrNull<GraphSyncPolicy>(ctx, policyPath(tenantId), deadline, version);
  return body === null ? null : remoteFromGraph(body);
}

/** A write to the policy right after our own write of it (or of its partner) may meet replication lag: 404. */
function lagWindow(ctx: LifecycleContext, tenantId: string, typeName: string): number | undefined {
  const w = recentWrite(ctx, typeName, tenantId);
  return w && w.expected !== null ? windowEnd(ctx, w) : undefined;
}

function partnerMissing(ctx: LifecycleContext, tenantId: string, e: GraphError): Error {
  return errorsFor(ctx, subject(tenantId)).message(
    `the partner configuration for tenant ${tenantId} does not exist in this tenant, so its identity sync policy cannot be created. ` +
      `Create the partner configuration first (Graph: POST /policies/crossTenantAccessPolicy/partners with {"tenantId": "${tenantId}"}; ` +
      `Entra admin center: External Identities > Cross-tenant access settings > Add organization; or in this program: ` +
      `new ${PARTNER_CONFIGURATION}("…", { tenantId: "${tenantId}", … }) with \`tenantId: partner.tenantId\` on this policy, so Pulumi creates the partner first), ` +
      `then run pulumi up again. ` +
      graphDetail(e),
  );
}

export async function createPolicy(
  ctx: LifecycleContext,
  inputs: PolicyInputs,
): Promise<{ id: string; outs: PolicyOutputs }> {
  const tenantId = inputs.tenantId;
  const version = versionFor(ctx, betaOnly(inputs));
  const deadline = operationDeadline(ctx);
  try {
    // Right after this process created the partner, the PUT can meet a replica that has not seen it yet.
    await retryWhileLagging(
      ctx,
      deadline,
      lagWindow(ctx, tenantId, PARTNER_CONFIGURATION),
      () => ctx.graph.request("PUT", policyPath(tenantId), putBody(inputs), { deadline, apiVersion: version }),
      is404,
    );
  } catch (e) {
    if (is404(e)) throw partnerMissing(ctx, tenantId, e);
    if (isExistsConflict(e)) return existing(ctx, inputs, version, deadline, e);
    throw errorsFor(ctx, subject(tenantId)).failed("create", e);
  }
  recordWrite(ctx, SYNC_POLICY, tenantId, inputs);
  return { id: tenantId, outs: outputsFromInputs(inputs, version, false) };
}

/** PUT answered 409: the policy exists (shared take-over flow). */
async function existing(
  ctx: LifecycleContext,
  inputs: PolicyInputs,
  version: ApiVersion,
  deadline: number,
  conflict: GraphError,
): Promise<{ id: string; outs: PolicyOutputs }> {
  const tenantId = inputs.tenantId;
  const errors = errorsFor(ctx, subject(tenantId));
  const desired = (adopted: boolean) => outputsFromInputs(inputs, version, adopted);
  let remote: RemotePolicy | null;
  try {
    remote = await readAfterConflict(ctx, deadline, () => getRemote(ctx, tenantId, version, deadline));
  } catch (e) {
    throw keepIfRetried(conflict, tenantId, desired(false), errors.failed("read the existing", e));
  }
  if (remote === null) {
    const err = errors.message(
      `Graph reported that the identity sync policy of partner tenant ${tenantId} already exists (409, request-id ${conflict.requestId ?? "none"}) but reading it kept returning 404. Run pulumi up again in a minute.`,
    );
    throw keepIfRetried(conflict, tenantId, desired(false), err);
  }
  const found = remote;
  // When it was taken over: the program warns only on the run whose create did it (program/ownership.ts).
  const adoptedAt = new Date(ctx.clock.now()).toISOString();
  const actual = stripUndefined({
    ...inputsFromRemote(tenantId, found, desired(true)),
    apiVersion: version,
    adopted: true,
    adoptedAt,
  }) as PolicyOutputs;
  const outs = await takeOver(ctx, {
    subject: subject(tenantId),
    id: tenantId,
    exists: `an identity sync policy for partner tenant ${tenantId}`,
    conflict,
    adoptExisting: inputs.adoptExisting === true,
    differences: describeDifferences(inputs, found),
    existing: [
      `displayName ${JSON.stringify(found.displayName)}`,
      `userSyncInbound.isSyncAllowed ${found.userSyncAllowed}`,
      ...(found.groupSyncAllowed !== null ? [`groupSyncInbound.isSyncAllowed ${found.groupSyncAllowed}`] : []),
      ...(typeof found.externalCloudAuthorizedApplicationId === "string"
        ? [`externalCloudAuthorizedApplicationId ${found.externalCloudAuthorizedApplicationId}`]
        : []),
    ].join(", "),
    patch: async () => {
      await ctx.graph.request("PATCH", policyPath(tenantId), patchBody(inputs, found), {
        deadline,
        apiVersion: version,
      });
    },
    // A PUT sent more than once that meets an equal policy most likely met its own first attempt: not adopted.
    taken: outputsFromInputs(inputs, version, (conflict.attempts ?? 1) <= 1, adoptedAt),
    actual,
    record: () => recordWrite(ctx, SYNC_POLICY, tenantId, inputs),
  });
  return { id: tenantId, outs };
}

export async function readPolicy(
  ctx: LifecycleContext,
  id: string,
  props: Partial<PolicyOutputs>,
): Promise<ReadOutcome> {
  const tenantId = String(props.tenantId ?? id).toLowerCase();
  const version = versionFor(ctx, betaOnly(props));
  const deadline = operationDeadline(ctx);
  const recent = recentWrite(ctx, SYNC_POLICY, tenantId);
  let remote: RemotePolicy | null;
  try {
    const get = () => getRemote(ctx, tenantId, version, deadline);
    remote = recent
      ? await untilSettled(ctx, deadline, windowEnd(ctx, recent), get, (r) =>
          recent.expected === null ? r === null : r !== null && matches(recent.expected as PolicyInputs, r),
        )
      : await get();
  } catch (e) {
    // Only a 404 means gone; anything else must fail the refresh rather than drop the resource from state.
    throw errorsFor(ctx, subject(tenantId)).failed("read", e);
  }
  if (remote === null) return { id: "" };
  const inputs = inputsFromRemote(tenantId, remote, props);
  const outs: PolicyOutputs = stripUndefined({
    ...inputs,
    apiVersion: props.apiVersion === "beta" || props.apiVersion === "v1.0" ? props.apiVersion : version,
    adopted: props.adopted === true,
    adoptedAt: props.adopted === true ? adoptedAtOf(props) : undefined,
  });
  return { id: tenantId, props: outs, inputs };
}

export async function updatePolicy(
  ctx: LifecycleContext,
  olds: Partial<PolicyOutputs>,
  news: PolicyInputs,
): Promise<{ outs: PolicyOutputs }> {
  const tenantId = news.tenantId;
  const version = versionFor(ctx, betaOnly(news));
  const deadline = operationDeadline(ctx);
  const body = patchBody(news, remoteFromOutputs(olds));
  if (Object.keys(body).length > 0) {
    try {
      await retryWhileLagging(
        ctx,
        deadline,
        lagWindow(ctx, tenantId, SYNC_POLICY),
        () => ctx.graph.request("PATCH", policyPath(tenantId), body, { deadline, apiVersion: version }),
        is404,
      );
    } catch (e) {
      if (is404(e)) {
        throw errorsFor(ctx, subject(tenantId)).message(
          `the identity sync policy of partner tenant ${tenantId} no longer exists in Graph (deleted outside Pulumi). ` +
            `Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create it again. (Graph: 404 ${e.code}; request-id: ${e.requestId ?? "none"})`,
        );
      }
      throw errorsFor(ctx, subject(tenantId)).failed("update", e);
    }
    recordWrite(ctx, SYNC_POLICY, tenantId, news);
  }
  return { outs: outputsFromInputs(news, version, olds.adopted === true, adoptedAtOf(olds)) };
}

export async function deletePolicy(ctx: LifecycleContext, id: string, props: Partial<PolicyOutputs>): Promise<void> {
  const tenantId = String(props.tenantId ?? id).toLowerCase();
  const deadline = operationDeadline(ctx);
  try {
    await retryWhileLagging(
      ctx,
      deadline,
      lagWindow(ctx, tenantId, SYNC_POLICY),
      () => ctx.graph.request("DELETE", policyPath(tenantId), undefined, { deadline }),
      is404,
    );
  } catch (e) {
    if (!is404(e)) throw errorsFor(ctx, subject(tenantId)).failed("delete", e);
    // 404: already gone, which is what delete wants.
  }
  recordWrite(ctx, SYNC_POLICY, tenantId, null);
}
