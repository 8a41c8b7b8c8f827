/**
 * What the provisioning service does for one Azure2Azure job (issue 16 §4), as the job's schema says (issue 17):
 * whether the target tenant lets the source synchronize, which source users are in scope (assignment and the
 * schema's scoping filters), creating, updating or soft-deleting a user in the TARGET tenant's directory (the
 * schema's attribute mappings and target object actions, `syncMappings.ts`), a whole job cycle (status, last
 * execution, quarantine) and one user on demand. Used by the synchronization handler (start, provisionOnDemand), the
 * schema handler (a change's initial cycle) and the admin API (`POST /_emulator/sync/run`).
 */
import { randomUUID } from "crypto";
import { GraphStore, Directory } from "../persistence/graphStore";
import { EmulatorSettings } from "../settings";
import { JsonObject } from "../util/json";
import { graphDateTimeOffset } from "../util/time";
import { assignmentsOf, defaultDomainOf } from "./sourceRecords";
import { applyAttributes, mappedAttributes, UserObjectMapping, userObjectMappingOf } from "./syncMappings";
import { groupsPass, isExternalUser } from "./syncScoping";
import { effectiveSchema } from "./syncSchemaState";

/** What a provisioning run needs besides the source directory. */
export interface SyncEnvironment {
  store: GraphStore;
  settings: EmulatorSettings;
  /** The directory clock, ms since the epoch. */
  now: number;
}

/** [DOC] synchronizationError examples: the code and message of a missing auto-redemption policy. */
export const POLICY_CHECK_FAILURE = "AzureDirectoryB2BManagementPolicyCheckFailure";
const AUTO_REDEMPTION_MESSAGE = "Policy permitting auto-redemption of invitations not configured.";

export type PolicyCheck = { ok: true } | { ok: false; code: string; message: string };

/** The saved synchronization secrets of a service principal as a key → value map. */
export function secretsOf(dir: Directory, servicePrincipalId: string): Record<string, string> {
  const stored = dir.get("syncSecrets", servicePrincipalId);
  const out: Record<string, string> = {};
  for (const pair of (stored?.value ?? []) as JsonObject[]) {
    if (typeof pair.key === "string") out[pair.key] = String(pair.value ?? "");
  }
  return out;
}

const allowed = (record: Readonly<JsonObject> | undefined, setting: string, flag: string): boolean =>
  ((record?.[setting] as JsonObject | null | undefined)?.[flag] ?? false) === true;

/**
 * Whether the target tenant accepts users synchronized from the source: the target's identity sync policy for the
 * source allows inbound user sync ([DOC] landscape T4), the target's partner configuration for the source allows
 * inbound automatic consent and the source's partner configuration for the target allows outbound automatic
 * consent ([DOC] troubleshooting: "Policy permitting auto-redemption of invitations not configured").
 */
export function checkPolicies(store: GraphStore, sourceTenantId: string, targetTenantId: string): PolicyCheck {
  const source = store.directory(sourceTenantId);
  const target = store.directory(targetTenantId);
  const policy = target.get("policies", sourceTenantId);
  if (!allowed(policy, "userSyncInbound", "isSyncAllowed")) {
    return {
      ok: false,
      code: POLICY_CHECK_FAILURE,
      message: `The target tenant '${targetTenantId}' has not allowed inbound synchronization from tenant '${sourceTenantId}': its cross-tenant identity synchronization policy for the source tenant is missing or does not set userSyncInbound.isSyncAllowed.`,
    };
  }
  if (!allowed(target.get("partners", sourceTenantId), "automaticUserConsentSettings", "inboundAllowed")) {
    return {
      ok: false,
      code: POLICY_CHECK_FAILURE,
      message: `${AUTO_REDEMPTION_MESSAGE} In the target tenant '${targetTenantId}', the partner configuration for tenant '${sourceTenantId}' is missing or does not set automaticUserConsentSettings.inboundAllowed.`,
    };
  }
  if (!allowed(source.get("partners", targetTenantId), "automaticUserConsentSettings", "outboundAllowed")) {
    return {
      ok: false,
      code: POLICY_CHECK_FAILURE,
      message: `${AUTO_REDEMPTION_MESSAGE} In this tenant, the partner configuration for the target tenant '${targetTenantId}' is missing or does not set automaticUserConsentSettings.outboundAllowed.`,
    };
  }
  return { ok: true };
}

/** Why a source user is (not) in scope, in the terms of the provisioning log's scoping step. */
export interface ScopeResult {
  inScope: boolean;
  /** The skip reason Graph reports ([DOC-EX] provisionOnDemand: `NotEffectivelyEntitled`, scoping filter). */
  skipReason?: "NotEffectivelyEntitled" | "ScopingFilter";
  /** Why, in the words of the provisioning step. */
  reason?: string;
  /**
   * Whether leaving scope this way deprovisions a user synchronized before: unassigned, disabled object mapping or
   * the customer's `scope.groups` ([DOC] filter resource: "such object will get deprovisioned"), not the built-in
   * `inputFilterGroups` (sync-schema.md §0 row 7).
   */
  deprovision: boolean;
  details: JsonObject;
}

const BUILT_IN_FILTER = "Filter external users";

/**
 * In scope: the job's User → User object mapping is enabled; the user is assigned (sync-all on, or assigned
 * directly, or a direct member of an assigned group; nested groups are not followed [DOC]); it passes the mapping's
 * `inputFilterGroups` (the default's "Filter external users") and its `scope.groups` (groups OR'ed, clauses AND'ed).
 */
export function scopeOf(
  env: SyncEnvironment,
  dir: Directory,
  servicePrincipalId: string,
  secrets: Record<string, string>,
  user: Readonly<JsonObject>,
  mapping: UserObjectMapping,
): ScopeResult {
  const upn = String(user.userPrincipalName ?? user.id);
  const assignments = assignmentsOf(dir, servicePrincipalId);
  const assigned =
    secrets.SyncAll?.toLowerCase() === "true" ||
    assignments.some(
      (a) =>
        a.principalId === user.id ||
        (a.principalType === "Group" &&
          ((dir.get("groups", String(a.principalId))?.members ?? []) as string[]).includes(String(user.id))),
    );
  const input = groupsPass(user, mapping.inputFilterGroups);
  const groups = groupsPass(user, mapping.groups);
  const active = user.accountEnabled !== false;
  const details: JsonObject = {
    "Active in the source system": active ? "True" : "False",
    "Assigned to the application": assigned ? "True" : "False",
    "User has the required role": assigned ? "True" : "False",
    "Scoping filter evaluation passed": input.pass && groups.pass ? "True" : "False",
  };
  if (!mapping.enabled)
    return {
      inScope: false,
      skipReason: "NotEffectivelyEntitled",
      reason: `The User '${upn}' will be skipped because the schema's User object mapping is disabled.`,
      deprovision: true,
      details,
    };
  if (!assigned)
    return {
      inScope: false,
      skipReason: "NotEffectivelyEntitled",
      reason: `The User '${upn}' will be skipped because it is not assigned to the application, or is not a direct member of a group assigned to it.`,
      deprovision: true,
      details,
    };
  const code = env.settings.scopingFilterSkipReason;
  if (!input.pass) {
    const builtIn = mapping.inputFilterGroups.some((g) => g.name === BUILT_IN_FILTER) && isExternalUser(user);
    return {
      inScope: false,
      skipReason: code,
      reason: builtIn
        ? `The User '${upn}' was skipped because it did not pass the scoping filter (external users are not synchronized).`
        : `The User '${upn}' was skipped because it did not pass the scoping filter: no input filter group matched: ${input.failed.join("; ")}.`,
      deprovision: false,
      details,
    };
  }
  if (!groups.pass)
    return {
      inScope: false,
      skipReason: code,
      reason: `The User '${upn}' was skipped because it did not pass the scoping filter: no scoping filter group matched: ${groups.failed.join("; ")}.`,
      deprovision: true,
      details,
    };
  return { inScope: true, deprovision: false, details };
}

/** The target user synchronized from `user` (live, or soft-deleted by a deprovisioning), if any. */
function matchOf(
  target: Directory,
  sourceTenantId: string,
  sourceUserId: string,
): { record: Readonly<JsonObject>; deleted: boolean } | undefined {
  const from = (u: Readonly<JsonObject>): boolean => {
    const f = u.synchronizedFrom as JsonObject | undefined;
    return f?.tenantId === sourceTenantId && f.id === sourceUserId;
  };
  const live = target.list("users").find(from);
  if (live) return { record: live, deleted: false };
  const deleted = target.list("deletedUsers").find(from);
  return deleted ? { record: deleted, deleted: true } : undefined;
}

export interface ProvisionResult {
  /** `None`: nothing to change, or (with `blockedBy`) a target object action the schema turned off. */
  action: "Create" | "Update" | "None";
  target?: Readonly<JsonObject>;
  modified: { displayName: string; oldValue: string | null; newValue: string | null }[];
  /** The target object action the change needed and the schema's `flowTypes` lacks. */
  blockedBy?: "Add" | "Update";
}

/**
 * Creates or updates `user` of the source tenant as a user of the target tenant, as the job's schema maps it: a
 * B2B collaboration user with a new object id, UPN `<local>_<domain>#EXT#@<target default domain>`, `creationType`
 * (switch `syncedUserCreationType`), `externalUserState` Accepted (auto-redeemed), an `ExternalAzureAD` identity
 * ([INFERENCE]: the properties of B2B users from another Entra tenant), and the attributes of the mappings
 * (`syncMappings.ts`). Creating needs the `Add` target object action, updating `Update` ([DOC] objectMapping). A user
 * soft-deleted by an earlier deprovisioning is restored when it comes back into scope [INFERENCE].
 */
export function provisionUser(
  env: SyncEnvironment,
  sourceTenantId: string,
  targetTenantId: string,
  user: Readonly<JsonObject>,
  mapping: UserObjectMapping,
  jobId: string,
): ProvisionResult {
  const target = env.store.directory(targetTenantId);
  const match = matchOf(target, sourceTenantId, String(user.id));
  if (match && !match.deleted) {
    if (!mapping.actions.has("Update"))
      return { action: "None", target: match.record, modified: [], blockedBy: "Update" };
    const { next, modified } = applyAttributes(
      match.record,
      mappedAttributes(mapping.attributeMappings, user, match.record),
    );
    if (modified.length === 0) return { action: "None", target: match.record, modified };
    next.provisionedBy = jobId;
    target.put("users", next);
    return { action: "Update", target: next, modified };
  }
  if (!mapping.actions.has("Add")) return { action: "None", modified: [], blockedBy: "Add" };
  const upn = String(user.userPrincipalName ?? `${String(user.id)}@unknown`);
  const guestName = `${upn.replace("@", "_")}#EXT#`;
  const now = graphDateTimeOffset(env.now);
  const base: JsonObject = match
    ? { ...(match.record as JsonObject), deletedDateTime: null }
    : {
        id: randomUUID(),
        userPrincipalName: `${guestName}@${defaultDomainOf(target)}`,
        mailNickname: guestName,
        creationType: env.settings.syncedUserCreationType,
        externalUserState: "Accepted",
        externalUserStateChangeDateTime: now,
        identities: [{ signInType: "federated", issuer: "ExternalAzureAD", issuerAssignedId: null }],
        createdDateTime: now,
      };
  const attributes = mappedAttributes(mapping.attributeMappings, user, undefined);
  const { next } = applyAttributes(base, attributes);
  const created: JsonObject = { ...next, synchronizedFrom: { tenantId: sourceTenantId, id: String(user.id) } };
  created.provisionedBy = jobId;
  if (match) target.remove("deletedUsers", String(match.record.id));
  target.put("users", created);
  const modified = Object.entries(created)
    .filter(([k]) => !["synchronizedFrom", "identities", "provisionedBy", "deletedDateTime"].includes(k))
    .map(([k, v]) => ({
      displayName: k,
      oldValue: null,
      newValue: v === null ? null : typeof v === "object" ? JSON.stringify(v) : String(v),
    }));
  return { action: "Create", target: created, modified };
}

/**
 * Soft-deletes a synchronized user in the target tenant ([DOC] cross-tenant overview: users leaving scope are soft
 * deleted in the target): it moves to the target's deleted users with `deletedDateTime`, restorable for 30 days.
 */
export function deprovisionUser(env: SyncEnvironment, targetTenantId: string, user: Readonly<JsonObject>): void {
  const target = env.store.directory(targetTenantId);
  target.remove("users", String(user.id));
  target.put("deletedUsers", { ...(user as JsonObject), deletedDateTime: graphDateTimeOffset(env.now) });
}

/** The result of one job cycle, as the job's status shows it. */
export function runJobCycle(env: SyncEnvironment, source: Directory, jobId: string): Readonly<JsonObject> {
  const job = source.get("syncJobs", jobId);
  if (!job) throw new Error(`no synchronization job ${jobId}`);
  const spId = String(job.servicePrincipalId);
  const secrets = secretsOf(source, spId);
  const began = graphDateTimeOffset(env.now);
  const previous = (job.status ?? {}) as JsonObject;
  const targetTenantId = secrets.CompanyId?.toLowerCase();
  const check: PolicyCheck = !targetTenantId
    ? {
        ok: false,
        code: "CredentialsMissing",
        message: "The job has no saved credentials: PUT synchronization/secrets with CompanyId and AuthenticationType.",
      }
    : checkPolicies(env.store, source.tenantId, targetTenantId);
  const execution = (state: string, counts: JsonObject, error: JsonObject | null): JsonObject => ({
    activityIdentifier: randomUUID(),
    countEntitled: 0,
    countEntitledForProvisioning: 0,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: 0,
    countExports: 0,
    countImported: 0,
    countImportedDeltas: 0,
    countImportedReferenceDeltas: 0,
    ...counts,
    state,
    timeBegan: began,
    timeEnded: graphDateTimeOffset(env.now),
    error,
  });
  if (!check.ok || !targetTenantId) {
    const error = { code: check.ok ? "" : check.code, message: check.ok ? "" : check.message, tenantActionable: true };
    const prior = previous.quarantine as JsonObject | null | undefined;
    const status: JsonObject = {
      ...previous,
      code: "Quarantine",
      countSuccessiveCompleteFailures: Number(previous.countSuccessiveCompleteFailures ?? 0) + 1,
      lastExecution: execution("Failed", {}, error),
      quarantine: {
        currentBegan: began,
        nextAttempt: graphDateTimeOffset(env.now + 40 * 60_000),
        reason: "EncounteredQuarantineException",
        seriesBegan: prior?.seriesBegan ?? began,
        seriesCount: prior ? Number(prior.seriesCount ?? 0) + 1 : 0,
        error,
      },
    };
    const next = { ...(job as JsonObject), status };
    source.put("syncJobs", next);
    return next;
  }
  let entitled = 0;
  let exported = 0;
  const mapping = userObjectMappingOf(effectiveSchema(job));
  const users = source.list("users");
  const leaving = new Map<string, boolean>();
  for (const user of users) {
    const scope = scopeOf(env, source, spId, secrets, user, mapping);
    if (!scope.inScope) {
      leaving.set(String(user.id), scope.deprovision);
      continue;
    }
    entitled++;
    if (provisionUser(env, source.tenantId, targetTenantId, user, mapping, jobId).action !== "None") exported++;
  }
  // Users this job synchronized that left its scope (or the source directory) are soft-deleted in the target while
  // Delete is among the target object actions; without it they stay ([DOC] MTO known issues).
  if (mapping.actions.has("Delete")) {
    for (const u of env.store.directory(targetTenantId).list("users")) {
      const from = u.synchronizedFrom as JsonObject | undefined;
      if (from?.tenantId !== source.tenantId || u.provisionedBy !== jobId) continue;
      const gone = !source.get("users", String(from.id));
      if (gone || leaving.get(String(from.id)) === true) {
        deprovisionUser(env, targetTenantId, u);
        exported++;
      }
    }
  }
  const synced = env.store
    .directory(targetTenantId)
    .list("users")
    .filter((u) => (u.synchronizedFrom as JsonObject | undefined)?.tenantId === source.tenantId).length;
  const run = execution(
    "Succeeded",
    {
      countEntitled: entitled,
      countEntitledForProvisioning: entitled,
      countExported: exported,
      countExports: exported,
      countImported: users.length,
      countImportedDeltas: users.length,
    },
    null,
  );
  const status: JsonObject = {
    ...previous,
    code: "Active",
    countSuccessiveCompleteFailures: 0,
    lastExecution: run,
    lastSuccessfulExecution: run,
    lastSuccessfulExecutionWithExports: exported > 0 ? run : (previous.lastSuccessfulExecutionWithExports ?? null),
    quarantine: null,
    steadyStateFirstAchievedTime:
      previous.steadyStateFirstAchievedTime && previous.steadyStateFirstAchievedTime !== "0001-01-01T00:00:00Z"
        ? previous.steadyStateFirstAchievedTime
        : run.timeEnded,
    steadyStateLastAchievedTime: run.timeEnded,
    synchronizedEntryCountByType: [{ key: "User to User", value: synced }],
  };
  // The cycle after a schema change was the initial one ([DOC] export-import guide); the next ones are incremental.
  const next: JsonObject = { ...(job as JsonObject), status, initialCycleDue: false };
  source.put("syncJobs", next);
  return next;
}

interface Step {
  name: string;
  type: string;
  status: string;
  description: string;
  details: JsonObject;
}

/**
 * provisionOnDemand for one source user: the provisioning steps and the result as the Entra guide's response
 * carries them (`value`: a JSON array of one result; switch `provisionOnDemandShape` for the v1.0 page's shape).
 */
export function provisionOnDemand(
  env: SyncEnvironment,
  source: Directory,
  job: Readonly<JsonObject>,
  user: Readonly<JsonObject>,
): JsonObject {
  const started = graphDateTimeOffset(env.now);
  const spId = String(job.servicePrincipalId);
  const secrets = secretsOf(source, spId);
  const upn = String(user.userPrincipalName ?? user.id);
  const steps: Step[] = [];
  const step = (name: string, type: string, status: string, description: string, details: JsonObject = {}): void => {
    steps.push({ name, type, status, description, details });
  };
  step("EntryImport", "Import", "Success", `Retrieved User '${upn}' from Microsoft Entra ID`, {
    objectId: String(user.id),
    accountEnabled: user.accountEnabled === false ? "False" : "True",
    displayName: String(user.displayName ?? ""),
    userPrincipalName: upn,
  });
  let status: "Success" | "Skipped" | "Failure" = "Success";
  let errorCode: string | null = null;
  let reason: string | null = null;
  let action = "Other";
  let targetId: string | null = null;
  let modified: ProvisionResult["modified"] = [];
  const mapping = userObjectMappingOf(effectiveSchema(job));
  const scope = scopeOf(env, source, spId, secrets, user, mapping);
  step(
    "EntrySynchronizationScoping",
    "Scoping",
    scope.inScope ? "Success" : "Skipped",
    "Determine if User in scope by evaluating against each scoping filter",
    scope.details,
  );
  const targetTenantId = secrets.CompanyId?.toLowerCase();
  if (!scope.inScope) {
    status = "Skipped";
    errorCode = scope.skipReason ?? "NotEffectivelyEntitled";
    reason = scope.reason ?? null;
    step("EntrySynchronizationSkip", "Export", "Skipped", reason ?? "", { SkipReason: errorCode });
  } else {
    const check: PolicyCheck = targetTenantId
      ? checkPolicies(env.store, source.tenantId, targetTenantId)
      : { ok: false, code: "CredentialsMissing", message: "The job has no saved credentials (CompanyId)." };
    if (!check.ok || !targetTenantId) {
      status = "Failure";
      errorCode = check.ok ? null : check.code;
      reason = check.ok ? null : check.message;
      step("EntryExportAdd", "Export", "Failure", reason ?? "", { ErrorCode: errorCode ?? "" });
    } else {
      const result = provisionUser(env, source.tenantId, targetTenantId, user, mapping, String(job.id));
      targetId = result.target ? String(result.target.id) : null;
      modified = result.modified;
      step(
        "EntryImport",
        "Matching",
        "Success",
        result.action === "Create"
          ? `User '${upn}' was not found in Microsoft Entra ID (target tenant)`
          : `Retrieved '${upn}' from Microsoft Entra ID (target tenant)`,
        {},
      );
      if (result.blockedBy) {
        // [INFERENCE] code and wording: the schema's target object actions leave this change out.
        status = "Skipped";
        errorCode = "TargetObjectActionDisabled";
        reason = `The schema's target object actions (flowTypes) do not include ${result.blockedBy === "Add" ? "Add (Create)" : "Update"}: the User '${upn}' is not ${result.blockedBy === "Add" ? "created" : "updated"} in Microsoft Entra ID (target tenant).`;
        step("EntrySynchronizationSkip", "Export", "Skipped", reason, { SkipReason: errorCode });
      } else if (result.action === "None") {
        status = "Skipped";
        errorCode = "RedundantExport";
        reason = "The state of the user in both the source and target systems already match.";
        step(
          "EntrySynchronizationSkip",
          "Export",
          "Skipped",
          `${reason} No change to the User '${upn}' currently needs to be made.`,
          {
            SkipReason: "RedundantExport",
          },
        );
      } else {
        action = result.action;
        step(
          result.action === "Create" ? "EntryExportAdd" : "EntryExportUpdate",
          "Export",
          "Success",
          `User '${String(result.target?.userPrincipalName)}' was ${result.action === "Create" ? "created" : "updated"} in Microsoft Entra ID (target tenant)`,
          { targetObjectId: targetId },
        );
      }
    }
  }
  const ended = graphDateTimeOffset(env.now);
  const outcome: JsonObject = {
    action,
    changeId: randomUUID(),
    endTime: ended,
    modifiedProperties: modified as unknown as JsonObject[],
    provisioningSteps: steps.map((s) => ({ ...s, timestamp: ended })) as unknown as JsonObject[],
    reportableIdentifier: upn,
    startTime: started,
    statusInfo: {
      status,
      errorCode,
      reason,
      additionalDetails: null,
      errorCategory: status === "Failure" ? "NonServiceFailure" : null,
      recommendedAction: null,
    },
    sourceIdentity: { id: String(user.id), type: "User", displayName: String(user.displayName ?? ""), details: null },
    sourceSystem: { id: null, name: "Microsoft Entra ID", details: null },
    targetIdentity: { id: targetId, type: "User", displayName: null, details: null },
    targetSystem: { id: null, name: "Microsoft Entra ID (target tenant)", details: null },
  };
  if (env.settings.provisionOnDemandShape === "result") {
    return {
      key: JSON.stringify({ result: status, details: errorCode ? { errorCode, errorMessage: reason } : {} }),
      value: JSON.stringify(outcome),
    };
  }
  return {
    key: "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo",
    value: JSON.stringify([outcome]),
  };
}
