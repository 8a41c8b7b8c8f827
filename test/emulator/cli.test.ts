/**
 * `npm run emulator` entry (dist/emulator/cli.js): prints the Graph URL, authority host, CA path and built-in
 * credentials; serves HTTPS trusted through the printed CA; SIGINT and SIGTERM stop it with exit code 0.
 * The test compiles the emulator sources into dist/ first (what `npm run build` does for these files) unless
 * dist/ is already newer than every emulator source.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import axios from "axios";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "dist/emulator/cli.js");

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // tsc rewrites every emitted file, so cli.js's mtime is the time of the last build of the emulator.
  if (fs.existsSync(CLI) && fs.statSync(CLI).mtimeMs > newestSourceMs(path.join(ROOT, "emulator"))) return;
  execFileSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc"),
      "--outDir",
      "dist",
      "--rootDir",
      ".",
      "--module",
      "commonjs",
      "--target",
      "ES2020",
      "--lib",
      "ES2022", // as tsconfig.json: errors carry their cause (Error options)
      "--strict",
      "--esModuleInterop",
      "--skipLibCheck",
      "--types",
      "node",
      "--sourceMap",
      "--declaration",
      "emulator/cli.ts",
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
}, 60_000);

interface Started {
  child: ChildProcess;
  out: () => string;
  url: string;
  caPath: string;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start:\n${out}`)), 20_000);
    child.on("exit", (code) => reject(new Error(`CLI exited early (${code}):\n${out}`)));
    const check = (): void => {
      const url = /Graph URL:\s+(https:\/\/\S+)/.exec(out)?.[1];
      const caPath = /CA certificate:\s+(\S+)/.exec(out)?.[1];
      if (url && caPath && out.includes("Press Ctrl-C")) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve({ child, out: () => out, url, caPath });
      }
    };
    child.stdout!.on("data", check);
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-cli-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each(["SIGINT", "SIGTERM"] as const)(
  "starts, prints what clients need, serves, and stops cleanly on %s",
  async (signal) => {
    const dataFile = path.join(dir, "state.json");
    const s = await startCli([
      "--port",
      "0",
      "--data-dir",
      dir,
      "--data-file",
      dataFile,
      "--latency-ms",
      "1",
      "--token-lifetime-seconds",
      "600",
    ]);
    const printed = s.out();
    expect(printed).toMatch(/Authority host:\s+https:\/\/127\.0\.0\.1:\d+/);
    expect(printed).toContain("22222222-2222-4222-8222-222222222222");
    expect(printed).toContain("emulator-client-secret");
    // Both built-in tenants, each with its credentials.
    expect(printed).toMatch(/Tenant:\s+11111111-1111-4111-8111-111111111111/);
    expect(printed).toMatch(/Tenant:\s+33333333-3333-4333-8333-333333333333/);
    expect(s.caPath).toBe(path.join(dir, "ca.pem"));

    const agent = new https.Agent({ ca: fs.readFileSync(s.caPath) });
    const http = axios.create({ baseURL: s.url, httpsAgent: agent, validateStatus: () => true, proxy: false });
    const tok = await http.post(
      "/11111111-1111-4111-8111-111111111111/oauth2/v2.0/token",
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "22222222-2222-4222-8222-222222222222",
        client_secret: "emulator-client-secret",
        scope: `${s.url}/.default`,
      }).toString(),
      { headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    );
    expect(tok.status).toBe(200);
    expect(tok.data.expires_in).toBe(600);
    const created = await http.post(
      "/v1.0/policies/crossTenantAccessPolicy/partners",
      { tenantId: "0000cccc-0000-4000-8000-000000000001" },
      { headers: { Authorization: `Bearer ${tok.data.access_token}` } },
    );
    expect(created.status).toBe(201);
    // The same app in the second tenant: its own token and its own (empty) directory.
    const tok2 = await http.post(
      "/33333333-3333-4333-8333-333333333333/oauth2/v2.0/token",
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "22222222-2222-4222-8222-222222222222",
        client_secret: "emulator-client-secret",
        scope: `${s.url}/.default`,
      }).toString(),
      { headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    );
    expect(tok2.status).toBe(200);
    const list2 = await http.get("/v1.0/policies/crossTenantAccessPolicy/partners", {
      headers: { Authorization: `Bearer ${tok2.data.access_token}` },
    });
    expect(list2.data.value).toEqual([]);
    agent.destroy();

    const exited = exitOf(s.child);
    s.child.kill(signal);
    const { code } = await exited;
    expect(code).toBe(0);
    expect(s.out()).toContain("Emulator stopped.");
    expect(JSON.parse(fs.readFileSync(dataFile, "utf8")).partners).toHaveLength(1);
  },
);

test("--seed, --apps and --settings load JSON files; bad flags exit with code 2", async () => {
  const seedFile = path.join(dir, "seed.json");
  fs.writeFileSync(
    seedFile,
    JSON.stringify([
      { policies: [{ tenantId: "0000cccc-0000-4000-8000-000000000002", displayName: "Seeded" }] },
      {
        tenantId: "33333333-3333-4333-8333-333333333333",
        partners: [{ tenantId: "0000cccc-0000-4000-8000-000000000003", isServiceProvider: true }],
      },
    ]),
  );
  const appsFile = path.join(dir, "apps.json");
  fs.writeFileSync(
    appsFile,
    JSON.stringify([
      {
        name: "ci",
        tenantId: "77777777-7777-4777-8777-777777777777",
        clientId: "88888888-8888-4888-8888-888888888888",
        clientSecret: "ci-secret",
        roles: ["Policy.Read.All"],
      },
    ]),
  );
  const settingsFile = path.join(dir, "settings.json");
  fs.writeFileSync(settingsFile, JSON.stringify({ missingPartner: "autoCreate", replicationLagMode: "stale" }));
  const s = await startCli([
    "--port=0",
    `--data-dir=${dir}`,
    "--seed",
    seedFile,
    "--apps",
    appsFile,
    "--settings",
    settingsFile,
  ]);
  try {
    const agent = new https.Agent({ ca: fs.readFileSync(s.caPath) });
    const state = await axios.get(`${s.url}/_emulator/state`, { httpsAgent: agent, proxy: false });
    expect(state.data.policies[0].displayName).toBe("Seeded");
    const state2 = await axios.get(`${s.url}/_emulator/state?tenant=33333333-3333-4333-8333-333333333333`, {
      httpsAgent: agent,
      proxy: false,
    });
    expect(state2.data.partners).toMatchObject([
      { tenantId: "0000cccc-0000-4000-8000-000000000003", isServiceProvider: true },
    ]);
    const settings = await axios.get(`${s.url}/_emulator/settings`, { httpsAgent: agent, proxy: false });
    expect(settings.data).toMatchObject({ missingPartner: "autoCreate", replicationLagMode: "stale" });
    const tok = await axios.post(
      `${s.url}/77777777-7777-4777-8777-777777777777/oauth2/v2.0/token`,
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "88888888-8888-4888-8888-888888888888",
        client_secret: "ci-secret",
        scope: `${s.url}/.default`,
      }).toString(),
      { httpsAgent: agent, proxy: false, headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    );
    expect(tok.status).toBe(200);
    agent.destroy();
  } finally {
    const exited = exitOf(s.child);
    s.child.kill("SIGINT");
    expect((await exited).code).toBe(0);
  }
  const bad = spawn(process.execPath, [CLI, "--bogus"], { stdio: "ignore" });
  expect((await exitOf(bad)).code).toBe(2);
});
