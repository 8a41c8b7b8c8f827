/**
 * check() of a synchronization configuration: validates and normalizes the inputs, with no Graph call. Values still
 * unknown during preview pass through unvalidated. The connection's own tenant as the target is refused by the
 * runtime (partnerTenant), which knows the connection.
 */
import type { CheckFailure, CheckOutcome } from "../handler";
import { checkOptionalBoolean, checkTenantId, GUID, unknownKeyFailures } from "../shared/checks";
import { PARTNER_CONFIGURATION, SYNC_POLICY } from "../shared/typeNames";
import { isPlainObject, isUnknown, typeName } from "../shared/values";
import { checkSchemaProperty } from "../syncSchema/schema";

export const DISPLAY_NAME_MAX = 256;
/** Graph stores the threshold as an integer; larger values make no sense for a directory. */
export const THRESHOLD_MAX = 2_147_483_647;

const topLevelKeys = [
  "displayName",
  "targetTenantId",
  "scope",
  "provisioningEnabled",
  "notificationEmail",
  "accidentalDeletionThreshold",
  "onDestroy",
  "schema",
] as const;
const scopeKeys = ["syncAll", "users", "groups"] as const;

/** Names people reach for that belong elsewhere. */
const elsewhere: Record<string, string> = {
  tenantId: "the tenant this configuration synchronizes to is `targetTenantId`.",
  userSyncInbound: `it belongs to the target tenant's ${SYNC_POLICY} for this (source) tenant.`,
  automaticUserConsentSettings: `it belongs to a ${PARTNER_CONFIGURATION} (outbound in this tenant, inbound in the target).`,
};

/** A simple address check (Graph accepts what the portal does; this catches typos such as a missing @). */
const EMAIL = /^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$/;

function checkDisplayName(v: unknown, failures: CheckFailure[]): unknown {
  if (v === undefined || v === null || v === "") {
    failures.push({
      property: "displayName",
      reason:
        "displayName is required: the configuration's name (the application's name in Entra, e.g. the target tenant's name).",
    });
    return undefined;
  }
  if (isUnknown(v)) return v;
  if (typeof v !== "string") {
    failures.push({ property: "displayName", reason: `displayName must be a string, got ${typeName(v)}.` });
    return undefined;
  }
  const name = v.trim();
  if (name === "") {
    failures.push({ property: "displayName", reason: "displayName must not be blank." });
    return undefined;
  }
  if (name.length > DISPLAY_NAME_MAX) {
    failures.push({
      property: "displayName",
      reason: `displayName is ${name.length} characters; the maximum is ${DISPLAY_NAME_MAX}.`,
    });
    return undefined;
  }
  return name;
}

/** A list of object IDs: GUIDs, lower-cased, sorted, unique. Unknown elements (preview) pass through. */
function checkIds(kind: "users" | "groups", v: unknown, failures: CheckFailure[]): unknown {
  if (v === undefined || v === null) return [];
  if (isUnknown(v)) return v;
  if (!Array.isArray(v)) {
    failures.push({
      property: `scope.${kind}`,
      reason: `scope.${kind} must be a list of ${kind === "users" ? "user" : "group"} object IDs (GUIDs), got ${typeName(v)}.`,
    });
    return [];
  }
  const ids: unknown[] = [];
  v.forEach((item, i) => {
    if (isUnknown(item)) {
      ids.push(item);
    } else if (typeof item !== "string" || !GUID.test(item.trim())) {
      failures.push({
        property: `scope.${kind}[${i}]`,
        reason:
          `scope.${kind}[${i}] must be a ${kind === "users" ? "user" : "group"} object ID, a GUID like "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11", got ${JSON.stringify(item)}` +
          (kind === "users" && typeof item === "string" && item.includes("@")
            ? "; a user principal name is not accepted here: use the user's object ID (e.g. `azuread.getUser({ userPrincipalName }).objectId`, or Entra admin center > Users > the user > Object ID)."
            : "."),
      });
    } else {
      ids.push(item.trim().toLowerCase());
    }
  });
  const known = ids.filter((x): x is string => typeof x === "string" && !isUnknown(x));
  const unknown = ids.filter((x) => isUnknown(x));
  return [...[...new Set(known)].sort(), ...unknown];
}

function checkScope(v: unknown, failures: CheckFailure[]): unknown {
  if (v === undefined || v === null) {
    failures.push({
      property: "scope",
      reason:
        'scope is required: who is synchronized, e.g. scope: { groups: ["<group object ID>"] }, or scope: { syncAll: true } for every user of this tenant.',
    });
    return undefined;
  }
  if (isUnknown(v)) return v;
  if (!isPlainObject(v)) {
    failures.push({
      property: "scope",
      reason: `scope must be an object like { users: [...], groups: [...], syncAll: false }, got ${typeName(v)}.`,
    });
    return undefined;
  }
  failures.push(...unknownKeyFailures(v, scopeKeys, "scope."));
  const before = failures.length;
  const syncAll = checkOptionalBoolean("scope.syncAll", v.syncAll, failures) ?? false;
  const users = checkIds("users", v.users, failures);
  const groups = checkIds("groups", v.groups, failures);
  const empty = (x: unknown) => Array.isArray(x) && x.length === 0;
  if (failures.length === before && syncAll === false && empty(users) && empty(groups)) {
    failures.push({
      property: "scope",
      reason:
        "scope is empty: with syncAll false only assigned users and groups are synchronized, and none are listed. " +
        "List user or group object IDs in scope.users / scope.groups, or set scope.syncAll to true to synchronize every user of this tenant.",
    });
  }
  return { syncAll, users, groups };
}

export function checkSyncConfigInputs(news: Record<string, unknown>): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  failures.push(...unknownKeyFailures(news, topLevelKeys, "", elsewhere));

  inputs.displayName = checkDisplayName(news.displayName, failures);

  const before = failures.length;
  const target = checkTenantId(
    news.targetTenantId,
    failures,
    "the target tenant's ID (the tenant users are synchronized to)",
  );
  // checkTenantId names the property `tenantId`; this resource calls it targetTenantId.
  for (const f of failures.slice(before)) {
    f.property = "targetTenantId";
    f.reason = f.reason.replace(/^tenantId\b/, "targetTenantId");
  }
  inputs.targetTenantId = target;

  inputs.scope = checkScope(news.scope, failures);
  inputs.provisioningEnabled = checkOptionalBoolean("provisioningEnabled", news.provisioningEnabled, failures) ?? true;

  const email = news.notificationEmail;
  if (email !== undefined && email !== null && email !== "") {
    if (isUnknown(email)) {
      inputs.notificationEmail = email;
    } else if (typeof email !== "string" || !EMAIL.test(email.trim())) {
      failures.push({
        property: "notificationEmail",
        reason: `notificationEmail must be one e-mail address like "sync-admins@contoso.com", got ${JSON.stringify(email)}; omit it to send no failure notifications.`,
      });
    } else {
      inputs.notificationEmail = email.trim();
    }
  }

  const threshold = news.accidentalDeletionThreshold;
  if (threshold !== undefined && threshold !== null) {
    if (isUnknown(threshold)) {
      inputs.accidentalDeletionThreshold = threshold;
    } else if (
      typeof threshold !== "number" ||
      !Number.isInteger(threshold) ||
      threshold < 1 ||
      threshold > THRESHOLD_MAX
    ) {
      failures.push({
        property: "accidentalDeletionThreshold",
        reason: `accidentalDeletionThreshold must be a positive whole number (the most deletions one cycle may make before the job stops and notifies), got ${JSON.stringify(threshold)}; omit it to turn accidental-deletion prevention off.`,
      });
    } else {
      inputs.accidentalDeletionThreshold = threshold;
    }
  }

  const onDestroy = news.onDestroy;
  if (onDestroy === undefined || onDestroy === null) {
    inputs.onDestroy = "delete";
  } else if (isUnknown(onDestroy) || onDestroy === "delete" || onDestroy === "pause") {
    inputs.onDestroy = onDestroy;
  } else {
    failures.push({
      property: "onDestroy",
      reason: `onDestroy must be "delete" (destroy pauses the job and deletes the application) or "pause" (destroy only pauses the job and keeps the configuration), got ${JSON.stringify(onDestroy)}.`,
    });
  }
  inputs.schema = checkSchemaProperty(news.schema, failures);
  return { inputs, failures };
}
