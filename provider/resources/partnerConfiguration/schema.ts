/** check() of the partner configuration: Graph's rules, with the property and the fix in every message; no Graph call. */
import type { CheckFailure, CheckOutcome } from "../handler";
import { checkSettings, SETTING_NAMES } from "../crossTenantSettings";
import { checkOptionalBoolean, checkTenantId, unknownKeyFailures } from "../shared/checks";
import { PARTNER_CONFIGURATION, SYNC_POLICY } from "../shared/typeNames";

const topLevelKeys = ["tenantId", ...SETTING_NAMES, "adoptExisting"];

/** Names people try here that Graph exposes elsewhere. */
const elsewhere: Record<string, string> = {
  isServiceProvider:
    "isServiceProvider can only be written with delegated (user) sign-in, and app-only writes get 403; it is reported as a read-only output. Remove it.",
  isInMultiTenantOrganization: "isInMultiTenantOrganization is set by the multitenant organization service; it is a read-only output. Remove it.",
  identitySynchronization: `the identity sync policy is its own resource: new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, userSyncInbound: { isSyncAllowed: true } }).`,
  userSyncInbound: `it belongs to the identity sync policy: new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, userSyncInbound: { … } }).`,
  groupSyncInbound: `it belongs to the identity sync policy: new ${SYNC_POLICY}("…", { tenantId: partner.tenantId, groupSyncInbound: { … } }).`,
  displayName: `this resource does not manage a display name (Graph has one on partners only in beta); name the partner on its ${SYNC_POLICY} (displayName).`,
};

export function checkPartnerInputs(news: Record<string, unknown>): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  failures.push(...unknownKeyFailures(news, topLevelKeys, "", elsewhere));
  const tenantId = checkTenantId(news.tenantId, failures);
  if (tenantId !== undefined) inputs.tenantId = tenantId;
  checkSettings(news, "partner", inputs, failures, PARTNER_CONFIGURATION);
  const adopt = checkOptionalBoolean("adoptExisting", news.adoptExisting, failures);
  if (adopt !== undefined) inputs.adoptExisting = adopt;
  return { inputs, failures };
}
