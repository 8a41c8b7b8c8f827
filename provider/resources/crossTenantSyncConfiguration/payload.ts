/** Graph bodies of a synchronization configuration and Graph answers → outputs. Pure functions, no Graph call. */
import { stripUndefined } from "../shared/values";
import {
  ACCESS_ROLE_NAME,
  GraphAppRoleAssignment,
  GraphSchema,
  GraphServicePrincipal,
  GraphSyncJob,
  JobStatus,
  SYNC_TEMPLATE_ID,
  SyncConfigInputs,
  SyncConfigOutputs,
  SyncScope,
  USER_RULE_NAME,
} from "./types";

/** The v1.0 `id`, or `objectId` as the Entra guide's older sample shows it. */
export function objectIdOf(o: { id?: unknown; objectId?: unknown } | undefined): string | undefined {
  const v = o?.id ?? o?.objectId;
  return typeof v === "string" && v !== "" ? v.toLowerCase() : undefined;
}

/** `SyncNotificationSettings`: failure e-mails and the accidental-deletion threshold, as Graph's JSON string. */
export function notificationSettings(
  inputs: Pick<SyncConfigInputs, "notificationEmail" | "accidentalDeletionThreshold">,
): string {
  const threshold = inputs.accidentalDeletionThreshold;
  return JSON.stringify({
    Enabled: inputs.notificationEmail !== undefined,
    ...(inputs.notificationEmail !== undefined ? { Recipients: inputs.notificationEmail } : {}),
    DeleteThresholdEnabled: threshold !== undefined,
    ...(threshold !== undefined ? { DeleteThresholdValue: threshold } : {}),
  });
}

/** PUT …/synchronization/secrets: the whole set every time (Graph keeps no partial update of it). */
export function secretsBody(inputs: SyncConfigInputs): { value: { key: string; value: string }[] } {
  return {
    value: [
      { key: "AuthenticationType", value: "SyncPolicy" },
      { key: "CompanyId", value: inputs.targetTenantId },
      { key: "SyncNotificationSettings", value: notificationSettings(inputs) },
      { key: "SyncAll", value: inputs.scope.syncAll ? "true" : "false" },
    ],
  };
}

/** POST …/jobs/validateCredentials with the credentials about to be used (not the saved ones). */
export function validateBody(targetTenantId: string) {
  return {
    useSavedCredentials: false,
    templateId: SYNC_TEMPLATE_ID,
    credentials: [
      { key: "CompanyId", value: targetTenantId },
      { key: "AuthenticationType", value: "SyncPolicy" },
    ],
  };
}

/** True when the secrets Graph holds differ from what these inputs need. */
export function secretsChanged(olds: Partial<SyncConfigInputs>, news: SyncConfigInputs): boolean {
  return (
    olds.notificationEmail !== news.notificationEmail ||
    olds.accidentalDeletionThreshold !== news.accidentalDeletionThreshold ||
    (olds.scope?.syncAll === true) !== news.scope.syncAll ||
    String(olds.targetTenantId ?? "").toLowerCase() !== news.targetTenantId
  );
}

/** The app role assignments grant: msiam_access by name, else the first enabled role, else default access. */
export function accessRoleIdOf(sp: GraphServicePrincipal | undefined): string {
  const roles = (sp?.appRoles ?? []).filter((r) => typeof r.id === "string" && r.isEnabled !== false);
  const named = roles.find((r) => r.value === ACCESS_ROLE_NAME || r.displayName === ACCESS_ROLE_NAME);
  return (named ?? roles[0])?.id?.toLowerCase() ?? "00000000-0000-0000-0000-000000000000";
}

/** The USER_INBOUND_USER rule's ID; the only rule when none has that name. */
export function userRuleIdOf(schema: GraphSchema | undefined): string | undefined {
  const rules = (schema?.synchronizationRules ?? []).filter((r) => typeof r.id === "string");
  return (rules.find((r) => r.name === USER_RULE_NAME) ?? (rules.length === 1 ? rules[0] : undefined))?.id;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The job's schedule and status, reduced to what the outputs show. */
export function jobStatusOf(job: GraphSyncJob | undefined): JobStatus {
  const last = job?.status?.lastExecution;
  const q = job?.status?.quarantine;
  const lastError = last?.error && str(last.error.code) && last.error.code !== "None" ? last.error : undefined;
  return stripUndefined({
    state: str(job?.schedule?.state) ?? "Disabled",
    code: str(job?.status?.code) ?? "NotConfigured",
    lastCycle:
      last && str(last.state)
        ? {
            state: last.state as string,
            timeEnded: str(last.timeEnded),
            error: lastError ? { code: String(lastError.code), message: str(lastError.message) ?? "" } : undefined,
          }
        : undefined,
    quarantine: q
      ? {
          reason: str(q.reason) ?? "Unknown",
          since: str(q.currentBegan),
          errorCode: str(q.error?.code),
          message: str(q.error?.message),
        }
      : undefined,
  });
}

/** The job's status after our own start or pause: the schedule state changes, the rest is as last read. */
export function afterStartOrPause(status: JobStatus | undefined, enabled: boolean): JobStatus {
  const base = status ?? { state: "Disabled", code: "NotRun" };
  return { ...base, state: enabled ? "Active" : "Paused" };
}

/** Assignments of the app role as Graph lists them: principal → assignment ID, and the scope they make. */
export function assignmentsOf(
  list: GraphAppRoleAssignment[],
  appRoleId?: string,
): { assignments: Record<string, string>; users: string[]; groups: string[] } {
  const assignments: Record<string, string> = {};
  const users: string[] = [];
  const groups: string[] = [];
  for (const a of list) {
    const principal = str(a.principalId)?.toLowerCase();
    const id = str(a.id);
    if (!principal || !id) continue;
    // Another role of the application (not the one this resource grants) is not its scope.
    if (appRoleId && str(a.appRoleId) && a.appRoleId!.toLowerCase() !== appRoleId) continue;
    if (assignments[principal]) continue;
    assignments[principal] = id;
    (a.principalType === "Group" ? groups : users).push(principal);
  }
  return { assignments, users: users.sort(), groups: groups.sort() };
}

/** Principals to assign and assignments to remove so that the assignments are exactly the scope. */
export function assignmentPlan(
  current: Record<string, string>,
  scope: SyncScope,
): { add: string[]; remove: { principalId: string; assignmentId: string }[] } {
  const wanted = new Set([...scope.users, ...scope.groups]);
  return {
    add: [...wanted].filter((p) => current[p] === undefined),
    remove: Object.entries(current)
      .filter(([p]) => !wanted.has(p))
      .map(([principalId, assignmentId]) => ({ principalId, assignmentId })),
  };
}

/** The outputs: the inputs as they are now in Graph plus the IDs and status. */
export function outputsOf(
  inputs: SyncConfigInputs,
  rest: Omit<SyncConfigOutputs, keyof SyncConfigInputs>,
): SyncConfigOutputs {
  return stripUndefined({
    ...inputs,
    ...rest,
    pending: rest.pending && rest.pending.length > 0 ? rest.pending : undefined,
  });
}
