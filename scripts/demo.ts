/**
 * `npm run demo`: the target-tenant example (root Pulumi.yaml → examples/target-tenant) against the local Graph
 * emulator, with the real Pulumi CLI, a throw-away local file backend and a passphrase secrets provider.
 *
 *   0. finds the Pulumi CLI (PULUMI_CLI_BIN_DIR, PATH, the build cache), or builds it from its Go modules with
 *      scripts/build-pulumi-cli.sh when Go is installed (once per machine, progress on the terminal);
 *   1. starts the emulator (HTTPS, its own CA, a JSON data file) with an empty target tenant, creates a stack;
 *   then the DEMO_STEPS below, in order: up, outputs, a portal change, refresh, preview, destroy;
 *   finally removes the stack, stops the emulator and deletes every temporary file, also after a failure.
 *
 * To show more, add a step to DEMO_STEPS (and, if it needs them, stack config in STACK_CONFIG or emulator seed data
 * in SEED). Nothing leaves the machine: no Pulumi Cloud, no Microsoft endpoint.
 */
import { execFileSync, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator";
import type { RunningEmulator, SeedData } from "../emulator";

const REPO = path.resolve(__dirname, "..", "..");
const STACK = "demo";
const PARTNER = "9c3a1f3e-1b4d-4f7a-9e51-6a0d3c1b2e77";
const BUILD_SCRIPT = path.join(REPO, "scripts", "build-pulumi-cli.sh");

/** Emulator content at start: an empty target tenant (the program creates the partner configuration and policy). */
const SEED: SeedData = {};

/** Stack config besides the emulator endpoints and credentials (the example program's own keys). */
const STACK_CONFIG: Record<string, string> = { partnerTenantId: PARTNER, trustPartnerMfa: "true" };

/** What a step gets: the CLI, the emulator and a few helpers. */
interface DemoContext {
  emu: RunningEmulator;
  /** Runs `pulumi <args>` on the demo stack in the repository root, showing the command and its output. */
  pulumi(args: string[], opts?: { input?: string; quiet?: boolean }): Promise<string>;
  /** A call to the emulator: its admin API, or Graph with `token`. */
  call(method: string, urlPath: string, body?: unknown, token?: string): Promise<unknown>;
  /** An access token of the emulator's read-write app, for "portal" changes. */
  token(): Promise<string>;
  /** Prints the emulator's objects of one kind (`policies`, `partners`) under a heading. */
  show(title: string, kind?: string): Promise<void>;
}

interface DemoStep {
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

const partnerPath = `/v1.0/policies/crossTenantAccessPolicy/partners/${PARTNER}`;
const policyPath = `${partnerPath}/identitySynchronization`;

const DEMO_STEPS: DemoStep[] = [
  {
    title: "pulumi up: the partner configuration (inbound auto-consent, MFA trust), then its identity sync policy",
    run: async ({ pulumi, show }) => {
      await pulumi(["up", "--yes"]);
      say("Stack outputs");
      console.log((await pulumi(["stack", "output", "--json"], { quiet: true })).trim());
      await show("The partner configuration in the emulator (GET /_emulator/state)", "partners");
      await show("Its identity sync policy", "policies");
    },
  },
  {
    title: "Someone changes both in the Entra portal: auto-consent off, B2B collaboration blocked, user sync off",
    run: async ({ call, token, show }) => {
      const t = await token();
      const blocked = { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] };
      const allApps = { accessType: "blocked", targets: [{ target: "AllApplications", targetType: "application" }] };
      await call(
        "PATCH",
        partnerPath,
        {
          automaticUserConsentSettings: { inboundAllowed: false },
          b2bCollaborationInbound: { usersAndGroups: blocked, applications: allApps },
        },
        t,
      );
      await call(
        "PATCH",
        policyPath,
        { userSyncInbound: { isSyncAllowed: false }, displayName: "Changed in the portal" },
        t,
      );
      await show("The partner configuration in the emulator now", "partners");
    },
  },
  {
    title: "pulumi refresh: Pulumi detects the drift (b2bCollaborationInbound was inherited: the program omits it)",
    run: async ({ pulumi }) => {
      await pulumi(["refresh", "--yes", "--skip-preview", "--diff"]);
    },
  },
  {
    title: "pulumi up: restores the program's values (b2bCollaborationInbound back to null = inherit the default)",
    run: async ({ pulumi, show }) => {
      await pulumi(["up", "--yes", "--diff"]);
      await show("The partner configuration in the emulator after up", "partners");
    },
  },
  {
    title: "pulumi preview --expect-no-changes: nothing left to do, and no Graph call",
    run: async ({ pulumi }) => {
      await pulumi(["preview", "--expect-no-changes"]);
    },
  },
  {
    title: "pulumi destroy: the policy first, then the partner configuration",
    run: async ({ pulumi, show }) => {
      await pulumi(["destroy", "--yes"]);
      await show("Partners left in the emulator", "partners");
    },
  },
];

function say(text: string): void {
  process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
}

function usable(binDir: string): boolean {
  try {
    execFileSync(path.join(binDir, "pulumi"), ["version"], {
      stdio: "ignore",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" },
    });
    return true;
  } catch {
    return false;
  }
}

function hasGo(): boolean {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Builds (or reuses) the CLI with the build script; its progress lines go straight to the terminal. */
function buildCli(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [BUILD_SCRIPT, "--print-bin-dir"], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(out.trim().split("\n").pop() ?? "")
        : reject(new Error(`scripts/build-pulumi-cli.sh failed (exit ${code}); its output is above`)),
    );
  });
}

/** The Pulumi CLI: PULUMI_CLI_BIN_DIR, PATH, the build cache, or a build from Go modules when Go is installed. */
async function findOrBuildCli(): Promise<{ binDir: string; source: string }> {
  const candidates: { dir: string; source: string }[] = [];
  if (process.env.PULUMI_CLI_BIN_DIR)
    candidates.push({ dir: process.env.PULUMI_CLI_BIN_DIR, source: "PULUMI_CLI_BIN_DIR" });
  const onPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .find((dir) => dir && fs.existsSync(path.join(dir, "pulumi")));
  if (onPath) candidates.push({ dir: onPath, source: "PATH" });
  try {
    const dir = execFileSync("bash", [BUILD_SCRIPT, "--check"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (dir) candidates.push({ dir, source: "built by scripts/build-pulumi-cli.sh" });
  } catch {
    // not built yet
  }
  for (const c of candidates) if (usable(c.dir)) return { binDir: c.dir, source: c.source };

  if (!hasGo()) {
    throw new Error(
      "The demo needs the Pulumi CLI and found none (PULUMI_CLI_BIN_DIR, PATH, or the cache of scripts/build-pulumi-cli.sh). " +
        "Install it (https://www.pulumi.com/docs/install/) and run `npm run demo` again, or install Go (https://go.dev/dl/) " +
        "and the demo builds the CLI itself.",
    );
  }
  say("No Pulumi CLI found: building it from its Go modules (once per machine, a few minutes; then reused)");
  const binDir = await buildCli();
  if (!usable(binDir))
    throw new Error(`scripts/build-pulumi-cli.sh reported ${binDir}, but no working pulumi is there`);
  return { binDir, source: "just built by scripts/build-pulumi-cli.sh" };
}

function emulatorCall(
  emu: RunningEmulator,
  method: string,
  p: string,
  body?: unknown,
  token?: string,
): Promise<unknown> {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(p, emu.url),
      {
        method,
        ca: emu.caCertPem,
        headers: {
          ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = "";
        res
          .setEncoding("utf8")
          .on("data", (d: string) => (text += d))
          .on("end", () => {
            if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${p} -> ${res.statusCode}: ${text}`));
            else resolve(text ? JSON.parse(text) : undefined);
          });
      },
    );
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

async function main(): Promise<void> {
  const cli = await findOrBuildCli();
  const pulumiExe = path.join(cli.binDir, "pulumi");
  const version = execFileSync(pulumiExe, ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" },
  }).trim();
  say(`Pulumi CLI ${version} (${cli.source}: ${cli.binDir})`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "entra-demo-"));
  const configFile = path.join(tmp, `Pulumi.${STACK}.yaml`);
  const pathParts = [cli.binDir, ...(process.env.PATH ?? "").split(path.delimiter)];
  if (!fs.existsSync(path.join(cli.binDir, "pulumi-resource-pulumi-nodejs"))) {
    pathParts.push(path.join(REPO, "node_modules", "@pulumi", "pulumi"));
  }
  // Nothing from the caller's Azure/Entra/Pulumi environment reaches the demo stack.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(ARM_|AZURE_|ENTRA_|PULUMI_)/.test(k)) env[k] = v;
  Object.assign(env, {
    PATH: pathParts.join(path.delimiter),
    PULUMI_HOME: path.join(tmp, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(tmp, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(16).toString("hex"),
    PULUMI_SKIP_UPDATE_CHECK: "1",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
  });
  fs.mkdirSync(path.join(tmp, "backend"));

  /** Runs pulumi in the repository root (the root Pulumi.yaml), showing its output. */
  const run = (args: string[], opts: { input?: string; quiet?: boolean; config?: boolean } = {}): Promise<string> =>
    new Promise((resolve, reject) => {
      const full = [...args, "--stack", STACK, "--non-interactive"];
      if (opts.config !== false) full.push("--config-file", configFile);
      if (!opts.quiet) process.stdout.write(`\n$ pulumi ${args.join(" ")}\n`);
      const child = spawn(pulumiExe, full, { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      const onData = (d: Buffer) => {
        out += d.toString();
        if (!opts.quiet) process.stdout.write(d);
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.stdin.end(opts.input ?? "");
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0
          ? resolve(out)
          : reject(new Error(`pulumi ${args.join(" ")} failed (exit ${code})\n${opts.quiet ? out : ""}`)),
      );
    });

  say("Starting the Graph emulator (HTTPS, local CA): an empty target tenant");
  const emu = await startEmulator({
    port: 0,
    dataDir: path.join(tmp, "emulator"),
    dataFile: path.join(tmp, "emulator", "graph-state.json"),
    seed: SEED,
  });
  console.log(
    `Graph:      ${emu.url}/v1.0\nLogin:      ${emu.authorityHost}\nCA:         ${emu.caCertPath}\nData file:  ${emu.dataFile}\nPartner (source) tenant: ${PARTNER}`,
  );

  let cachedToken: string | undefined;
  const ctx: DemoContext = {
    emu,
    pulumi: (args, opts = {}) => run(args, { ...opts, config: !["stack"].includes(args[0]) }),
    call: (method, p, body, token) => emulatorCall(emu, method, p, body, token),
    token: async () =>
      (cachedToken ??= (
        (await emulatorCall(emu, "POST", "/_emulator/tokens", { app: "readWrite" })) as { access_token: string }
      ).access_token),
    show: async (title, kind = "policies") => {
      const state = (await emulatorCall(emu, "GET", "/_emulator/state")) as Record<string, unknown>;
      say(title);
      console.log(JSON.stringify(state[kind], null, 2));
    },
  };

  let stackCreated = false;
  try {
    say(`Creating stack "${STACK}" (local file backend in ${tmp}, passphrase secrets)`);
    await run(["stack", "init"], { config: false });
    stackCreated = true;
    // stack init writes Pulumi.demo.yaml next to Pulumi.yaml; keep the repository clean by moving it out.
    fs.renameSync(path.join(REPO, `Pulumi.${STACK}.yaml`), configFile);
    const config: Record<string, string> = {
      ...STACK_CONFIG,
      "entra:graphEndpoint": emu.url,
      "entra:authorityHost": emu.authorityHost,
      "entra:caCertPath": emu.caCertPath,
      "entra:tenantId": emu.defaults.tenantId,
      "entra:clientId": emu.defaults.readWrite.clientId,
    };
    for (const [k, v] of Object.entries(config)) await run(["config", "set", k, v], { quiet: true });
    await run(["config", "set", "--secret", "entra:clientSecret"], {
      input: emu.defaults.readWrite.clientSecret,
      quiet: true,
    });
    await run(["config"]);

    for (const step of DEMO_STEPS) {
      say(step.title);
      await step.run(ctx);
    }
  } finally {
    say("Cleaning up");
    if (stackCreated)
      await run(["stack", "rm", "--yes", "--force"], { quiet: true, config: false }).catch(() => undefined);
    fs.rmSync(path.join(REPO, `Pulumi.${STACK}.yaml`), { force: true });
    await emu.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log("Stopped the emulator, removed the stack and the temporary directory.");
  }
}

main().catch((e: Error) => {
  console.error(`\ndemo failed: ${e.message}`);
  process.exitCode = 1;
});
