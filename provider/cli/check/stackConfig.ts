/**
 * A stack's configuration as the provider would see it, for `check --stack` / `--config-file`: the `entra:*` and
 * `azuread:*` keys, and `entra:connections` as the JSON text the engine passes.
 *
 * `--stack NAME` asks the Pulumi CLI (`pulumi config --show-secrets --json`, when `pulumi` is on PATH): it knows the
 * backend, decrypts `secure:` values with the stack's secrets provider and adds project-level config. Without it, or
 * when it fails, `Pulumi.NAME.yaml` is read directly (and `stackConfigDir` of Pulumi.yaml honored); encrypted values
 * are then unknown, and a connection that needs one is reported with the command that reads it. `--config-file`
 * takes a `Pulumi.<stack>.yaml`, or the JSON of `pulumi config --show-secrets --json` (`-` = standard input).
 * Nothing read here is ever printed.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { CliIo, UsageError } from "../io";

/** Marks a value that is encrypted in the file and could not be read; followed by its config path. */
export const ENCRYPTED = "\u0000encrypted\u0000";

export interface StackConfig {
  /** What was read and how, e.g. "Pulumi.dev.yaml (decrypted by `pulumi config --show-secrets --json`)". */
  source: string;
  /** Config key → value as the engine passes it to the provider (structured values as JSON text). */
  config: Record<string, string>;
  /** Relative file paths in the configuration (certificates, CA, token files) are relative to this directory. */
  baseDir: string;
  /** How to read encrypted values, for a connection that needs one. */
  decryptHint: string;
  /** Said once before the report (e.g. why the Pulumi CLI was not used). */
  notes: string[];
}

export interface StackConfigRequest {
  stack?: string;
  configFile?: string;
  /** The Pulumi project directory (`--cwd`, default the current directory). */
  projectDir: string;
}

/** True for the namespaces the provider reads. */
function relevant(key: string): boolean {
  return key.startsWith("entra:") || key.startsWith("azuread:");
}

/** The first executable `name` on the environment's PATH. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const exts = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** `pulumi config --show-secrets --json` output → config map. Structured values arrive as JSON text already. */
function fromPulumiJson(json: unknown, what: string): Record<string, string> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UsageError(
      `${what} is not the JSON of \`pulumi config --show-secrets --json\` (an object of key → { value, secret }).`,
    );
  }
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(json as Record<string, unknown>)) {
    if (!relevant(key) || typeof entry !== "object" || entry === null) continue;
    const e = entry as { value?: unknown; secret?: unknown };
    if (typeof e.value === "string") out[key] = e.value;
    else if (e.secret === true) out[key] = `${ENCRYPTED}${key}`; // `pulumi config --json` without --show-secrets
  }
  return out;
}

interface YamlLoader {
  load(text: string): unknown;
}

/** js-yaml as @pulumi/pulumi (this package's peer) brings it: the YAML reader Pulumi's own Node SDK uses. */
function yamlLoader(): YamlLoader {
  try {
    const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    return fromSdk("js-yaml") as YamlLoader;
  } catch {
    throw new UsageError(
      "reading a Pulumi YAML file needs @pulumi/pulumi installed next to this package (it brings the YAML reader); run this from your Pulumi program, or pass the JSON of `pulumi config --show-secrets --json` with --config-file FILE (or - for standard input).",
    );
  }
}

/** A YAML config value → what the engine passes: strings as they are, other scalars as text, objects as JSON. */
function engineValue(v: unknown, where: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(encryptedLeaves(v, where));
}

function isSecure(v: unknown): v is { secure: string } {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    typeof (v as { secure?: unknown }).secure === "string"
  );
}

/** Replaces each `{ secure: … }` leaf by the ENCRYPTED marker and its path (the ciphertext is useless here). */
function encryptedLeaves(v: unknown, where: string): unknown {
  if (isSecure(v)) return `${ENCRYPTED}${where}`;
  if (Array.isArray(v)) return v.map((x, i) => encryptedLeaves(x, `${where}[${i}]`));
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, encryptedLeaves(x, `${where}.${k}`)]),
    );
  }
  return v;
}

function fromStackYaml(doc: unknown, what: string): Record<string, string> {
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new UsageError(`${what} is not a Pulumi stack configuration file (a YAML mapping with \`config:\`).`);
  const config = (doc as { config?: unknown }).config;
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config))
    throw new UsageError(`${what}: \`config:\` must be a mapping of key → value.`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(config as Record<string, unknown>)) {
    if (!relevant(key) || v === null || v === undefined) continue;
    out[key] = isSecure(v) ? `${ENCRYPTED}${key}` : engineValue(v, key);
  }
  return out;
}

/** Project-level config of Pulumi.yaml (`key: value`, or `key: { value | default }`), below the stack's. */
function projectDefaults(project: Record<string, unknown>): Record<string, string> {
  const config = project.config;
  const out: Record<string, string> = {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) return out;
  for (const [key, v] of Object.entries(config as Record<string, unknown>)) {
    if (!relevant(key)) continue;
    const value =
      typeof v === "object" && v !== null && !Array.isArray(v)
        ? ((v as { value?: unknown }).value ?? (v as { default?: unknown }).default)
        : v;
    if (value !== undefined && value !== null) out[key] = engineValue(value, key);
  }
  return out;
}

function readProject(projectDir: string, yaml: YamlLoader): Record<string, unknown> | undefined {
  for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
    const file = path.join(projectDir, name);
    if (!fs.existsSync(file)) continue;
    const doc = yaml.load(fs.readFileSync(file, "utf8"));
    return typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  }
  return undefined;
}

function runPulumiConfig(
  pulumi: string,
  stack: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; stdout: string } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    execFile(
      pulumi,
      ["config", "--show-secrets", "--json", "--stack", stack, "--non-interactive"],
      { cwd, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout });
        // Only Pulumi's error line: stdout may hold decrypted values.
        const line =
          String(stderr)
            .split(/\r?\n/)
            .find((l) => /\S/.test(l))
            ?.trim() ?? error.message.split("\n")[0];
        resolve({ ok: false, reason: line.slice(0, 300) });
      },
    );
  });
}

async function readInput(file: string, io: CliIo): Promise<{ text: string; what: string }> {
  if (file === "-") return { text: await io.readStdin(), what: "standard input" };
  const full = path.resolve(io.cwd, file);
  try {
    return { text: fs.readFileSync(full, "utf8"), what: file };
  } catch (e) {
    throw new UsageError(
      `--config-file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
}

const STACK_NAME = /^[A-Za-z0-9_.\-/]+$/;

export async function loadStackConfig(req: StackConfigRequest, io: CliIo): Promise<StackConfig> {
  if (req.configFile !== undefined) {
    const { text, what } = await readInput(req.configFile, io);
    const baseDir = req.configFile === "-" ? req.projectDir : path.dirname(path.resolve(io.cwd, req.configFile));
    const decryptHint =
      "pipe the decrypted configuration instead: `pulumi config --show-secrets --json --stack <stack> | pulumi-entra-cross-tenant check --config-file -`";
    if (/^\s*\{/.test(text)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new UsageError(`--config-file ${req.configFile}: neither valid JSON nor YAML of a stack file.`);
      }
      return { source: what, config: fromPulumiJson(json, what), baseDir, decryptHint, notes: [] };
    }
    let doc: unknown;
    try {
      doc = yamlLoader().load(text);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--config-file ${req.configFile}: not valid YAML (${(e as Error).message.split("\n")[0]}).`);
    }
    return { source: what, config: fromStackYaml(doc, what), baseDir, decryptHint, notes: [] };
  }

  const stack = req.stack as string;
  if (!STACK_NAME.test(stack))
    throw new UsageError(`--stack takes a stack name (e.g. dev or org/project/dev), got ${JSON.stringify(stack)}.`);
  const short = stack.split("/").pop() as string;
  const decryptHint = `run with the Pulumi CLI on PATH and the stack's backend and passphrase set (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE), so that \`pulumi config --show-secrets --json --stack ${stack}\` can decrypt it`;
  const notes: string[] = [];
  const pulumi = findOnPath("pulumi", io.env);
  if (pulumi) {
    const r = await runPulumiConfig(pulumi, stack, req.projectDir, io.env);
    if (r.ok) {
      let json: unknown;
      try {
        json = JSON.parse(r.stdout);
      } catch {
        json = undefined;
      }
      if (json !== undefined) {
        return {
          source: `stack ${stack} (decrypted by \`pulumi config --show-secrets --json\`)`,
          config: fromPulumiJson(json, "the output of `pulumi config --show-secrets --json`"),
          baseDir: req.projectDir,
          decryptHint,
          notes,
        };
      }
      notes.push("`pulumi config --show-secrets --json` printed no JSON; reading the stack file instead.");
    } else {
      notes.push(
        `\`pulumi config --show-secrets --json --stack ${stack}\` failed (${r.reason}); reading the stack file instead: encrypted values cannot be read.`,
      );
    }
  } else {
    notes.push(
      "the Pulumi CLI is not on PATH; reading the stack file directly: encrypted (secure:) values cannot be read.",
    );
  }

  const yaml = yamlLoader();
  const project = readProject(req.projectDir, yaml);
  if (!project) {
    throw new UsageError(
      `--stack ${stack}: ${req.projectDir} holds no Pulumi.yaml; run in the Pulumi project's directory or pass --cwd DIR.`,
    );
  }
  const configDir =
    typeof project.stackConfigDir === "string" ? path.resolve(req.projectDir, project.stackConfigDir) : req.projectDir;
  const file = path.join(configDir, `Pulumi.${short}.yaml`);
  if (!fs.existsSync(file)) {
    throw new UsageError(
      `--stack ${stack}: there is no ${path.relative(io.cwd, file) || file}; check the stack name (\`pulumi stack ls\`), or pass --config-file FILE.`,
    );
  }
  let doc: unknown;
  try {
    doc = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: not valid YAML (${(e as Error).message.split("\n")[0]}).`);
  }
  const config = { ...projectDefaults(project), ...fromStackYaml(doc, path.basename(file)) };
  return { source: path.relative(io.cwd, file) || file, config, baseDir: req.projectDir, decryptHint, notes };
}
