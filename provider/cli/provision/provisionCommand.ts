/**
 * `provision`: Graph's provisionOnDemand for one user of the source tenant, the way an admin checks that a
 * cross-tenant synchronization relationship works. Finds the configuration (its service principal, by name or
 * object ID), its Azure2Azure job, the job schema's user rule and the user, runs provisionOnDemand and prints the
 * steps and the result in plain words. Exit code by outcome.
 */
import { ConfigError, ProviderSettings, secretValues, SettingNames } from "../../config/settings";
import { isGraphError } from "../../graph/errors";
import { redact } from "../../log";
import { connectionOptions, resolveCliSettings } from "../args/connectionFlags";
import { flag, OptionSpec, ParsedOptions, parseOptions, renderHelp, stringOption } from "../args/options";
import { stackConnection, stackOptions, usesStack } from "../args/stackSettings";
import { CliIo, EXIT, UsageError } from "../io";
import { openGraphSession } from "../session/graphSession";
import { sourceRefusalText } from "../sync/sourceErrors";
import {
  ConfigurationSp,
  getServicePrincipal,
  getUser,
  isGuid,
  jobPath,
  listConfigurations,
  listJobs,
  SourceReader,
  SourceUser,
  SYNC_APP_TEMPLATE_ID,
  SYNC_JOB_TEMPLATE,
  USER_RULE_NAME,
  userRuleId,
} from "../sync/sourceGraph";
import { OnDemandResult, parseOnDemandResult } from "./onDemandResult";
import { renderProvision } from "./renderOnDemand";

const WHAT = "What to provision";

const options: readonly OptionSpec[] = [
  {
    name: "configuration",
    type: "string",
    value: "NAME|ID",
    group: WHAT,
    description:
      "The cross-tenant synchronization configuration: its display name (the\nCrossTenantSyncConfiguration's displayName) or its service principal's object ID.",
  },
  {
    name: "user",
    type: "string",
    value: "UPN|ID",
    group: WHAT,
    description: "The source tenant's user: userPrincipalName or object ID.",
  },
  {
    name: "json",
    type: "boolean",
    group: "Output",
    description: "Print the result as JSON (outcome, steps, Graph's codes) instead of text.",
  },
  ...stackOptions,
  ...connectionOptions,
];

export const provisionHelp = renderHelp(
  "pulumi-entra-cross-tenant provision --configuration NAME|ID --user UPN|ID [--connection NAME] [options]",
  `Provisions one user of this (source) tenant into the target tenant now, with Graph's provisionOnDemand, and
prints the steps and the result in plain words: created, updated, no change, or skipped and why (e.g. the user is
not in the configuration's scope). This is how to check that a cross-tenant synchronization relationship works.

Graph: GET /servicePrincipals?$filter=applicationTemplateId eq '${SYNC_APP_TEMPLATE_ID}' (or GET
/servicePrincipals/{id}), GET …/synchronization/jobs, GET …/jobs/{id}/schema (rule
${USER_RULE_NAME}), GET /users/{id or UPN}, POST …/jobs/{id}/provisionOnDemand. Needs
Synchronization.ReadWrite.All, Application.Read(Write).All and User.Read.All. Graph allows 5 provisionOnDemand
calls per 10 seconds.`,
  options,
  `Exit codes: 0 created, updated, or already up to date; 3 skipped (e.g. out of scope); 1 failed (Graph's
provisioning failed, a Graph call failed, or no such configuration or user); 2 bad command line.

Examples:
  pulumi-entra-cross-tenant provision --connection source --configuration "Fabrikam" --user adele@contoso.com
  pulumi-entra-cross-tenant provision --stack dev --connection source --configuration 5f2c… --user 38a2…
  ARM_TENANT_ID=… ARM_CLIENT_ID=… ARM_CLIENT_SECRET=… pulumi-entra-cross-tenant provision --configuration Fabrikam --user adele@contoso.com

With --connection, --stack or --config-file the stack's configuration says how to sign in (as for the provider);
otherwise the connection options and the ARM_* / AZURE_* / ENTRA_* environment do.`,
);

/** Few retries and a bounded deadline: an admin is waiting. */
const DEFAULTS = { operationTimeoutSeconds: 120, maxRetries: 3, requestTimeoutSeconds: 60 };
const DEFAULT_ENV = {
  ENTRA_OPERATION_TIMEOUT_SECONDS: String(DEFAULTS.operationTimeoutSeconds),
  ENTRA_MAX_RETRIES: String(DEFAULTS.maxRetries),
  ENTRA_REQUEST_TIMEOUT_SECONDS: String(DEFAULTS.requestTimeoutSeconds),
};

/** An expected failure of the command (no such configuration, no job, …): message printed, exit 1. */
class ProvisionError extends Error {}

export function exitCodeOf(r: OnDemandResult): number {
  switch (r.outcome) {
    case "created":
    case "updated":
    case "noChange":
    case "succeeded":
      return EXIT.ok;
    case "skipped":
      return EXIT.skipped;
    default:
      return EXIT.failed;
  }
}

function required(o: ParsedOptions, name: string, example: string): string {
  const v = stringOption(o, name)?.trim();
  if (v === undefined) throw new UsageError(`provision needs --${name} (e.g. --${name} ${example}).`);
  if (v === "") throw new UsageError(`--${name} needs a non-empty value.`);
  return v;
}

function describe(list: readonly ConfigurationSp[]): string {
  return list.map((c) => `"${c.displayName}" (${c.id})`).join(", ");
}

/** The configuration by object ID, or by display name (exactly one). */
async function findConfiguration(r: SourceReader, wanted: string): Promise<ConfigurationSp> {
  if (isGuid(wanted)) {
    try {
      const sp = await getServicePrincipal(r, wanted);
      if (sp.applicationTemplateId?.toLowerCase() !== SYNC_APP_TEMPLATE_ID)
        throw new ProvisionError(
          `service principal ${wanted} ("${sp.displayName}") is not a cross-tenant synchronization configuration: its applicationTemplateId is ${sp.applicationTemplateId ?? "not set"}, not ${SYNC_APP_TEMPLATE_ID}.`,
        );
      return sp;
    } catch (e) {
      // Only a 404 means "no such object"; then the GUID may still be a configuration's display name.
      if (!(isGraphError(e) && e.statusCode === 404)) throw e;
    }
  }
  // One listing of the configurations (a tenant has few), matched by name here as Graph's `eq` does (ignoring case).
  const all = await listConfigurations(r);
  const matches = all.filter((c) => c.displayName.toLowerCase() === wanted.toLowerCase());
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new ProvisionError(
      `${matches.length} cross-tenant synchronization configurations are named "${wanted}": ${describe(matches)}. Pass the one you mean by its object ID: --configuration <id>.`,
    );
  }
  throw new ProvisionError(
    `no cross-tenant synchronization configuration ${isGuid(wanted) ? "with object ID or name" : "named"} "${wanted}" in this tenant${
      all.length
        ? `; it has ${all.length === 1 ? "one" : all.length}: ${describe(all)}.`
        : ": it has none (service principals from the application template 518e5f48-…). Create one with the CrossTenantSyncConfiguration resource, and check that --connection names the SOURCE tenant."
    }`,
  );
}

export async function runProvision(args: readonly string[], io: CliIo): Promise<number> {
  const o = parseOptions("provision", args, options);
  if (flag(o, "help")) {
    io.stdout(provisionHelp);
    return EXIT.ok;
  }
  const wantedConfiguration = required(o, "configuration", '"Fabrikam"');
  const wantedUser = required(o, "user", "adele@contoso.com");

  // A stack's connection (as the provider would sign in), or the connection options and the environment.
  const fromStack = usesStack(o) ? await stackConnection(o, io, connectionOptions, DEFAULT_ENV) : undefined;
  const settings: ProviderSettings = fromStack?.settings ?? (await resolveCliSettings(o, io, DEFAULTS));
  const names: SettingNames | undefined = fromStack?.names;
  const extraSecrets = fromStack?.secrets ?? [];
  const secrets = [...secretValues(settings), ...extraSecrets];
  const clean = (text: string) => redact(text, secrets);

  let session: ReturnType<typeof openGraphSession>;
  try {
    session = openGraphSession(settings, (line) => io.stderr(clean(line) + "\n"), names);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const deadline = Date.now() + settings.operationTimeoutMs;
  let token: string | undefined;
  try {
    token = await session.tokens.getToken(deadline);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw new Error(
      `${e instanceof Error ? e.message : String(e)} Run \`pulumi-entra-cross-tenant check\` with the same options for details.`,
      { cause: e },
    );
  }
  const r: SourceReader = {
    graph: session.graph,
    graphEndpoint: settings.graphEndpoint,
    apiVersion: settings.apiVersion,
    deadline,
  };
  const progress = (text: string) => {
    if (!flag(o, "json")) io.stderr(clean(text) + "\n");
  };
  if (fromStack) progress(`Signing in as ${fromStack.label} of ${fromStack.source}.`);
  for (const n of fromStack?.notes ?? []) io.stderr(clean(`note: ${n}`) + "\n");

  try {
    progress(`Finding configuration "${wantedConfiguration}"…`);
    const configuration = await findConfiguration(r, wantedConfiguration);
    const jobs = (await listJobs(r, configuration.id)).filter(
      (j) => (j.templateId ?? SYNC_JOB_TEMPLATE) === SYNC_JOB_TEMPLATE,
    );
    if (jobs.length === 0)
      throw new ProvisionError(
        `configuration "${configuration.displayName}" (${configuration.id}) has no ${SYNC_JOB_TEMPLATE} synchronization job: its set-up is not finished. \`pulumi up\` of its CrossTenantSyncConfiguration creates the job.`,
      );
    if (jobs.length > 1)
      throw new ProvisionError(
        `configuration "${configuration.displayName}" has ${jobs.length} ${SYNC_JOB_TEMPLATE} jobs (${jobs.map((j) => j.id).join(", ")}); a configuration has one. Delete the extra job in the Entra admin center.`,
      );
    const job = jobs[0];
    const ruleId = await userRuleId(r, configuration.id, job.id);
    if (!ruleId)
      throw new ProvisionError(
        `the schema of job ${job.id} has no rule named ${USER_RULE_NAME}, so Graph has no rule to provision a user with. Restore the default schema (Entra admin center > the configuration > Provisioning > Restore default mappings).`,
      );
    progress(`Reading user "${wantedUser}"…`);
    let user: SourceUser;
    try {
      user = await getUser(r, wantedUser);
    } catch (e) {
      if (isGraphError(e) && e.statusCode === 404)
        throw new ProvisionError(
          `no user ${isGuid(wantedUser) ? "with object ID" : "with userPrincipalName"} "${wantedUser}" in this (source) tenant (Graph GET /users: 404 ${e.code}, request-id ${e.requestId ?? "none"}).`,
        );
      throw e;
    }
    progress(`Provisioning on demand…`);
    const res = await session.graph.request<unknown>(
      "POST",
      `${jobPath(configuration.id, job.id)}/provisionOnDemand`,
      { parameters: [{ ruleId, subjects: [{ objectId: user.id, objectTypeName: "User" }] }] },
      { deadline, apiVersion: settings.apiVersion },
    );
    const result = parseOnDemandResult(res.body, user.id);
    const ctx = {
      configuration: { displayName: configuration.displayName, id: configuration.id },
      jobId: job.id,
      ruleId,
      user,
    };
    if (flag(o, "json")) {
      io.stdout(
        clean(
          JSON.stringify({ ...ctx, requestId: res.requestId, exitCode: exitCodeOf(result), result }, null, 2) + "\n",
        ),
      );
    } else io.stdout(clean(renderProvision(result, ctx)));
    return exitCodeOf(result);
  } catch (e) {
    if (e instanceof ProvisionError) {
      io.stderr(`error: ${clean(e.message)}\n`);
      return EXIT.failed;
    }
    const refusal = sourceRefusalText(e, token);
    if (refusal) {
      io.stderr(`error: ${clean(refusal)}\n`);
      return EXIT.failed;
    }
    // provisionOnDemand refused the request itself (not the token): Graph's message is the reason, not the endpoint.
    if (isGraphError(e) && /\/provisionOnDemand$/.test(e.path) && e.statusCode !== undefined && e.statusCode < 500) {
      io.stderr(
        `error: ${clean(`Graph POST ${e.path} failed: ${e.statusCode} ${e.code}: ${e.graphMessage} (request-id ${e.requestId ?? "none"}). Graph did not provision the user; its message says why (e.g. the job's credentials are not saved or the job is quarantined: \`pulumi up\` of the CrossTenantSyncConfiguration writes and starts them, and its jobStatus output shows a quarantine).`)}\n`,
      );
      return EXIT.failed;
    }
    throw e;
  }
}
