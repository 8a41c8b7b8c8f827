/** A provisionOnDemand result in plain words: the steps as Graph reports them, then one verdict and the fix. */
import type { OnDemandResult, OnDemandStep } from "./onDemandResult";

export interface ProvisionContext {
  configuration: { displayName: string; id: string };
  jobId: string;
  ruleId: string;
  user: { id: string; displayName?: string; userPrincipalName?: string };
}

const OUT_OF_SCOPE = /NotEffectivelyEntitled|OutOfScope|NotInScope|NotAssigned/i;
const FILTERED = /ScopingFilter/i;
const TARGET_REFUSED = /not allowed|consent|sync(hronization)? policy|inbound|isSyncAllowed|tenantActionable/i;

function userLabel(u: ProvisionContext["user"]): string {
  const upn = u.userPrincipalName ? ` <${u.userPrincipalName}>` : "";
  return u.displayName ? `${u.displayName}${upn}` : (u.userPrincipalName ?? u.id);
}

/** Why the scoping step left the user out: not assigned, or the schema's attribute scoping filter. */
function scopeVerdict(r: OnDemandResult): "filtered" | "unassigned" | undefined {
  const scoping = r.steps.find((s) => s.type.toLowerCase() === "scoping");
  const filterFailed = Object.entries(scoping?.details ?? {}).some(
    ([k, v]) => /scoping filter evaluation passed/i.test(k) && v.toLowerCase() === "false",
  );
  if (FILTERED.test(r.code ?? "") || filterFailed) return "filtered";
  if (OUT_OF_SCOPE.test(r.code ?? "") || (scoping && scoping.status.toLowerCase() !== "success")) return "unassigned";
  return undefined;
}

/** The verdict line(s) and, for a skip or failure, why and what to do. */
export function verdict(r: OnDemandResult, ctx: ProvisionContext): string[] {
  const who = userLabel(ctx.user);
  const target = r.targetId ? ` (object ID ${r.targetId})` : "";
  // "Other" and "None" are Graph's words for "no export": they add nothing to the verdict.
  const action = r.action && !/^(other|none)$/i.test(r.action) ? `action ${r.action}` : "";
  const graphSaid = `Graph: ${[r.status ?? "no status", action, r.code ?? ""].filter(Boolean).join(", ")}`;
  switch (r.outcome) {
    case "created":
      return [`CREATED    ${who} was created in the target tenant${target}. (${graphSaid})`];
    case "updated":
      return [`UPDATED    ${who} already existed in the target tenant and was updated${target}. (${graphSaid})`];
    case "noChange":
      return [
        `NO CHANGE  ${who} already exists in the target tenant and matches the source${target}: nothing to do. (${graphSaid})`,
      ];
    case "succeeded":
      return [
        `SUCCEEDED  ${who} was provisioned${target}; Graph did not say whether it was created or updated. (${graphSaid})`,
      ];
    case "skipped": {
      const lines = [`SKIPPED    ${who} was not provisioned. (${graphSaid})`];
      if (r.reason) lines.push(`           Why: ${r.reason}`);
      const scope = scopeVerdict(r);
      if (scope === "unassigned") {
        lines.push(
          `           The user is not in scope of "${ctx.configuration.displayName}": it syncs only the users assigned to it,`,
          "           directly or through a group they are a direct member of (nested groups are not followed).",
          "           Fix: add the user's object ID to the configuration's scope.users (or one of their groups to",
          "           scope.groups), or set scope.syncAll: true; then `pulumi up` and run this again.",
        );
      } else if (scope === "filtered") {
        lines.push(
          `           A scoping filter of the schema of "${ctx.configuration.displayName}" leaves the user out (Graph's reason`,
          "           above names it): one declared in the configuration's schema.scopingFilters, or the default",
          "           Azure2Azure filter that skips external users (userType Guest, #EXT# in the UPN). Assigning the user",
          "           does not change that: change schema.scopingFilters (or the user's attributes) and `pulumi up`; the",
          "           filters are under the configuration > Provisioning > Mappings > Provision Microsoft Entra ID Users >",
          "           Source object scope in the Entra admin center.",
        );
      }
      if (r.recommendedAction) lines.push(`           Graph recommends: ${r.recommendedAction}`);
      return lines;
    }
    case "failed": {
      const lines = [`FAILED     ${who} could not be provisioned. (${graphSaid})`];
      if (r.reason) lines.push(`           Why: ${r.reason}`);
      if (r.recommendedAction) lines.push(`           Graph recommends: ${r.recommendedAction}`);
      if (TARGET_REFUSED.test(`${r.code ?? ""} ${r.reason ?? ""}`)) {
        lines.push(
          "           The target tenant must allow this tenant to synchronize users into it: there, the partner",
          "           configuration for this tenant needs automaticUserConsentSettings.inboundAllowed (a",
          "           CrossTenantAccessPolicyConfigurationPartner) and its identity sync policy userSyncInbound.isSyncAllowed",
          "           (a CrossTenantIdentitySyncPolicyPartner); here, the partner configuration for the target needs",
          "           automaticUserConsentSettings.outboundAllowed.",
        );
      }
      return lines;
    }
    default:
      return [
        `UNKNOWN    Graph answered, but its result could not be read (${graphSaid}). Run with --json to see the steps, or look`,
        "           at the provisioning logs (Entra admin center > the configuration > Provisioning logs).",
      ];
  }
}

function stepLine(s: OnDemandStep, i: number, widths: { type: number; status: number }): string {
  return `  ${String(i + 1).padStart(2)}. ${s.type.padEnd(widths.type)}  ${s.status.padEnd(widths.status)}  ${s.description || s.name}`;
}

/** Details worth showing for a step that did not succeed (short values only). */
function detailLines(s: OnDemandStep): string[] {
  return Object.entries(s.details)
    .filter(([, v]) => v.length <= 120)
    .slice(0, 8)
    .map(([k, v]) => `        ${k}: ${v}`);
}

export function renderProvision(r: OnDemandResult, ctx: ProvisionContext): string {
  const lines = [
    `Configuration  "${ctx.configuration.displayName}" (service principal ${ctx.configuration.id})`,
    `Job            ${ctx.jobId}`,
    `User rule      ${ctx.ruleId}`,
    `User           ${userLabel(ctx.user)} (${ctx.user.id})`,
    "",
  ];
  if (r.steps.length) {
    lines.push("Steps, as Graph reports them:");
    const widths = {
      type: Math.max(...r.steps.map((s) => s.type.length), 4),
      status: Math.max(...r.steps.map((s) => s.status.length), 6),
    };
    r.steps.forEach((s, i) => {
      lines.push(stepLine(s, i, widths));
      if (!["success", ""].includes(s.status.toLowerCase())) lines.push(...detailLines(s));
    });
    lines.push("");
  } else {
    lines.push("Graph reported no provisioning steps.", "");
  }
  lines.push(...verdict(r, ctx), "");
  return lines.join("\n");
}
