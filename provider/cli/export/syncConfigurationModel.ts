/**
 * A synchronization configuration read from Graph → a `CrossTenantSyncConfiguration` in the generated program, or
 * the reason it is written commented out. What Graph gives is used as it is: the target tenant from the secrets'
 * CompanyId (or `--sync-target NAME=TENANT_ID` when Graph does not give it back), the scope from the assignments
 * and SyncAll, provisioning from the job's schedule, notifications from SyncNotificationSettings. What cannot be
 * read is never guessed silently: a configuration without a known target is commented out (a wrong target would
 * replace it), any other unknown is flagged `CHECK BEFORE pulumi up` (the take-over writes the program's values).
 * The job's schema differences from its template become `schema` settings (schemaSettingsFromTemplate.ts); what
 * they cannot express is named in a comment.
 */
import { accessRoleIdOf, assignmentsOf } from "../../resources/crossTenantSyncConfiguration/payload";
import { checkSyncConfigInputs } from "../../resources/crossTenantSyncConfiguration/schema";
import { GUID_PATTERN } from "../../text/guid";
import { compare, slugify } from "./naming";
import type { SyncSchemaSettings } from "../../resources/syncSchema/types";
import type { SyncConfigurationSnapshot } from "./readSyncConfigurations";
import { schemaSettingsFromTemplate } from "./schemaSettingsFromTemplate";

export interface SyncConfigurationArgs {
  displayName: string;
  targetTenantId: string;
  scope: { syncAll?: boolean; users?: string[]; groups?: string[] };
  provisioningEnabled?: boolean;
  notificationEmail?: string;
  accidentalDeletionThreshold?: number;
  /** The job's schema differences from its template, as typed settings. */
  schema?: SyncSchemaSettings;
}

export interface SyncConfigurationEntry {
  resourceName: string;
  displayName: string;
  servicePrincipalId: string;
  /** The arguments; `targetTenantId` is "" when unknown (then `blocked` says why). */
  args: SyncConfigurationArgs;
  /** Where the target tenant came from. */
  targetFrom?: "secrets" | "--sync-target";
  /** Why it is written commented out. */
  blocked?: string;
  /** Why the first `pulumi up` would not take it over unchanged. */
  problems: string[];
  /** Facts worth a comment (not problems). */
  notes: string[];
  /** Differences of the job's schema from its template that `schema` cannot express (left as they are). */
  schemaInexpressible?: string[];
  /** Why the schema was not compared with the template (it could not be read). */
  schemaUnread?: string;
}

export interface SyncModelOptions {
  /** --sync-target: configuration display name (lower case) → target tenant ID (lower case). */
  targets: ReadonlyMap<string, string>;
  /** Partner tenants with outbound automatic user consent: candidates to name when the target is unknown. */
  outboundPartners: readonly { tenantId: string; label?: string }[];
  homeTenantId?: string;
}

/** A secret's value, unless absent or masked ("*", how Graph hides a sensitive value). */
function secret(s: SyncConfigurationSnapshot, key: string): string | undefined {
  const v = s.secrets?.find((p) => p.key.toLowerCase() === key.toLowerCase())?.value;
  return v === undefined || v === "" || /^\*+$/.test(v) ? undefined : v;
}

/** Why a secret's value is unknown, in a few words (the note above the resource says why the secrets are). */
function secretsWhy(s: SyncConfigurationSnapshot, key: string): string {
  if (s.secretsUnreadable) return "its secrets could not be read";
  const v = s.secrets?.find((p) => p.key.toLowerCase() === key.toLowerCase())?.value;
  return v === undefined ? `Graph did not return its ${key} secret` : `Graph returned its ${key} secret masked`;
}

interface Notifications {
  notificationEmail?: string;
  accidentalDeletionThreshold?: number;
  problems: string[];
}

/** `SyncNotificationSettings` (JSON text: Enabled, Recipients, DeleteThresholdEnabled, DeleteThresholdValue). */
function notificationsOf(s: SyncConfigurationSnapshot): Notifications {
  const raw = secret(s, "SyncNotificationSettings");
  if (raw === undefined) {
    const present = s.secrets?.some((p) => p.key.toLowerCase() === "syncnotificationsettings");
    // Readable secrets without the key: notifications were never set, which is what an absent setting writes.
    if (s.secrets && !present) return { problems: [] };
    return {
      problems: [
        `its failure notifications and accidental-deletion threshold are unknown (${secretsWhy(s, "SyncNotificationSettings")}): the first up writes this program's notification settings (none); set notificationEmail and accidentalDeletionThreshold as the Entra admin center shows them (the configuration > Provisioning > Settings)`,
      ],
    };
  }
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {
      problems: ["its SyncNotificationSettings secret is not JSON; the first up rewrites it from this program"],
    };
  }
  const out: Notifications = { problems: [] };
  const recipients = typeof settings.Recipients === "string" ? settings.Recipients.trim() : "";
  if (settings.Enabled === true || settings.Enabled === "true") {
    const list = recipients
      .split(/[;,]/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (list.length === 0)
      out.problems.push("failure notifications are on without a recipient; the first up turns them off");
    else {
      out.notificationEmail = list[0];
      if (list.length > 1)
        out.problems.push(
          `failure notifications go to ${list.length} addresses (${list.join(", ")}); notificationEmail takes one, so the first up keeps only ${list[0]}`,
        );
    }
  }
  const thresholdOn = settings.DeleteThresholdEnabled === true || settings.DeleteThresholdEnabled === "true";
  const value = Number(settings.DeleteThresholdValue);
  if (thresholdOn) {
    if (Number.isInteger(value) && value > 0) out.accidentalDeletionThreshold = value;
    else
      out.problems.push("accidental-deletion prevention is on without a usable threshold; the first up turns it off");
  }
  return out;
}

function candidatesText(o: SyncModelOptions): string {
  if (o.outboundPartners.length === 0) return "";
  const list = o.outboundPartners.map((p) => `${p.tenantId}${p.label ? ` (${p.label})` : ""}`).join(", ");
  return ` Partners of this tenant with outbound automatic user consent, one of which is likely the target: ${list}.`;
}

/** Entries for the program, sorted by resource name; `unusedTargets` are --sync-target names that matched nothing. */
export function syncConfigurationEntries(
  snapshots: readonly SyncConfigurationSnapshot[],
  o: SyncModelOptions,
): SyncConfigurationEntry[] {
  const byName = new Map<string, number>();
  for (const s of snapshots) {
    const k = s.servicePrincipal.displayName.trim().toLowerCase();
    byName.set(k, (byName.get(k) ?? 0) + 1);
  }
  const slugs = new Map<string, number>();
  for (const s of snapshots) {
    const slug = slugify(s.servicePrincipal.displayName) || "sync-configuration";
    slugs.set(slug, (slugs.get(slug) ?? 0) + 1);
  }

  const entries = snapshots.map((s): SyncConfigurationEntry => {
    const sp = s.servicePrincipal;
    const displayName = sp.displayName.trim();
    const slug = slugify(displayName) || "sync-configuration";
    const resourceName = (slugs.get(slug) ?? 0) > 1 ? `${slug}-${sp.id.replace(/-/g, "").slice(0, 8)}` : slug;
    const problems: string[] = [];
    const notes: string[] = [];
    if (s.secretsUnreadable)
      notes.push(
        `Its synchronization secrets could not be read back (${s.secretsUnreadable}; Microsoft documents only their PUT): the target tenant, SyncAll and the notification settings are not known from Graph.`,
      );

    // The target tenant: the secrets, else the command line; both given and different is refused.
    const fromSecrets = secret(s, "CompanyId")?.trim().toLowerCase();
    const fromFlag = o.targets.get(displayName.toLowerCase());
    let target: string | undefined;
    let targetFrom: SyncConfigurationEntry["targetFrom"];
    let blocked: string | undefined;
    if (fromSecrets && !GUID_PATTERN.test(fromSecrets)) {
      problems.push(`its CompanyId secret is "${fromSecrets}", not a tenant ID`);
    }
    if (fromSecrets && GUID_PATTERN.test(fromSecrets)) {
      target = fromSecrets;
      targetFrom = "secrets";
      if (fromFlag && fromFlag !== fromSecrets)
        blocked = `--sync-target gives ${fromFlag} as its target, but its synchronization secrets say ${fromSecrets}: a different target replaces the configuration. Drop or correct --sync-target and export again.`;
    } else if (fromFlag) {
      target = fromFlag;
      targetFrom = "--sync-target";
      notes.push(
        `Target tenant from --sync-target (${secretsWhy(s, "CompanyId")}). If it is not the tenant the configuration synchronizes to, the first up replaces the configuration: check it in the Entra admin center (the configuration > Provisioning > Admin credentials).`,
      );
    } else {
      blocked = `its target tenant is unknown: ${secretsWhy(s, "CompanyId")}, and a wrong target would replace the configuration. Export again with --sync-target ${JSON.stringify(`${displayName}=<target tenant ID>`)} (the Entra admin center shows it: the configuration > Provisioning > Admin credentials > Tenant Id).${candidatesText(o)}`;
    }
    if ((byName.get(displayName.toLowerCase()) ?? 0) > 1) {
      blocked = `${byName.get(displayName.toLowerCase())} configurations are named "${displayName}": the resource finds its configuration by name, so it could not tell them apart. Rename all but one in the Entra admin center (Enterprise applications > the configuration > Properties > Name), then export again.`;
    }
    if (target && o.homeTenantId && target === o.homeTenantId.toLowerCase())
      problems.push("its target is this tenant itself, which the resource refuses");

    // Scope: the assignments of the access role, and SyncAll.
    const assigned = assignmentsOf(
      s.assignments.map((a) => ({ ...a })),
      accessRoleIdOf(s.servicePrincipal.raw as never),
    );
    const syncAllText = secret(s, "SyncAll")?.toLowerCase();
    let syncAll: boolean;
    if (syncAllText === "true" || syncAllText === "false") syncAll = syncAllText === "true";
    else {
      syncAll = assigned.users.length + assigned.groups.length === 0;
      problems.push(
        `whether it synchronizes all users is unknown (${secretsWhy(s, "SyncAll")}): the first up writes SyncAll from this program (${syncAll ? "true: nobody is assigned" : "false: only the assigned users and groups"})`,
      );
    }
    const scope: SyncConfigurationArgs["scope"] = {
      ...(syncAll ? { syncAll: true } : {}),
      ...(assigned.users.length ? { users: assigned.users } : {}),
      ...(assigned.groups.length ? { groups: assigned.groups } : {}),
    };

    // Provisioning: the job's schedule.
    const job = s.job;
    let provisioningEnabled: boolean | undefined;
    if (!job) {
      provisioningEnabled = false;
      problems.push("it has no synchronization job (its set-up was not finished); the first up creates one");
    } else {
      const state = job.scheduleState ?? "Disabled";
      provisioningEnabled = state === "Active";
      if (state === "Disabled")
        notes.push(
          "Its job has never been started (schedule Disabled); the first up pauses it (Paused): it stays off.",
        );
      if (job.statusCode === "Quarantine")
        notes.push(
          "Its job is in quarantine: see its jobStatus after the first up, and the provisioning logs in the Entra admin center.",
        );
    }
    if (s.extraJobs > 0)
      problems.push(
        `it has ${s.extraJobs + 1} Azure2Azure jobs; the resource manages one (${job?.id}): delete the others`,
      );

    const n = notificationsOf(s);
    problems.push(...n.problems);

    // The schema: its differences from the template, as settings whose merge onto it changes nothing.
    const compared = s.schema ? schemaSettingsFromTemplate(s.schema.live, s.schema.template) : undefined;

    const args: SyncConfigurationArgs = {
      displayName,
      targetTenantId: target ?? "",
      scope,
      ...(provisioningEnabled ? {} : { provisioningEnabled: false }),
      ...(n.notificationEmail !== undefined ? { notificationEmail: n.notificationEmail } : {}),
      ...(n.accidentalDeletionThreshold !== undefined
        ? { accidentalDeletionThreshold: n.accidentalDeletionThreshold }
        : {}),
      ...(compared?.settings ? { schema: compared.settings } : {}),
    };
    if (!blocked) {
      const { failures } = checkSyncConfigInputs({ ...args } as Record<string, unknown>);
      problems.push(...failures.map((f) => `check: ${f.reason}`));
    }
    return {
      resourceName,
      displayName,
      servicePrincipalId: sp.id,
      args,
      targetFrom,
      blocked,
      problems,
      notes,
      ...(compared?.inexpressible.length ? { schemaInexpressible: compared.inexpressible } : {}),
      ...(s.schemaUnreadable ? { schemaUnread: s.schemaUnreadable } : {}),
    };
  });
  return entries.sort((a, b) => compare(a.resourceName, b.resourceName));
}

/** Parses `--sync-target NAME=TENANT_ID` values; throws a message naming the bad one. */
export function parseSyncTargets(values: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const at = v.lastIndexOf("=");
    const name = at > 0 ? v.slice(0, at).trim() : "";
    const tenant =
      at > 0
        ? v
            .slice(at + 1)
            .trim()
            .toLowerCase()
        : "";
    if (!name || !GUID_PATTERN.test(tenant))
      throw new Error(
        `--sync-target takes "<configuration display name>=<target tenant ID (a GUID)>", e.g. --sync-target "Sync to Fabrikam=9c5d0a4e-…", got ${JSON.stringify(v)}.`,
      );
    const key = name.toLowerCase();
    if (out.has(key) && out.get(key) !== tenant)
      throw new Error(`--sync-target names "${name}" twice with different tenants; give it once.`);
    out.set(key, tenant);
  }
  return out;
}
