import type { ApiVersion } from "../../config/settings";
import { stripUndefined } from "../shared/values";
import type { GraphSyncPolicy, GraphSyncPolicyWrite, PolicyInputs, PolicyOutputs, RemotePolicy } from "./types";

/** Graph response → the fields we manage. Extra fields are ignored; null/missing nested objects mean "not allowed". */
export function remoteFromGraph(body: GraphSyncPolicy | undefined): RemotePolicy {
  const b = body ?? {};
  const group = b.groupSyncInbound;
  return {
    displayName: typeof b.displayName === "string" ? b.displayName : null,
    userSyncAllowed: b.userSyncInbound?.isSyncAllowed === true,
    groupSyncAllowed: group === undefined ? null : group?.isSyncAllowed === true,
    // Only beta answers carry it.
    ...(b.externalCloudAuthorizedApplicationId !== undefined
      ? { externalCloudAuthorizedApplicationId: appIdOf(b.externalCloudAuthorizedApplicationId) }
      : {}),
  };
}

/** An application ID compares in lower case; anything but a non-empty string is "none". */
function appIdOf(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : null;
}

/** Full PUT body for the desired state. */
export function putBody(inputs: PolicyInputs): GraphSyncPolicyWrite {
  const body: GraphSyncPolicyWrite = { userSyncInbound: { isSyncAllowed: inputs.userSyncInbound.isSyncAllowed } };
  if (inputs.displayName !== undefined) body.displayName = inputs.displayName;
  if (inputs.groupSyncInbound !== undefined)
    body.groupSyncInbound = { isSyncAllowed: inputs.groupSyncInbound.isSyncAllowed };
  if (inputs.externalCloudAuthorizedApplicationId !== undefined)
    body.externalCloudAuthorizedApplicationId = inputs.externalCloudAuthorizedApplicationId;
  return body;
}

/** The values we last knew for the managed fields, as a RemotePolicy (from old outputs). */
export function remoteFromOutputs(olds: Partial<PolicyOutputs>): RemotePolicy {
  return {
    displayName: typeof olds.displayName === "string" ? olds.displayName : null,
    userSyncAllowed: olds.userSyncInbound?.isSyncAllowed === true,
    groupSyncAllowed: olds.groupSyncInbound === undefined ? null : olds.groupSyncInbound?.isSyncAllowed === true,
    externalCloudAuthorizedApplicationId: appIdOf(olds.externalCloudAuthorizedApplicationId),
  };
}

/** PATCH body with only the managed fields whose desired value differs from `current`; nested objects whole. */
export function patchBody(inputs: PolicyInputs, current: RemotePolicy): GraphSyncPolicyWrite {
  const body: GraphSyncPolicyWrite = {};
  if (inputs.displayName !== undefined && inputs.displayName !== current.displayName)
    body.displayName = inputs.displayName;
  if (inputs.userSyncInbound.isSyncAllowed !== current.userSyncAllowed) {
    body.userSyncInbound = { isSyncAllowed: inputs.userSyncInbound.isSyncAllowed };
  }
  if (inputs.groupSyncInbound !== undefined && inputs.groupSyncInbound.isSyncAllowed !== current.groupSyncAllowed) {
    body.groupSyncInbound = { isSyncAllowed: inputs.groupSyncInbound.isSyncAllowed };
  }
  const appId = inputs.externalCloudAuthorizedApplicationId;
  if (appId !== undefined && appId.toLowerCase() !== current.externalCloudAuthorizedApplicationId)
    body.externalCloudAuthorizedApplicationId = appId;
  return body;
}

/** Human list of differences, for the "already exists" error. */
export function describeDifferences(inputs: PolicyInputs, remote: RemotePolicy): string[] {
  const out: string[] = [];
  const body = patchBody(inputs, remote);
  if (body.displayName !== undefined)
    out.push(`displayName is ${JSON.stringify(remote.displayName)} (program: ${JSON.stringify(inputs.displayName)})`);
  if (body.userSyncInbound)
    out.push(
      `userSyncInbound.isSyncAllowed is ${remote.userSyncAllowed} (program: ${inputs.userSyncInbound.isSyncAllowed})`,
    );
  if (body.groupSyncInbound) {
    out.push(
      `groupSyncInbound.isSyncAllowed is ${remote.groupSyncAllowed ?? "not set"} (program: ${inputs.groupSyncInbound?.isSyncAllowed})`,
    );
  }
  if (body.externalCloudAuthorizedApplicationId !== undefined) {
    out.push(
      `externalCloudAuthorizedApplicationId is ${remote.externalCloudAuthorizedApplicationId ?? "not set"} (program: ${inputs.externalCloudAuthorizedApplicationId})`,
    );
  }
  return out;
}

/**
 * Outputs for the desired state (after a successful PUT/PATCH: Graph returns 204 without a body). `adoptedAt` is
 * kept only when adopted.
 */
export function outputsFromInputs(
  inputs: PolicyInputs,
  apiVersion: ApiVersion,
  adopted: boolean,
  adoptedAt?: string,
): PolicyOutputs {
  return stripUndefined({
    tenantId: inputs.tenantId,
    displayName: inputs.displayName,
    userSyncInbound: { isSyncAllowed: inputs.userSyncInbound.isSyncAllowed },
    groupSyncInbound: inputs.groupSyncInbound ? { isSyncAllowed: inputs.groupSyncInbound.isSyncAllowed } : undefined,
    externalCloudAuthorizedApplicationId: inputs.externalCloudAuthorizedApplicationId,
    adoptExisting: inputs.adoptExisting,
    apiVersion,
    adopted,
    adoptedAt: adopted ? adoptedAt : undefined,
  } satisfies PolicyOutputs);
}

/** The take-over time of previous outputs, when they have one. */
export function adoptedAtOf(olds: Partial<PolicyOutputs>): string | undefined {
  return typeof olds.adoptedAt === "string" ? olds.adoptedAt : undefined;
}

/**
 * The managed fields as found in Graph, shaped like the inputs: a field is managed if the previous outputs had
 * it. This becomes both `props` and `inputs` of read(), so a preview after refresh diffs the program against
 * reality.
 */
export function inputsFromRemote(tenantId: string, remote: RemotePolicy, olds: Partial<PolicyOutputs>): PolicyInputs {
  return stripUndefined({
    tenantId,
    displayName: olds.displayName !== undefined && remote.displayName !== null ? remote.displayName : undefined,
    userSyncInbound: { isSyncAllowed: remote.userSyncAllowed },
    groupSyncInbound:
      olds.groupSyncInbound !== undefined ? { isSyncAllowed: remote.groupSyncAllowed === true } : undefined,
    // Managed when the previous outputs had it; Graph's value (or its absence) is what the program is compared with.
    externalCloudAuthorizedApplicationId:
      olds.externalCloudAuthorizedApplicationId !== undefined
        ? (remote.externalCloudAuthorizedApplicationId ?? undefined)
        : undefined,
    adoptExisting: typeof olds.adoptExisting === "boolean" ? olds.adoptExisting : undefined,
  } satisfies PolicyInputs);
}

/** True when the remote already has every desired managed value. */
export function matches(inputs: PolicyInputs, remote: RemotePolicy): boolean {
  return Object.keys(patchBody(inputs, remote)).length === 0;
}

export { stripUndefined };
