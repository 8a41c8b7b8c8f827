// Runs the real Pulumi CLI against a local file backend with a passphrase secrets provider (no Pulumi Cloud, no
// plugin downloads). Used by the end-to-end suite, the demo and the engine benchmark.
//
// The CLI is looked up in this order: $PULUMI_CLI_BIN_DIR, the per-version cache that
// `scripts/build-pulumi-cli.sh` fills, then `pulumi` on PATH. The dynamic-provider plugin
// (`pulumi-resource-pulumi-nodejs`) is found next to the CLI (the build script copies it there, as the release
// archive does) or, as a fallback, in the installed `@pulumi/pulumi` package, which is appended to PATH.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root: the nearest directory up from here whose package.json is this package (works from dist/ too). */
export const REPO_ROOT = ((): string => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name === "pulumi-entra-cross-tenant")
        return dir;
    } catch {
      // keep looking
    }
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..", "..");
  }
})();
export const E2E_ROOT = path.join(REPO_ROOT, ".e2e");
const SDK_DIR = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi");

export const BUILD_HINT =
  "Build the Pulumi CLI from its Go modules with `bash scripts/build-pulumi-cli.sh` (needs Go; first build takes " +
  "a few minutes, then it is cached), or install the Pulumi CLI and put it on PATH, or set PULUMI_CLI_BIN_DIR.";

export interface PulumiCli {
  binDir: string;
  pulumi: string;
  version: string;
  /** Where the binary came from: env, build-script cache, or PATH. */
  source: "PULUMI_CLI_BIN_DIR" | "build cache" | "PATH";
}

function versionOf(exe: string): string | undefined {
  try {
    return execFileSync(exe, ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" },
      timeout: 30000,
    }).trim();
  } catch {
    return undefined;
  }
}

/** Finds the Pulumi CLI or throws an error that says how to get one. */
export function findPulumiCli(): PulumiCli {
  const candidates: { dir: string; source: PulumiCli["source"] }[] = [];
  if (process.env.PULUMI_CLI_BIN_DIR)
    candidates.push({ dir: process.env.PULUMI_CLI_BIN_DIR, source: "PULUMI_CLI_BIN_DIR" });
  try {
    const dir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "build-pulumi-cli.sh"), "--check"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (dir) candidates.push({ dir, source: "build cache" });
  } catch {
    // not built
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, "pulumi"))) {
      candidates.push({ dir, source: "PATH" });
      break;
    }
  }
  const tried: string[] = [];
  for (const c of candidates) {
    const exe = path.join(c.dir, "pulumi");
    const version = fs.existsSync(exe) ? versionOf(exe) : undefined;
    if (version) return { binDir: c.dir, pulumi: exe, version, source: c.source };
    tried.push(`${exe} (${c.source})`);
  }
  throw new Error(`No usable Pulumi CLI found${tried.length ? ` (tried ${tried.join(", ")})` : ""}. ${BUILD_HINT}`);
}

/** The environment every CLI invocation gets: isolated home and backend, no ambient cloud credentials. */
export function cliEnv(
  cli: PulumiCli,
  opts: { home: string; backendDir: string; passphrase: string },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing from the caller's Azure/ARM/Entra environment may leak into the provider's credential chain,
    // and no CA may be trusted implicitly (stacks pass the emulator CA as entra:caCertPath).
    if (/^(ARM_|AZURE_|ENTRA_|PULUMI_)/.test(k) || k === "NODE_EXTRA_CA_CERTS") continue;
    env[k] = v;
  }
  const pathParts = [cli.binDir, ...(process.env.PATH ?? "").split(path.delimiter)];
  if (!fs.existsSync(path.join(cli.binDir, "pulumi-resource-pulumi-nodejs"))) pathParts.push(SDK_DIR);
  return {
    ...env,
    PATH: pathParts.filter(Boolean).join(path.delimiter),
    PULUMI_HOME: opts.home,
    PULUMI_BACKEND_URL: `file://${opts.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "1",
    PULUMI_SKIP_CONFIRMATIONS: "1",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    NO_COLOR: "1",
    CI: "true",
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** stdout + stderr */
  output: string;
}

export interface RunOptions {
  /** Do not throw on a non-zero exit. */
  allowFailure?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
}

/** Redacts nothing; it only shortens a long transcript for an error message. */
function tail(s: string, n = 6000): string {
  return s.length > n ? `...${s.slice(-n)}` : s;
}

export interface WorkspaceOptions {
  /** Existing program directory (e.g. the example); default: a new directory under `.e2e/`. */
  programDir?: string;
  /** Project name when a program is generated. */
  project?: string;
  stack?: string;
  passphrase?: string;
}

/**
 * One stack in a file backend of its own. `programDir` is the Pulumi project; generated projects live under
 * `.e2e/` in the repository so that `@pulumi/pulumi` and `pulumi-entra-cross-tenant` resolve to the installed copy.
 */
export class PulumiWorkspace {
  readonly root: string;
  readonly programDir: string;
  readonly backendDir: string;
  readonly home: string;
  readonly stack: string;
  readonly passphrase: string;
  readonly env: NodeJS.ProcessEnv;
  /** Every command run, with its output, for debugging and for the "no secret in any output" checks. */
  readonly transcript: { args: string[]; result: RunResult }[] = [];
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly cli: PulumiCli,
    opts: WorkspaceOptions = {},
  ) {
    fs.mkdirSync(E2E_ROOT, { recursive: true });
    this.root = fs.mkdtempSync(path.join(E2E_ROOT, `${opts.project ?? "ws"}-`));
    this.backendDir = path.join(this.root, "backend");
    this.home = path.join(this.root, "pulumi-home");
    fs.mkdirSync(this.backendDir, { recursive: true });
    fs.mkdirSync(this.home, { recursive: true });
    this.programDir = opts.programDir ?? path.join(this.root, "program");
    fs.mkdirSync(this.programDir, { recursive: true });
    this.stack = opts.stack ?? "e2e";
    this.passphrase = opts.passphrase ?? crypto.randomBytes(12).toString("hex");
    this.env = cliEnv(cli, { home: this.home, backendDir: this.backendDir, passphrase: this.passphrase });
  }

  /** Writes a JavaScript program (index.js + Pulumi.yaml + package.json) into the program directory. */
  writeProgram(project: string, indexJs: string): void {
    fs.writeFileSync(
      path.join(this.programDir, "Pulumi.yaml"),
      `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`,
    );
    // Own package.json, so the language host does not pick up the repository's `main`.
    fs.writeFileSync(
      path.join(this.programDir, "package.json"),
      JSON.stringify({ name: project, private: true, main: "index.js" }, null, 2),
    );
    fs.writeFileSync(path.join(this.programDir, "index.js"), indexJs);
  }

  /** Runs `pulumi <args>` in the program directory with `--stack` (unless `noStack`). */
  run(args: string[], opts: RunOptions & { noStack?: boolean } = {}): Promise<RunResult> {
    const full = [...args];
    if (!opts.noStack) full.push("--stack", this.stack);
    full.push("--non-interactive");
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn(this.cli.pulumi, full, {
        cwd: this.programDir,
        env: { ...this.env, ...opts.env },
        stdio: ["pipe", "pipe", "pipe"],
        detached: true,
      });
      this.children.add(child);
      let stdout = "";
      let stderr = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      if (opts.input !== undefined) child.stdin!.end(opts.input);
      else child.stdin!.end();
      const timer = setTimeout(() => killGroup(child), opts.timeoutMs ?? 10 * 60 * 1000);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        this.children.delete(child);
        killGroup(child); // plugin processes that outlived the CLI
        const result: RunResult = {
          code,
          signal,
          stdout,
          stderr,
          durationMs: Date.now() - started,
          output: stdout + stderr,
        };
        this.transcript.push({ args: full, result });
        if (code !== 0 && !opts.allowFailure) {
          reject(
            new Error(
              `pulumi ${full.join(" ")} exited with ${code ?? signal}\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
            ),
          );
        } else resolve(result);
      });
      child.on("error", reject);
    });
  }

  /**
   * Starts `pulumi <args>` without waiting, in its own process group. `killCli()` SIGKILLs only the CLI process (its
   * plugins keep running, as when the CLI is OOM-killed); `killAll()` then ends the plugins too. The CLI starts each
   * plugin in a process group of its own, so the groups are recorded before the CLI dies (afterwards the plugins
   * are re-parented and can no longer be told apart from other processes).
   */
  start(args: string[]): {
    child: ChildProcess;
    output: () => string;
    exited: Promise<number | null>;
    killCli: () => void;
    killAll: () => void;
  } {
    const child = spawn(this.cli.pulumi, [...args, "--stack", this.stack, "--non-interactive"], {
      cwd: this.programDir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.children.add(child);
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let groups: number[] = [];
    return {
      child,
      output: () => out,
      exited,
      killCli: () => {
        if (child.pid !== undefined) groups = descendantGroups(child.pid);
        if (child.exitCode === null) child.kill("SIGKILL");
      },
      killAll: () => {
        killGroup(child);
        for (const g of groups) killGroupId(g);
        this.children.delete(child);
      },
    };
  }

  async init(config: Record<string, string> = {}, secrets: Record<string, string> = {}): Promise<void> {
    await this.run(["stack", "init", this.stack], { noStack: true });
    await this.setConfig(config, secrets);
  }

  async setConfig(config: Record<string, string> = {}, secrets: Record<string, string> = {}): Promise<void> {
    for (const [k, v] of Object.entries(config)) await this.run(["config", "set", k, v]);
    // The secret goes in over stdin, so it is not on any command line.
    for (const [k, v] of Object.entries(secrets)) await this.run(["config", "set", "--secret", k], { input: v });
  }

  /** `pulumi config set --path` per key (e.g. `entra:connections.source.tenantId`); secret values go in over stdin. */
  async setPathConfig(config: Record<string, string> = {}, secrets: Record<string, string> = {}): Promise<void> {
    for (const [k, v] of Object.entries(config)) await this.run(["config", "set", "--path", k, v]);
    for (const [k, v] of Object.entries(secrets))
      await this.run(["config", "set", "--secret", "--path", k], { input: v });
  }

  up(extra: string[] = [], opts: RunOptions = {}): Promise<RunResult> {
    return this.run(["up", "--yes", "--skip-preview", ...extra], opts);
  }

  preview(extra: string[] = [], opts: RunOptions = {}): Promise<RunResult> {
    return this.run(["preview", ...extra], opts);
  }

  refresh(extra: string[] = [], opts: RunOptions = {}): Promise<RunResult> {
    return this.run(["refresh", "--yes", ...extra], opts);
  }

  destroy(extra: string[] = [], opts: RunOptions = {}): Promise<RunResult> {
    return this.run(["destroy", "--yes", ...extra], opts);
  }

  /** `pulumi preview --json` parsed. */
  async previewJson(extra: string[] = []): Promise<PreviewJson> {
    const r = await this.run(["preview", "--json", ...extra]);
    return JSON.parse(r.stdout) as PreviewJson;
  }

  async exportStack(extra: string[] = []): Promise<{ text: string; deployment: StackDeployment }> {
    const r = await this.run(["stack", "export", ...extra]);
    return { text: r.stdout, deployment: JSON.parse(r.stdout) as StackDeployment };
  }

  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.run(["stack", "output", "--json"]);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** Resources of a given type in the current state. */
  async resources(typeSuffix = ""): Promise<StateResource[]> {
    const { deployment } = await this.exportStack();
    return (deployment.deployment.resources ?? []).filter((r) => r.type.endsWith(typeSuffix) && r.custom);
  }

  /** Kills any process group still running and removes the workspace directory (unless KEEP_E2E is set). */
  async dispose(): Promise<void> {
    for (const c of this.children) killGroup(c);
    this.children.clear();
    if (!process.env.KEEP_E2E) fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Process groups of every descendant of `pid` (the CLI puts each plugin in its own group). */
function descendantGroups(pid: number): number[] {
  let table: { pid: number; ppid: number; pgid: number }[];
  try {
    table = execFileSync("ps", ["-A", "-o", "pid=,ppid=,pgid="], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter((a) => a.length === 3 && a.every(Number.isFinite))
      .map(([p, pp, g]) => ({ pid: p, ppid: pp, pgid: g }));
  } catch {
    return [];
  }
  const found = new Set<number>([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of table) {
      if (found.has(row.ppid) && !found.has(row.pid)) {
        found.add(row.pid);
        grew = true;
      }
    }
  }
  // never our own group (or init's)
  const own = table.find((row) => row.pid === process.pid)?.pgid;
  const groups = new Set<number>();
  for (const row of table) if (found.has(row.pid) && row.pgid > 1 && row.pgid !== own) groups.add(row.pgid);
  return [...groups];
}

function killGroupId(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // group already gone
  }
}

/** Ends the CLI's process group and the groups of all its plugin processes. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const groups = child.exitCode === null && child.signalCode === null ? descendantGroups(child.pid) : [];
  killGroupId(child.pid);
  for (const g of groups) killGroupId(g);
}

export interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  pendingReplacement?: boolean;
  delete?: boolean;
}

export interface StackDeployment {
  version: number;
  deployment: {
    resources?: StateResource[];
    pending_operations?: { resource: StateResource; type: string }[];
    secrets_providers?: unknown;
  };
}

export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, unknown>;
  oldState?: { type: string };
  newState?: { type: string };
}

export interface PreviewJson {
  steps?: PreviewStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: { message: string; severity: string; urn?: string }[];
}

/** Ops in a `preview --json` for resources whose type ends with `typeSuffix`, e.g. `["create"]`. */
export function opsFor(preview: PreviewJson, typeSuffix: string): string[] {
  return (preview.steps ?? [])
    .filter((s) => (s.newState?.type ?? s.oldState?.type ?? s.urn.split("::")[2] ?? "").endsWith(typeSuffix))
    .map((s) => s.op);
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
