// End to end: bring an existing tenant under code with the real command line and the real Pulumi CLI.
// An emulator tenant with 49 partners of varied shapes (every B2B setting, inherited settings, nested target lists,
// sync policies with and without group sync on beta, a service-provider, a multi-tenant-organization and
// Microsoft's support partner, partners without a policy, a changed default configuration) is exported with the
// `pulumi-entra-cross-tenant` bin of the packed package; the program gets the packed package installed; then
// `pulumi up` must take every object over with no successful write, `pulumi preview --expect-no-changes` must pass
// with 0 Graph calls, and a second export must be byte-identical. Once on beta (group sync), once on v1.0 with
// inherited settings read back as objects of nulls.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../emulator";
import { variedTenant } from "../../testkit/variedTenant";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { entraConfig, entraEnv, entraSecrets } from "../../testkit/entraConfig";
import { installPackage, PACKAGE_NAME } from "../../testkit/providerHost";
import { E2E_ROOT, findPulumiCli, PulumiCli, PulumiWorkspace, REPO_ROOT } from "../../testkit/pulumiCli";

const fixture = variedTenant({ prefix: "e7e0" });
const LIVE = fixture.all.filter((id) => !fixture.managed.includes(id));
const LIVE_POLICIES = fixture.seed.policies.filter((p) => !fixture.managed.includes(p.tenantId as string));
const EXPORTED = ["Pulumi.yaml", "package.json", "tsconfig.json", ".gitignore", "index.ts"];
const PAGE_SIZE = 10;

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let toolsDir: string;
let bin: string;

const fmt = (calls: LoggedRequest[]) => calls.map((c) => `${c.method} ${c.path} ${c.status}`).join("\n");

/** Runs the installed package's `pulumi-entra-cross-tenant` bin (as `npx pulumi-entra-cross-tenant` would). */
function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...entraEnv(emu) };
  return new Promise((resolve) => {
    execFile(bin, args, { env, cwd: toolsDir, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function readExported(dir: string): Record<string, string> {
  return Object.fromEntries(EXPORTED.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  const built = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  if (!fs.existsSync(built))
    throw new Error(`${built} is missing: run \`npm run build\` (npm run test:e2e builds first).`);
  emu = await startEmulator({ port: 0 });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  // The command line as a user gets it: the packed package installed, its `bin` run directly (shebang).
  fs.mkdirSync(E2E_ROOT, { recursive: true });
  toolsDir = fs.mkdtempSync(path.join(E2E_ROOT, "export-tools-"));
  const installed = installPackage(toolsDir);
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
    bin?: Record<string, string>;
  };
  bin = path.join(installed, pkg.bin?.[PACKAGE_NAME] ?? "(no bin entry)");
  fs.chmodSync(bin, 0o755); // npm install sets the bin's mode; the tarball extraction keeps the packed one
});

afterAll(async () => {
  if (toolsDir && !process.env.KEEP_E2E) fs.rmSync(toolsDir, { recursive: true, force: true });
  await emu?.stop();
});

test("the packed package's bin starts with a node shebang and answers --help", async () => {
  expect(fs.readFileSync(bin, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  const r = await runBin(["export", "--help"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Usage: pulumi-entra-cross-tenant export");
});

interface Variant {
  apiVersion: "v1.0" | "beta";
  /** How Graph shows an inherited partner setting (emulator switch): null, or an object of nulls. */
  inheritedSettingShape: "null" | "nullLeaves";
}

describe.each<Variant>([
  { apiVersion: "beta", inheritedSettingShape: "null" },
  { apiVersion: "v1.0", inheritedSettingShape: "nullLeaves" },
])("Graph $apiVersion, inherited settings read as $inheritedSettingShape", (variant) => {
  let ws: PulumiWorkspace;
  let firstExport: Record<string, string>;

  beforeAll(async () => {
    await admin.reset(fixture.seed);
    await admin.settings({ pageSize: PAGE_SIZE, inheritedSettingShape: variant.inheritedSettingShape });
    ws = new PulumiWorkspace(cli, { project: "exported" });
  });

  afterAll(async () => {
    await ws?.dispose();
  });

  test("export writes a new project with one Graph request per page", async () => {
    const mark = await admin.lastSeq();
    const r = await runBin([
      "export",
      "--out",
      ws.programDir,
      "--project",
      "exported",
      "--api-version",
      variant.apiVersion,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const calls = await admin.graphCalls(mark);
    const pages = Math.ceil(fixture.all.length / PAGE_SIZE);
    expect(fmt(calls)).toBe(
      [
        ...Array(pages).fill(`GET /${variant.apiVersion}/policies/crossTenantAccessPolicy/partners 200`),
        `GET /${variant.apiVersion}/policies/crossTenantAccessPolicy/default 200`,
        `GET /${variant.apiVersion}/policies/crossTenantAccessPolicy 200`,
        // The source side: one listing of the synchronization configurations' service principals (none here).
        `GET /${variant.apiVersion}/servicePrincipals 200`,
      ].join("\n"),
    );
    firstExport = readExported(ws.programDir);
    if (variant.apiVersion === "beta") {
      expect(firstExport["index.ts"]).toContain("groupSyncInbound: { isSyncAllowed: true }");
      expect(firstExport["index.ts"]).toContain("groupSyncInbound: { isSyncAllowed: false }");
      expect(firstExport["Pulumi.yaml"]).toContain("entra:apiVersion: beta");
    } else {
      expect(firstExport["index.ts"]).not.toContain("groupSyncInbound");
    }
    console.log(`${variant.apiVersion} export: ${r.stdout.split("\n").slice(0, 3).join(" | ")}`);
  });

  test("pulumi up takes every object over: no successful POST/PUT/PATCH/DELETE reaches Graph", async () => {
    installPackage(ws.programDir); // the packed tarball, as `npm install` of a published package would
    await ws.init(entraConfig(emu), entraSecrets(emu));
    const before = await admin.state();
    const mark = await admin.lastSeq();
    const up = await ws.up();
    const calls = await admin.graphCalls(mark);

    const succeededWrites = calls.filter((c) => c.method !== "GET" && c.status >= 200 && c.status < 300);
    expect(fmt(succeededWrites)).toBe("");
    // Every partner and policy was found existing (409) and read back equal.
    const posts = calls.filter((c) => c.method === "POST");
    const puts = calls.filter((c) => c.method === "PUT");
    expect(posts.map((c) => c.status)).toEqual(LIVE.map(() => 409));
    expect(puts.map((c) => c.status)).toEqual(LIVE_POLICIES.map(() => 409));
    expect(calls.filter((c) => c.method === "PATCH" || c.method === "DELETE")).toEqual([]);
    expect(await admin.state()).toEqual(before);

    const resources = await ws.resources();
    const ofType = (t: string) => resources.filter((r) => r.type.endsWith(`:${t}`));
    expect(ofType("CrossTenantAccessPolicyConfigurationPartner")).toHaveLength(LIVE.length);
    expect(ofType("CrossTenantIdentitySyncPolicyPartner")).toHaveLength(LIVE_POLICIES.length);
    expect(ofType("CrossTenantAccessPolicyConfigurationDefault")).toHaveLength(1);
    expect(ofType("CrossTenantAccessPolicy")).toHaveLength(1);
    for (const r of ofType("CrossTenantAccessPolicyConfigurationPartner")) expect(r.outputs?.adopted).toBe(true);
    for (const r of ofType("CrossTenantIdentitySyncPolicyPartner")) expect(r.outputs?.adopted).toBe(true);
    // Partners the tenant did not configure are not in the program.
    for (const id of fixture.managed) expect(resources.some((r) => r.id === id)).toBe(false);
    console.log(
      `${variant.apiVersion} up: ${calls.length} Graph calls (${posts.length} POST 409, ${puts.length} PUT 409, ${calls.length - posts.length - puts.length} GET) in ${up.durationMs} ms`,
    );
  });

  test("pulumi preview --expect-no-changes passes with 0 Graph calls", async () => {
    const mark = await admin.lastSeq();
    const r = await ws.preview(["--expect-no-changes"]);
    expect(r.code).toBe(0);
    expect(fmt(await admin.graphCalls(mark))).toBe("");
  });

  test("a second export is byte-identical", async () => {
    const again = fs.mkdtempSync(path.join(E2E_ROOT, "export-again-"));
    try {
      const r = await runBin(["export", "--out", again, "--project", "exported", "--api-version", variant.apiVersion]);
      expect(r.code).toBe(0);
      expect(readExported(again)).toEqual(firstExport);
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });
});
