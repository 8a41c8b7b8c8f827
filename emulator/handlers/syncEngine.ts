/**
 * What the provisioning service does for one Azure2Azure job (issue 16 §4): whether the target tenant lets the
 * source synchronize, which source users are in scope, creating or updating a user in the TARGET tenant's
 * directory, a whole job cycle (status, last execution, quarantine) and one user on demand. Used by the
 * synchronization handler (start, provisionOnDemand) and by the admin API (`POST /_emulator/sync/run`).
 */
import { randomUUID } from "crypto";
import { GraphStore, Directory } from "../persistence/graphStore";
import { EmulatorSettings } from "../settings";
import { JsonObject } from "../util/json";
import { graphDateTimeOffset } from "../util/time";
import { assignmentsOf, defaultDomainOf } from "./sourceRecords";
import { mappedUserType } from "./syncSchemaFixture";

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
  details: JsonObject;
}

/**
 * In scope: not an external user (the default schema's "Filter external users" scoping filter), and sync-all on,
 * or assigned directly, or a direct member of an assigned group (nested groups are not followed [DOC]).
 */
export function scopeOf(
  dir: Directory,
  servicePrincipalId: string,
  secrets: Record<string, string>,
  user: Readonly<JsonObject>,
): ScopeResult {
  const external = user.userType === "Guest" || String(user.userPrincipalName ?? "").includes("#EXT#");
  const assignments = assignmentsOf(dir, servicePrincipalId);
  const assigned =
    secrets.SyncAll?.toLowerCase() === "true" ||
    assignments.some(
      (a) =>
        a.principalId === user.id ||
        (a.principalType === "Group" &&
          ((dir.get("groups", String(a.principalId))?.members ?? []) as string[]).includes(String(user.id))),
    );
  const active = user.accountEnabled !== false;
  const details: JsonObject = {
    "Active in the source system": active ? "True" : "False",
    "Assigned to the application": assigned ? "True" : "False",
    "User has the required role": assigned ? "True" : "False",
    "Scoping filter evaluation passed": external ? "False" : "True",
  };
  if (!assigned) return { inScope: false, skipReason: "NotEffectivelyEntitled", details };
  if (external) return { inScope: false, skipReason: "ScopingFilter", details };
  return { inScope: true, details };
}

/** The target user synchronized from `user`, if any. */
function matchOf(
  target: Directory,
  sourceTenantId: string,
  user: Readonly<JsonObject>,
): Readonly<JsonObject> | undefined {
  return target.list("users").find((u) => {
    const from = u.synchronizedFrom as JsonObject | undefined;
    return from?.tenantId === sourceTenantId && from.id === user.id;
  });
}

/** Attributes that flow on every run (the default schema's `Always` mappings the emulator models). */
const FLOWING = ["displayName", "givenName", "surname", "jobTitle", "department", "mail", "accountEnabled"] as const;
const shown = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface ProvisionResult {
  action: "Create" | "Update" | "None";
  target: Readonly<JsonObject>;
  modified: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

/**
 * Creates or updates `user` of the source tenant as a user of the target tenant: a B2B collaboration user with a
 * new object id, `userType` as the default schema maps it, UPN `<local>_<domain>#EXT#@<target default domain>`,
 * `creationType` (switch `syncedUserCreationType`), `externalUserState` Accepted (auto-redeemed) and an
 * `ExternalAzureAD` identity ([INFERENCE]: the properties of B2B users from another Entra tenant).
 */
export function provisionUser(
  env: SyncEnvironment,
  sourceTenantId: string,
  targetTenantId: string,
  user: Readonly<JsonObject>,
): ProvisionResult {
  const target = env.store.directory(targetTenantId);
  const existing = matchOf(target, sourceTenantId, user);
  const flowing: JsonObject = {};
  for (const name of FLOWING)
    flowing[name] =
      name === "mail"
        ? (user.mail ?? user.userPrincipalName ?? null)
        : name === "accountEnabled"
          ? user.accountEnabled !== false
          : (user[name] ?? null);
  if (existing) {
    const modified = FLOWING.filter((n) => (existing[n] ?? null) !== flowing[n]).map((n) => ({
      displayName: n,
      oldValue: shown(existing[n]),
      newValue: shown(flowing[n]),
    }));
    if (modified.length === 0) return { action: "None", target: existing, modified };
    const updated = { ...(existing as JsonObject), ...flowing };
    target.put("users", updated);
    return { action: "Update", target: updated, modified };
  }
  const upn = String(user.userPrincipalName ?? `${String(user.id)}@unknown`);
  const guestName = `${upn.replace("@", "_")}#EXT#`;
  const now = graphDateTimeOffset(env.now);
  const created: JsonObject = {
    id: randomUUID(),
    ...flowing,
    userPrincipalName: `${guestName}@${defaultDomainOf(target)}`,
    mailNickname: guestName,
    userType: mappedUserType(),
    showInAddressList: true,
    creationType: env.settings.syncedUserCreationType,
    externalUserState: "Accepted",
    externalUserStateChangeDateTime: now,
    identities: [{ signInType: "federated", issuer: "ExternalAzureAD", issuerAssignedId: null }],
    createdDateTime: now,
    synchronizedFrom: { tenantId: sourceTenantId, id: String(user.id) },
  };
  target.put("users", created);
  const modified = Object.entries(created)
    .filter(([k]) => k !== "synchronizedFrom" && k !== "identities")
    .map(([k, v]) => ({ displayName: k, oldValue: null, newValue: v === null ? null : String(v) }));
  return { action: "Create", target: created, modified };
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
  const users = source.list("users");
  for (const user of users) {
    if (!scopeOf(source, spId, secrets, user).inScope) continue;
    entitled++;
    if (provisionUser(env, source.tenantId, targetTenantId, user).action !== "None") exported++;
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
  const next = { ...(job as JsonObject), status };
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
  const scope = scopeOf(source, spId, secrets, user);
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
    reason =
      scope.skipReason === "ScopingFilter"
        ? `The User '${upn}' was skipped because it did not pass the scoping filter (external users are not synchronized).`
        : `The User '${upn}' will be skipped because it is not assigned to the application, or is not a direct member of a group assigned to it.`;
    step("EntrySynchronizationSkip", "Export", "Skipped", reason, { SkipReason: errorCode });
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
      const result = provisionUser(env, source.tenantId, targetTenantId, user);
      targetId = String(result.target.id);
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
      if (result.action === "None") {
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
          `User '${String(result.target.userPrincipalName)}' was ${result.action === "Create" ? "created" : "updated"} in Microsoft Entra ID (target tenant)`,
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
