// Drives the real Node.js dynamic-provider host that ships in @pulumi/pulumi (`cmd/dynamic-provider`) over gRPC,
// the way the Pulumi engine does: one host process per provider instance, `Configure` first, then
// Check / Diff / Create / Read / Update / Delete with `google.protobuf.Struct` payloads.
//
// The engine's conventions this harness mirrors (docs: shared reference "pulumi-dynamic-providers.md" §7):
// - the host is started as `node <@pulumi/pulumi/cmd/dynamic-provider> <engine-address>` with cwd = the program
//   directory and PULUMI_NODEJS_PROJECT set; it prints its port as the first stdout line;
// - Configure receives the whole stack config under fully namespaced keys, secrets wrapped (`secret()` below);
// - Check gets old *inputs* (`{}` on create); Diff, Update, Read and Delete get old *outputs*;
// - during a preview Check/Diff may carry the unknown sentinel (`UNKNOWN`); Create is never called in preview.
//
// `captureRegistrations()` runs a real Pulumi program under `pulumi.runtime.setMocks` in a child Node process
// and returns what the program registered, including the serialized provider text (`inputs.__provider`).
import { ChildProcess, execFile, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";

export const PACKAGE_NAME = "pulumi-entra-cross-tenant";
/** The repository root: the nearest directory up from here whose package.json is this package (also from dist/). */
export const REPO_ROOT = ((): string => {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name === PACKAGE_NAME) return dir;
    } catch {
      // keep looking
    }
  }
  return path.resolve(__dirname, "..", "..");
})();

let packed: string | undefined;

/** `npm pack` of the built package (`dist/` as it is now), once per process; returns the tarball's path. */
export function packPackage(): string {
  if (!packed) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-pack-"));
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120000,
    });
    packed = path.join(dir, (JSON.parse(out) as { filename: string }[])[0].filename);
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return packed;
}

/**
 * Installs the package into `programDir` as a user's `npm install` does, so Pulumi stores the module-reference
 * provider text (provider/program/providerFor.ts): the packed files in `node_modules/pulumi-entra-cross-tenant`,
 * next to the peer `@pulumi/pulumi` (a hard-linked copy of the repository's, because the SDK resolves packages
 * from its own location and the repository's `node_modules/pulumi-entra-cross-tenant` is a self-link). The other
 * dependencies resolve from the repository's node_modules up the tree. Writes a package.json if there is none: a
 * program always has one, and without it Node would resolve the package name to the repository itself
 * (self-reference through the enclosing package.json). `sdkOnly`: only the SDK and package.json (a test lays out
 * the package itself).
 */
export function installPackage(programDir: string, tarball?: string, opts: { sdkOnly?: boolean } = {}): string {
  const nm = path.join(programDir, "node_modules");
  const target = path.join(nm, PACKAGE_NAME);
  if (!opts.sdkOnly) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", tarball ?? packPackage(), "-C", target, "--strip-components=1"], { timeout: 60000 });
  }
  const sdk = path.join(nm, "@pulumi", "pulumi");
  if (!fs.existsSync(sdk)) {
    fs.mkdirSync(path.dirname(sdk), { recursive: true });
    execFileSync("cp", ["-al", path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), sdk], { timeout: 60000 });
  }
  const pkg = path.join(programDir, "package.json");
  if (!fs.existsSync(pkg))
    fs.writeFileSync(pkg, JSON.stringify({ name: path.basename(programDir).toLowerCase(), private: true }, null, 2));
  return target;
}

/** The engine's unknown-value sentinel as the dynamic-provider host sees it (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Signature key and value of the engine's secret wrapper object. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface SecretValue {
  [SECRET_SIG_KEY]: typeof SECRET_SIG;
  value: unknown;
}

/** Wraps a value the way the engine marks a secret in a Struct. */
export function secret(value: unknown): SecretValue {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value } as SecretValue;
}

export function isSecret(v: unknown): v is SecretValue {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Builds a resource URN the way the engine does. */
export function urnOf(type: string, name: string, project = "hostproj", stack = "dev"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export type Props = Record<string, unknown>;

export enum DiffChanges {
  Unknown = 0,
  None = 1,
  Some = 2,
}

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
}

export interface CreateResult {
  id: string;
  properties: Props;
}

export interface ReadResult {
  id: string;
  properties: Props;
  inputs: Props | undefined;
}

/** A gRPC failure from the host, with the status code and message the engine would see. */
export class HostCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly details: string,
    readonly metadata: grpc.Metadata | undefined,
  ) {
    super(`${method} failed (gRPC code ${code}): ${details}`);
    this.name = "HostCallError";
  }
}

export interface StartHostOptions {
  /** Program directory the host runs in (`require()` in the serialized provider resolves from here). */
  cwd?: string;
  /** Project name (`PULUMI_NODEJS_PROJECT`), as the engine sets it for this plugin. */
  project?: string;
  /** Extra environment for the host process. */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds to wait for the port line. */
  startTimeoutMs?: number;
}

const strip = (o: unknown): unknown => JSON.parse(JSON.stringify(o ?? {}));
const toStruct = (o: Props): Struct => Struct.fromJavaScript(strip(o) as Record<string, never>);
const fromStruct = (s: Struct | undefined): Props => (s ? (s.toJavaScript() as Props) : {});

/** One running dynamic-provider host process and a gRPC client to it. */
export class ProviderHost {
  /** Everything the host wrote to stdout and stderr (it logs `pulumi.log` calls and errors there). */
  stdout = "";
  stderr = "";
  exitCode: number | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerGrpc.ResourceProviderClient,
    readonly port: number,
    readonly project: string,
  ) {}

  static async start(opts: StartHostOptions = {}): Promise<ProviderHost> {
    const cwd = opts.cwd ?? REPO_ROOT;
    const project = opts.project ?? "hostproj";
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
    // The engine starts the plugin with its own address as the last argument; the host never dials it.
    const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
      cwd,
      env: { ...process.env, ...opts.env, PULUMI_NODEJS_PROJECT: project },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`dynamic-provider host printed no port within timeout; stderr:\n${stderr}`)),
        opts.startTimeoutMs ?? 30000,
      );
      const rl = readline.createInterface({ input: child.stdout! });
      rl.once("line", (line) => {
        clearTimeout(timer);
        rl.close();
        const p = Number(line.trim());
        if (Number.isInteger(p) && p > 0) resolve(p);
        else reject(new Error(`unexpected first stdout line from host: ${JSON.stringify(line)}`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`dynamic-provider host exited (${code}) before printing its port; stderr:\n${stderr}`));
      });
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new ProviderHost(child, client, port, project);
    host.stderr = stderr;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (host.stdout += d));
    child.stderr!.removeAllListeners("data");
    child.stderr!.on("data", (d: string) => (host.stderr += d));
    child.on("exit", (code) => (host.exitCode = code));
    return host;
  }

  private call<Req, Res>(method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      type Unary = (req: Req, done: (err: grpc.ServiceError | null, res: Res) => void) => void;
      const fn = (this.client as unknown as Record<string, Unary>)[method];
      fn.call(this.client, req, (err: grpc.ServiceError | null, res: Res) => {
        if (err) reject(new HostCallError(method, err.code, err.details, err.metadata));
        else resolve(res);
      });
    });
  }

  /** Configure with stack config under fully namespaced keys (wrap secret values with `secret()`). */
  async configure(args: Record<string, unknown>): Promise<providerPb.ConfigureResponse> {
    const req = new providerPb.ConfigureRequest();
    req.setArgs(toStruct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    // The engine also sends the config as `variables` (`<pkg>:config:<key>`); the host ignores them.
    const vars = req.getVariablesMap();
    for (const [k, v] of Object.entries(args)) {
      const [ns, ...rest] = k.split(":");
      vars.set(`${ns}:config:${rest.join(":")}`, isSecret(v) ? String(v.value) : String(v));
    }
    return this.call("configure", req);
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new providerPb.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<providerPb.CheckRequest, providerPb.CheckResponse>("check", req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Diff: `olds` are the old OUTPUTS (as the engine sends them), `news` the checked new inputs. */
  async diff(urn: string, id: string, olds: Props, news: Props, oldInputs?: Props): Promise<DiffResult> {
    const req = new providerPb.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    const res = await this.call<providerPb.DiffRequest, providerPb.DiffResponse>("diff", req);
    return {
      changes: res.getChanges() as number,
      replaces: res.getReplacesList(),
      stables: res.getStablesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      diffs: res.getDiffsList(),
    };
  }

  async create(urn: string, properties: Props, timeoutSeconds = 0): Promise<CreateResult> {
    const req = new providerPb.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(properties));
    req.setTimeout(timeoutSeconds);
    // Never preview=true: the dynamic host ignores the flag and would really create (reference §5).
    const res = await this.call<providerPb.CreateRequest, providerPb.CreateResponse>("create", req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  /** Read (refresh): `properties` are the stored OUTPUTS, `inputs` the stored inputs. */
  async read(urn: string, id: string, properties: Props, inputs?: Props): Promise<ReadResult> {
    const req = new providerPb.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    if (inputs) req.setInputs(toStruct(inputs));
    const res = await this.call<providerPb.ReadRequest, providerPb.ReadResponse>("read", req);
    return {
      id: res.getId(),
      properties: fromStruct(res.getProperties()),
      inputs: res.getInputs() ? fromStruct(res.getInputs()) : undefined,
    };
  }

  /** Update: `olds` are the old OUTPUTS, `news` the checked new inputs. */
  async update(urn: string, id: string, olds: Props, news: Props, oldInputs?: Props): Promise<Props> {
    const req = new providerPb.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    const res = await this.call<providerPb.UpdateRequest, providerPb.UpdateResponse>("update", req);
    return fromStruct(res.getProperties());
  }

  /** Delete: `properties` are the stored OUTPUTS (their `__provider` is the code that runs). */
  async delete(urn: string, id: string, properties: Props, oldInputs?: Props): Promise<void> {
    const req = new providerPb.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    await this.call("delete", req);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.exitCode !== null || this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.child.kill("SIGKILL");
        resolve();
      }, 5000);
      this.child.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      this.child.kill("SIGTERM");
    });
  }
}

export interface Registration {
  type: string;
  name: string;
  custom: boolean;
  inputs: Props;
}

export interface CaptureOptions {
  /** Program text (CommonJS JavaScript) to run under `pulumi.runtime.setMocks`. */
  program: string;
  /** Directory the program runs from (module resolution); default the repository root. */
  cwd?: string;
  project?: string;
  stack?: string;
  /** Run as a preview (`setMocks(..., preview=true)`). */
  preview?: boolean;
  /** Stack config as `PULUMI_CONFIG` (`{"proj:key": "value"}`). */
  config?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `program` under `pulumi.runtime.setMocks` in a fresh Node process (the same closure serialization a real
 * `pulumi up` performs) and returns every resource it registered, in registration order.
 */
export async function captureRegistrations(opts: CaptureOptions): Promise<Registration[]> {
  const cwd = opts.cwd ?? REPO_ROOT;
  const runner = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks({
  newResource(args) {
    registered.push({ type: args.type, name: args.name, custom: !!args.custom, inputs: args.inputs });
    return { id: args.name + "-id", state: args.inputs };
  },
  call(args) { return args.inputs; },
}, ${JSON.stringify(opts.project ?? "hostproj")}, ${JSON.stringify(opts.stack ?? "dev")}, ${opts.preview ? "true" : "false"});
process.on("beforeExit", () => {
  if (process.exitCode) return;
  process.stdout.write("\\n@@REGISTRATIONS@@" + JSON.stringify(registered) + "\\n");
  process.exit(0);
});
(async () => {
${opts.program}
})().catch((e) => { console.error(e && e.stack || e); process.exitCode = 1; });
`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (opts.config) env.PULUMI_CONFIG = JSON.stringify(opts.config);
  const { stdout } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      process.execPath,
      ["-e", runner],
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 120000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`mocked program failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
  const marker = stdout.lastIndexOf("@@REGISTRATIONS@@");
  if (marker < 0) throw new Error(`mocked program printed no registrations:\n${stdout}`);
  return JSON.parse(stdout.slice(marker + "@@REGISTRATIONS@@".length).split("\n")[0]) as Registration[];
}
