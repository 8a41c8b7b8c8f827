/**
 * The tenant's cross-tenant access policy, a singleton that always exists: create → GET + a PATCH only when the
 * list differs, read → GET, update → one PATCH of the list, delete → PATCH of the empty list (Graph's default).
 */
import { Bag, LifecycleContext, operationDeadline } from "../handler";
import { errorsFor, Subject } from "../shared/errors";
import { recentWrite, recordWrite, untilSettled, windowEnd } from "../shared/replication";
import { CROSS_TENANT_ACCESS_POLICY } from "../shared/typeNames";
import { endpointsFromGraph, inputsFromRemote, outputsFrom, patchBody, sameEndpoints } from "./payload";
import { AccessPolicyInputs, AccessPolicyOutputs, POLICY_ID, POLICY_PATH } from "./types";

const subject: Subject = {
  typeName: CROSS_TENANT_ACCESS_POLICY,
  describe: "the cross-tenant access policy (allowedCloudEndpoints)",
};

async function getEndpoints(ctx: LifecycleContext, deadline: number): Promise<string[]> {
  const res = await ctx.graph.request<Bag>("GET", POLICY_PATH, undefined, { deadline });
  return endpointsFromGraph(res.body);
}

async function patchEndpoints(
  ctx: LifecycleContext,
  endpoints: readonly string[],
  deadline: number,
  action: string,
): Promise<void> {
  try {
    await ctx.graph.request("PATCH", POLICY_PATH, patchBody(endpoints), { deadline });
  } catch (e) {
    throw errorsFor(ctx, subject).failed(action, e);
  }
  recordWrite(ctx, CROSS_TENANT_ACCESS_POLICY, POLICY_ID, [...endpoints]);
}

export async function createAccessPolicy(
  ctx: LifecycleContext,
  inputs: AccessPolicyInputs,
): Promise<{ id: string; outs: AccessPolicyOutputs }> {
  const deadline = operationDeadline(ctx);
  let remote: string[];
  try {
    remote = await getEndpoints(ctx, deadline);
  } catch (e) {
    throw errorsFor(ctx, subject).failed("read", e);
  }
  if (!sameEndpoints(inputs.allowedCloudEndpoints, remote))
    await patchEndpoints(ctx, inputs.allowedCloudEndpoints, deadline, "update");
  // A list someone had set is taken over (destroy empties it): recorded with its time, so the program warns on this
  // run only. Graph's default, the empty list, is not an adoption.
  const adoptedAt = remote.length > 0 ? new Date(ctx.clock.now()).toISOString() : undefined;
  return { id: POLICY_ID, outs: outputsFrom(inputs, adoptedAt) };
}

export async function readAccessPolicy(
  ctx: LifecycleContext,
  props: Bag,
): Promise<{ id: string; props: AccessPolicyOutputs; inputs: AccessPolicyInputs }> {
  const deadline = operationDeadline(ctx);
  const recent = recentWrite(ctx, CROSS_TENANT_ACCESS_POLICY, POLICY_ID);
  let remote: string[];
  try {
    const get = () => getEndpoints(ctx, deadline);
    remote = recent
      ? await untilSettled(ctx, deadline, windowEnd(ctx, recent), get, (r) => sameEndpoints(recent.expected, r))
      : await get();
  } catch (e) {
    // The policy always exists: any failure fails the refresh.
    throw errorsFor(ctx, subject).failed("read", e);
  }
  const inputs = inputsFromRemote(remote, props);
  const adoptedAt = typeof props.adoptedAt === "string" ? props.adoptedAt : undefined;
  return { id: POLICY_ID, props: outputsFrom(inputs, adoptedAt), inputs };
}

export async function updateAccessPolicy(
  ctx: LifecycleContext,
  olds: Bag,
  news: AccessPolicyInputs,
): Promise<{ outs: AccessPolicyOutputs }> {
  const deadline = operationDeadline(ctx);
  if (!sameEndpoints(news.allowedCloudEndpoints, olds.allowedCloudEndpoints))
    await patchEndpoints(ctx, news.allowedCloudEndpoints, deadline, "update");
  return { outs: outputsFrom(news, typeof olds.adoptedAt === "string" ? olds.adoptedAt : undefined) };
}

/** Delete restores Graph's default: no other Microsoft cloud (also values this program did not list). */
export async function deleteAccessPolicy(ctx: LifecycleContext): Promise<void> {
  const deadline = operationDeadline(ctx);
  await patchEndpoints(ctx, [], deadline, "empty allowedCloudEndpoints of");
}
