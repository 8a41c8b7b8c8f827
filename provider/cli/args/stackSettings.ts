/**
 * Settings of one connection of a stack's configuration, for a command that acts in one tenant (`provision`):
 * `--connection NAME` picks `entra:connections.NAME`, no `--connection` the top-level `entra:*` settings; resolved
 * with the same fallbacks and environment as the provider. The stack comes from `--stack`, `--config-file`, or
 * else the Pulumi CLI's selected stack in the project directory.
 */
import { execFile } from "child_process";
import * as path from "path";
import { validateSettings } from "../../auth/validateSettings";
import {
  connectionNames,
  connectionValues,
  parseConnections,
  unknownConnectionMessage,
} from "../../config/connections";
import { secretKeyNames } from "../../config/keys";
import {
  ConfigError,
  lookupValues,
  ProviderSettings,
  readStackConfig,
  SettingNames,
  settingsFromValues,
  topLevelNames,
} from "../../config/settings";
import { withBaseDir } from "../check/stackCheck";
import { ENCRYPTED, findOnPath, loadStackConfig } from "../check/stackConfig";
import { CliIo, UsageError } from "../io";
import { flag, OptionSpec, ParsedOptions, stringOption } from "./options";

const STACK = "Stack configuration (instead of the connection options)";

export const stackOptions: readonly OptionSpec[] = [
  {
    name: "connection",
    type: "string",
    value: "NAME",
    group: STACK,
    description:
      "The stack's connection entra:connections.NAME (its tenant and credential, with\nthe provider's fallbacks). Without it, the stack's top-level entra:* settings.",
  },
  {
    name: "stack",
    type: "string",
    value: "NAME",
    group: STACK,
    description:
      "The stack whose configuration to use (default with --connection: the Pulumi\nCLI's selected stack in --cwd). Read with `pulumi config --show-secrets --json`.",
  },
  {
    name: "cwd",
    type: "string",
    value: "DIR",
    group: STACK,
    description: "The Pulumi project directory (default: the current directory).",
  },
  {
    name: "config-file",
    type: "string",
    value: "FILE",
    group: STACK,
    description:
      "A stack file (Pulumi.<stack>.yaml), or the JSON of `pulumi config --show-secrets\n--json` (- reads it from standard input).",
  },
];

export interface StackConnection {
  settings: ProviderSettings;
  /** How errors name the settings (`entra:connections.NAME.key`). */
  names: SettingNames;
  /** "entra:connections.NAME" or "entra:*", and where it was read. */
  label: string;
  source: string;
  /** Said before the output (e.g. why the Pulumi CLI's answer was not used). */
  notes: string[];
  /** Every secret value of the configuration, for scrubbing output. */
  secrets: string[];
}

/** True when the options ask for a stack's configuration rather than connection flags. */
export function usesStack(o: ParsedOptions): boolean {
  return stackOptions.some((s) => o[s.name] !== undefined);
}

/** The Pulumi CLI's selected stack in `projectDir` (`pulumi stack --show-name`). */
function selectedStack(projectDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const pulumi = findOnPath("pulumi", env);
  if (!pulumi) {
    return Promise.reject(
      new UsageError(
        "--connection without --stack needs the Pulumi CLI on PATH to find the selected stack; pass --stack NAME (or --config-file FILE).",
      ),
    );
  }
  return new Promise((resolve, reject) => {
    execFile(
      pulumi,
      ["stack", "--show-name", "--non-interactive"],
      { cwd: projectDir, env, timeout: 60_000, windowsHide: true },
      (error, stdout, stderr) => {
        const name = String(stdout).trim();
        if (!error && name) return resolve(name);
        const why =
          String(stderr)
            .split(/\r?\n/)
            .find((l) => /\S/.test(l))
            ?.trim() ?? "no stack is selected";
        reject(
          new UsageError(
            `no selected Pulumi stack in ${projectDir} (${why.slice(0, 200)}); pass --stack NAME or --config-file FILE.`,
          ),
        );
      },
    );
  });
}

/**
 * Resolves the one connection the options name. Connection flags cannot be combined with it: the stack's
 * configuration (and the ARM_* / AZURE_* / ENTRA_* environment, as for the provider) says how it signs in.
 */
export async function stackConnection(
  o: ParsedOptions,
  io: CliIo,
  connectionFlags: readonly OptionSpec[],
  defaults: Record<string, string> = {},
): Promise<StackConnection> {
  const given = connectionFlags.filter((s) => s.name !== "debug" && o[s.name] !== undefined).map((s) => `--${s.name}`);
  if (given.length) {
    throw new UsageError(
      `${given.join(", ")} cannot be combined with --connection, --stack or --config-file: the stack's configuration (and the ARM_* / AZURE_* / ENTRA_* environment, as for the provider) says how the connection signs in.`,
    );
  }
  let stack = stringOption(o, "stack");
  const configFile = stringOption(o, "config-file");
  if (stack !== undefined && configFile !== undefined)
    throw new UsageError("--stack and --config-file both name a configuration; use one.");
  if (configFile !== undefined && stringOption(o, "cwd") !== undefined)
    throw new UsageError("--cwd is the project directory of --stack; --config-file names the file itself.");
  const projectDir = path.resolve(io.cwd, stringOption(o, "cwd") ?? ".");
  if (stack === undefined && configFile === undefined) stack = await selectedStack(projectDir, io.env);

  const cfg = await loadStackConfig({ stack, configFile, projectDir }, io);
  const env = { ...io.env };
  for (const [k, v] of Object.entries(defaults)) env[k] ??= v;
  if (flag(o, "debug")) env.ENTRA_DEBUG = "true";

  const raw = readStackConfig((k) => cfg.config[k]);
  const top = lookupValues(raw, env);
  const name = stringOption(o, "connection");
  let values: Record<string, string | undefined>;
  let names: SettingNames;
  let label: string;
  let secrets: string[] = [];
  try {
    const connections = parseConnections(raw);
    for (const c of [top, ...connections.values()])
      for (const k of secretKeyNames) if (c[k] && !c[k]!.startsWith(ENCRYPTED)) secrets.push(c[k]!);
    if (name === undefined) {
      values = top;
      names = topLevelNames;
      label = "entra:*";
    } else {
      const entry = connections.get(name);
      if (!entry) throw new UsageError(`--connection ${name}: ${unknownConnectionMessage(name, connections)}`);
      values = connectionValues(name, entry, top);
      names = connectionNames(name, entry);
      label = `entra:connections.${name}`;
    }
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`${cfg.source}: ${e.message}`);
    throw e;
  }
  secrets = [...new Set(secrets.filter((s) => s.length >= 4))];
  const unread = Object.values(values)
    .filter((v): v is string => typeof v === "string" && v.startsWith(ENCRYPTED))
    .map((v) => v.slice(ENCRYPTED.length));
  if (unread.length) {
    throw new UsageError(
      `${label}: ${unread.join(", ")} ${unread.length === 1 ? "is" : "are"} encrypted in ${cfg.source} and could not be read; ${cfg.decryptHint}.`,
    );
  }
  try {
    const settings = withBaseDir(settingsFromValues(values, names), cfg.baseDir);
    validateSettings(settings, names);
    return { settings, names, label, source: cfg.source, notes: cfg.notes, secrets };
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}
