/**
 * `check` (alias `whoami`): can these settings manage this tenant? Acquires a token, shows who it is for and which
 * Graph permissions it carries, and makes one cheap Graph read. The first command to run against a real tenant.
 * Never prints the token or a secret.
 */
import * as path from "path";
import { secretValues } from "../../config/settings";
import { redact } from "../../log";
import { connectionOptions, resolveCliSettings } from "../args/connectionFlags";
import { flag, OptionSpec, ParsedOptions, parseOptions, renderHelp, stringOption } from "../args/options";
import { CliIo, EXIT, UsageError } from "../io";
import { check, CHECK_PATH, CheckResult } from "./checkConnection";
import { checkStack, formatStackCheck, stackExitCode } from "./stackCheck";
import { loadStackConfig } from "./stackConfig";

const STACK = "Stack configuration (instead of the connection options)";

const options: readonly OptionSpec[] = [
  ...connectionOptions,
  {
    name: "stack",
    type: "string",
    value: "NAME",
    group: STACK,
    description:
      "Check every connection of this stack's configuration (entra:* and each\nentra:connections entry), one line each. Read with `pulumi config --show-secrets\n--json` when the Pulumi CLI is on PATH, else from Pulumi.NAME.yaml (encrypted\nvalues cannot be read then).",
  },
  {
    name: "cwd",
    type: "string",
    value: "DIR",
    group: STACK,
    description: "The Pulumi project directory for --stack (default: the current directory).",
  },
  {
    name: "config-file",
    type: "string",
    value: "FILE",
    group: STACK,
    description:
      "Check every connection of this stack file (Pulumi.<stack>.yaml), or of the JSON of\n`pulumi config --show-secrets --json` (- reads it from standard input).",
  },
  {
    name: "sync-source",
    type: "boolean",
    group: "What to check",
    description:
      "This tenant is a source of cross-tenant synchronization (a CrossTenantSyncConfiguration\nlives here, `provision` runs here): require Synchronization.ReadWrite.All,\nApplication.ReadWrite.All and AppRoleAssignment.ReadWrite.All too (exit 3 without).",
  },
  {
    name: "json",
    type: "boolean",
    group: "Output",
    description: "Print the result as JSON (no token, no secret) instead of text.",
  },
];

export const checkHelp = renderHelp(
  "pulumi-entra-cross-tenant check [options]     (alias: whoami)",
  `Checks that the given settings can manage this tenant's cross-tenant access settings: gets a token, prints the
tenant and the application it is for, the Microsoft Graph permissions in it, whether Policy.Read.All and
Policy.ReadWrite.CrossTenantAccess are there (and how to grant a missing one), and whether Graph answers
(one GET). It also reports the permissions a SOURCE tenant of cross-tenant synchronization needs
(Synchronization.ReadWrite.All, Application.ReadWrite.All, AppRoleAssignment.ReadWrite.All); they are
required only with --sync-source. Run it first against a new tenant. Neither the token nor a secret is ever
printed.`,
  options,
  `Exit codes: 0 ready; 1 no token, or Graph failed or unreachable; 2 bad command line;
3 token and Graph fine, but a permission is missing.

Examples:
  ARM_TENANT_ID=… ARM_CLIENT_ID=… ARM_CLIENT_SECRET=… pulumi-entra-cross-tenant check
  pulumi-entra-cross-tenant whoami --tenant-id 9c5d… --client-id 1f2e… --client-secret-env SOURCE_SECRET
  pulumi-entra-cross-tenant check --stack dev            # in the Pulumi project: every connection of stack dev
  pulumi config --show-secrets --json --stack dev | pulumi-entra-cross-tenant check --config-file -

With --stack or --config-file, one line per connection (ok, MISSING a permission, FAILED with the fix, UNREAD when
a secret is encrypted and could not be decrypted); the exit code is the worst of them.`,
);

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const o = parseOptions("check", args, options);
  if (flag(o, "help")) {
    io.stdout(checkHelp);
    return EXIT.ok;
  }
  if (stringOption(o, "stack") !== undefined || stringOption(o, "config-file") !== undefined) {
    if (flag(o, "sync-source"))
      throw new UsageError(
        "--sync-source checks one tenant; with --stack or --config-file each line already says what its connection lacks. Run `check --sync-source` with the source connection's settings.",
      );
    return runStackCheck(o, io);
  }
  if (stringOption(o, "cwd") !== undefined)
    throw new UsageError("--cwd is the project directory of --stack; pass --stack NAME too.");
  // A check should answer in seconds: few retries and a short deadline unless asked otherwise.
  const settings = await resolveCliSettings(o, io, CHECK_DEFAULTS);
  const out = (text: string) => io.stdout(redact(text, secretValues(settings)));
  const result = await check(settings, (line) => io.stderr(redact(line, secretValues(settings)) + "\n"), undefined, {
    syncSource: flag(o, "sync-source"),
  });
  if (flag(o, "json")) out(JSON.stringify(result, null, 2) + "\n");
  else out(formatCheck(result));
  if (!result.signIn.ok || !result.graph?.ok)
    return result.graph?.status === 403 ? EXIT.missingPermission : EXIT.failed;
  return result.ready ? EXIT.ok : EXIT.missingPermission;
}

/** A check should answer in seconds: few retries and a short deadline unless asked otherwise. */
const CHECK_DEFAULTS = { operationTimeoutSeconds: 60, maxRetries: 2, requestTimeoutSeconds: 20 };

/** `--stack` / `--config-file`: every connection of a stack's configuration, one line each. */
async function runStackCheck(o: ParsedOptions, io: CliIo): Promise<number> {
  const stack = stringOption(o, "stack");
  const configFile = stringOption(o, "config-file");
  if (stack !== undefined && configFile !== undefined)
    throw new UsageError("--stack and --config-file both name a configuration; use one.");
  if (configFile !== undefined && stringOption(o, "cwd") !== undefined)
    throw new UsageError("--cwd is the project directory of --stack; --config-file names the file itself.");
  // The stack's configuration says how to connect; flags would make the check something the provider never does.
  const given = connectionOptions
    .filter((s) => s.name !== "debug" && o[s.name] !== undefined)
    .map((s) => `--${s.name}`);
  if (given.length) {
    throw new UsageError(
      `${given.join(", ")} cannot be combined with ${stack !== undefined ? "--stack" : "--config-file"}: the stack's configuration (and the ARM_* / AZURE_* / ENTRA_* environment, as for the provider) says how each connection signs in.`,
    );
  }
  const projectDir = path.resolve(io.cwd, stringOption(o, "cwd") ?? ".");
  const cfg = await loadStackConfig({ stack, configFile, projectDir }, io);
  const env = { ...io.env };
  env.ENTRA_OPERATION_TIMEOUT_SECONDS ??= String(CHECK_DEFAULTS.operationTimeoutSeconds);
  env.ENTRA_MAX_RETRIES ??= String(CHECK_DEFAULTS.maxRetries);
  env.ENTRA_REQUEST_TIMEOUT_SECONDS ??= String(CHECK_DEFAULTS.requestTimeoutSeconds);
  if (flag(o, "debug")) env.ENTRA_DEBUG = "true";
  const result = await checkStack(cfg, env, (line) => io.stderr(line + "\n"));
  const text = flag(o, "json")
    ? JSON.stringify({ source: result.source, notes: result.notes, connections: result.connections }, null, 2) + "\n"
    : formatStackCheck(result);
  io.stdout(redact(text, result.secrets));
  return stackExitCode(result);
}

/** The source side's permissions: required with --sync-source (MISSING), else reported (absent). */
function sourceLines(r: CheckResult): string[] {
  const src = r.source;
  if (!src) return [];
  const lines = [
    "",
    `Source side of cross-tenant synchronization (${src.required ? "required: --sync-source" : "needed only in a tenant that syncs users out"}):`,
  ];
  for (const p of src.present) lines.push(`ok      ${p}`);
  for (const p of src.missing) lines.push(`${src.required ? "MISSING" : "absent "} ${p}`);
  for (const a of src.advice) lines.push(`        ${a}`);
  return lines;
}

/** The human report. */
export function formatCheck(r: CheckResult): string {
  const lines: string[] = [];
  const s = r.settings;
  lines.push(`Graph:       ${s.graphEndpoint} (${s.apiVersion}, cloud ${s.cloud})`);
  lines.push(`Login:       ${s.authorityHost}`);
  lines.push(`Credential:  ${s.credential}`);
  lines.push("");
  if (!r.signIn.ok) {
    lines.push(
      `FAILED  sign-in at ${r.signIn.loginHost}${r.signIn.networkError ? `: unreachable: ${r.signIn.networkError}` : ""}`,
    );
    if (r.signIn.code) lines.push(`        ${r.signIn.code}${r.signIn.meaning ? `: ${r.signIn.meaning}` : ""}`);
    if (r.signIn.entra) lines.push(`        Entra answered: ${r.signIn.entra}`);
    if (r.signIn.fix) lines.push(`        Fix: ${r.signIn.fix}`);
    // Without Entra's answer or a network error, the credential's own text is all there is (its fix is above).
    if (!r.signIn.entra && !r.signIn.networkError)
      lines.push(`        ${(r.signIn.error ?? "").replace(r.signIn.fix ?? "\u0000", "").trim()}`);
    lines.push("", "Not ready: no access token could be obtained.", "");
    return lines.join("\n");
  }
  const id = r.identity;
  lines.push(`ok      token acquired${id?.expiresAt ? ` (expires ${id.expiresAt})` : ""}`);
  if (id) {
    lines.push(`        tenant:      ${id.tenantId ?? "(not in token)"}`);
    lines.push(
      `        application: ${id.appId ?? "(not in token)"}${id.appDisplayName ? ` (${id.appDisplayName})` : ""}`,
    );
    if (id.kind === "user") lines.push(`        user:        ${id.user ?? "(not in token)"}`);
    const granted = id.kind === "app" ? id.roles : id.scopes;
    lines.push(
      `        ${id.kind === "app" ? "roles" : "scopes"}:       ${granted.length ? granted.join(", ") : "(none)"}`,
    );
  } else {
    lines.push("        (the token is not a JWT: its tenant and permissions cannot be shown)");
  }
  if (r.tenantMismatch) lines.push(`MISMATCH ${r.tenantMismatch}`);
  if (r.permissions) {
    for (const p of r.permissions.present) lines.push(`ok      ${p}`);
    for (const p of r.permissions.covered)
      lines.push(`ok      ${p} not granted, not needed: Policy.ReadWrite.CrossTenantAccess also allows every read`);
    for (const p of r.permissions.missing) lines.push(`MISSING ${p}`);
    for (const a of r.permissions.advice) lines.push(`        ${a}`);
  }
  const g = r.graph;
  if (g) {
    if (g.ok) {
      lines.push(
        `ok      Graph answers: GET ${CHECK_PATH} -> ${g.status} in ${g.durationMs} ms (request-id ${g.requestId ?? "none"})`,
      );
    } else if (g.status === undefined) {
      lines.push(`FAILED  Graph unreachable at ${g.host}: ${g.networkError}`);
      if (g.hint) lines.push(`        ${g.hint}`);
    } else {
      lines.push(
        `FAILED  Graph answered GET ${CHECK_PATH} with ${g.status} ${g.code}: ${g.message} (request-id ${g.requestId ?? "none"})`,
      );
      if (g.hint) lines.push(`        ${g.hint}`);
    }
  }
  lines.push(...sourceLines(r));
  lines.push("");
  const src = r.source;
  if (r.ready) {
    lines.push("Ready: export, preview and up can run with these settings.");
    if (src && src.missing.length === 0)
      lines.push("Ready as a synchronization source too (CrossTenantSyncConfiguration, provision).");
    else if (src)
      lines.push(
        `As a synchronization source it would also need ${src.missing.join(", ")} (only in a tenant that syncs users out; \`check --sync-source\` requires them).`,
      );
  } else {
    const missing = [...(r.permissions?.missing ?? []), ...(src?.required ? src.missing : [])];
    const someGranted = (r.permissions?.present.length ?? 0) > 0 || (r.permissions?.covered.length ?? 0) > 0;
    if (g?.ok && missing.length > 0 && someGranted) lines.push(`Not ready: missing ${missing.join(", ")}.`);
    else lines.push("Not ready.");
  }
  lines.push("");
  return lines.join("\n");
}
