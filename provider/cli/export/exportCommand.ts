/**
 * `export`: reads the tenant's partner configurations (with their identity sync policies), its default
 * configuration and its cross-tenant access policy (allowed cloud endpoints), and writes a Pulumi TypeScript
 * program whose first `pulumi up` takes every object over unchanged.
 */
import * as path from "path";
import { ConfigError } from "../../config/settings";
import { redact } from "../../log";
import { PACKAGE_NAME, VERSION } from "../../version";
import { connectionOptions, resolveCliSettings } from "../args/connectionFlags";
import { flag, listOption, OptionSpec, parseOptions, renderHelp, stringOption } from "../args/options";
import { tenantOfToken } from "../../auth/tokenPayload";
import { CliIo, EXIT, UsageError } from "../io";
import { openGraphSession } from "../session/graphSession";
import { buildModel } from "./buildModel";
import { gitignore, packageJson, projectName, pulumiYaml, tsconfigJson } from "./codegen/projectFiles";
import { renderProgram } from "./codegen/program";
import { packageInfo } from "./packageInfo";
import { readTenant } from "./readTenant";
import { readSyncConfigurations, SyncConfigurationsRead } from "./readSyncConfigurations";
import { parseSyncTargets, SyncConfigurationEntry, syncConfigurationEntries } from "./syncConfigurationModel";
import { writeProject } from "./writeProject";
import { GUID_PATTERN } from "../../text/guid";

const OUTPUT = "Output";
const SELECTION = "What to export";

const options: readonly OptionSpec[] = [
  {
    name: "out",
    type: "string",
    value: "DIR",
    group: OUTPUT,
    description: "Write a new Pulumi project: Pulumi.yaml, package.json, tsconfig.json, index.ts.",
  },
  {
    name: "stdout",
    type: "boolean",
    group: OUTPUT,
    description: "Print only the program (index.ts) to standard output.",
  },
  {
    name: "project",
    type: "string",
    value: "NAME",
    group: OUTPUT,
    description: "Pulumi project name (default: the --out directory's name).",
  },
  { name: "force", type: "boolean", group: OUTPUT, description: "Overwrite those files if --out already has them." },
  {
    name: "package-spec",
    type: "string",
    value: "SPEC",
    group: OUTPUT,
    description: `How package.json names ${PACKAGE_NAME} (default file:./${PACKAGE_NAME}-${VERSION}.tgz, the\npacked tarball copied next to package.json), e.g. file:../${PACKAGE_NAME}-${VERSION}.tgz.`,
  },
  {
    name: "connection",
    type: "string",
    value: "NAME",
    group: OUTPUT,
    description:
      "Write `connection: NAME` on every resource, for a program that manages\nseveral tenants (stack config entra:connections.NAME).",
  },
  {
    name: "partner",
    type: "string",
    multiple: true,
    value: "TENANT_ID",
    group: SELECTION,
    description: "Export only this partner (repeatable). Still one Graph request per page.",
  },
  {
    name: "include-managed",
    type: "boolean",
    group: SELECTION,
    description:
      "Also manage partners this tenant did not configure itself (service\nproviders, multi-tenant organization, Microsoft Support); by default they\nare written commented out with the reason.",
  },
  { name: "skip-default", type: "boolean", group: SELECTION, description: "Leave the default configuration out." },
  {
    name: "skip-policy",
    type: "boolean",
    group: SELECTION,
    description: "Leave the cross-tenant access policy (allowed cloud endpoints) out.",
  },
  {
    name: "skip-sync-configurations",
    type: "boolean",
    group: SELECTION,
    description:
      "Leave this tenant's cross-tenant synchronization configurations (it as a\nsource) out. They are also left out with --partner.",
  },
  {
    name: "sync-target",
    type: "string",
    multiple: true,
    value: "NAME=TENANT_ID",
    group: SELECTION,
    description:
      "The target tenant of the synchronization configuration NAME, when Graph does\nnot give it back (its secrets are masked or unreadable). Repeatable.",
  },
  ...connectionOptions,
];

export const exportHelp = renderHelp(
  "pulumi-entra-cross-tenant export (--out DIR | --stdout) [options]",
  `Writes a Pulumi TypeScript program that declares this tenant's cross-tenant access partner configurations,
their identity sync policies, the default configuration and the cross-tenant access policy (allowed cloud
endpoints), as they are. The first \`pulumi up\` of it takes every object over unchanged (no write reaches
Entra). Settings that inherit the default are left out; the same tenant always exports to the same bytes.

Graph: GET /policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization (one request per page),
GET /policies/crossTenantAccessPolicy/default and GET /policies/crossTenantAccessPolicy; needs
Policy.Read.All. With --api-version beta, partner display names name the resources, sync policies include
group sync and partners include blockServiceProviderOutboundAccess.

The tenant's cross-tenant synchronization configurations (this tenant as a source) become
CrossTenantSyncConfiguration resources: GET /servicePrincipals?$filter=applicationTemplateId eq
'518e5f48-1fc8-4c48-9387-9fdf28b0dfe7', then per configuration its jobs, its appRoleAssignedTo (the scope) and
its synchronization secrets (target tenant, SyncAll, notifications); needs Application.Read.All and
Synchronization.Read.All (without them they are left out, and the program says so). When Graph does not give
a configuration's target tenant back, it is written commented out until --sync-target names it. Per
configuration with a job, two more requests: its job's schema and its template's
(GET …/synchronization/templates/Azure2Azure/schema); their differences become \`schema\` settings, and what
those cannot express is named in a comment.`,
  options,
  `Exit codes: 0 written; 1 Graph or file failure; 2 bad command line.

Examples:
  pulumi-entra-cross-tenant export --out ./entra
  pulumi-entra-cross-tenant export --stdout --api-version beta --partner 9c5d0a4e-… > partners.ts`,
);

export async function runExport(args: readonly string[], io: CliIo): Promise<number> {
  const o = parseOptions("export", args, options);
  if (flag(o, "help")) {
    io.stdout(exportHelp);
    return EXIT.ok;
  }
  const out = stringOption(o, "out");
  const toStdout = flag(o, "stdout");
  if ((out === undefined) === !toStdout)
    throw new UsageError(
      "export needs exactly one of --out DIR (a new Pulumi project) or --stdout (the program only).",
    );
  const only = listOption(o, "partner").map((id) => {
    if (!GUID_PATTERN.test(id.trim()))
      throw new UsageError(`--partner takes a partner tenant ID (a GUID), got ${JSON.stringify(id)}.`);
    return id.trim().toLowerCase();
  });
  let syncTargets: Map<string, string>;
  try {
    syncTargets = parseSyncTargets(listOption(o, "sync-target"));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const skipSync = flag(o, "skip-sync-configurations") || only.length > 0;
  if (skipSync && syncTargets.size > 0)
    throw new UsageError(
      `--sync-target names a synchronization configuration, which ${only.length ? "--partner" : "--skip-sync-configurations"} leaves out.`,
    );
  const connection = stringOption(o, "connection");
  if (connection !== undefined && !/^[A-Za-z0-9_.-]+$/.test(connection)) {
    throw new UsageError(
      `--connection takes a connection name (letters, digits, "-", "_", "."), got ${JSON.stringify(connection)}.`,
    );
  }

  const settings = await resolveCliSettings(o, io);
  let session: ReturnType<typeof openGraphSession>;
  try {
    session = openGraphSession(settings, (line) => io.stderr(`${line}\n`));
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const log = (text: string) => (toStdout ? io.stderr : io.stdout)(redact(text, session.secrets));
  const started = Date.now();
  const deadline = started + settings.operationTimeoutMs;

  let homeTenantId: string | undefined;
  try {
    homeTenantId = tenantOfToken(await session.tokens.getToken(deadline));
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw new Error(
      `${e instanceof Error ? e.message : String(e)} Run \`pulumi-entra-cross-tenant check\` with the same options for details.`,
      { cause: e },
    );
  }

  const snapshot = await readTenant({
    graph: session.graph,
    graphEndpoint: settings.graphEndpoint,
    apiVersion: settings.apiVersion,
    deadline,
    skipDefault: flag(o, "skip-default"),
    skipPolicy: flag(o, "skip-policy"),
  });
  const found = new Set(snapshot.partners.map((p) => String(p.tenantId).toLowerCase()));
  const missing = only.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new Error(
      `no partner configuration for ${missing.join(", ")} in this tenant (${snapshot.partners.length} partners read); nothing was written.`,
    );
  }
  let sync: SyncConfigurationsRead | undefined;
  let syncEntries: SyncConfigurationEntry[] = [];
  if (!skipSync) {
    sync = await readSyncConfigurations({
      graph: session.graph,
      graphEndpoint: settings.graphEndpoint,
      apiVersion: settings.apiVersion,
      deadline,
    });
    const names = new Set(sync.configurations.map((c) => c.servicePrincipal.displayName.trim().toLowerCase()));
    const unused = [...syncTargets.keys()].filter((n) => !names.has(n));
    if (unused.length && !sync.refused) {
      throw new Error(
        `--sync-target names ${unused.map((n) => `"${n}"`).join(", ")}, but this tenant has no synchronization configuration of that name (${sync.configurations.length ? `it has ${sync.configurations.map((c) => `"${c.servicePrincipal.displayName}"`).join(", ")}` : "it has none"}); nothing was written.`,
      );
    }
    syncEntries = syncConfigurationEntries(sync.configurations, {
      targets: syncTargets,
      homeTenantId,
      outboundPartners: snapshot.partners
        .filter((p) => {
          const consent = p.automaticUserConsentSettings as { outboundAllowed?: unknown } | null | undefined;
          return consent?.outboundAllowed === true;
        })
        .map((p) => ({
          tenantId: String(p.tenantId).toLowerCase(),
          label:
            typeof p.displayName === "string"
              ? p.displayName
              : typeof (p.identitySynchronization as { displayName?: unknown } | null)?.displayName === "string"
                ? String((p.identitySynchronization as { displayName: string }).displayName)
                : undefined,
        })),
    });
  }
  const info = packageInfo();
  const model = buildModel(snapshot, {
    homeTenantId,
    packageVersion: info.version,
    connection,
    includeManaged: flag(o, "include-managed"),
    only: only.length ? new Set(only) : undefined,
  });
  model.syncConfigurations = syncEntries;
  model.syncConfigurationsRefused = sync?.refused;
  const program = renderProgram(model);

  let written: string[] = [];
  if (toStdout) {
    io.stdout(program);
  } else {
    const dir = path.resolve(io.cwd, out as string);
    const project = projectName(stringOption(o, "project") ?? path.basename(dir));
    const description = `Cross-tenant access settings${homeTenantId ? ` of tenant ${homeTenantId}` : ""}, exported by pulumi-entra-cross-tenant.`;
    const packageSpec = stringOption(o, "package-spec")?.trim();
    if (packageSpec === "")
      throw new UsageError(
        "--package-spec takes an npm dependency spec, e.g. file:../pulumi-entra-cross-tenant-0.1.0.tgz.",
      );
    const projectOptions = {
      project,
      description,
      apiVersion: settings.apiVersion,
      packageVersion: info.version,
      packageSpec,
      pulumiRange: info.pulumiRange,
    };
    written = writeProject(
      dir,
      {
        "Pulumi.yaml": pulumiYaml(projectOptions),
        "package.json": packageJson(projectOptions),
        "tsconfig.json": tsconfigJson(),
        ".gitignore": gitignore(),
        "index.ts": program,
      },
      flag(o, "force"),
    );
  }

  const live = model.partners.filter((p) => !p.managedReason || model.includeManaged);
  const notUnchanged = [
    ...(model.defaultConfiguration?.problems.length
      ? [`the default configuration: ${model.defaultConfiguration.problems.join("; ")}`]
      : []),
    ...(model.accessPolicy?.problems.length
      ? [`the cross-tenant access policy: ${model.accessPolicy.problems.join("; ")}`]
      : []),
    ...live
      .filter((p) => p.problems.length)
      .map((p) => `${p.names.resourceName} (${p.names.tenantId}): ${p.problems.join("; ")}`),
  ];
  notUnchanged.push(
    ...syncEntries
      .filter((e) => !e.blocked && e.problems.length)
      .map((e) => `${e.resourceName} (synchronization configuration "${e.displayName}"): ${e.problems.join("; ")}`),
  );
  for (const w of notUnchanged)
    io.stderr(redact(`warning: not taken over unchanged by the first pulumi up: ${w}\n`, session.secrets));
  for (const e of syncEntries.filter((x) => x.blocked))
    io.stderr(
      redact(
        `warning: synchronization configuration "${e.displayName}" written commented out: ${e.blocked}\n`,
        session.secrets,
      ),
    );
  if (sync?.refused)
    io.stderr(
      redact(
        `warning: synchronization configurations not exported: ${sync.refused}. Grant it, or pass --skip-sync-configurations.\n`,
        session.secrets,
      ),
    );
  const skipped = model.partners.length - live.length;
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const pageSizes = snapshot.pages.map((p) => p.items).join(" + ");
  const exported = [
    `${live.length} partner configuration${live.length === 1 ? "" : "s"}`,
    plural(live.filter((p) => p.syncPolicy).length, "identity sync policy", "identity sync policies"),
    ...(model.defaultConfiguration ? ["the default configuration"] : []),
    ...(model.accessPolicy ? ["the cross-tenant access policy"] : []),
    ...(syncEntries.length
      ? [
          plural(
            syncEntries.filter((e) => !e.blocked).length,
            "cross-tenant synchronization configuration",
            "cross-tenant synchronization configurations",
          ) +
            (syncEntries.some((e) => e.blocked)
              ? ` (${syncEntries.filter((e) => e.blocked).length} more written commented out)`
              : ""),
        ]
      : []),
  ];
  const singles = [
    ...(snapshot.defaultConfiguration ? ["the default configuration"] : []),
    ...(snapshot.accessPolicy ? ["the cross-tenant access policy"] : []),
  ];
  log(
    [
      `Exported ${exported.slice(0, -1).join(", ")} and ${exported[exported.length - 1]}${homeTenantId ? ` of tenant ${homeTenantId}` : ""} (Graph ${settings.apiVersion}).`,
      ...(skipped
        ? [
            `${skipped} partner${skipped === 1 ? "" : "s"} not configured by this tenant itself written commented out (--include-managed to manage them).`,
          ]
        : []),
      `Graph: ${snapshot.requests + (sync?.requests ?? 0)} request${snapshot.requests + (sync?.requests ?? 0) === 1 ? "" : "s"} (${snapshot.pages.length} page${snapshot.pages.length === 1 ? "" : "s"} of partners: ${pageSizes || "0"}${singles.map((x) => `; ${x}`).join("")}${sync ? `; ${sync.requests} for synchronization configurations` : ""}) in ${seconds} s.`,
      ...(written.length
        ? [
            `Wrote ${written.map((f) => path.relative(io.cwd, f) || f).join(", ")}.`,
            "",
            ...nextSteps(
              path.relative(io.cwd, path.dirname(written[0])) || ".",
              settings.apiVersion,
              stringOption(o, "package-spec") !== undefined,
            ),
          ]
        : []),
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}

function nextSteps(dir: string, apiVersion: string, ownSpec: boolean): string[] {
  return [
    "Next:",
    ...(ownSpec
      ? [`  cd ${dir} && npm install`]
      : [
          `  cp <path>/${PACKAGE_NAME}-${VERSION}.tgz ${dir}/   # the npm pack tarball of this package (or export again with --package-spec file:<path>)`,
          `  cd ${dir} && npm install`,
        ]),
    "  pulumi stack init <name>",
    "  pulumi config set entra:tenantId <tenant> && pulumi config set entra:clientId <app>",
    "  pulumi config set --secret entra:clientSecret    (or ARM_* variables, a certificate, OIDC: see the README)",
    `  pulumi up      # takes every object over; nothing changes in Entra${apiVersion === "beta" ? " (Pulumi.yaml sets entra:apiVersion beta)" : ""}`,
    "  pulumi preview --expect-no-changes",
  ];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
