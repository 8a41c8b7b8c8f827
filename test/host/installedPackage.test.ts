// The package as a user installs it (`npm pack` extracted into the program's node_modules, next to @pulumi/pulumi),
// driven through the real dynamic-provider host over gRPC:
// - Pulumi stores a one-line module reference per resource type instead of the 2.3 KB stub;
// - the host runs whichever package version is installed, so an upgrade changes how existing resources are
//   refreshed and destroyed (pulumi#16826 is the opposite: old code frozen into state);
// - state written by the 2.3 KB stub (test/provider/fixtures/serialized-provider.txt) keeps working next to it;
// - a layout where a module reference would not load back (pnpm's `.pnpm/` store) falls back to the stub.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";
import { entraConfig } from "../../testkit/entraConfig";
import { partnerTenant } from "../../testkit/tenantIds";
import {
  captureRegistrations,
  DiffChanges,
  HostCallError,
  installPackage,
  packPackage,
  isSecret,
  PACKAGE_NAME,
  ProviderHost,
  Props,
  REPO_ROOT,
  Registration,
  secret,
  urnOf,
} from "../../testkit/providerHost";

jest.setTimeout(180000);

const PROJECT = "installedproj";
const POLICY_TYPE = "CrossTenantIdentitySyncPolicyPartner";
const tenants = Array.from({ length: 8 }, (_, i) => partnerTenant(i + 1, "1a57a11e"));
const STUB_TEXT = fs.readFileSync(
  path.join(REPO_ROOT, "test", "provider", "fixtures", "serialized-provider.txt"),
  "utf8",
);
/** Types that have their own provider module (provider/host/providers/<Type>.ts). */
const MODULE_TYPES = fs
  .readdirSync(path.join(REPO_ROOT, "provider", "host", "providers"))
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
  .map((f) => f.replace(/\.ts$/, ""));

let emu: RunningEmulator;
let admin: EmulatorAdmin;
let programDir: string;
let regs: Registration[];
let moduleText: string;
const hosts: ProviderHost[] = [];

function stackConfig(): Record<string, unknown> {
  return {
    ...entraConfig(emu),
    "entra:clientSecret": secret(emu.defaults.readWrite.clientSecret),
    "entra:operationTimeoutSeconds": "30",
    "entra:replicationWaitSeconds": "2",
  };
}

/** A new provider process in the program directory, as each `pulumi up/refresh/destroy` starts one. */
async function startHost(): Promise<ProviderHost> {
  const host = await ProviderHost.start({ cwd: programDir, project: PROJECT });
  hosts.push(host);
  await host.configure(stackConfig());
  return host;
}

const urn = (name: string) => urnOf(`pulumi-nodejs:dynamic/entra:${POLICY_TYPE}`, name, PROJECT);
const news = (tenantId: string, providerText: string, extra: Props = {}): Props => ({
  tenantId,
  displayName: `Partner ${tenantId.slice(-4)}`,
  userSyncInbound: { isSyncAllowed: true },
  __provider: providerText,
  ...extra,
});

async function createVia(host: ProviderHost, tenantId: string, providerText: string) {
  const checked = await host.check(urn(tenantId), {}, news(tenantId, providerText));
  expect(checked.failures).toEqual([]);
  const created = await host.create(urn(tenantId), checked.inputs);
  return { id: created.id, inputs: checked.inputs, outputs: created.properties };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as HostCallError,
  );

/**
 * A faulty release over the installed copy: same files, but the runtime's refresh and delete throw. The stored
 * provider texts are not touched; only what `node_modules` holds changes, as with `npm install <pkg>@<version>`.
 */
function installFaultyRelease(): void {
  const root = path.join(programDir, "node_modules", PACKAGE_NAME);
  const pkgFile = path.join(root, "package.json");
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { version: string };
  fs.writeFileSync(pkgFile, JSON.stringify({ ...pkg, version: `${pkg.version}-faulty` }, null, 2));
  fs.appendFileSync(
    path.join(root, "dist", "provider", "host", "runtime.js"),
    `
;(() => {
    const fail = (what) => async () => { throw new Error("FAULTY-RELEASE " + what); };
    const typed = exports.provider;
    exports.provider = (t) => ({ ...typed(t), read: fail("read"), delete: fail("delete") });
    exports.read = fail("read");
    exports.delete = fail("delete");
})();
`,
  );
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: { partners: tenants.map((tenantId) => ({ tenantId })) } });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  fs.mkdirSync(path.join(REPO_ROOT, ".e2e"), { recursive: true });
  programDir = fs.mkdtempSync(path.join(REPO_ROOT, ".e2e", "installed-"));
  installPackage(programDir);
  regs = await captureRegistrations({
    cwd: programDir,
    project: PROJECT,
    program: `
const pulumi = require("@pulumi/pulumi");
const { CrossTenantIdentitySyncPolicyPartner } = require("${PACKAGE_NAME}");
for (const [i, tenantId] of ${JSON.stringify(tenants.slice(0, 2))}.entries()) {
  new CrossTenantIdentitySyncPolicyPartner("policy-" + i, { tenantId, userSyncInbound: { isSyncAllowed: true } });
}
// Every type with a provider module, through the installed package's own providerFor (what resource classes call).
const { providerFor } = require(require.resolve("${PACKAGE_NAME}").replace(/index\\.js$/, "program/providerFor.js"));
for (const t of ${JSON.stringify(MODULE_TYPES)}) {
  for (const n of [1, 2]) new pulumi.dynamic.Resource(providerFor(t), t + "-" + n, { tenantId: "x" }, {}, "entra", t);
}
`,
  });
  moduleText = regs.find((r) => r.type.endsWith(`:${POLICY_TYPE}`))!.inputs.__provider as string;
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await emu?.stop();
  if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
});

describe("stored provider text when the package is installed under node_modules", () => {
  test("is a one-line module reference per type, the same for every resource of the type, ≤ 400 B, not secret", () => {
    for (const type of [POLICY_TYPE, ...MODULE_TYPES]) {
      const texts = regs
        .filter((r) => r.type === `pulumi-nodejs:dynamic/entra:${type}`)
        .map((r) => r.inputs.__provider);
      expect(texts.length).toBeGreaterThanOrEqual(2);
      expect(new Set(texts).size).toBe(1);
      const text = texts[0] as string;
      expect(isSecret(text)).toBe(false);
      expect([...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).toEqual([
        `"${PACKAGE_NAME}/providers/${type}"`,
      ]);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(400);
    }
    console.log(
      `module-reference provider text: ${Buffer.byteLength(moduleText)} B per copy (stub: ${Buffer.byteLength(STUB_TEXT)} B)`,
    );
  });
});

describe("dynamic-provider host over the installed package", () => {
  test("runs the whole lifecycle from the module reference", async () => {
    const host = await startHost();
    const tenantId = tenants[2];
    const { id, inputs, outputs } = await createVia(host, tenantId, moduleText);
    expect(outputs.__provider).toBe(moduleText);
    expect(await admin.policy(tenantId)).toMatchObject({ tenantId });
    const read = await host.read(urn(tenantId), id, outputs, inputs);
    expect(read.properties).toMatchObject({ tenantId, userSyncInbound: { isSyncAllowed: true } });
    expect((await host.diff(urn(tenantId), id, read.properties, inputs, inputs)).changes).toBe(DiffChanges.None);
    const changed = (await host.check(urn(tenantId), inputs, news(tenantId, moduleText, { displayName: "Renamed" })))
      .inputs;
    expect((await host.diff(urn(tenantId), id, read.properties, changed, inputs)).changes).toBe(DiffChanges.Some);
    const updated = await host.update(urn(tenantId), id, read.properties, changed, inputs);
    expect(updated).toMatchObject({ displayName: "Renamed", __provider: moduleText });
    await host.delete(urn(tenantId), id, updated, changed);
    expect(await admin.policy(tenantId)).toBeUndefined();
  });

  test("state written by the 2.3 KB stub keeps working, and shares the process's one token with module references", async () => {
    const host = await startHost();
    const mark = await admin.lastSeq();
    const legacy = await createVia(host, tenants[3], STUB_TEXT);
    const current = await createVia(host, tenants[4], moduleText);
    expect(legacy.outputs.__provider).toBe(STUB_TEXT);

    // The next `pulumi up` of the upgraded program: news carry the module reference, the stored outputs the stub.
    const checked = await host.check(urn(tenants[3]), legacy.inputs, news(tenants[3], moduleText));
    expect(checked.failures).toEqual([]);
    expect((await host.diff(urn(tenants[3]), legacy.id, legacy.outputs, checked.inputs, legacy.inputs)).changes).toBe(
      DiffChanges.None,
    );
    const renamed = (
      await host.check(urn(tenants[3]), legacy.inputs, news(tenants[3], moduleText, { displayName: "Legacy renamed" }))
    ).inputs;
    const updated = await host.update(urn(tenants[3]), legacy.id, legacy.outputs, renamed, legacy.inputs);
    expect(updated).toMatchObject({ displayName: "Legacy renamed" });

    // Refresh and destroy run the stored outputs' text: the stub for the old resource.
    const read = await host.read(urn(tenants[3]), legacy.id, legacy.outputs, legacy.inputs);
    expect(read.properties).toMatchObject({
      tenantId: tenants[3],
      displayName: "Legacy renamed",
      __provider: STUB_TEXT,
    });
    await host.delete(urn(tenants[3]), legacy.id, legacy.outputs, legacy.inputs);
    await host.delete(urn(tenants[4]), current.id, current.outputs, current.inputs);
    expect(await admin.policy(tenants[3])).toBeUndefined();
    expect(await admin.policy(tenants[4])).toBeUndefined();
    expect((await admin.requests(mark)).filter((r) => r.kind === "token")).toHaveLength(1);
  });

  test("an upgrade of the installed package changes how existing resources are refreshed and destroyed", async () => {
    const host = await startHost();
    const viaModule = await createVia(host, tenants[5], moduleText);
    const viaStub = await createVia(host, tenants[6], STUB_TEXT);
    await host.stop();

    try {
      installFaultyRelease();
      // `pulumi refresh` / `pulumi destroy` after installing the faulty release: same state, its code runs.
      const faulty = await startHost();
      for (const s of [viaModule, viaStub]) {
        expect((await failure(faulty.read(urn(s.id), s.id, s.outputs, s.inputs)))?.details).toContain(
          "FAULTY-RELEASE read",
        );
        expect((await failure(faulty.delete(urn(s.id), s.id, s.outputs, s.inputs)))?.details).toContain(
          "FAULTY-RELEASE delete",
        );
        expect(await admin.policy(s.id)).toMatchObject({ tenantId: s.id });
      }
      await faulty.stop();
    } finally {
      installPackage(programDir); // the fixed release
    }

    const fixed = await startHost();
    for (const s of [viaModule, viaStub]) {
      expect((await fixed.read(urn(s.id), s.id, s.outputs, s.inputs)).id).toBe(s.id);
      await fixed.delete(urn(s.id), s.id, s.outputs, s.inputs);
      expect(await admin.policy(s.id)).toBeUndefined();
    }
  });
});

describe("a layout where a module reference would not load back", () => {
  test("pnpm's store (node_modules/.pnpm/<pkg>@<version>/node_modules/<pkg>, symlinked): the stub, which the host runs", async () => {
    const pnpmDir = fs.mkdtempSync(path.join(REPO_ROOT, ".e2e", "pnpm-"));
    try {
      const store = path.join(pnpmDir, "node_modules", ".pnpm", `${PACKAGE_NAME}@0.0.0`, "node_modules", PACKAGE_NAME);
      fs.mkdirSync(store, { recursive: true });
      execFileSync("tar", ["-xzf", packPackage(), "-C", store, "--strip-components=1"]);
      fs.symlinkSync(
        path.relative(path.join(pnpmDir, "node_modules"), store),
        path.join(pnpmDir, "node_modules", PACKAGE_NAME),
      );
      installPackage(pnpmDir, undefined, { sdkOnly: true });
      const pnpmRegs = await captureRegistrations({
        cwd: pnpmDir,
        project: PROJECT,
        program: `
const { CrossTenantIdentitySyncPolicyPartner } = require("${PACKAGE_NAME}");
new CrossTenantIdentitySyncPolicyPartner("p", { tenantId: ${JSON.stringify(tenants[7])}, userSyncInbound: { isSyncAllowed: true } });
`,
      });
      const text = pnpmRegs.find((r) => r.custom)!.inputs.__provider as string;
      expect(text).toBe(STUB_TEXT);

      const host = await ProviderHost.start({ cwd: pnpmDir, project: PROJECT });
      hosts.push(host);
      await host.configure(stackConfig());
      const s = await createVia(host, tenants[7], text);
      expect(await admin.policy(tenants[7])).toMatchObject({ tenantId: tenants[7] });
      await host.delete(urn(s.id), s.id, s.outputs, s.inputs);
      expect(await admin.policy(tenants[7])).toBeUndefined();
    } finally {
      fs.rmSync(pnpmDir, { recursive: true, force: true });
    }
  });
});
