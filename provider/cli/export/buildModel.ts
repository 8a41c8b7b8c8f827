/** A tenant snapshot → the program model: which partners, their arguments, names, and what is managed elsewhere. */
import type { ApiVersion } from "../../config/settings";
import {
  accessPolicyArgs,
  DEFAULT_MANAGED,
  defaultArgs,
  PARTNER_MANAGED,
  partnerArgs,
  syncPolicyArgs,
  unmanagedSettings,
} from "./argsFromGraph";
import type { AccessPolicyEntry, DefaultEntry, ProgramModel, PartnerEntry } from "./codegen/program";
import { managedReason, MICROSOFT_SUPPORT_TENANT_ID } from "./managedPartners";
import { compare, namePartners } from "./naming";
import { accessPolicyTakeOverProblems, defaultTakeOverProblems, partnerTakeOverProblems } from "./takeOverCheck";
import type { GraphObject, TenantSnapshot } from "./readTenant";

export interface ModelOptions {
  homeTenantId?: string;
  packageVersion: string;
  connection?: string;
  includeManaged: boolean;
  /** Only these partner tenant IDs (lower case); undefined = all. */
  only?: ReadonlySet<string>;
}

function label(p: GraphObject): string | undefined {
  const own = typeof p.displayName === "string" ? p.displayName.trim() : "";
  if (own) return own;
  const sync = p.identitySynchronization as GraphObject | null | undefined;
  const policy = sync && typeof sync.displayName === "string" ? sync.displayName.trim() : "";
  return policy || undefined;
}

export function buildModel(snapshot: TenantSnapshot, o: ModelOptions): ProgramModel {
  const apiVersion: ApiVersion = snapshot.apiVersion;
  const partners = snapshot.partners.filter((p) => !o.only || o.only.has(String(p.tenantId).toLowerCase()));
  const names = namePartners(
    partners.map((p) => ({ tenantId: String(p.tenantId).toLowerCase(), label: label(p) })),
    { [MICROSOFT_SUPPORT_TENANT_ID]: "microsoft-support" },
  );
  const entries: PartnerEntry[] = partners.map((p) => {
    const args = partnerArgs(p);
    const entry: PartnerEntry = {
      names: names.get(args.tenantId)!,
      label: label(p),
      args,
      syncPolicy: syncPolicyArgs(p, apiVersion),
      managedReason: managedReason(p),
      unmanaged: unmanagedSettings(p, PARTNER_MANAGED),
      problems: [],
    };
    entry.problems = partnerTakeOverProblems(entry, p, apiVersion);
    return entry;
  });
  entries.sort((a, b) => compare(a.names.resourceName, b.names.resourceName));
  const d = snapshot.defaultConfiguration;
  return {
    homeTenantId: o.homeTenantId,
    apiVersion,
    packageVersion: o.packageVersion,
    connection: o.connection,
    includeManaged: o.includeManaged,
    partners: entries,
    defaultConfiguration: d ? defaultEntry(d, apiVersion) : undefined,
    accessPolicy: snapshot.accessPolicy ? accessPolicyEntry(snapshot.accessPolicy, apiVersion) : undefined,
  };
}

function accessPolicyEntry(policy: GraphObject, apiVersion: ApiVersion): AccessPolicyEntry {
  const entry: AccessPolicyEntry = { args: accessPolicyArgs(policy), problems: [] };
  entry.problems = accessPolicyTakeOverProblems(entry, policy, apiVersion);
  return entry;
}

function defaultEntry(d: GraphObject, apiVersion: ApiVersion): DefaultEntry {
  const entry: DefaultEntry = {
    args: defaultArgs(d),
    isServiceDefault: d.isServiceDefault === true,
    unmanaged: unmanagedSettings(d, DEFAULT_MANAGED),
    problems: [],
  };
  entry.problems = defaultTakeOverProblems(entry, d, apiVersion);
  return entry;
}
