// `export` against the emulator over HTTPS with a tenant of 49 partners of varied shapes: one Graph request per
// page (never one per partner), byte-identical re-exports, the generated project type-checks, managed partners
// commented out, subsets, beta group sync, bounded under throttling and failures, nothing written on failure.
import * as fs from "fs";
import * as path from "path";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { cli, emulatorEnv } from "./cliHarness";
import { compileProgram, scratchDir } from "./compileProgram";
import { fixtureTenant, variedTenant } from "../../testkit/variedTenant";

const fixture = variedTenant();
const LIVE = fixture.all.length - fixture.managed.length;
const LIVE_POLICIES = fixture.seed.policies.filter((p) => !fixture.managed.includes(p.tenantId as string)).length;
const FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", ".gitignore", "index.ts"];
const PAGE_SIZE = 10;

let t: TestEmulator;
let work: string;

function readProject(dir: string): Record<string, string> {
  return Object.fromEntries(FILES.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

async function graphCallsDuring<T>(fn: () => Promise<T>) {
  const since = await t.admin.lastSeq();
  const result = await fn();
  const log = await t.admin.requests(since);
  return { result, graph: log.filter((e) => e.kind === "graph"), tokens: log.filter((e) => e.kind === "token") };
}

beforeAll(async () => {
  t = await startTestEmulator();
  await t.admin.reset(fixture.seed as never);
  await t.admin.settings({ pageSize: PAGE_SIZE } as never);
  work = scratchDir("cli-export");
});

afterAll(async () => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
  await t?.stop();
});

afterEach(async () => {
  await t.admin.clearFaults();
});

test("one GET per page of partners (with $expand), one for the default configuration, one for the policy; one token", async () => {
  const out = path.join(work, "first");
  const { result, graph, tokens } = await graphCallsDuring(() => cli(["export", "--out", out], emulatorEnv(t)));
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const pages = Math.ceil(fixture.all.length / PAGE_SIZE);
  expect(graph.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
    ...Array(pages).fill("GET /v1.0/policies/crossTenantAccessPolicy/partners 200"),
    "GET /v1.0/policies/crossTenantAccessPolicy/default 200",
    "GET /v1.0/policies/crossTenantAccessPolicy 200",
    // The synchronization configurations (this tenant as a source): none here.
    "GET /v1.0/servicePrincipals 200",
  ]);
  expect(graph[0].query).toContain("$expand=identitySynchronization");
  expect(decodeURIComponent(graph[graph.length - 1].query ?? "")).toContain(
    "$filter=applicationTemplateId eq '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'",
  );
  expect(tokens).toHaveLength(1);
  expect(result.stdout).toContain(
    `Exported ${LIVE} partner configurations, ${LIVE_POLICIES} identity sync policies, the default configuration and the cross-tenant access policy of tenant ${t.defaults.tenantId}`,
  );
  const sizes = Array.from({ length: pages }, (_, i) => Math.min(PAGE_SIZE, fixture.all.length - i * PAGE_SIZE)).join(
    " + ",
  );
  expect(result.stdout).toContain(
    `Graph: ${pages + 3} requests (${pages} pages of partners: ${sizes}; the default configuration; the cross-tenant access policy; 1 for synchronization configurations)`,
  );
  expect(result.stdout).toContain("3 partners not configured by this tenant itself written commented out");
  for (const f of FILES) expect(fs.existsSync(path.join(out, f))).toBe(true);
});

test("the same tenant exported twice gives byte-identical files; --stdout prints the same program", async () => {
  const a = readProject(path.join(work, "first"));
  const second = path.join(work, "second");
  // Same project name, so Pulumi.yaml and package.json can match byte for byte.
  const r = await cli(["export", "--out", second, "--project", "first"], emulatorEnv(t));
  expect(r.code).toBe(0);
  expect(readProject(second)).toEqual(a);
  const s = await cli(["export", "--stdout"], emulatorEnv(t));
  expect(s.code).toBe(0);
  expect(s.stdout).toBe(a["index.ts"]);
  expect(s.stderr).toContain(`Exported ${LIVE} partner configurations`);
});

test("the generated project: this package's version, @pulumi/pulumi, and it type-checks (tsc --noEmit)", () => {
  const dir = path.join(work, "first");
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const own = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  expect(pkg.dependencies).toEqual({
    "@pulumi/pulumi": own.peerDependencies["@pulumi/pulumi"],
    "pulumi-entra-cross-tenant": `file:./pulumi-entra-cross-tenant-${own.version}.tgz`,
  });
  expect(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).toMatch(/^name: first\n[\s\S]*typescript: true\n$/);
  const c = compileProgram(dir);
  expect(c.programErrors).toEqual([]);
  expect(c.status).toBe(0);
}, 300_000);

test("content: every configured partner, inherited settings left out, policies linked, managed ones commented out", () => {
  const text = fs.readFileSync(path.join(work, "first", "index.ts"), "utf8");
  const live = text.split("\n").filter((l) => !l.startsWith("//"));
  const constants = live.filter((l) => /^const \w+TenantId = "/.test(l));
  expect(constants).toHaveLength(fixture.all.length - fixture.managed.length);
  expect(live.filter((l) => l.startsWith("new CrossTenantIdentitySyncPolicyPartner("))).toHaveLength(LIVE_POLICIES);
  expect(live.filter((l) => /^\s+tenantId: \w+\.tenantId,$/.test(l))).toHaveLength(LIVE_POLICIES);
  expect(live.join("\n")).not.toMatch(/\bnull\b/);
  for (const id of fixture.managed) {
    for (const l of text.split("\n").filter((x) => x.includes(id))) expect(l.startsWith("//")).toBe(true);
  }
  expect(text).toContain('new CrossTenantAccessPolicyConfigurationDefault("default", {');
  // The policy's allowed clouds, sorted (a set); the default's invitation redemption in Graph's order (a precedence).
  expect(text).toContain(
    'new CrossTenantAccessPolicy("cross-tenant-access-policy", {\n    allowedCloudEndpoints: ["microsoftonline.us", "partner.microsoftonline.cn"],\n});',
  );
  expect(text).toMatch(
    /primaryIdentityProviderPrecedenceOrder: \[\s*"externalFederation",\s*"azureActiveDirectory",\s*"socialIdentityProviders",?\s*\],/,
  );
  expect(text).toContain('fallbackIdentityProvider: "emailOneTimePasscode",');
  expect(text).toMatch(
    /m365CollaborationInbound: \{\s*users: \{\s*accessType: "allowed",\s*targets: \[\{ target: "AllUsers", targetType: "user" \}\]/,
  );
  expect(text).toMatch(/m365CollaborationOutbound: \{\s*usersAndGroups: \{\s*accessType: "allowed"/);
  expect(text).toMatch(/appServiceConnectInbound: \{\s*applications: \{\s*accessType: "blocked"/);
  expect(text).not.toContain("CHECK BEFORE");
  // Every B2B setting and nested target lists made it (partner shape 3).
  for (const s of [
    "b2bCollaborationInbound",
    "b2bCollaborationOutbound",
    "b2bDirectConnectInbound",
    "b2bDirectConnectOutbound",
    "tenantRestrictions",
  ]) {
    expect(live.some((l) => l.includes(`    ${s}: {`))).toBe(true);
  }
  expect(text).toContain('{ target: "Office365", targetType: "application" }');
  // Shapes Graph returns that are declared as they are (partner shapes 10 and 11, the default configuration).
  const blocks = (name: string) =>
    live
      .join("\n")
      .split(`    ${name}: {\n`)
      .slice(1)
      .map((b) => b.slice(0, b.indexOf("\n    },")));
  expect(
    blocks("b2bCollaborationOutbound").some((b) => b.includes("usersAndGroups") && !b.includes("applications")),
  ).toBe(true);
  expect(blocks("tenantRestrictions").some((b) => b.includes("applications") && !b.includes("usersAndGroups"))).toBe(
    true,
  );
  expect(text).toContain('usersAndGroups: { accessType: "blocked", targets: [] },');
  // The device filters (a partner's and the default's) are named as left as they are.
  const unmanaged =
    text.match(/\/\/ Not managed by this package, left as they are: [^.]*(\.devices)?[^\n]*(\n\/\/ [^\n]*)*/g) ?? [];
  expect(unmanaged.filter((c) => c.includes("tenantRestrictions.devices")).length).toBeGreaterThanOrEqual(2);
  expect(text).toMatch(/isHybridAzureADJoinedDeviceAccepted: false/); // the default's null leaf
});

test("the inherited shape does not matter: objects of nulls export exactly like nulls", async () => {
  await t.admin.settings({ inheritedSettingShape: "nullLeaves" } as never);
  try {
    const r = await cli(["export", "--stdout"], emulatorEnv(t));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(path.join(work, "first", "index.ts"), "utf8"));
  } finally {
    await t.admin.settings({ inheritedSettingShape: "null" } as never);
  }
});

test("--api-version beta: partner display names, group sync, Pulumi.yaml sets entra:apiVersion; it type-checks", async () => {
  const out = path.join(work, "beta");
  const { result, graph } = await graphCallsDuring(() =>
    cli(["export", "--out", out, "--api-version", "beta"], emulatorEnv(t)),
  );
  expect(result.code).toBe(0);
  expect(graph.every((e) => e.apiVersion === "beta" && e.method === "GET")).toBe(true);
  const text = fs.readFileSync(path.join(out, "index.ts"), "utf8");
  expect(text).toMatch(/groupSyncInbound: \{ isSyncAllowed: true \}/);
  expect(text).toMatch(/groupSyncInbound: \{ isSyncAllowed: false \}/);
  expect(text).toContain('new CrossTenantAccessPolicyConfigurationPartner("fabrikam-and-co-emea-9", {');
  expect(fs.readFileSync(path.join(out, "Pulumi.yaml"), "utf8")).toContain("  entra:apiVersion: beta\n");
  const c = compileProgram(out);
  expect(c.programErrors).toEqual([]);
}, 300_000);

test("--partner exports a subset with the same number of requests; an unknown partner writes nothing", async () => {
  const a = fixtureTenant(2);
  const b = fixtureTenant(4);
  const { result, graph } = await graphCallsDuring(() =>
    cli(
      ["export", "--stdout", "--partner", a, "--partner", b.toUpperCase(), "--skip-default", "--skip-policy"],
      emulatorEnv(t),
    ),
  );
  expect(result.code).toBe(0);
  expect(graph).toHaveLength(Math.ceil(fixture.all.length / PAGE_SIZE));
  const consts = result.stdout.split("\n").filter((l) => /^const \w+TenantId = "/.test(l));
  expect(consts.map((l) => l.replace(/^.*= "|";$/g, "")).sort()).toEqual([a, b].sort());
  expect(result.stdout).not.toContain("CrossTenantAccessPolicyConfigurationDefault");
  expect(result.stdout).not.toContain("new CrossTenantAccessPolicy(");

  const out = path.join(work, "unknown");
  const missing = "0badbad0-0000-4000-8000-000000000000";
  const r = await cli(["export", "--out", out, "--partner", missing], emulatorEnv(t));
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`no partner configuration for ${missing} in this tenant`);
  expect(fs.existsSync(out)).toBe(false);
  const bad = await cli(["export", "--stdout", "--partner", "contoso"], emulatorEnv(t));
  expect(bad.code).toBe(2);
});

test("--include-managed manages them too; --connection names the connection on every resource", async () => {
  const r = await cli(["export", "--stdout", "--include-managed", "--connection", "target"], emulatorEnv(t));
  expect(r.code).toBe(0);
  for (const id of fixture.managed) expect(r.stdout).toMatch(new RegExp(`^const \\w+TenantId = "${id}";$`, "m"));
  const resources = (r.stdout.match(/^(?:const \w+ = )?new \w+\(/gm) ?? []).length;
  // One-line declarations (e.g. the policy's) carry it inline.
  expect((r.stdout.match(/\bconnection: "target"/g) ?? []).length).toBe(resources);
});

test("an existing project is not overwritten without --force; exactly one of --out and --stdout", async () => {
  const dir = path.join(work, "first");
  const before = readProject(dir);
  const r = await cli(["export", "--out", dir], emulatorEnv(t));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--force");
  expect(readProject(dir)).toEqual(before);
  const forced = await cli(["export", "--out", dir, "--force"], emulatorEnv(t));
  expect(forced.code).toBe(0);
  expect(readProject(dir)).toEqual(before);
  expect((await cli(["export"], emulatorEnv(t))).code).toBe(2);
  expect((await cli(["export", "--out", dir, "--stdout"], emulatorEnv(t))).code).toBe(2);
});

test("--package-spec names this package in package.json as given (e.g. the tarball); the next steps say plain npm install", async () => {
  const dir = path.join(work, "spec");
  const spec = "file:../pulumi-entra-cross-tenant-0.1.0.tgz";
  const r = await cli(["export", "--out", dir, "--package-spec", spec], emulatorEnv(t));
  expect(r.code).toBe(0);
  expect(
    JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies["pulumi-entra-cross-tenant"],
  ).toBe(spec);
  expect(r.stdout).toMatch(/cd \S+ && npm install\n/);
  // without it, package.json names the tarball next to it and the next steps say to copy it there first
  const plain = await cli(["export", "--out", path.join(work, "no-spec")], emulatorEnv(t));
  expect(
    JSON.parse(fs.readFileSync(path.join(work, "no-spec", "package.json"), "utf8")).dependencies[
      "pulumi-entra-cross-tenant"
    ],
  ).toBe("file:./pulumi-entra-cross-tenant-0.1.0.tgz");
  expect(plain.stdout).toContain("cp <path>/pulumi-entra-cross-tenant-0.1.0.tgz");
  expect(plain.stdout).toContain("--package-spec file:");
  expect(
    (await cli(["export", "--out", path.join(work, "empty-spec"), "--package-spec", " "], emulatorEnv(t))).code,
  ).toBe(2);
});

test("throttled: a 429 with Retry-After is waited out by the provider's Graph client and the export completes", async () => {
  await t.admin.addFault({
    match: { method: "GET", path: "/partners" },
    times: 1,
    action: { type: "status", status: 429, retryAfter: 1 },
  } as never);
  const started = Date.now();
  const { result, graph } = await graphCallsDuring(() => cli(["export", "--stdout"], emulatorEnv(t)));
  expect(result.code).toBe(0);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(graph.filter((e) => e.status === 429)).toHaveLength(1);
  expect(result.stdout).toBe(fs.readFileSync(path.join(work, "first", "index.ts"), "utf8"));
});

test("Graph keeps failing: bounded by --max-retries and --timeout, a clear error with code and request-id, nothing written", async () => {
  await t.admin.addFault({
    match: { method: "GET", path: "/partners" },
    times: "always",
    action: { type: "status", status: 503 },
  } as never);
  const out = path.join(work, "failing");
  const started = Date.now();
  const r = await cli(["export", "--out", out, "--max-retries", "2", "--timeout", "20"], emulatorEnv(t));
  expect(r.code).toBe(1);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(r.stderr).toMatch(
    /Graph GET \/v1\.0\/policies\/crossTenantAccessPolicy\/partners\S* failed: 503 \w+: .* \(request-id: [0-9a-f-]+/,
  );
  expect(r.stderr).toContain("attempts: 3");
  expect(fs.existsSync(out)).toBe(false);
  expect(r.output).not.toContain(t.defaults.readWrite.clientSecret);
});

test("another tenant through --tenant-id (the same multi-tenant app consented there) exports that tenant's partners", async () => {
  const second = t.defaults.second.tenantId;
  const partner = fixtureTenant(0x5ec, "5ec0");
  await t.admin.seed(
    {
      partners: [{ tenantId: partner, automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: true } }],
    } as never,
    second,
  );
  const r = await cli(["export", "--stdout", "--tenant-id", second, "--connection", "source"], emulatorEnv(t));
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`of tenant ${second}`);
  expect(r.stdout.split("\n").filter((l) => /^const \w+TenantId = "/.test(l))).toEqual([
    `const partner5ec00000TenantId = "${partner}";`,
  ]);
  expect(r.stdout).toContain("automaticUserConsentSettings: { outboundAllowed: true },");
  expect(r.stdout).toContain('connection: "source",');
});

test("a wrong secret: the export fails with the AADSTS code and points to check; nothing written", async () => {
  const out = path.join(work, "wrong-secret");
  const r = await cli(
    ["export", "--out", out],
    emulatorEnv(t, "readWrite", { ARM_CLIENT_SECRET: "wrong-secret-value-0815" }),
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("AADSTS7000215");
  expect(r.stderr).toContain("pulumi-entra-cross-tenant check");
  expect(r.output).not.toContain("wrong-secret-value-0815");
  expect(fs.existsSync(out)).toBe(false);
});

test("a read-only app can export (Policy.Read.All); an app without it gets the 403 with the permission to grant", async () => {
  const ok = await cli(["export", "--stdout"], emulatorEnv(t, "readOnly"));
  expect(ok.code).toBe(0);
  const denied = await cli(["export", "--stdout"], emulatorEnv(t, "noRoles"));
  expect(denied.code).toBe(1);
  expect(denied.stderr).toMatch(/403 Authorization_RequestDenied/);
  expect(denied.stderr).toContain("Policy.Read.All");
});
