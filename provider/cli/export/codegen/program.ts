/**
 * The generated `index.ts`: imports, partner tenant IDs as named constants, the cross-tenant access policy (its
 * allowed cloud endpoints), the default configuration, one section per partner (configuration, then its sync
 * policy linked through `tenantId: partner.tenantId`), and the partners this tenant did not configure itself,
 * commented out with the reason. Sorted by resource name.
 */
import type { ApiVersion } from "../../../config/settings";
import type { AccessPolicyArgs, DefaultArgs, PartnerArgs, SyncPolicyArgs } from "../argsFromGraph";
import type { PartnerNames } from "../naming";
import type { SyncConfigurationEntry } from "../syncConfigurationModel";
import { code, comment, commentText, INDENT, Literal, render, stringLiteral, WIDTH } from "./tsLiteral";

export const PACKAGE = "pulumi-entra-cross-tenant";
export const PARTNER_TYPE = "CrossTenantAccessPolicyConfigurationPartner";
export const DEFAULT_TYPE = "CrossTenantAccessPolicyConfigurationDefault";
export const SYNC_TYPE = "CrossTenantIdentitySyncPolicyPartner";
export const POLICY_TYPE = "CrossTenantAccessPolicy";
export const SYNC_CONFIGURATION_TYPE = "CrossTenantSyncConfiguration";
/** Resource name of the (one) cross-tenant access policy in the generated program. */
export const POLICY_RESOURCE_NAME = "cross-tenant-access-policy";

export interface PartnerEntry {
  names: PartnerNames;
  /** What the partner is called (display name of the partner or its sync policy). */
  label?: string;
  args: PartnerArgs;
  syncPolicy?: SyncPolicyArgs;
  /** Why the tenant did not configure it itself; such partners are commented out unless included. */
  managedReason?: string;
  /** Settings Graph has that the resources do not manage. */
  unmanaged: string[];
  /** Why the first `pulumi up` would not take it over unchanged (see takeOverCheck.ts); empty = it will. */
  problems: string[];
}

export interface DefaultEntry {
  args: DefaultArgs;
  isServiceDefault?: boolean;
  unmanaged: string[];
  problems: string[];
}

export interface AccessPolicyEntry {
  args: AccessPolicyArgs;
  problems: string[];
}

function problemLines(problems: readonly string[]): string[] {
  return problems.length
    ? comment(`CHECK BEFORE \`pulumi up\`: this resource would not be taken over unchanged: ${problems.join("; ")}.`)
    : [];
}

export interface ProgramModel {
  /** Tenant the settings belong to (from the token), when known. */
  homeTenantId?: string;
  apiVersion: ApiVersion;
  packageVersion: string;
  /** Named connection every resource uses (`entra:connections.<name>`). */
  connection?: string;
  defaultConfiguration?: DefaultEntry;
  /** The cross-tenant access policy (allowedCloudEndpoints), when read. */
  accessPolicy?: AccessPolicyEntry;
  /** Sorted by resource name. */
  partners: PartnerEntry[];
  includeManaged: boolean;
  /** This tenant's cross-tenant synchronization configurations (it is their source), sorted by resource name. */
  syncConfigurations?: SyncConfigurationEntry[];
  /** Why the configurations could not be read (the token lacks a permission); they are left out. */
  syncConfigurationsRefused?: string;
}

function withConnection(
  args: { [k: string]: Literal | undefined },
  connection?: string,
): { [k: string]: Literal | undefined } {
  return connection ? { ...args, connection } : args;
}

/** `new Type("name", {...});`, optionally assigned to a const. */
function declaration(
  type: string,
  name: string,
  args: { [k: string]: Literal | undefined },
  variable?: string,
): string[] {
  const head = `${variable ? `const ${variable} = ` : ""}new ${type}(${stringLiteral(name)}, `;
  return `${head}${render(args, 0, head.length)});`.split("\n");
}

function labelLines(p: PartnerEntry): string[] {
  return p.label ? [`// ${commentText(p.label)}`] : [];
}

function partnerLines(p: PartnerEntry, model: ProgramModel): string[] {
  const { tenantId: _tenantId, ...settings } = p.args;
  const lines: string[] = [];
  if (p.unmanaged.length > 0)
    lines.push(...comment(`Not managed by this package, left as they are: ${p.unmanaged.join(", ")}.`));
  lines.push(...problemLines(p.problems));
  const partnerArgs = withConnection(
    { tenantId: code(p.names.tenantIdConstant), ...(settings as { [k: string]: Literal }) },
    model.connection,
  );
  lines.push(
    ...declaration(PARTNER_TYPE, p.names.resourceName, partnerArgs, p.syncPolicy ? p.names.variable : undefined),
  );
  if (p.syncPolicy) {
    const { tenantId: _t, ...policy } = p.syncPolicy;
    const policyArgs = withConnection(
      { tenantId: code(`${p.names.variable}.tenantId`), ...(policy as { [k: string]: Literal }) },
      model.connection,
    );
    lines.push(...declaration(SYNC_TYPE, p.names.resourceName, policyArgs));
  }
  return lines;
}

function constantLine(p: PartnerEntry): string {
  return `const ${p.names.tenantIdConstant} = ${stringLiteral(p.names.tenantId)};`;
}

function header(model: ProgramModel, live: PartnerEntry[], skipped: PartnerEntry[]): string[] {
  const policies = live.filter((p) => p.syncPolicy).length;
  const what = [
    `${live.length} partner configuration${live.length === 1 ? "" : "s"}`,
    `${policies} identity sync polic${policies === 1 ? "y" : "ies"}`,
    ...(model.defaultConfiguration ? ["the default configuration"] : []),
    ...(model.accessPolicy ? ["the cross-tenant access policy"] : []),
    ...syncConfigurationsText(model.syncConfigurations ?? []),
  ];
  const text = [
    `Cross-tenant access settings${model.homeTenantId ? ` of tenant ${model.homeTenantId}` : ""}, exported by \`${PACKAGE} export\` ${model.packageVersion} from Microsoft Graph ${model.apiVersion}: ${what.join(", ")}.${skipped.length ? ` ${skipped.length} partner${skipped.length === 1 ? "" : "s"} this tenant did not configure itself ${skipped.length === 1 ? "is" : "are"} at the end, commented out.` : ""}`,
    "",
    "The first `pulumi up` takes every object over unchanged: each resource finds its Graph object equal to what is declared here. From then on this program is the whole truth of each partner: a setting left out inherits the default configuration, and `pulumi up` sets back what was changed in the portal.",
  ];
  if (model.apiVersion === "beta") {
    text.push(
      "",
      "Exported from Graph beta (group sync exists only there): the stack needs `entra:apiVersion beta` (Pulumi.yaml sets it).",
    );
  }
  if (model.connection) {
    text.push(
      "",
      `Every resource uses the connection "${model.connection}": stack config \`entra:connections.${model.connection}\`.`,
    );
  }
  return comment(text.join("\n"));
}

function syncConfigurationsText(entries: readonly SyncConfigurationEntry[]): string[] {
  if (entries.length === 0) return [];
  const live = entries.filter((e) => !e.blocked).length;
  const blocked = entries.length - live;
  return [
    `${live} cross-tenant synchronization configuration${live === 1 ? "" : "s"}${blocked ? ` (${blocked} more written commented out)` : ""}`,
  ];
}

function importLine(types: string[]): string[] {
  const one = `import { ${types.join(", ")} } from "${PACKAGE}";`;
  if (one.length <= WIDTH) return [one];
  return ["import {", ...types.map((t) => `${INDENT}${t},`), `} from "${PACKAGE}";`];
}

export function renderProgram(model: ProgramModel): string {
  const live = model.partners.filter((p) => !p.managedReason || model.includeManaged);
  const skipped = model.partners.filter((p) => p.managedReason && !model.includeManaged);
  const types = [
    ...(model.accessPolicy ? [POLICY_TYPE] : []),
    ...(model.defaultConfiguration ? [DEFAULT_TYPE] : []),
    ...(live.length || skipped.length ? [PARTNER_TYPE] : []),
    ...(model.partners.some((p) => p.syncPolicy) ? [SYNC_TYPE] : []),
    ...(model.syncConfigurations?.length ? [SYNC_CONFIGURATION_TYPE] : []),
  ].sort();

  const out: string[] = [...header(model, live, skipped), ""];
  if (types.length) out.push(...importLine(types), "");

  if (live.length) {
    out.push("// Partner tenants.", ...live.map(constantLine), "");
  }

  const a = model.accessPolicy;
  if (a) {
    out.push(
      ...comment(
        `The cross-tenant access policy: the other Microsoft clouds this tenant may collaborate with${a.args.allowedCloudEndpoints.length ? "" : ": none, Graph's default"}. \`pulumi destroy\` empties the list.`,
      ),
    );
    out.push(...problemLines(a.problems));
    out.push(
      ...declaration(
        POLICY_TYPE,
        POLICY_RESOURCE_NAME,
        withConnection(a.args as unknown as { [k: string]: Literal }, model.connection),
      ),
      "",
    );
  }

  const d = model.defaultConfiguration;
  if (d) {
    out.push(
      ...comment(
        `The default configuration: what every partner inherits for a setting it leaves out.${d.isServiceDefault ? " These are Microsoft's defaults; nobody has changed them in this tenant." : ""} It manages only the settings listed here.`,
      ),
    );
    if (d.unmanaged.length)
      out.push(...comment(`Not managed by this package, left as they are: ${d.unmanaged.join(", ")}.`));
    out.push(...problemLines(d.problems));
    out.push(
      ...declaration(DEFAULT_TYPE, "default", withConnection(d.args as { [k: string]: Literal }, model.connection)),
      "",
    );
  }

  for (const p of live) {
    if (p.managedReason)
      out.push(
        ...comment(`Not configured by this tenant itself (exported with --include-managed): ${p.managedReason}`),
      );
    out.push(...labelLines(p), ...partnerLines(p, model), "");
  }

  if (skipped.length) {
    out.push(
      ...comment(
        "Partners this tenant did not configure itself: another service creates and changes them, so they are left out. To manage one here anyway, uncomment it (or export with --include-managed).",
      ),
      "",
    );
    for (const p of skipped) {
      out.push(...labelLines(p), ...comment(`${p.managedReason}`));
      const block = [constantLine(p), ...partnerLines(p, model)];
      out.push(...block.map((l) => (l.startsWith("//") ? l : `// ${l}`)), "");
    }
  }
  out.push(...syncConfigurationSection(model, live));
  while (out.length && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}

/** The configurations this tenant synchronizes users out with; those that cannot be taken over, commented out. */
function syncConfigurationSection(model: ProgramModel, live: PartnerEntry[]): string[] {
  const out: string[] = [];
  if (model.syncConfigurationsRefused) {
    out.push(
      ...comment(
        `Cross-tenant synchronization configurations (this tenant as a source) are not in this program: ${model.syncConfigurationsRefused}. Grant it and export again to include them.`,
      ),
      "",
    );
  }
  const entries = model.syncConfigurations ?? [];
  if (entries.length === 0) return out;
  out.push(
    ...comment(
      "Cross-tenant synchronization: this tenant synchronizes users out to other tenants with these configurations (Entra admin center > Cross-tenant synchronization > Configurations). Each target tenant must allow it: there, a partner configuration for this tenant with inbound automatic user consent and an identity sync policy allowing it. The first `pulumi up` takes each one over: it writes the values below (the same as Graph's) to its secrets, scope and job.",
    ),
    "",
  );
  const constants = new Map(live.map((p) => [p.names.tenantId, p.names.tenantIdConstant]));
  for (const e of entries) {
    const lines: string[] = [`// ${commentText(e.displayName)}`];
    for (const n of e.notes) lines.push(...comment(n));
    lines.push(...schemaLines(e));
    if (!e.blocked) lines.push(...problemLines(e.problems));
    const { targetTenantId, ...rest } = e.args;
    const target = constants.get(targetTenantId);
    const args = withConnection(
      {
        displayName: rest.displayName,
        targetTenantId: target ? code(target) : targetTenantId || code("TARGET_TENANT_ID"),
        ...(rest as unknown as { [k: string]: Literal }),
      },
      model.connection,
    );
    const block = declaration(SYNC_CONFIGURATION_TYPE, e.resourceName, args);
    if (e.blocked) {
      lines.push(...comment(`Not taken over (service principal ${e.servicePrincipalId}): ${e.blocked}`));
      if (e.problems.length) lines.push(...comment(`Also: ${e.problems.join("; ")}.`));
      lines.push(...block.map((l) => `// ${l}`));
    } else lines.push(...block);
    out.push(...lines, "");
  }
  return out;
}

/** What the program says about the job's schema: the settings' meaning, what they cannot express, or why unread. */
function schemaLines(e: SyncConfigurationEntry): string[] {
  const out: string[] = [];
  if (e.schemaUnread)
    out.push(
      ...comment(
        `Its job's schema was not compared with its template (${e.schemaUnread}): no \`schema\` is declared, so the program owns no part of it.`,
      ),
    );
  if (e.args.schema)
    out.push(
      ...comment(
        "`schema` declares how its job's schema differs from the Azure2Azure template, with the values the job has: the first `pulumi up` takes them over without a schema PUT. Only what it declares is owned; the rest of the schema stays as it is.",
      ),
    );
  if (e.schemaInexpressible?.length) {
    out.push(
      ...comment(
        "Differences from the template that `schema` cannot express, left as they are (not owned: `pulumi up` neither restores nor changes them):",
      ),
    );
    for (const d of e.schemaInexpressible) out.push(...comment(`- ${d}`));
  }
  return out;
}
