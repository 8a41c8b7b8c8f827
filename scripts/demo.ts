/**
 * `npm run demo`: two example programs against the local Graph emulator, with the real Pulumi CLI, a throw-away
 * local file backend and a passphrase secrets provider.
 *
 *   0. finds the Pulumi CLI (PULUMI_CLI_BIN_DIR, PATH, the build cache), or builds it from its Go modules with
 *      scripts/build-pulumi-cli.sh when Go is installed (once per machine, progress on the terminal);
 *   1. starts the emulator (HTTPS, its own CA, a JSON data file) with empty tenants;
 *   2. the target-tenant example (root Pulumi.yaml → examples/target-tenant) on stack "demo": the DEMO_STEPS below,
 *      in order: up, outputs, a portal change, refresh, preview, destroy;
 *   3. the whole relationship (examples/cross-tenant-sync) on stack "demo-sync", from two empty tenants and a seeded
 *      source directory: the SYNC_STEPS: one up, a user appearing in the target tenant, `provision` of an in-scope
 *      and an out-of-scope user, destroy;
 *   finally removes the stacks, stops the emulator and deletes every temporary file, also after a failure.
 *
 * To show more, add a step to DEMO_STEPS or SYNC_STEPS (and, if it needs them, stack config in STACK_CONFIG /
 * SYNC_CONFIG or emulator seed data in SEED / SYNC_SEED). Nothing leaves the machine: no Pulumi Cloud, no
 * Microsoft endpoint.
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
const SYNC_STACK = "demo-sync";
const SYNC_DIR = path.join(REPO, "examples", "cross-tenant-sync");
const CLI_MAIN = path.join(REPO, "dist", "provider", "cli", "main.js");
const PARTNER = "9c3a1f3e-1b4d-4f7a-9e51-6a0d3c1b2e77";
const BUILD_SCRIPT = path.join(REPO, "scripts", "build-pulumi-cli.sh");

/** Emulator content at start: an empty target tenant (the program creates the partner configuration and policy). */
const SEED: SeedData = {};

/** Stack config besides the emulator endpoints and credentials (the example program's own keys). */
const STACK_CONFIG: Record<string, string> = { partnerTenantId: PARTNER, trustPartnerMfa: "true" };

/** The source tenant's directory for the relationship: Alice is in the group the configuration syncs, Bob is not. */
const ENGINEERING = "e4612000-0000-4000-8000-00000000000e";
const SOURCE_DOMAIN = "fabrikam.example";
const ALICE = {
  id: "a11ce000-0000-4000-8000-000000000001",
  displayName: "Alice Adams",
  userPrincipalName: `alice@${SOURCE_DOMAIN}`,
};
const BOB = {
  id: "b0b00000-0000-4000-8000-000000000002",
  displayName: "Bob Brown",
  userPrincipalName: `bob@${SOURCE_DOMAIN}`,
};
const SYNC_SEED = {
  defaultDomain: SOURCE_DOMAIN,
  users: [ALICE, BOB],
  groups: [{ id: ENGINEERING, displayName: "Engineering", members: [ALICE.id] }],
};
const CONFIGURATION_NAME = "Sync to Fabrikam";

/** Stack config of the relationship besides the endpoints and credentials (`--path` keys). */
const SYNC_CONFIG = (source: string, target: string): Record<string, string> => ({
  "entra:connections.source.tenantId": source,
  "entra:connections.target.tenantId": target,
  "cross-tenant-sync:sourceTenantId": source,
  "cross-tenant-sync:targetTenantId": target,
  "cross-tenant-sync:displayName": "Contoso",
  "cross-tenant-sync:configurationName": CONFIGURATION_NAME,
  "cross-tenant-sync:syncGroups[0]": ENGINEERING,
});

/** What a step gets: the CLI, the emulator and a few helpers. */
interface DemoContext {
  emu: RunningEmulator;
  /** The relationship's tenants (the emulator's home tenant is the source, its second tenant the target). */
  tenants: Tenants;
  /** Runs `pulumi <args>` on the step's stack in its project directory, showing the command and its output. */
  pulumi(args: string[], opts?: { input?: string; quiet?: boolean }): Promise<string>;
  /** Runs `npx pulumi-entra-cross-tenant <args>` (the built command line) in the step's project, showing its output. */
  entraCli(args: string[]): Promise<{ code: number; output: string }>;
  /** A call to the emulator: its admin API, or Graph with `token`. */
  call(method: string, urlPath: string, body?: unknown, token?: string): Promise<unknown>;
  /** An access token of the emulator's read-write app (home tenant, or `tenantId`), for "portal" changes and reads. */
  token(tenantId?: string): Promise<string>;
  /** Prints the emulator's objects of one kind (`policies`, `partners`) under a heading. */
  show(title: string, kind?: string): Promise<void>;
}

interface DemoStep {
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

/** The relationship's two tenants (the emulator's home and second tenants), known once it runs. */
interface Tenants {
  source: string;
  target: string;
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

/** A user as the demo prints it. */
const userLine = (u: Record<string, unknown>) =>
  `  ${String(u.displayName).padEnd(12)} ${String(u.userPrincipalName).padEnd(52)} userType=${u.userType ?? "-"} creationType=${u.creationType ?? "-"}`;

async function listUsers(ctx: DemoContext, tenantId: string): Promise<Record<string, unknown>[]> {
  const select = "displayName,userPrincipalName,userType,creationType";
  const r = (await ctx.call("GET", `/v1.0/users?$select=${select}`, undefined, await ctx.token(tenantId))) as {
    value: Record<string, unknown>[];
  };
  return r.value;
}

const SYNC_STEPS: DemoStep[] = [
  {
    title:
      "The source tenant's directory (seeded): Alice is in Engineering, the group the configuration synchronizes; Bob is not",
    run: async (ctx) => {
      for (const u of await listUsers(ctx, ctx.tenants.source)) console.log(userLine(u));
      say("The target tenant's users before the up");
      const before = await listUsers(ctx, ctx.tenants.target);
      console.log(before.length ? before.map(userLine).join("\n") : "  (none)");
    },
  },
  {
    title:
      "pulumi up: the whole relationship from one program: in the target the partner (inbound consent) and the sync policy, in the source the partner (outbound consent), then the sync configuration (application, job, credentials, scope, start)",
    run: async ({ pulumi }) => {
      await pulumi(["up", "--yes"]);
      say("Stack outputs");
      console.log((await pulumi(["stack", "output", "--json"], { quiet: true })).trim());
    },
  },
  {
    title: "Alice appears in the target tenant: the job's first cycle synchronized her (GET /v1.0/users in the target)",
    run: async (ctx) => {
      const users = await listUsers(ctx, ctx.tenants.target);
      console.log(users.length ? users.map(userLine).join("\n") : "  (none)");
      if (!users.some((u) => u.displayName === ALICE.displayName))
        throw new Error("Alice was not synchronized into the target tenant");
    },
  },
  {
    title: "npx pulumi-entra-cross-tenant provision: how an admin checks one user (Alice: in scope; Bob: not)",
    run: async ({ entraCli }) => {
      const provision = (user: { userPrincipalName: string }) =>
        entraCli([
          "provision",
          "--connection",
          "source",
          "--stack",
          SYNC_STACK,
          "--configuration",
          CONFIGURATION_NAME,
          "--user",
          user.userPrincipalName,
        ]);
      const alice = await provision(ALICE);
      if (alice.code !== 0) throw new Error(`provision of Alice failed (exit ${alice.code})`);
      const bob = await provision(BOB);
      if (bob.code === 0) throw new Error("provision of Bob (not in scope) was expected to be skipped");
      console.log(`(exit code ${bob.code}: skipped)`);
    },
  },
  {
    title:
      "pulumi destroy: the configuration first (job paused, application deleted), then the source partner, the policy and its partner",
    run: async (ctx) => {
      await ctx.pulumi(["destroy", "--yes"]);
      const state = (await ctx.call("GET", `/_emulator/state?tenant=${ctx.tenants.source}`)) as Record<
        string,
        unknown[]
      >;
      say("Applications left in the source tenant");
      console.log(JSON.stringify(state.applications ?? [], null, 2));
      say("The target tenant's users: synchronized users stay when a configuration is deleted, as in Entra");
      console.log((await listUsers(ctx, ctx.tenants.target)).map(userLine).join("\n"));
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

/** One stack of the demo: a project directory, its stack config and its steps. */
interface DemoPart {
  title: string;
  stack: string;
  /** The Pulumi project directory. */
  cwd: string;
  /** Plain and `--path` config besides the emulator's endpoints and credentials. */
  config: Record<string, string>;
  pathConfig: Record<string, string>;
  /** The top-level tenant (omitted: each connection names its own). */
  tenantId?: string;
  seed?: () => Promise<void>;
  steps: DemoStep[];
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
  const pathParts = [cli.binDir, ...(process.env.PATH ?? "").split(path.delimiter)];
  if (!fs.existsSync(path.join(cli.binDir, "pulumi-resource-pulumi-nodejs"))) {
    pathParts.push(path.join(REPO, "node_modules", "@pulumi", "pulumi"));
  }
  // Nothing from the caller's Azure/Entra/Pulumi environment reaches the demo stacks.
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

  /** Runs a child process in `cwd`, showing the command (unless quiet) and its output. */
  const spawnShown = (
    exe: string,
    args: string[],
    shown: string,
    opts: { cwd: string; input?: string; quiet?: boolean },
  ): Promise<{ code: number | null; output: string }> =>
    new Promise((resolve, reject) => {
      if (!opts.quiet) process.stdout.write(`\n$ ${shown}\n`);
      const child = spawn(exe, args, { cwd: opts.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      const onData = (d: Buffer) => {
        out += d.toString();
        if (!opts.quiet) process.stdout.write(d);
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.stdin.end(opts.input ?? "");
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output: out }));
    });

  /** Runs pulumi on a part's stack in its project directory (its config file moved out of the repository). */
  const runFor =
    (part: DemoPart) =>
    async (args: string[], opts: { input?: string; quiet?: boolean; config?: boolean } = {}): Promise<string> => {
      const full = [...args, "--stack", part.stack, "--non-interactive"];
      if (opts.config !== false) full.push("--config-file", configFileOf(part));
      const r = await spawnShown(pulumiExe, full, `pulumi ${args.join(" ")}`, { ...opts, cwd: part.cwd });
      if (r.code !== 0)
        throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.code})\n${opts.quiet ? r.output : ""}`);
      return r.output;
    };
  const configFileOf = (part: DemoPart) => path.join(tmp, `Pulumi.${part.stack}.yaml`);
  // The config file stays where `stack init` writes it for the relationship's stack, because `provision
  // --stack` reads it there (through `pulumi config`), as in a user's project; cleanup removes it.
  const keepsConfigInProject = (part: DemoPart) => part.stack === SYNC_STACK;

  say("Starting the Graph emulator (HTTPS, local CA): empty tenants");
  const emu = await startEmulator({
    port: 0,
    dataDir: path.join(tmp, "emulator"),
    dataFile: path.join(tmp, "emulator", "graph-state.json"),
    seed: SEED,
  });
  const source = emu.defaults.tenantId;
  const target = emu.defaults.second.tenantId;
  console.log(
    `Graph:      ${emu.url}/v1.0\nLogin:      ${emu.authorityHost}\nCA:         ${emu.caCertPath}\nData file:  ${emu.dataFile}\nPartner (source) tenant: ${PARTNER}`,
  );

  const tokens = new Map<string, string>();
  const token = async (tenantId?: string) => {
    const key = tenantId ?? "";
    if (!tokens.has(key)) {
      const minted = (await emulatorCall(emu, "POST", "/_emulator/tokens", { app: "readWrite", tenantId })) as {
        access_token: string;
      };
      tokens.set(key, minted.access_token);
    }
    return tokens.get(key)!;
  };
  const tenants: Tenants = { source, target };

  const parts: DemoPart[] = [
    {
      title: `The target tenant's side (examples/target-tenant, stack "${STACK}")`,
      stack: STACK,
      cwd: REPO,
      config: STACK_CONFIG,
      pathConfig: {},
      tenantId: emu.defaults.tenantId,
      steps: DEMO_STEPS,
    },
    {
      title: `The whole relationship from two empty tenants (examples/cross-tenant-sync, stack "${SYNC_STACK}"): source ${source}, target ${target}`,
      stack: SYNC_STACK,
      cwd: SYNC_DIR,
      config: {},
      pathConfig: SYNC_CONFIG(source, target),
      seed: async () => {
        await emulatorCall(emu, "POST", `/_emulator/seed?tenant=${source}`, SYNC_SEED);
      },
      steps: SYNC_STEPS,
    },
  ];

  const created: DemoPart[] = [];
  try {
    for (const part of parts) {
      say(part.title);
      const run = runFor(part);
      const ctx: DemoContext = {
        emu,
        tenants,
        pulumi: (args, opts = {}) =>
          run(args, { ...opts, config: !["stack"].includes(args[0]) && !keepsConfigInProject(part) }),
        entraCli: async (args) => {
          const shown = `npx pulumi-entra-cross-tenant ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(" ")}`;
          const r = await spawnShown(process.execPath, [CLI_MAIN, ...args], shown, { cwd: part.cwd });
          return { code: r.code ?? 1, output: r.output };
        },
        call: (method, p, body, t) => emulatorCall(emu, method, p, body, t),
        token,
        show: async (title, kind = "policies") => {
          const state = (await emulatorCall(emu, "GET", "/_emulator/state")) as Record<string, unknown>;
          say(title);
          console.log(JSON.stringify(state[kind], null, 2));
        },
      };
      await part.seed?.();
      say(`Creating stack "${part.stack}" (local file backend in ${tmp}, passphrase secrets)`);
      await run(["stack", "init"], { config: false });
      created.push(part);
      // stack init writes Pulumi.<stack>.yaml next to Pulumi.yaml; keep the repository clean by moving it out.
      if (!keepsConfigInProject(part))
        fs.renameSync(path.join(part.cwd, `Pulumi.${part.stack}.yaml`), configFileOf(part));
      const set = (args: string[], o: { input?: string } = {}) =>
        run(["config", "set", ...args], { ...o, quiet: true, config: !keepsConfigInProject(part) });
      const config: Record<string, string> = {
        ...part.config,
        "entra:graphEndpoint": emu.url,
        "entra:authorityHost": emu.authorityHost,
        "entra:caCertPath": emu.caCertPath,
        ...(part.tenantId ? { "entra:tenantId": part.tenantId } : {}),
        "entra:clientId": emu.defaults.readWrite.clientId,
      };
      for (const [k, v] of Object.entries(config)) await set([k, v]);
      for (const [k, v] of Object.entries(part.pathConfig)) await set(["--path", k, v]);
      await set(["--secret", "entra:clientSecret"], { input: emu.defaults.readWrite.clientSecret });
      await run(["config"], { config: !keepsConfigInProject(part) });

      for (const step of part.steps) {
        say(step.title);
        await step.run(ctx);
      }
    }
  } finally {
    say("Cleaning up");
    for (const part of created.reverse()) {
      await runFor(part)(["stack", "rm", "--yes", "--force"], { quiet: true, config: false }).catch(() => undefined);
      fs.rmSync(path.join(part.cwd, `Pulumi.${part.stack}.yaml`), { force: true });
    }
    await emu.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log("Stopped the emulator, removed the stacks and the temporary directory.");
  }
}

main().catch((e: Error) => {
  console.error(`\ndemo failed: ${e.message}`);
  process.exitCode = 1;
});
