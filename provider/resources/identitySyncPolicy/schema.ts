import type { ApiVersion } from "../../config/settings";
import type { CheckFailure, CheckOutcome } from "../handler";
import {
  betaOnlyFailure,
  checkOptionalBoolean,
  checkTenantId,
  GUID,
  suggest,
  unknownKeyFailures,
} from "../shared/checks";
import { PARTNER_SETTINGS } from "../crossTenantSettings/types";
import { PARTNER_CONFIGURATION } from "../shared/typeNames";
import { isUnknown, typeName } from "../shared/values";

export type { CheckFailure, CheckOutcome };
export { suggest };

export const DISPLAY_NAME_MAX = 256;

const topLevelKeys = [
  "tenantId",
  "displayName",
  "userSyncInbound",
  "groupSyncInbound",
  "externalCloudAuthorizedApplicationId",
  "adoptExisting",
] as const;
const syncKeys = ["isSyncAllowed"] as const;

/** Settings people put here that belong to the partner configuration (a tried-as-a-new-user run did). */
const partnerSettings = PARTNER_SETTINGS;
const elsewhere: Record<string, string> = Object.fromEntries(
  partnerSettings.map((k) => [
    k,
    `it belongs to the partner configuration. Set it on a ${PARTNER_CONFIGURATION} with the same tenantId ` +
      `(new ${PARTNER_CONFIGURATION}("…", { tenantId, ${k}: … })) and pass \`tenantId: partner.tenantId\` to this policy so the partner is created first.`,
  ]),
);

function checkSync(name: "userSyncInbound" | "groupSyncInbound", v: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(v)) return v;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    failures.push({
      property: name,
      reason: `${name} must be an object like { isSyncAllowed: true }, got ${typeName(v)}.`,
    });
    return v;
  }
  const obj = v as Record<string, unknown>;
  failures.push(...unknownKeyFailures(obj, syncKeys, `${name}.`));
  const allowed = obj.isSyncAllowed;
  if (allowed === undefined) {
    failures.push({ property: `${name}.isSyncAllowed`, reason: `${name}.isSyncAllowed is required (true or false).` });
  } else if (!isUnknown(allowed) && typeof allowed !== "boolean") {
    failures.push({
      property: `${name}.isSyncAllowed`,
      reason: `${name}.isSyncAllowed must be a boolean (true or false), got ${typeName(allowed)} ${JSON.stringify(allowed)}.`,
    });
  }
  // Never hand `undefined` back to the host: it cannot encode it and would hide these failures behind
  // "Unexpected struct type".
  return allowed === undefined ? {} : { isSyncAllowed: allowed };
}

/**
 * Validates and normalises the resource inputs. No Graph call. Values still unknown during preview (the host's
 * sentinel string) are passed through unvalidated. Returns only known keys, tenantId lower-cased.
 */
export function checkInputs(
  news: Record<string, unknown>,
  apiVersion: ApiVersion,
  apiVersionKey?: string,
): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  failures.push(...unknownKeyFailures(news, topLevelKeys, "", elsewhere));

  const tenantId = checkTenantId(news.tenantId, failures);
  if (tenantId !== undefined) inputs.tenantId = tenantId;

  const displayName = news.displayName;
  if (displayName !== undefined && displayName !== null) {
    if (isUnknown(displayName)) {
      inputs.displayName = displayName;
    } else if (typeof displayName !== "string") {
      failures.push({ property: "displayName", reason: `displayName must be a string, got ${typeName(displayName)}.` });
    } else if (displayName.trim() === "") {
      failures.push({
        property: "displayName",
        reason: "displayName must not be empty; omit it to leave the remote value unmanaged.",
      });
    } else if (displayName.length > DISPLAY_NAME_MAX) {
      failures.push({
        property: "displayName",
        reason: `displayName is ${displayName.length} characters; the maximum is ${DISPLAY_NAME_MAX}.`,
      });
    } else {
      inputs.displayName = displayName;
    }
  }

  if (news.userSyncInbound === undefined || news.userSyncInbound === null) {
    failures.push({
      property: "userSyncInbound",
      reason: "userSyncInbound is required, e.g. userSyncInbound: { isSyncAllowed: true }.",
    });
  } else {
    inputs.userSyncInbound = checkSync("userSyncInbound", news.userSyncInbound, failures);
  }

  if (news.groupSyncInbound !== undefined && news.groupSyncInbound !== null) {
    if (apiVersion !== "beta") {
      failures.push(betaOnlyFailure("groupSyncInbound", apiVersionKey));
    }
    inputs.groupSyncInbound = checkSync("groupSyncInbound", news.groupSyncInbound, failures);
  }

  const appId = news.externalCloudAuthorizedApplicationId;
  if (appId !== undefined && appId !== null) {
    if (apiVersion !== "beta") failures.push(betaOnlyFailure("externalCloudAuthorizedApplicationId", apiVersionKey));
    if (isUnknown(appId)) {
      inputs.externalCloudAuthorizedApplicationId = appId;
    } else if (typeof appId !== "string" || !GUID.test(appId.trim())) {
      failures.push({
        property: "externalCloudAuthorizedApplicationId",
        reason: `externalCloudAuthorizedApplicationId must be an application (client) ID, a GUID like "e35c54ff-bd24-4c52-921a-4b90a35808eb", got ${JSON.stringify(appId)}; omit it to leave Graph's value unmanaged.`,
      });
    } else {
      inputs.externalCloudAuthorizedApplicationId = appId.trim().toLowerCase();
    }
  }

  const adopt = checkOptionalBoolean("adoptExisting", news.adoptExisting, failures);
  if (adopt !== undefined) inputs.adoptExisting = adopt;
  return { inputs, failures };
}
