/**
 * Graph's answer to `provisionOnDemand` → what happened, in plain words. The answer is a
 * `stringKeyStringValuePair` whose strings hold JSON, in two documented shapes:
 * - the API reference (v1.0 provisionOnDemand page): `key` = `{"result":"Skipped","details":{"errorCode",
 *   "errorMessage"}}`, `value` = one object `{action, provisioningSteps[], statusInfo:{status, errorCode, reason,
 *   recommendedAction, …}, sourceIdentity, targetIdentity, …}`;
 * - the cross-tenant guide (configure-graph step 10): `key` =
 *   "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo", `value` = a JSON array of such
 *   objects (one per subject).
 * Both are read; what cannot be read is reported as unknown, never guessed.
 */

export type Outcome = "created" | "updated" | "noChange" | "succeeded" | "skipped" | "failed" | "unknown";

export interface OnDemandStep {
  name: string;
  type: string;
  status: string;
  description: string;
  details: Record<string, string>;
}

export interface OnDemandResult {
  outcome: Outcome;
  /** Graph's own status word (statusInfo.status, else the key's result), as Graph wrote it. */
  status?: string;
  /** The export action Graph reports (Create, Update, Delete, Other, None). */
  action?: string;
  steps: OnDemandStep[];
  /** Graph's code for a skip or failure (e.g. RedundantExport, a SkipReason, statusInfo.errorCode). */
  code?: string;
  /** Why, in Graph's words (statusInfo.reason, the key's errorMessage, or the step that stopped). */
  reason?: string;
  /** Graph's recommended action, when it gives one. */
  recommendedAction?: string;
  /** The object in the target tenant, when Graph names it. */
  targetId?: string;
  /** How Graph names the user (reportableIdentifier, usually the UPN). */
  identifier?: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" && v !== "null" ? v : undefined;

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stepsOf(v: unknown): OnDemandStep[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((s) => ({
    name: str(s.name) ?? "",
    type: str(s.type) ?? str(s.provisioningStepType) ?? "",
    status: str(s.status) ?? "",
    description: str(s.description) ?? "",
    details: Object.fromEntries(
      Object.entries(isObject(s.details) ? s.details : {}).map(([k, x]) => [
        k,
        typeof x === "string" ? x : JSON.stringify(x),
      ]),
    ),
  }));
}

/** The entry of `value` for the subject `objectId` (or the only/first one). */
function entryOf(value: unknown, objectId?: string): Obj | undefined {
  if (isObject(value)) return value;
  if (!Array.isArray(value)) return undefined;
  const entries = value.filter(isObject);
  const mine = objectId
    ? entries.find((e) => {
        const source = isObject(e.sourceIdentity) ? str(e.sourceIdentity.id) : undefined;
        return source?.toLowerCase() === objectId.toLowerCase();
      })
    : undefined;
  return mine ?? entries[0];
}

const lower = (s: string | undefined) => (s ?? "").toLowerCase();

/** The step that decided a skip or a failure: the last one that did not succeed. */
function decidingStep(steps: OnDemandStep[]): OnDemandStep | undefined {
  return [...steps].reverse().find((s) => !["success", ""].includes(lower(s.status)));
}

function exportAction(steps: OnDemandStep[]): "created" | "updated" | undefined {
  for (const s of steps) {
    if (lower(s.type) !== "export" || lower(s.status) !== "success") continue;
    if (/add|create/i.test(s.name) || /\bcreated\b/i.test(s.description)) return "created";
    if (/update/i.test(s.name) || /\bupdated\b/i.test(s.description)) return "updated";
  }
  return undefined;
}

/** Parses Graph's answer (the response body) for the subject `objectId`. */
export function parseOnDemandResult(body: unknown, objectId?: string): OnDemandResult {
  const b = isObject(body) ? body : {};
  const key = parseJson(b.key);
  const keyResult = isObject(key) ? str(key.result) : undefined;
  const keyDetails = isObject(key) && isObject(key.details) ? key.details : {};
  const entry = entryOf(parseJson(b.value), objectId) ?? {};

  const steps = stepsOf(entry.provisioningSteps);
  const info = isObject(entry.statusInfo)
    ? entry.statusInfo
    : isObject(entry.provisioningStatusInfo)
      ? entry.provisioningStatusInfo
      : {};
  const errorInfo = isObject(info.errorInformation) ? info.errorInformation : info;
  const status = str(info.status) ?? keyResult;
  const action = str(entry.action) ?? str(entry.provisioningAction);
  const step = decidingStep(steps);
  const skipReason = step ? str(step.details.SkipReason) : undefined;
  const code = str(errorInfo.errorCode) ?? str(keyDetails.errorCode) ?? skipReason;
  const reason = str(errorInfo.reason) ?? str(keyDetails.errorMessage) ?? step?.description;
  const targetId = isObject(entry.targetIdentity) ? str(entry.targetIdentity.id) : undefined;

  const result: OnDemandResult = {
    outcome: "unknown",
    status,
    action,
    steps,
    code,
    reason,
    recommendedAction: str(errorInfo.recommendedAction),
    targetId,
    identifier: str(entry.reportableIdentifier),
  };
  switch (lower(status)) {
    case "success":
    case "warning": {
      const a = lower(action);
      result.outcome =
        a === "create"
          ? "created"
          : a === "update"
            ? "updated"
            : (exportAction(steps) ?? (code === "RedundantExport" ? "noChange" : "succeeded"));
      break;
    }
    case "skipped":
      // "The state of the user in both the source and target systems already match": nothing to do.
      result.outcome = code === "RedundantExport" ? "noChange" : "skipped";
      break;
    case "failure":
    case "failed":
      result.outcome = "failed";
      break;
  }
  return result;
}
