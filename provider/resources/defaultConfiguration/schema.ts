/** check() of the default configuration; no Graph call. */
import type { ApiVersion } from "../../config/settings";
import type { CheckFailure, CheckOutcome } from "../handler";
import { checkSettings, DEFAULT_SETTINGS } from "../crossTenantSettings";
import { unknownKeyFailures } from "../shared/checks";
import { PARTNER_CONFIGURATION } from "../shared/typeNames";

const elsewhere: Record<string, string> = {
  tenantId: `the default configuration applies to every partner without its own settings, so it has no tenantId; for one partner use ${PARTNER_CONFIGURATION}.`,
  adoptExisting:
    "the default configuration always exists: create takes it over and patches the settings the program sets. Remove adoptExisting.",
  isServiceDefault: "isServiceDefault is a read-only output. Remove it.",
};

export function checkDefaultInputs(
  news: Record<string, unknown>,
  apiVersion: ApiVersion = "v1.0",
  apiVersionKey?: string,
): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  // automaticUserConsentSettings is a known name here, refused by checkSettings with its own explanation.
  failures.push(...unknownKeyFailures(news, ["automaticUserConsentSettings", ...DEFAULT_SETTINGS], "", elsewhere));
  checkSettings(news, "default", inputs, failures, PARTNER_CONFIGURATION, { version: apiVersion, key: apiVersionKey });
  return { inputs, failures };
}
