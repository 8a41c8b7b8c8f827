/** check() of the partner configuration: Graph's rules, with the property and the fix in every message; no Graph call. */
import type { ApiVersion } from "../../config/settings";
import type { CheckFailure, CheckOutcome } from "../handler";
import { checkSettings, PARTNER_SETTINGS } from "../crossTenantSettings";
import { checkOptionalBoolean, checkTenantId, unknownKeyFailures } from "../shared/checks";
import { DEFAULT_CONFIGURATION, PARTNER_CONFIGURATION, SYNC_POLICY } from "../shared/typeNames";

const topLevelKeys = ["tenantId", ...PARTNER_SETTINGS, "adoptExisting"];

/** Names people try here that Graph exposes elsewhere. */
const elsewhere: Record<string, string> = {
  isServiceProvider:
    "isServiceProvider can only be written with delegated (user) sign-in, and app-only writes get 403; it is reported as a read-only output. Remove it.",
  isInMultiTenantOrganization:
    "isInMultiTenantOrganization is set by the multitenant organization service; it is a read-only output. Remove it.",
  identitySynchronization: `the identity sync policy is its own resource: new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, userSyncInbound: { isSyncAllowed: true } }).`,
  userSyncInbound: `it belongs to the identity sync policy: new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, userSyncInbound: { … } }).`,
  groupSyncInbound: `it belongs to the identity sync policy: new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, groupSyncInbound: { … } }).`,
  displayName: `this resource does not manage a display name (Graph has one on partners only in beta); name the partner on its ${SYNC_POLICY} (displayName).`,
  invitationRedemptionIdentityProviderConfiguration: `it is a setting of the default configuration, for every partner: set it on ${DEFAULT_CONFIGURATION}.`,
  externalCloudAuthorizedApplicationId: `it belongs to the identity sync policy: new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, externalCloudAuthorizedApplicationId: … }).`,
};

/** `apiVersion` (default v1.0) and `apiVersionKey`: the connection's Graph version and the setting that selects it. */
export function checkPartnerInputs(
  news: Record<string, unknown>,
  apiVersion: ApiVersion = "v1.0",
  apiVersionKey?: string,
): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  failures.push(...unknownKeyFailures(news, topLevelKeys, "", elsewhere));
  const tenantId = checkTenantId(news.tenantId, failures);
  if (tenantId !== undefined) inputs.tenantId = tenantId;
  checkSettings(news, "partner", inputs, failures, PARTNER_CONFIGURATION, { version: apiVersion, key: apiVersionKey });
  const adopt = checkOptionalBoolean("adoptExisting", news.adoptExisting, failures);
  if (adopt !== undefined) inputs.adoptExisting = adopt;
  return { inputs, failures };
}
