// `drift` end to end (issue 18): the real Pulumi CLI with its state in Azure Blob Storage (Azurite, started here, in
// memory), two tenant stacks of one program (the emulator's two tenants, each with one partner), the command line
// as users run it (`node dist/provider/cli/main.js drift` in the program directory). Portal drift in one stack is
// found exactly and the other reported clean, in all four formats, with one Graph GET per object and one token per
// stack; `--fix` puts it back; a lock held by a running `up` and a stale lock left by a killed one are reported with
// their fix; the example CI job's commands run as written.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../emulator";
import { startAzurite, RunningAzurite, DEV_KEY } from "../../testkit/azurite";
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { findPulumiCli, PulumiCli, PulumiWorkspace, REPO_ROOT, RunResult } from "../../testkit/pulumiCli";

const MAIN = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
const FABRIKAM = partnerTenant(1, "d71f0a00");
const CONTOSO = partnerTenant(2, "d71f0b00");
const PARTNER_TYPE = "pulumi-nodejs:dynamic/entra:CrossTenantAccessPolicyConfigurationPartner";

let cli: PulumiCli;
let az: RunningAzurite;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;
/** tenant-a: the emulator's first tenant, partner Fabrikam; tenant-b: its second tenant, partner Contoso. */
let stacks: { name: string; home: string; partner: string; partnerName: string }[];

/** `pulumi <args> --stack <stack>` in the shared program directory and backend. */
function pulumi(
  stack: string,
  args: string[],
  opts: { allowFailure?: boolean; input?: string } = {},
): Promise<RunResult> {
  return ws.run([...args, "--stack", stack], { ...opts, noStack: true });
}

interface Drift {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command line as a user runs it, in the program directory, with the workspace's environment. */
function drift(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Drift> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, "drift", ...args], {
      cwd: ws.programDir,
      env: { ...ws.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}
const outputs: string[] = [];

/** Graph GETs, writes and token grants during `fn`. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; gets: number; writes: number; tokens: number }> {
  const since = await admin.lastSeq();
  const result = await fn();
  const calls = (await admin.requests(since)).filter((r) => r.kind !== "discovery");
  const graph = calls.filter((c) => c.kind === "graph");
  return {
    result,
    gets: graph.filter((c) => c.method === "GET").length,
    writes: graph.filter((c) => c.method !== "GET").length,
    tokens: calls.filter((c) => c.kind === "token").length,
  };
}

async function inboundAllowed(stack: (typeof stacks)[number]): Promise<unknown> {
  const p = await admin.partner(stack.partner, stack.home);
  return (p as { automaticUserConsentSettings?: { inboundAllowed?: unknown } } | undefined)
    ?.automaticUserConsentSettings?.inboundAllowed;
}

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { CrossTenantAccessPolicyConfigurationPartner, CrossTenantIdentitySyncPolicyPartner } = require("pulumi-entra-cross-tenant");
const config = new pulumi.Config();
const name = config.require("partnerName");
const slug = name.toLowerCase();
const partner = new CrossTenantAccessPolicyConfigurationPartner(slug, {
    tenantId: config.require("partnerTenantId"),
    automaticUserConsentSettings: { inboundAllowed: true },
});
new CrossTenantIdentitySyncPolicyPartner(slug, {
    tenantId: partner.tenantId,
    displayName: name,
    userSyncInbound: { isSyncAllowed: true },
});
`;

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  az = await startAzurite();
  await az.createContainer("pulumi-state");
  emu = await startEmulator({ port: 0 });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  ws = new PulumiWorkspace(cli, { project: "entra-tenants", stack: "tenant-a" }); // ws.start() runs on tenant-a
  // the team's path in the shared container; the account key only in the environment
  Object.assign(ws.env, az.env(), { PULUMI_BACKEND_URL: az.backendUrl("pulumi-state", "identity-team") });
  ws.writeProgram("entra-tenants", PROGRAM);
  stacks = [
    { name: "tenant-a", home: emu.defaults.tenantId, partner: FABRIKAM, partnerName: "Fabrikam" },
    { name: "tenant-b", home: emu.defaults.second.tenantId, partner: CONTOSO, partnerName: "Contoso" },
  ];
  const apps = { "tenant-a": emu.defaults.readWrite, "tenant-b": emu.defaults.second.readWrite };
  for (const s of stacks) {
    const app = apps[s.name as keyof typeof apps];
    await pulumi(s.name, ["stack", "init"]);
    const config: Record<string, string> = {
      "entra:graphEndpoint": emu.url,
      "entra:authorityHost": emu.authorityHost,
      "entra:caCertPath": emu.caCertPath,
      "entra:tenantId": s.home,
      "entra:clientId": app.clientId,
      partnerName: s.partnerName,
      partnerTenantId: s.partner,
    };
    for (const [k, v] of Object.entries(config)) await pulumi(s.name, ["config", "set", k, v]);
    await pulumi(s.name, ["config", "set", "--secret", "entra:clientSecret"], { input: app.clientSecret });
  }
});

afterAll(async () => {
  await ws?.dispose();
  await emu?.stop();
  await az?.stop();
});

test("two tenant stacks go up into the azblob backend; drift then finds nothing (exit 0)", async () => {
  for (const s of stacks) await pulumi(s.name, ["up", "--yes", "--skip-preview"]);
  const ls = await ws.run(["stack", "ls", "--json"], { noStack: true });
  expect((JSON.parse(ls.stdout) as { name: string }[]).map((s) => s.name).sort()).toEqual(["tenant-a", "tenant-b"]);
  const r = await drift([]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Drift in entra-tenants: 2 stacks, 0 drifted, 2 clean, 0 failed (4 objects, 0 drifted)");
});

test("portal drift in one tenant: drift finds exactly it, reports the other clean, exit 2; one GET per object, one token per stack, no write", async () => {
  await admin.portalPatchPartner(
    FABRIKAM,
    { automaticUserConsentSettings: { inboundAllowed: false } },
    { tenantId: stacks[0].home },
  );
  const { result: r, gets, writes, tokens } = await counted(() => drift([]));
  expect(r.code).toBe(2);
  expect({ gets, writes, tokens }).toEqual({ gets: 4, writes: 0, tokens: 2 });
  expect(r.stdout).toBe(
    [
      "Drift in entra-tenants: 2 stacks, 1 drifted, 1 clean, 0 failed (4 objects, 1 drifted)",
      "",
      "STACK     STATUS   OBJECTS  DRIFTED  FIX",
      "tenant-a  DRIFTED  2        1",
      "tenant-b  clean    2        0",
      "",
      "tenant-a:",
      "  Fabrikam's partner configuration (fabrikam)",
      "    Fabrikam's inbound auto-consent: program true, tenant false",
      "",
    ].join("\n"),
  );
  // the preview wrote no state: the stack still holds the program's value
  const state = await pulumi("tenant-a", ["stack", "export"]);
  const partner = (
    JSON.parse(state.stdout).deployment.resources as { type: string; outputs: Record<string, unknown> }[]
  ).find((x) => x.type === PARTNER_TYPE);
  expect(partner?.outputs.automaticUserConsentSettings).toEqual({ inboundAllowed: true });
});

test("the other three formats from one run: JSON on stdout, Markdown and JUnit files", async () => {
  const dir = fs.mkdtempSync(path.join(ws.root, "reports-"));
  const md = path.join(dir, "drift.md");
  const junit = path.join(dir, "drift.xml");
  const r = await drift(["--format", "json", "--markdown", md, "--junit", junit]);
  expect(r.code).toBe(2);
  const json = JSON.parse(r.stdout);
  expect(json).toMatchObject({
    version: 1,
    project: "entra-tenants",
    exitCode: 2,
    summary: { stacks: 2, clean: 1, drifted: 1, failed: 0, objects: 4, driftedObjects: 1 },
  });
  expect(json.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status])).toEqual([
    ["tenant-a", "drifted"],
    ["tenant-b", "clean"],
  ]);
  const drifted = json.stacks[0].objects.find((o: { status: string }) => o.status === "drifted");
  expect(drifted).toMatchObject({
    type: "CrossTenantAccessPolicyConfigurationPartner",
    name: "fabrikam",
    title: "Fabrikam's partner configuration",
    settings: [
      {
        path: "automaticUserConsentSettings.inboundAllowed",
        label: "inbound auto-consent",
        program: true,
        tenant: false,
        sentence: "Fabrikam's inbound auto-consent: program true, tenant false",
      },
    ],
  });
  const markdown = fs.readFileSync(md, "utf8");
  expect(markdown).toContain("## Entra cross-tenant drift (entra-tenants): 1 of 2 stacks drifted");
  expect(markdown).toContain("| tenant-a | **drifted** | 2 | 1 |");
  expect(markdown).toContain("| tenant-b | clean | 2 | 0 |");
  expect(markdown).toContain(
    "| Fabrikam's partner configuration (`fabrikam`) | inbound auto-consent | `true` | `false` |",
  );
  const xml = fs.readFileSync(junit, "utf8");
  expect(xml).toContain('<testsuites name="entra drift entra-tenants" tests="4" failures="1" errors="0">');
  expect(xml).toContain('<testsuite name="tenant-b" tests="2" failures="0" errors="0"');
  expect(xml).toContain(
    '<testcase classname="entra-tenants.tenant-b" name="Contoso\'s partner configuration (contoso)"/>',
  );
  expect(xml).toContain(
    `<failure type="drift" message="1 setting drifted">Fabrikam's inbound auto-consent: program true, tenant false</failure>`,
  );
  // the fourth, text, is the previous test's; --format junit prints the same document on stdout
  const onStdout = await drift(["--format", "junit"]);
  expect(onStdout.stdout.replace(/time="[\d.]+"/g, "")).toBe(xml.replace(/time="[\d.]+"/g, ""));
});

test("--stack takes names and globs; a name that matches nothing is an error (1) listing the stacks", async () => {
  const one = await drift(["--stack", "tenant-b"]);
  expect(one.code).toBe(0);
  expect(one.stdout).toContain("1 stack, 0 drifted, 1 clean");
  expect((await drift(["--stack", "tenant-*", "--format", "json"])).code).toBe(2);
  const none = await drift(["--stack", "prod"]);
  expect(none.code).toBe(1);
  expect(none.stderr).toContain("--stack prod matches no stack of this program. Its stacks: tenant-a, tenant-b.");
});

test("a lock held by a running up: a concurrent up fails at once with the lock message; drift still reads, and --fix says to wait (exit 1)", async () => {
  // A slow up (every Graph answer delayed), stopped with SIGSTOP once it holds the lock: a live run, for certain.
  await admin.settings({ latencyMs: 1500 });
  const run = ws.start(["up", "--yes", "--skip-preview", "--refresh"]);
  await untilOutput(run.output, /Updating \(tenant-a\)/); // the diy backend takes the lock before it starts the engine
  run.child.kill("SIGSTOP");
  try {
    await admin.settings({ latencyMs: 0 });
    const second = await pulumi("tenant-a", ["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(second.code).not.toBe(0);
    expect(second.durationMs).toBeLessThan(5000);
    expect(second.output).toContain(
      "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
    );
    const r = await drift(["--stack", "tenant-a", "--fix"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("    Fabrikam's inbound auto-consent: program true, tenant false");
    expect(r.stdout).toMatch(
      /fix: failed: error: the stack is currently locked by 1 lock\(s\)\..* Fix: Another Pulumi run holds the stack's lock \(\S+@\S+, pid \d+, since \S+\)\. Wait for it to finish and run drift again\. If no run is going on \(it was killed, or its machine is gone\), remove the lock with `pulumi cancel --stack tenant-a --yes`\./,
    );
    expect(r.stdout).not.toContain("?localemu"); // the backend URL's query is not repeated
  } finally {
    run.child.kill("SIGCONT");
    await run.exited;
    run.killAll();
  }
  // that up (with --refresh) put the program's value back
  expect(await inboundAllowed(stacks[0])).toBe(true);
});

test("a stale lock after SIGKILL: drift still reports the drift; --fix reports the lock with `pulumi cancel`; after it, --fix restores the tenant", async () => {
  await admin.portalPatchPartner(
    FABRIKAM,
    { automaticUserConsentSettings: { inboundAllowed: false } },
    { tenantId: stacks[0].home },
  );
  await admin.settings({ latencyMs: 1500 });
  const run = ws.start(["up", "--yes", "--skip-preview", "--refresh"]);
  await untilOutput(run.output, /Updating \(tenant-a\)/);
  run.killCli();
  await run.exited;
  run.killAll();
  await admin.settings({ latencyMs: 0 });

  const report = await drift([]);
  expect(report.code).toBe(2);
  expect(report.stdout).toContain("    Fabrikam's inbound auto-consent: program true, tenant false");

  const blocked = await drift(["--fix"]);
  expect(blocked.code).toBe(1);
  expect(blocked.stdout).toMatch(
    /Fix: The lock was left by a run that no longer exists \(pid \d+ on this machine, started \S+\): a killed or crashed `pulumi up`\. Remove it with `pulumi cancel --stack tenant-a --yes`, then `pulumi refresh --stack tenant-a`/,
  );
  expect(await inboundAllowed(stacks[0])).toBe(false);

  await pulumi("tenant-a", ["cancel", "--yes"]);
  const { result: fixed, writes } = await counted(() => drift(["--fix"]));
  expect(fixed.code).toBe(2); // drift was found (and put back)
  expect(fixed.stderr).toContain(
    "Fixing tenant-a: pulumi up --refresh of 1 object; this puts back:\n  Fabrikam's inbound auto-consent: program true, tenant false\n",
  );
  expect(fixed.stdout).toContain("tenant-a  DRIFTED  2        1        fixed");
  expect(writes).toBe(1);
  expect(await inboundAllowed(stacks[0])).toBe(true);
  expect((await drift([])).code).toBe(0);
});

test("an object deleted in the portal: reported deleted; --fix creates it again", async () => {
  await admin.portalDelete(FABRIKAM); // Fabrikam's identity sync policy, in the first tenant
  const r = await drift(["--stack", "tenant-a"]);
  expect(r.code).toBe(2);
  expect(r.stdout).toContain(
    "  Fabrikam's identity sync policy (fabrikam)\n    Fabrikam's identity sync policy: deleted in the tenant (the program declares it; `--fix` creates it again)\n",
  );
  const fixed = await drift(["--stack", "tenant-a", "--fix"]);
  expect(fixed.stdout).toContain("  fix: fixed: pulumi up: 1 create");
  expect(await admin.policy(FABRIKAM)).toMatchObject({ displayName: "Fabrikam" });
  expect((await drift(["--stack", "tenant-a"])).code).toBe(0);
});

test("the example CI job's commands, as written, against Azurite and the emulator", async () => {
  const yaml = require("js-yaml") as { load(text: string): unknown };
  const workflow = yaml.load(fs.readFileSync(path.join(REPO_ROOT, "examples", "ci", "drift.yml"), "utf8")) as {
    jobs: {
      drift: { env: Record<string, string>; steps: { id?: string; name?: string; run?: string; if?: string }[] };
    };
  };
  const job = workflow.jobs.drift;
  expect(job.env.PULUMI_BACKEND_URL).toMatch(/^azblob:\/\/pulumi-state\/identity-team\?storage_account=/);
  const step = job.steps.find((s) => s.id === "drift")!;
  const fail = job.steps.find((s) => s.if === "steps.drift.outputs.exit-code != '0'")!;
  expect(step.run).toContain("npx pulumi-entra-cross-tenant drift --format markdown --junit drift-junit.xml");

  await admin.portalPatchPartner(
    CONTOSO,
    { automaticUserConsentSettings: { inboundAllowed: false } },
    { tenantId: stacks[1].home },
  );
  const github = fs.mkdtempSync(path.join(ws.root, "github-"));
  const summary = path.join(github, "summary.md");
  const output = path.join(github, "output");
  fs.writeFileSync(summary, "");
  fs.writeFileSync(output, "");
  // GitHub runs `run:` with `bash -e`; the job's Azure and OIDC settings are replaced by Azurite's and the stacks'.
  // npx finds the command in the program's node_modules/.bin, as after `npm ci` in the program's repository, and
  // never goes to the registry (offline).
  const bin = path.join(ws.programDir, "node_modules", ".bin");
  fs.mkdirSync(bin, { recursive: true });
  // What npm links there for the package's bin (a fresh clone has no self-link of the package to point at).
  fs.writeFileSync(
    path.join(bin, "pulumi-entra-cross-tenant"),
    `#!/bin/sh\nexec node ${JSON.stringify(path.join(REPO_ROOT, "dist", "provider", "cli", "main.js"))} "$@"\n`,
    { mode: 0o755 },
  );
  const env = { ...ws.env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, npm_config_offline: "true" };
  const ran = await bash(step.run!, env);
  expect(ran.code).toBe(0);
  expect(fs.readFileSync(output, "utf8")).toBe("exit-code=2\n");
  const md = fs.readFileSync(summary, "utf8");
  expect(md).toContain("## Entra cross-tenant drift (entra-tenants): 1 of 2 stacks drifted");
  expect(md).toContain("| Contoso's partner configuration (`contoso`) | inbound auto-consent | `true` | `false` |");
  const junit = fs.readFileSync(path.join(ws.programDir, "drift-junit.xml"), "utf8");
  expect(junit).toContain('failures="1"');
  const failed = await bash(fail.run!.replace("${{ steps.drift.outputs.exit-code }}", "2"), env);
  expect(failed.code).toBe(2);
});

test("no secret in any drift output: not the client secrets, not the storage key", () => {
  const all = outputs.join("\n");
  expect(all.length).toBeGreaterThan(0);
  for (const secret of [emu.defaults.readWrite.clientSecret, emu.defaults.second.readWrite.clientSecret, DEV_KEY])
    expect(all).not.toContain(secret);
});

/** Waits (polling every 100 ms, up to 60 s) until a started command's output matches. */
async function untilOutput(output: () => string, re: RegExp): Promise<void> {
  const deadline = Date.now() + 60000;
  while (!re.test(output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function bash(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn("bash", ["-e", "-c", script], { cwd: ws.programDir, env });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      outputs.push(output);
      resolve({ code, output });
    });
  });
}
