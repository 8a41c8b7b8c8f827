/** check() of the default configuration; no Graph call. */
import type { CheckFailure, CheckOutcome } from "../handler";
import { checkSettings, SETTING_NAMES } from "../crossTenantSettings";
import { unknownKeyFailures } from "../shared/checks";
import { PARTNER_CONFIGURATION } from "../shared/typeNames";

const elsewhere: Record<string, string> = {
  tenantId: `the default configuration applies to every partner without its own settings, so it has no tenantId; for one partner use ${PARTNER_CONFIGURATION}.`,
  adoptExisting: "the default configuration always exists: create takes it over and patches the settings the program sets. Remove adoptExisting.",
  isServiceDefault: "isServiceDefault is a read-only output. Remove it.",
};

export function checkDefaultInputs(news: Record<string, unknown>): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  // automaticUserConsentSettings is a known name here, refused by checkSettings with its own explanation.
  failures.push(...unknownKeyFailures(news, SETTING_NAMES, "", elsewhere));
  checkSettings(news, "default", inputs, failures, PARTNER_CONFIGURATION);
  return { inputs, failures };
}
