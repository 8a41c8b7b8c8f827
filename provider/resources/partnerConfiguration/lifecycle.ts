/**
 * create → POST, read → GET, update → one PATCH of the changed settings, delete → DELETE then GET until 404.
 * The 409 flows (take over equal, refuse different unless adoptExisting, restore a soft-deleted copy) and the
 * replication waits are the shared ones (../shared).
 */
import { GraphError, isGraphError } from "../../graph/errors";
import { ResourceInitFailure } from "../../errors";
import { noLogger } from "../../log";
import { Bag, LifecycleContext, operationDeadline } from "../handler";
import { changedSettings, CrossTenantSettings, partnerManagedNames } from "../crossTenantSettings";
import { policyPath } from "../identitySyncPolicy/types";
import { errorsFor, Subject } from "../shared/errors";
import { getOrNull, graphDetail, is404, isExistsConflict } from "../shared/graphCalls";
import { recentWrite, recordWrite, retryWhileLagging, untilSettled, windowEnd } from "../shared/replication";
import { keepIfRetried, readAfterConflict, takeOver } from "../shared/takeOver";
import { PARTNER_CONFIGURATION, SYNC_POLICY } from "../shared/typeNames";
import {
  describeDifferences,
  extrasOf,
  inputsFromRemote,
  outputsFrom,
  patchBody,
  postBody,
  remoteFromGraph,
  settingsOf,
} from "./payload";
import { deletedPartnerPath, PartnerInputs, PartnerOutputs, partnerPath, partnersPath, RemotePartner } from "./types";

export interface PartnerReadOutcome {
  id: string;
  props?: PartnerOutputs;
  inputs?: PartnerInputs;
}

const subject = (tenantId: string): Subject => ({
  typeName: PARTNER_CONFIGURATION,
  describe: `the partner configuration of tenant ${tenantId}`,
});

async function getRemote(ctx: LifecycleContext, tenantId: string, deadline: number): Promise<RemotePartner | null> {
  const body = await getOrNull<Bag>(ctx, partnerPath(tenantId), deadline);
  return body === null ? null : remoteFromGraph(body);
}

/** End of the replication window after our own write of `typeName` for this partner, if `wanted` holds for it. */
function window(ctx: LifecycleContext, typeName: string, tenantId: string, deleted: boolean): number | undefined {
  const w = recentWrite(ctx, typeName, tenantId);
  return w && (w.expected === null) === deleted ? windowEnd(ctx, w) : undefined;
}

function settled(expected: unknown, r: RemotePartner | null): boolean {
  if (expected === null) return r === null;
  return (
    r !== null && changedSettings(expected as Bag, r.settings as Bag, partnerManagedNames(expected as Bag)).length === 0
  );
}

async function patch(
  ctx: LifecycleContext,
  tenantId: string,
  body: Bag,
  deadline: number,
  lagUntil: number | undefined,
): Promise<void> {
  await retryWhileLagging(
    ctx,
    deadline,
    lagUntil,
    () => ctx.graph.request("PATCH", partnerPath(tenantId), body, { deadline }),
    is404,
  );
}

export async function createPartner(
  ctx: LifecycleContext,
  inputs: PartnerInputs,
): Promise<{ id: string; outs: PartnerOutputs }> {
  const tenantId = inputs.tenantId;
  const deadline = operationDeadline(ctx);
  let created: Bag | undefined;
  try {
    created = (await ctx.graph.request<Bag>("POST", partnersPath(), postBody(inputs), { deadline })).body;
  } catch (e) {
    if (isExistsConflict(e)) return existing(ctx, inputs, deadline, e);
    throw errorsFor(ctx, subject(tenantId)).failed("create", e);
  }
  recordWrite(ctx, PARTNER_CONFIGURATION, tenantId, settingsOf(inputs));
  const remote = remoteFromGraph(created);
  return { id: tenantId, outs: outputsFrom(inputs, remote, { adopted: false, devices: remote.devices }) };
}

/**
 * POST answered 409. Read the object: found → the shared take-over. Not found → the only copy may be soft-deleted:
 * restore it and set the program's values; no deleted copy → replication lag, read again inside the window.
 */
async function existing(
  ctx: LifecycleContext,
  inputs: PartnerInputs,
  deadline: number,
  conflict: GraphError,
): Promise<{ id: string; outs: PartnerOutputs }> {
  const tenantId = inputs.tenantId;
  const errors = errorsFor(ctx, subject(tenantId));
  const unknownFlags = { isServiceProvider: false, isInMultiTenantOrganization: false };
  const keep = (e: Error) =>
    keepIfRetried(conflict, tenantId, outputsFrom(inputs, unknownFlags, { adopted: false }), e);
  let remote: RemotePartner | null;
  try {
    remote = await getRemote(ctx, tenantId, deadline);
  } catch (e) {
    throw keep(errors.failed("read the existing", e));
  }
  if (remote === null) {
    // Graph documents the beta deleted-items API (restore, permanent delete) for the global service only.
    const restored = ctx.cloud === "global" ? await restoreSoftDeleted(ctx, tenantId, deadline, conflict) : null;
    if (restored) return finishRestore(ctx, inputs, restored, deadline);
    try {
      remote = await readAfterConflict(ctx, deadline, () => getRemote(ctx, tenantId, deadline));
    } catch (e) {
      throw keep(errors.failed("read the existing", e));
    }
  }
  if (remote === null) {
    const seen = `Graph reported that the partner configuration of tenant ${tenantId} already exists (409, request-id ${conflict.requestId ?? "none"}) but reading it kept returning 404`;
    throw keep(
      errors.message(
        ctx.cloud === "global"
          ? `${seen}, and there is no soft-deleted copy to restore. Run pulumi up again in a minute.`
          : `${seen}. A copy deleted in the last 30 days (soft-deleted) may block the create. Graph documents its deleted-items API (restore, permanent delete) ` +
              `for the global service only, so it is not called in the ${ctx.cloud} cloud: if your cloud serves it, restore the copy yourself ` +
              `(POST ${deletedPartnerUrl(ctx, tenantId)}/restore, as a Security Administrator) and run pulumi up again, which takes it over and sets the program's values; ` +
              `otherwise Graph purges it 30 days after its deletion, and pulumi up then creates the partner. If nothing was deleted, run pulumi up again in a minute (replication).`,
      ),
    );
  }
  const found = remote;
  const desired = settingsOf(inputs);
  // A create sent more than once that meets an equal object most likely met its own first attempt: not adopted.
  const adopted = (conflict.attempts ?? 1) <= 1;
  // When it was taken over: the program warns only on the run whose create did it (program/ownership.ts).
  const adoptedAt = new Date(ctx.clock.now()).toISOString();
  const outs = await takeOver(ctx, {
    subject: subject(tenantId),
    id: tenantId,
    exists: `a partner configuration for tenant ${tenantId}`,
    conflict,
    adoptExisting: inputs.adoptExisting === true,
    differences: describeDifferences(desired, found.settings),
    patch: () => patch(ctx, tenantId, patchBody(desired, found.settings, found.devices), deadline, undefined),
    taken: outputsFrom(inputs, found, { adopted, adoptedAt, devices: found.devices }),
    actual: outputsFrom(inputsFromRemote(tenantId, found, { adoptExisting: inputs.adoptExisting }), found, {
      adopted: true,
      adoptedAt,
      devices: found.devices,
    }),
    record: () => recordWrite(ctx, PARTNER_CONFIGURATION, tenantId, desired),
  });
  return { id: tenantId, outs };
}

/** The beta deleted-items URL of a partner under the connection's own Graph root (never a hard-coded host). */
function deletedPartnerUrl(ctx: LifecycleContext, tenantId: string): string {
  return `${ctx.graphEndpoint.replace(/\/+$/, "")}/beta${deletedPartnerPath(tenantId)}`;
}

/**
 * Restores a soft-deleted copy (beta deleted items, graph-behaviour.md §4). null = there is none (or a live copy
 * exists after all). Refused → an error naming the copy and how to restore or purge it.
 */
async function restoreSoftDeleted(
  ctx: LifecycleContext,
  tenantId: string,
  deadline: number,
  conflict: GraphError,
): Promise<RemotePartner | null> {
  try {
    const res = await ctx.graph.request<Bag>("POST", `${deletedPartnerPath(tenantId)}/restore`, undefined, {
      deadline,
      apiVersion: "beta",
    });
    (ctx.logger ?? noLogger).log(
      `entra:${PARTNER_CONFIGURATION}: restored the soft-deleted partner configuration of tenant ${tenantId}`,
    );
    return remoteFromGraph(res.body);
  } catch (e) {
    if (is404(e) || isExistsConflict(e)) return null;
    if (
      isGraphError(e) &&
      e.statusCode !== undefined &&
      e.statusCode >= 400 &&
      e.statusCode < 500 &&
      e.statusCode !== 429
    ) {
      throw errorsFor(ctx, subject(tenantId)).message(
        `a partner configuration for tenant ${tenantId} already exists according to Graph (POST answered 409 ${conflict.code}, request-id ${conflict.requestId ?? "none"}) ` +
          `but cannot be read: a soft-deleted copy (deleted in the last 30 days) blocks the create, and restoring it through Graph's beta deleted-items API was refused ${graphDetail(e)}. ` +
          `Either restore it (POST ${deletedPartnerUrl(ctx, tenantId)}/restore, signed in as a Security Administrator) ` +
          `and run pulumi up again, which takes it over and sets the program's values; or purge it for good ` +
          `(DELETE ${deletedPartnerUrl(ctx, tenantId)}) and run pulumi up again, which creates a new one.`,
      );
    }
    throw errorsFor(ctx, subject(tenantId)).failed("restore the soft-deleted copy of", e);
  }
}

/** After a restore: PATCH the program's values (the restored copy may be older), then it is this resource's. */
async function finishRestore(
  ctx: LifecycleContext,
  inputs: PartnerInputs,
  restored: RemotePartner,
  deadline: number,
): Promise<{ id: string; outs: PartnerOutputs }> {
  const tenantId = inputs.tenantId;
  const desired = settingsOf(inputs);
  const body = patchBody(desired, restored.settings, restored.devices);
  if (Object.keys(body).length > 0) {
    try {
      // The restore is a write: the PATCH right after it may meet a replica that has not seen it.
      await patch(ctx, tenantId, body, deadline, ctx.clock.now() + ctx.replicationWaitMs);
    } catch (e) {
      const actual = outputsFrom(
        inputsFromRemote(tenantId, restored, { adoptExisting: inputs.adoptExisting }),
        restored,
        { adopted: false, devices: restored.devices },
      );
      throw new ResourceInitFailure(
        tenantId,
        actual,
        errorsFor(ctx, subject(tenantId)).failed("set the program's values on the restored", e),
      );
    }
  }
  recordWrite(ctx, PARTNER_CONFIGURATION, tenantId, desired);
  return { id: tenantId, outs: outputsFrom(inputs, restored, { adopted: false, devices: restored.devices }) };
}

export async function readPartner(
  ctx: LifecycleContext,
  id: string,
  props: Partial<PartnerOutputs>,
): Promise<PartnerReadOutcome> {
  const tenantId = String(props.tenantId ?? id).toLowerCase();
  const deadline = operationDeadline(ctx);
  const recent = recentWrite(ctx, PARTNER_CONFIGURATION, tenantId);
  let remote: RemotePartner | null;
  try {
    const get = () => getRemote(ctx, tenantId, deadline);
    remote = recent
      ? await untilSettled(ctx, deadline, windowEnd(ctx, recent), get, (r) => settled(recent.expected, r))
      : await get();
  } catch (e) {
    // Only a 404 means gone; anything else fails the refresh rather than dropping the resource from state.
    throw errorsFor(ctx, subject(tenantId)).failed("read", e);
  }
  if (remote === null) return { id: "" };
  const inputs = inputsFromRemote(tenantId, remote, props);
  // The device filter is not managed: whatever Graph has now is what the next write of tenantRestrictions keeps.
  return { id: tenantId, props: outputsFrom(inputs, remote, { ...extrasOf(props), devices: remote.devices }), inputs };
}

/**
 * Removing inbound automatic consent while the tenant's identity sync policy for this partner still allows sync
 * would break that synchronization before the policy goes (e.g. `mutual: false`: the engine runs this update
 * before it deletes the reverse policy, and cannot be told otherwise). Only in that transition, one GET of the
 * policy; if it allows sync, the consent stays for now (outputs say so, so the next up removes it once the policy
 * is gone) and a line says why.
 */
async function keepInboundConsentWhileSyncAllowed(
  ctx: LifecycleContext,
  olds: Partial<PartnerOutputs>,
  news: PartnerInputs,
  deadline: number,
): Promise<PartnerInputs> {
  const was = olds.automaticUserConsentSettings?.inboundAllowed === true;
  const consent = news.automaticUserConsentSettings;
  if (!was || consent?.inboundAllowed === true) return news;
  const tenantId = news.tenantId;
  let policy: { userSyncInbound?: { isSyncAllowed?: unknown } | null } | null;
  try {
    policy = await getOrNull(ctx, policyPath(tenantId), deadline);
  } catch (e) {
    throw errorsFor(ctx, subject(tenantId)).failed("read the identity sync policy of", e);
  }
  if (policy?.userSyncInbound?.isSyncAllowed !== true) return news;
  ctx.notice?.(
    `entra:${PARTNER_CONFIGURATION}: kept inbound automatic consent on the partner configuration of tenant ${tenantId} for now: ` +
      `its identity sync policy in this tenant still allows user synchronization, which needs that consent. If this update deletes ` +
      `the policy (e.g. \`mutual: false\`), run pulumi up again afterwards to remove the consent; to keep the policy, set its userSyncInbound.isSyncAllowed to false first.`,
  );
  return { ...news, automaticUserConsentSettings: { ...consent, inboundAllowed: true } };
}

export async function updatePartner(
  ctx: LifecycleContext,
  olds: Partial<PartnerOutputs>,
  program: PartnerInputs,
): Promise<{ outs: PartnerOutputs }> {
  const deadline = operationDeadline(ctx);
  const news = await keepInboundConsentWhileSyncAllowed(ctx, olds, program, deadline);
  const tenantId = news.tenantId;
  const desired: CrossTenantSettings = settingsOf(news);
  const body = patchBody(desired, settingsOf(olds), olds.tenantRestrictionsDevices);
  if (Object.keys(body).length > 0) {
    try {
      await patch(ctx, tenantId, body, deadline, window(ctx, PARTNER_CONFIGURATION, tenantId, false));
    } catch (e) {
      if (is404(e)) {
        throw errorsFor(ctx, subject(tenantId)).message(
          `the partner configuration of tenant ${tenantId} no longer exists in Graph (deleted outside Pulumi). ` +
            `Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create it again. ${graphDetail(e, false)}`,
        );
      }
      throw errorsFor(ctx, subject(tenantId)).failed("update", e);
    }
    recordWrite(ctx, PARTNER_CONFIGURATION, tenantId, desired);
  }
  const flags = {
    isServiceProvider: olds.isServiceProvider === true,
    isInMultiTenantOrganization: olds.isInMultiTenantOrganization === true,
  };
  return { outs: outputsFrom(news, flags, extrasOf(olds)) };
}

/** How Graph may refuse a partner DELETE while its sync policy exists (the status and code are undocumented). */
function mayBeSyncPolicyRefusal(e: unknown): e is GraphError {
  return isGraphError(e) && (e.statusCode === 400 || e.statusCode === 412 || isExistsConflict(e));
}

function syncPolicyExists(ctx: LifecycleContext, tenantId: string, e: GraphError): Error {
  return errorsFor(ctx, subject(tenantId)).message(
    `the partner configuration of tenant ${tenantId} cannot be deleted while its identity sync policy exists ${graphDetail(e)}. Ways out: ` +
      `(1) to delete both, declare the policy in this program with new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, adoptExisting: true, … }) ` +
      `and run pulumi up (it takes the existing policy over, setting the program's values), then remove both and run pulumi up again: Pulumi deletes the policy before the partner; ` +
      `(2) to keep both in Entra and stop managing the partner here, set \`retainOnDelete: true\` on this resource and run pulumi up before removing it, ` +
      `or run \`pulumi state delete <this resource's URN>\`; ` +
      `(3) delete the policy yourself (Graph: DELETE /policies/crossTenantAccessPolicy/partners/${tenantId}/identitySynchronization) and run the operation again.`,
  );
}

export async function deletePartner(ctx: LifecycleContext, id: string, props: Partial<PartnerOutputs>): Promise<void> {
  const tenantId = String(props.tenantId ?? id).toLowerCase();
  const deadline = operationDeadline(ctx);
  const errors = errorsFor(ctx, subject(tenantId));
  // Right after our own create, the DELETE may meet a replica without the partner (404); right after our own
  // delete of its sync policy, a replica that still has the policy (refusal). Both are waited out in the window.
  const createdUntil = window(ctx, PARTNER_CONFIGURATION, tenantId, false);
  const policyDeletedUntil = window(ctx, SYNC_POLICY, tenantId, true);
  const until = Math.max(createdUntil ?? 0, policyDeletedUntil ?? 0) || undefined;
  const lagging = (e: unknown) =>
    (createdUntil !== undefined && is404(e)) || (policyDeletedUntil !== undefined && mayBeSyncPolicyRefusal(e));
  try {
    await retryWhileLagging(
      ctx,
      deadline,
      until,
      () => ctx.graph.request("DELETE", partnerPath(tenantId), undefined, { deadline }),
      lagging,
    );
  } catch (e) {
    if (is404(e)) {
      recordWrite(ctx, PARTNER_CONFIGURATION, tenantId, null);
      return; // already gone, which is what delete wants
    }
    if (mayBeSyncPolicyRefusal(e)) {
      const policy = await getOrNull(ctx, policyPath(tenantId), deadline).catch(() => null);
      if (policy !== null) throw syncPolicyExists(ctx, tenantId, e);
    }
    throw errors.failed("delete", e);
  }
  recordWrite(ctx, PARTNER_CONFIGURATION, tenantId, null);
  await untilGone(ctx, tenantId, deadline);
}

/**
 * Deletes are eventually consistent (landscape Q5): poll GET until 404, inside the operation deadline, so a
 * replace or a re-create right after does not meet the old copy (409). A failed poll only logs: the DELETE landed.
 */
async function untilGone(ctx: LifecycleContext, tenantId: string, deadline: number): Promise<void> {
  const started = ctx.clock.now();
  let still: RemotePartner | null;
  try {
    still = await untilSettled(
      ctx,
      deadline,
      deadline,
      () => getRemote(ctx, tenantId, deadline),
      (r) => r === null,
    );
  } catch (e) {
    (ctx.logger ?? noLogger).log(
      `entra:${PARTNER_CONFIGURATION}: could not confirm the deletion of tenant ${tenantId}: ${(e as Error).message}`,
    );
    return;
  }
  if (still !== null) {
    throw errorsFor(ctx, subject(tenantId)).message(
      `Graph accepted the DELETE of the partner configuration of tenant ${tenantId}, but it could still be read ` +
        `${Math.round((ctx.clock.now() - started) / 1000)} s later (directory replication). Run the operation again: the next attempt finds it gone.`,
    );
  }
}
