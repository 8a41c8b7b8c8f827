/** check() of the cross-tenant access policy: allowedCloudEndpoints is a set of Graph's values; no Graph call. */
import type { CheckFailure, CheckOutcome } from "../handler";
import { suggest, unknownKeyFailures } from "../shared/checks";
import { DEFAULT_CONFIGURATION, PARTNER_CONFIGURATION } from "../shared/typeNames";
import { isUnknown, typeName } from "../shared/values";
import { ALLOWED_CLOUD_ENDPOINTS, CLOUD_NAMES } from "./types";

const PROPERTY = "allowedCloudEndpoints";

/** `"microsoftonline.us" (Microsoft Azure Government), …`: the allowed values with what each one means. */
export const ALLOWED_TEXT = ALLOWED_CLOUD_ENDPOINTS.map((e) => `"${e}" (${CLOUD_NAMES[e]})`).join(", ");

/** Names people try here that Graph exposes elsewhere or that this resource leaves alone. */
const elsewhere: Record<string, string> = {
  default: `the default configuration is its own resource: ${DEFAULT_CONFIGURATION}.`,
  partners: `each partner is its own resource: ${PARTNER_CONFIGURATION}.`,
  displayName: "the policy's display name is not managed (it changes no access); remove it.",
  description: "the policy's description is not managed; remove it.",
  definition: 'definition is deprecated in Graph ("Do not use"); remove it.',
  templates: "the multitenant organization templates are not managed by this package; remove it.",
};

function checkEndpoints(value: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    const wrap = typeof value === "string" ? ` Write it as a list: [${JSON.stringify(value)}].` : "";
    failures.push({
      property: PROPERTY,
      reason: `${PROPERTY} must be a list of Microsoft cloud endpoints from ${ALLOWED_TEXT}, or [] for none; got ${typeName(value)}.${wrap}`,
    });
    return undefined;
  }
  const seen = new Map<string, number>();
  value.forEach((e, i) => {
    const path = `${PROPERTY}[${i}]`;
    if (isUnknown(e)) return;
    if (typeof e !== "string" || !(ALLOWED_CLOUD_ENDPOINTS as readonly string[]).includes(e)) {
      const near = typeof e === "string" ? suggest(e, ALLOWED_CLOUD_ENDPOINTS) : undefined;
      failures.push({
        property: path,
        reason:
          near && typeof e === "string" && near.toLowerCase() === e.trim().toLowerCase()
            ? `${path} "${e}" must be written "${near}".`
            : `${path} must be one of ${ALLOWED_TEXT}; got ${JSON.stringify(e)}.${near ? ` Did you mean "${near}"?` : ""}`,
      });
      return;
    }
    const first = seen.get(e);
    if (first !== undefined)
      failures.push({
        property: path,
        reason: `${path} repeats ${PROPERTY}[${first}] ("${e}"); list each cloud once (the list is a set).`,
      });
    else seen.set(e, i);
  });
  return value;
}

export function checkAccessPolicyInputs(news: Record<string, unknown>): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  failures.push(...unknownKeyFailures(news, [PROPERTY], "", elsewhere));
  const value = news[PROPERTY];
  if (value === undefined || value === null) {
    failures.push({
      property: PROPERTY,
      reason: `${PROPERTY} is required: the other Microsoft clouds this tenant may collaborate with, from ${ALLOWED_TEXT}; [] for none (Graph's default).`,
    });
  } else {
    const checked = checkEndpoints(value, failures);
    if (checked !== undefined) inputs[PROPERTY] = checked;
  }
  return { inputs, failures };
}
