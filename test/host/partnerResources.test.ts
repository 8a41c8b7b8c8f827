// Host-level tests of CrossTenantAccessPolicyConfigurationPartner and CrossTenantAccessPolicyConfigurationDefault:
// the real dynamic-provider host of @pulumi/pulumi (`cmd/dynamic-provider`) over gRPC, driven in the engine's
// order (Check with old inputs, Diff/Update/Read/Delete with old outputs), running the provider text a real
// program stores for each type, against the Graph emulator over HTTPS. Graph calls per step come from the
// emulator's request log.
//
// The program is captured twice, as test/host/dynamicProviderHost.test.ts does: with the package installed under
// the program's node_modules (what a user gets: a module reference per type) and from this repository (the
// self-link: the typed stub). The hosts run in the installed program's directory, like the engine's plugin.
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { entraConfig } from "../../testkit/entraConfig";
import { partnerPath, policyPath, DEFAULT_CONFIGURATION_PATH } from "../../testkit/graphPaths";
import { partnerTenant } from "../../testkit/tenantIds";
import {
  captureRegistrations,
  DiffChanges,
  HostCallError,
  installPackage,
  isSecret,
  PACKAGE_NAME,
  ProviderHost,
  Props,
  REPO_ROOT,
  Registration,
  secret,
  UNKNOWN,
  urnOf,
} from "../../testkit/providerHost";

jest.setTimeout(180000);

const PROJECT = "partnerhostproj";
const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const DEFAULT = "CrossTenantAccessPolicyConfigurationDefault";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";
const ACCESS = "CrossTenantAccessPolicy";
const typeToken = (t: string) => `pulumi-nodejs:dynamic/entra:${t}`;

const tenants = Array.from({ length: 12 }, (_, i) => partnerTenant(i + 1, "9a47e1"));
const G1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const G2 = "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22";
const allApps = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
const groups = (...ids: string[]) => ({
  accessType: "allowed",
  targets: ids.map((target) => ({ target, targetType: "group" })),
});
const blockGroup = {
  usersAndGroups: { accessType: "blocked", targets: [{ target: G1, targetType: "group" }] },
  applications: { accessType: "blocked", targets: [{ target: "AllApplications", targetType: "application" }] },
};
/** The system default of `b2bCollaborationInbound` (emulator/README.md, as documented). */
const systemB2B = {
  usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
  applications: allApps,
};

let emu: RunningEmulator;
let admin: EmulatorAdmin;
let programDir: string;
/** Provider text per type: `module` from the installed package, `stub` from this repository. */
const texts: Record<"module" | "stub", Record<string, string>> = { module: {}, stub: {} };
let installedRegs: Registration[];
const hosts: ProviderHost[] = [];

/**
 * The program, as a user writes it: a partner with its sync policy, the tenant's default configuration, and its
 * cross-tenant access policy (the other clouds it collaborates with).
 */
const PROGRAM = `
const { CrossTenantAccessPolicy, CrossTenantAccessPolicyConfigurationPartner, CrossTenantAccessPolicyConfigurationDefault, CrossTenantIdentitySyncPolicyPartner } = require("${PACKAGE_NAME}");
const partner = new CrossTenantAccessPolicyConfigurationPartner("fabrikam", {
  tenantId: ${JSON.stringify(tenants[0].toUpperCase())},
  automaticUserConsentSettings: { inboundAllowed: true },
  b2bCollaborationInbound: { usersAndGroups: ${JSON.stringify(groups(G1))}, applications: ${JSON.stringify(allApps)} },
});
new CrossTenantAccessPolicyConfigurationPartner("contoso", { tenantId: ${JSON.stringify(tenants[1])} });
new CrossTenantIdentitySyncPolicyPartner("fabrikam-sync", { tenantId: partner.tenantId, userSyncInbound: { isSyncAllowed: true } });
new CrossTenantAccessPolicyConfigurationDefault("default", {
  b2bCollaborationInbound: ${JSON.stringify(blockGroup)},
  inboundTrust: { isMfaAccepted: true },
});
new CrossTenantAccessPolicy("clouds", { allowedCloudEndpoints: ["microsoftonline.us"] });
`;

function stackConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...entraConfig(emu),
    "entra:clientSecret": secret(emu.defaults.readWrite.clientSecret),
    "entra:operationTimeoutSeconds": "30",
    [`${PROJECT}:unrelated`]: "value",
    ...overrides,
  };
}

/** A new provider process in the program directory, configured: each `pulumi up/refresh/destroy` starts one. */
async function startHost(overrides: Record<string, unknown> = {}): Promise<ProviderHost> {
  const host = await ProviderHost.start({ cwd: programDir, project: PROJECT });
  hosts.push(host);
  await host.configure(stackConfig(overrides));
  return host;
}

const urn = (type: string, name: string) => urnOf(typeToken(type), name, PROJECT);
const registered = (name: string): Props => ({ ...installedRegs.find((r) => r.name === name)!.inputs });
const partnerNews = (tenantId: string, extra: Props = {}): Props => ({
  tenantId,
  __provider: texts.module[PARTNER],
  ...extra,
});
const defaultNews = (extra: Props = {}): Props => ({ __provider: texts.module[DEFAULT], ...extra });

/** Graph calls ("METHOD status") and token grants since the previous `next()`. */
class Steps {
  private mark = 0;
  async start(): Promise<this> {
    this.mark = await admin.lastSeq();
    return this;
  }
  async next(): Promise<{ calls: string[]; entries: LoggedRequest[]; tokens: number }> {
    const all = await admin.requests(this.mark);
    this.mark = all.length ? Math.max(...all.map((r) => r.seq)) : this.mark;
    const graph = all.filter((r) => r.kind === "graph");
    return {
      calls: graph.map((r) => `${r.method} ${r.status}`),
      entries: graph,
      tokens: all.filter((r) => r.kind === "token").length,
    };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const failure = (p: Promise<unknown>): Promise<HostCallError | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => e as HostCallError,
  );

/** Check + Create of a partner, as the engine does for a new resource. */
async function createPartner(host: ProviderHost, news: Props) {
  const checked = await host.check(urn(PARTNER, String(news.tenantId)), {}, news);
  expect(checked.failures).toEqual([]);
  const created = await host.create(urn(PARTNER, String(news.tenantId)), checked.inputs);
  return { id: created.id, inputs: checked.inputs, outputs: created.properties };
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  fs.mkdirSync(path.join(REPO_ROOT, ".e2e"), { recursive: true });
  programDir = fs.mkdtempSync(path.join(REPO_ROOT, ".e2e", "partner-host-"));
  installPackage(programDir);
  const [installed, repo] = await Promise.all([
    captureRegistrations({ cwd: programDir, project: PROJECT, program: PROGRAM }),
    captureRegistrations({ project: PROJECT, program: PROGRAM }),
  ]);
  installedRegs = installed;
  for (const [layout, regs] of [
    ["module", installed],
    ["stub", repo],
  ] as const) {
    for (const type of [PARTNER, DEFAULT, POLICY, ACCESS]) {
      const r = regs.find((x) => x.type === typeToken(type));
      if (r) texts[layout][type] = r.inputs.__provider as string;
    }
  }
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await emu?.stop();
  if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
});

afterEach(async () => {
  await admin.clearFaults();
  await admin.settings({ replicationLagMs: 0, inheritedSettingShape: "null" });
});

describe("provider text a real program stores", () => {
  test("one text per type, the same for every resource of the type, loading the package by name, holding no value or secret", () => {
    for (const type of [PARTNER, DEFAULT, ACCESS]) {
      const module = texts.module[type];
      expect(module).toBeDefined();
      expect(isSecret(module)).toBe(false);
      expect([...module.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).toEqual([
        `"${PACKAGE_NAME}/providers/${type}"`,
      ]);
      const stub = texts.stub[type];
      expect(stub).toContain(`require("${PACKAGE_NAME}/runtime")`);
      expect(stub).toContain(type);
      for (const text of [module, stub]) {
        expect(text).not.toContain(tenants[0]);
        expect(text.toLowerCase()).not.toContain(tenants[0]);
        expect(text).not.toContain(G1);
        expect(text).not.toContain(emu.defaults.readWrite.clientSecret);
      }
    }
    const partners = installedRegs.filter((r) => r.type === typeToken(PARTNER));
    expect(partners.map((r) => r.name).sort()).toEqual(["contoso", "fabrikam"]);
    expect(new Set(partners.map((r) => r.inputs.__provider)).size).toBe(1);
    // The claim of each Graph object resolved (one owner each): no conflict is sent to the provider, only the
    // resource's own label (for the message of a delete skipped after a rename; check() removes it).
    for (const r of installedRegs) {
      expect(
        Object.keys(r.inputs)
          .filter((k) => k.startsWith("__"))
          .sort(),
      ).toEqual(["__owner", "__provider"]);
      expect(r.inputs.__owner).toBe(`${r.type.split(":").pop()} "${r.name}"`);
    }
    console.log(
      `provider text bytes: ${[PARTNER, DEFAULT].map((t) => `${t} ${Buffer.byteLength(texts.module[t])} (installed) / ${Buffer.byteLength(texts.stub[t])} (stub)`).join("; ")}`,
    );
  });
});

describe("check: bad inputs are failures naming the property, with no Graph call and no token", () => {
  test("partner", async () => {
    const steps = await new Steps().start();
    const host = await startHost();
    const cases: [Props, string, RegExp][] = [
      [{ tenantId: "not-a-guid" }, "tenantId", /tenantId must be the partner tenant's ID as a GUID/],
      [
        { tenantId: tenants[2], b2bCollaborationInbound: {} },
        "b2bCollaborationInbound",
        /must set usersAndGroups, applications or both/,
      ],
      [
        {
          tenantId: tenants[2],
          b2bCollaborationInbound: {
            usersAndGroups: {
              accessType: "allowed",
              targets: [
                { target: "AllUsers", targetType: "user" },
                { target: G1, targetType: "group" },
              ],
            },
            applications: allApps,
          },
        },
        "b2bCollaborationInbound.usersAndGroups.targets",
        /"AllUsers" cannot be combined with other targets/,
      ],
      [
        {
          tenantId: tenants[2],
          b2bDirectConnectOutbound: {
            usersAndGroups: { accessType: "allow", targets: [{ target: G1, targetType: "group" }] },
            applications: allApps,
          },
        },
        "b2bDirectConnectOutbound.usersAndGroups.accessType",
        /must be "allowed" or "blocked", got "allow". Did you mean "allowed"\?/,
      ],
      [
        {
          tenantId: tenants[2],
          tenantRestrictions: {
            usersAndGroups: { accessType: "allowed", targets: [{ target: G1, targetType: "application" }] },
            applications: allApps,
          },
        },
        "tenantRestrictions.usersAndGroups.targets[0].targetType",
        /must be "user" or "group" in usersAndGroups.*belong in applications/,
      ],
      [
        { tenantId: tenants[2], inboundTrust: { isMfaAccepted: "yes" } },
        "inboundTrust.isMfaAccepted",
        /true or false|boolean/,
      ],
      [
        { tenantId: tenants[2], userSyncInbound: { isSyncAllowed: true } },
        "userSyncInbound",
        /belongs to the identity sync policy.*CrossTenantIdentitySyncPolicyPartner/,
      ],
      [
        { tenantId: tenants[2], isServiceProvider: true },
        "isServiceProvider",
        /delegated \(user\) sign-in.*read-only output/,
      ],
      [
        { tenantId: tenants[2], automaticUserConsentSetting: { inboundAllowed: true } },
        "automaticUserConsentSetting",
        /did you mean "automaticUserConsentSettings"/,
      ],
    ];
    for (const [news, property, reason] of cases) {
      const checked = await host.check(urn(PARTNER, "bad"), {}, partnerNews(String(news.tenantId), news));
      // A nested path, or an object input, goes without a property (the engine would print its value as <nil>, or
      // its Go rendering); its reason names it.
      const value = (news as Record<string, unknown>)[property];
      const nested = /[.[]/.test(property) || (value !== null && typeof value === "object");
      expect({ property, failures: checked.failures.map((f) => f.property) }).toEqual({
        property,
        failures: [nested ? "" : property],
      });
      expect(checked.failures[0].reason).toMatch(reason);
      if (nested) expect(checked.failures[0].reason).toContain(property);
    }
    const { calls, tokens } = await steps.next();
    expect({ calls, tokens }).toEqual({ calls: [], tokens: 0 });
    expect(host.exitCode).toBeNull();
  });

  test("default configuration", async () => {
    const steps = await new Steps().start();
    const host = await startHost();
    const cases: [Props, string, RegExp][] = [
      [
        { automaticUserConsentSettings: { inboundAllowed: true } },
        "automaticUserConsentSettings",
        /read-only in the default configuration.*Set it per partner on a CrossTenantAccessPolicyConfigurationPartner/,
      ],
      [
        { tenantId: tenants[2] },
        "tenantId",
        /has no tenantId; for one partner use CrossTenantAccessPolicyConfigurationPartner/,
      ],
      [
        {
          b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: { ...allApps, accessType: "blocked" } },
        },
        "b2bCollaborationInbound.applications.accessType",
        /must be the same; got "allowed" and "blocked"/,
      ],
      [
        { b2bDirectConnectInbound: { usersAndGroups: groups(G1), applications: allApps } },
        "b2bDirectConnectInbound.usersAndGroups.targets",
        /supports only \[\{ target: "AllUsers", targetType: "user" \}\]/,
      ],
      [{ adoptExisting: true }, "adoptExisting", /always exists/],
    ];
    for (const [news, property, reason] of cases) {
      const checked = await host.check(urn(DEFAULT, "bad"), {}, defaultNews(news));
      // A nested path, or an object input, goes without a property (the engine would print its value as <nil>, or
      // its Go rendering); its reason names it.
      const value = (news as Record<string, unknown>)[property];
      const nested = /[.[]/.test(property) || (value !== null && typeof value === "object");
      expect({ property, failures: checked.failures.map((f) => f.property) }).toEqual({
        property,
        failures: [nested ? "" : property],
      });
      expect(checked.failures[0].reason).toMatch(reason);
      if (nested) expect(checked.failures[0].reason).toContain(property);
    }
    const { calls, tokens } = await steps.next();
    expect({ calls, tokens }).toEqual({ calls: [], tokens: 0 });
  });
});

describe("preview: unknown values in Check and Diff", () => {
  test("partner: accepted by Check, unknown tenantId replaces (delete first), unknown target updates; no request", async () => {
    const host = await startHost();
    const { id, inputs, outputs } = await createPartner(
      host,
      partnerNews(tenants[3], { b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps } }),
    );
    const steps = await new Steps().start();

    // A new partner whose tenantId and a group's object ID come from other resources; the ownership claim is
    // still unknown too (docs/architecture.md: check ignores `__` inputs).
    const pending = await host.check(
      urn(PARTNER, "pending"),
      {},
      {
        tenantId: UNKNOWN,
        b2bCollaborationInbound: {
          usersAndGroups: { accessType: "allowed", targets: [{ target: UNKNOWN, targetType: "group" }] },
          applications: allApps,
        },
        inboundTrust: UNKNOWN,
        __ownership: UNKNOWN,
        __provider: texts.module[PARTNER],
      },
    );
    expect(pending.failures).toEqual([]);
    expect(pending.inputs).toMatchObject({ tenantId: UNKNOWN, inboundTrust: UNKNOWN });
    expect(pending.inputs).not.toHaveProperty("__ownership");

    const replace = await host.diff(urn(PARTNER, id), id, outputs, { ...inputs, tenantId: UNKNOWN }, inputs);
    expect(replace).toMatchObject({ changes: DiffChanges.Some, replaces: ["tenantId"], deleteBeforeReplace: true });
    const nested = {
      ...inputs,
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: "allowed", targets: [{ target: UNKNOWN, targetType: "group" }] },
        applications: allApps,
      },
    };
    const update = await host.diff(urn(PARTNER, id), id, outputs, nested, inputs);
    expect(update).toMatchObject({ changes: DiffChanges.Some, replaces: [], deleteBeforeReplace: false });
    const whole = await host.diff(urn(PARTNER, id), id, outputs, { ...inputs, inboundTrust: UNKNOWN }, inputs);
    expect(whole).toMatchObject({ changes: DiffChanges.Some, replaces: [] });

    const s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: [], tokens: 0 });
  });

  test("default configuration: an unknown setting is an update, never a replace; no request", async () => {
    const host = await startHost();
    const steps = await new Steps().start();
    const checked = await host.check(
      urn(DEFAULT, "default"),
      {},
      defaultNews({
        inboundTrust: UNKNOWN,
        b2bCollaborationOutbound: { usersAndGroups: UNKNOWN, applications: allApps },
      }),
    );
    expect(checked.failures).toEqual([]);
    const olds = {
      inboundTrust: {
        isMfaAccepted: true,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
      isServiceDefault: false,
      __provider: texts.module[DEFAULT],
    };
    const d = await host.diff(urn(DEFAULT, "default"), "default", olds, checked.inputs, {
      inboundTrust: olds.inboundTrust,
    });
    expect(d).toMatchObject({ changes: DiffChanges.Some, replaces: [], deleteBeforeReplace: false });
    const s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: [], tokens: 0 });
  });
});

describe("partner lifecycle in the engine's order", () => {
  test("create 1 call (+1 token), no-change preview 0, read 1, update 1 PATCH with just the changed setting, whole; removal sends null; delete 2", async () => {
    const host = await startHost();
    const steps = await new Steps().start();
    const tenantId = tenants[0];
    const u = urn(PARTNER, "fabrikam");
    const news = registered("fabrikam"); // the program's values as registered: tenantId in upper case, __provider

    // up: Check(old inputs = {}, news), then Create.
    const checked = await host.check(u, {}, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual({
      tenantId,
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
      __provider: texts.module[PARTNER],
    });
    expect(await steps.next()).toMatchObject({ calls: [], tokens: 0 });

    const created = await host.create(u, checked.inputs);
    expect(created.id).toBe(tenantId);
    expect(created.properties).toEqual({
      ...checked.inputs,
      isServiceProvider: false,
      isInMultiTenantOrganization: false,
      adopted: false,
    });
    let s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: ["POST 201"], tokens: 1 });
    // The key and the program's settings, each whole; never isServiceProvider, no @odata.type.
    expect(s.entries[0].body).toEqual({
      tenantId,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null },
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
    });

    // The next preview of the unchanged program: Check + Diff, no change, no call.
    const again = await host.check(u, checked.inputs, news);
    expect(again.inputs).toEqual(checked.inputs);
    expect((await host.diff(u, tenantId, created.properties, again.inputs, checked.inputs)).changes).toBe(
      DiffChanges.None,
    );
    expect((await steps.next()).calls).toEqual([]);

    // refresh: Read with the stored outputs and inputs; Graph agrees, so the same values come back.
    const read = await host.read(u, tenantId, created.properties, checked.inputs);
    expect(read).toEqual({ id: tenantId, properties: created.properties, inputs: checked.inputs });
    expect((await steps.next()).calls).toEqual(["GET 200"]);

    // The program adds a group to one nested target list: one PATCH carrying that setting whole, nothing else.
    const wider = { ...news, b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps } };
    const checked2 = await host.check(u, checked.inputs, wider);
    const d = await host.diff(u, tenantId, read.properties, checked2.inputs, checked.inputs);
    expect(d).toMatchObject({ changes: DiffChanges.Some, replaces: [], deleteBeforeReplace: false });
    expect((await steps.next()).calls).toEqual([]);
    const updated = await host.update(u, tenantId, read.properties, checked2.inputs, checked.inputs);
    expect(updated).toEqual({
      ...created.properties,
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
    });
    s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: ["PATCH 204"], tokens: 0 });
    expect(s.entries[0].path).toBe(`/v1.0${partnerPath(tenantId)}`);
    expect(s.entries[0].body).toEqual({
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
    });
    expect(await admin.partner(tenantId)).toMatchObject({
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
    });

    // The program drops a setting: it goes back to "inherit", one PATCH with null.
    const without: Props = { ...wider };
    delete without.automaticUserConsentSettings;
    const checked3 = await host.check(u, checked2.inputs, without);
    expect((await host.diff(u, tenantId, updated, checked3.inputs, checked2.inputs)).changes).toBe(DiffChanges.Some);
    const updated2 = await host.update(u, tenantId, updated, checked3.inputs, checked2.inputs);
    expect(updated2).not.toHaveProperty("automaticUserConsentSettings");
    s = await steps.next();
    // Removing inbound consent first asks whether a sync policy still needs it (one GET, only in that transition).
    expect(s.calls).toEqual(["GET 404", "PATCH 204"]);
    expect(s.entries[0].path).toMatch(/\/identitySynchronization$/);
    expect(s.entries[1].body).toEqual({ automaticUserConsentSettings: null });
    expect((await admin.partner(tenantId))?.automaticUserConsentSettings ?? null).toBeNull();

    // destroy: Delete with the stored outputs; DELETE, then one GET that confirms the 404.
    await host.delete(u, tenantId, updated2, checked3.inputs);
    s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: ["DELETE 204", "GET 404"], tokens: 0 });
    expect(await admin.partner(tenantId)).toBeUndefined();
    expect(host.stdout + host.stderr).not.toContain(emu.defaults.readWrite.clientSecret);
  });

  test("refresh of a partner deleted outside Pulumi drops it (empty id) with one GET; destroy of it then succeeds", async () => {
    const tenantId = tenants[9];
    const up = await startHost();
    const { id, inputs, outputs } = await createPartner(
      up,
      partnerNews(tenantId, { inboundTrust: { isMfaAccepted: true } }),
    );
    expect((await admin.graph("DELETE", `/v1.0${partnerPath(tenantId)}`)).status).toBe(204);
    const refresher = await startHost();
    const steps = await new Steps().start();
    expect((await refresher.read(urn(PARTNER, id), id, outputs, inputs)).id).toBe("");
    expect((await steps.next()).calls).toEqual(["GET 404"]);
    await expect(refresher.delete(urn(PARTNER, id), id, outputs, inputs)).resolves.toBeUndefined();
    expect((await steps.next()).calls).toEqual(["DELETE 404"]);
  });
});

describe("default configuration lifecycle in the engine's order", () => {
  test("create GET + PATCH of what differs, no-change preview 0, read 1, update 1 PATCH, a dropped setting 0, delete resetToSystemDefault", async () => {
    const host = await startHost();
    const steps = await new Steps().start();
    const u = urn(DEFAULT, "default");
    const news = registered("default");
    const trust = { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false };

    const checked = await host.check(u, {}, news);
    expect(checked.failures).toEqual([]);
    // An omitted inboundTrust leaf is false in the default configuration (nothing to inherit from).
    expect(checked.inputs).toEqual({
      b2bCollaborationInbound: blockGroup,
      inboundTrust: trust,
      __provider: texts.module[DEFAULT],
    });
    const created = await host.create(u, checked.inputs);
    expect(created.id).toBe("default");
    // automaticUserConsentSettings: read-only in the default configuration (always false), an output.
    const consent = { inboundAllowed: false, outboundAllowed: false };
    expect(created.properties).toEqual({
      ...checked.inputs,
      isServiceDefault: false,
      automaticUserConsentSettings: consent,
    });
    let s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: ["GET 200", "PATCH 204"], tokens: 1 });
    expect(s.entries[1].path).toBe(`/v1.0${DEFAULT_CONFIGURATION_PATH}`);
    expect(s.entries[1].body).toEqual({ b2bCollaborationInbound: blockGroup, inboundTrust: trust });
    expect(await admin.defaultConfiguration()).toMatchObject({
      isServiceDefault: false,
      b2bCollaborationInbound: blockGroup,
      inboundTrust: trust,
    });

    const again = await host.check(u, checked.inputs, news);
    expect((await host.diff(u, "default", created.properties, again.inputs, checked.inputs)).changes).toBe(
      DiffChanges.None,
    );
    expect((await steps.next()).calls).toEqual([]);

    const read = await host.read(u, "default", created.properties, checked.inputs);
    expect(read).toEqual({ id: "default", properties: created.properties, inputs: checked.inputs });
    expect((await steps.next()).calls).toEqual(["GET 200"]);

    const changed = { ...news, inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } };
    const checked2 = await host.check(u, checked.inputs, changed);
    expect(await host.diff(u, "default", read.properties, checked2.inputs, checked.inputs)).toMatchObject({
      changes: DiffChanges.Some,
      replaces: [],
    });
    const updated = await host.update(u, "default", read.properties, checked2.inputs, checked.inputs);
    s = await steps.next();
    expect(s.calls).toEqual(["PATCH 204"]);
    expect(s.entries[0].body).toEqual({ inboundTrust: { ...trust, isCompliantDeviceAccepted: true } });

    // A setting dropped from the program is left as it is in Graph: an update of state only, no call.
    const only: Props = { ...changed };
    delete only.b2bCollaborationInbound;
    const checked3 = await host.check(u, checked2.inputs, only);
    expect(await host.diff(u, "default", updated, checked3.inputs, checked2.inputs)).toMatchObject({
      changes: DiffChanges.Some,
      replaces: [],
    });
    const updated2 = await host.update(u, "default", updated, checked3.inputs, checked2.inputs);
    expect(updated2).toEqual({
      inboundTrust: { ...trust, isCompliantDeviceAccepted: true },
      isServiceDefault: false,
      automaticUserConsentSettings: consent,
      __provider: texts.module[DEFAULT],
    });
    expect((await steps.next()).calls).toEqual([]);
    expect(await admin.defaultConfiguration()).toMatchObject({ b2bCollaborationInbound: blockGroup });

    // destroy: resetToSystemDefault, one call; every setting is Microsoft's default again.
    await host.delete(u, "default", updated2, checked3.inputs);
    s = await steps.next();
    expect(s.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `POST /v1.0${DEFAULT_CONFIGURATION_PATH}/resetToSystemDefault 204`,
    ]);
    expect(await admin.defaultConfiguration()).toMatchObject({
      isServiceDefault: true,
      b2bCollaborationInbound: systemB2B,
      inboundTrust: {
        isMfaAccepted: false,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
  });
});

describe("portal drift on a nested setting, found by refresh, restored by up", () => {
  test("partner: a target added to a nested list and an inherited setting set → Read shows both → Diff → one PATCH restores", async () => {
    const tenantId = tenants[4];
    const u = urn(PARTNER, tenantId);
    const program = partnerNews(tenantId, {
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
    });
    const first = await startHost();
    const { id, inputs, outputs } = await createPartner(first, program);
    await admin.portalPatchPartner(tenantId, {
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null },
    });

    // `pulumi refresh`: a new provider process, Read with the stored outputs.
    const refresher = await startHost();
    const steps = await new Steps().start();
    const read = await refresher.read(u, id, outputs, inputs);
    let s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: ["GET 200"], tokens: 1 });
    expect(read.inputs).toEqual({
      tenantId,
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
      inboundTrust: { isMfaAccepted: true },
      __provider: texts.module[PARTNER],
    });
    expect(read.properties).toMatchObject({
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2) },
      inboundTrust: { isMfaAccepted: true },
      adopted: false,
    });

    // `pulumi up`: preview (Check + Diff, no call) shows the change, then Update sends the program's setting
    // whole and null for the setting the program inherits.
    const up = await startHost();
    const checked = await up.check(u, read.inputs!, program);
    expect(await up.diff(u, id, read.properties, checked.inputs, read.inputs)).toMatchObject({
      changes: DiffChanges.Some,
      replaces: [],
    });
    expect((await steps.next()).calls).toEqual([]);
    const restored = await up.update(u, id, read.properties, checked.inputs, read.inputs);
    s = await steps.next();
    expect(s.calls).toEqual(["PATCH 204"]);
    expect(s.entries[0].body).toEqual({
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
      inboundTrust: null,
    });
    expect(await admin.partner(tenantId)).toMatchObject({
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
      inboundTrust: null,
    });

    // The next refresh and preview find nothing.
    const again = await (await startHost()).read(u, id, restored, checked.inputs);
    expect(again.inputs).toEqual(checked.inputs);
    expect((await up.diff(u, id, again.properties, checked.inputs, again.inputs)).changes).toBe(DiffChanges.None);
    await up.delete(u, id, restored, checked.inputs);
  });

  test("default configuration: drift in a managed setting is found and restored; a setting the program leaves out is not drift", async () => {
    const u = urn(DEFAULT, "default");
    const news = registered("default");
    const first = await startHost();
    const checked = await first.check(u, {}, news);
    const created = await first.create(u, checked.inputs);
    const blockedOutbound = {
      usersAndGroups: { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] },
      applications: { accessType: "blocked", targets: [{ target: "AllApplications", targetType: "application" }] },
    };
    await admin.portalPatchDefault({
      b2bCollaborationInbound: {
        ...blockGroup,
        usersAndGroups: {
          accessType: "blocked",
          targets: [
            { target: G1, targetType: "group" },
            { target: G2, targetType: "group" },
          ],
        },
      },
      b2bCollaborationOutbound: blockedOutbound,
    });

    const refresher = await startHost();
    const steps = await new Steps().start();
    const read = await refresher.read(u, "default", created.properties, checked.inputs);
    expect((await steps.next()).calls).toEqual(["GET 200"]);
    expect(read.inputs).toEqual({
      b2bCollaborationInbound: {
        ...blockGroup,
        usersAndGroups: {
          accessType: "blocked",
          targets: [
            { target: G1, targetType: "group" },
            { target: G2, targetType: "group" },
          ],
        },
      },
      inboundTrust: checked.inputs.inboundTrust,
      __provider: texts.module[DEFAULT],
    });

    const up = await startHost();
    const checked2 = await up.check(u, read.inputs!, news);
    expect(await up.diff(u, "default", read.properties, checked2.inputs, read.inputs)).toMatchObject({
      changes: DiffChanges.Some,
      replaces: [],
    });
    const restored = await up.update(u, "default", read.properties, checked2.inputs, read.inputs);
    const s = await steps.next();
    expect(s.calls).toEqual(["PATCH 204"]);
    expect(s.entries[0].body).toEqual({ b2bCollaborationInbound: blockGroup });
    expect(await admin.defaultConfiguration()).toMatchObject({
      b2bCollaborationInbound: blockGroup,
      b2bCollaborationOutbound: blockedOutbound,
    });

    await up.delete(u, "default", restored, checked2.inputs);
    expect(await admin.defaultConfiguration()).toMatchObject({ isServiceDefault: true });
  });
});

describe.each(["null", "nullLeaves"] as const)("an omitted partner setting that Graph reads back as %s", (shape) => {
  test("is not drift: refresh gives the program's values back and the next preview shows no change", async () => {
    await admin.settings({ inheritedSettingShape: shape });
    const tenantId = shape === "null" ? tenants[5] : tenants[6];
    const u = urn(PARTNER, tenantId);
    const program = partnerNews(tenantId, { automaticUserConsentSettings: { inboundAllowed: true } });
    const { id, inputs, outputs } = await createPartner(await startHost(), program);

    // What Graph answers for the settings the program omits.
    const raw = (await admin.graph("GET", `/v1.0${partnerPath(tenantId)}`)).body as Record<string, unknown>;
    expect(raw.automaticUserConsentSettings).toEqual({ inboundAllowed: true, outboundAllowed: null });
    if (shape === "null") {
      expect(raw).toMatchObject({ inboundTrust: null, b2bCollaborationInbound: null, tenantRestrictions: null });
    } else {
      expect(raw.inboundTrust).toEqual({
        isMfaAccepted: null,
        isCompliantDeviceAccepted: null,
        isHybridAzureADJoinedDeviceAccepted: null,
      });
      expect(raw.b2bCollaborationInbound).toMatchObject({
        usersAndGroups: { accessType: null, targets: [] },
        applications: { accessType: null, targets: [] },
      });
    }

    const refresher = await startHost();
    const steps = await new Steps().start();
    const read = await refresher.read(u, id, outputs, inputs);
    expect(read).toEqual({ id, properties: outputs, inputs });
    const checked = await refresher.check(u, read.inputs!, program);
    expect((await refresher.diff(u, id, read.properties, checked.inputs, read.inputs)).changes).toBe(DiffChanges.None);
    expect((await steps.next()).calls).toEqual(["GET 200"]);
  });
});

describe("delete refused while an identity sync policy exists", () => {
  test("a clear error naming the policy and the fix, nothing deleted, the host survives; once the policy is gone delete works", async () => {
    const tenantId = tenants[7];
    const u = urn(PARTNER, tenantId);
    const { id, inputs, outputs } = await createPartner(
      await startHost(),
      partnerNews(tenantId, { automaticUserConsentSettings: { inboundAllowed: true } }),
    );
    // Someone sets up synchronization for this partner outside the program.
    expect(
      (await admin.graph("PUT", `/v1.0${policyPath(tenantId)}`, { userSyncInbound: { isSyncAllowed: true } })).status,
    ).toBe(204);

    const destroyer = await startHost();
    const steps = await new Steps().start();
    const err = await failure(destroyer.delete(u, id, outputs, inputs));
    expect(err).toBeInstanceOf(HostCallError);
    expect(err!.details).toMatch(
      new RegExp(
        `^entra:${PARTNER}: the partner configuration of tenant ${tenantId} cannot be deleted while its identity sync policy exists \\(Graph: 400 Request_BadRequest`,
      ),
    );
    expect(err!.details).toMatch(/request-id: [0-9a-f-]{36}/);
    expect(err!.details).toContain(`new ${POLICY}("…", { tenantId: partner.tenantId, adoptExisting: true, … })`);
    expect(err!.details).toContain("`retainOnDelete: true`");
    expect(err!.details).toContain(
      `DELETE /policies/crossTenantAccessPolicy/partners/${tenantId}/identitySynchronization`,
    );
    expect(err!.details).not.toContain(emu.defaults.readWrite.clientSecret);
    // The refused DELETE, and one GET of the policy to tell this refusal from any other 400.
    expect((await steps.next()).calls).toEqual(["DELETE 400", "GET 200"]);
    expect(await admin.partner(tenantId)).toBeDefined();
    expect(destroyer.exitCode).toBeNull();

    expect((await admin.graph("DELETE", `/v1.0${policyPath(tenantId)}`)).status).toBe(204);
    await steps.start(); // not counting the out-of-band DELETE
    await expect(destroyer.delete(u, id, outputs, inputs)).resolves.toBeUndefined();
    expect((await steps.next()).calls).toEqual(["DELETE 204", "GET 404"]);
    expect(await admin.partner(tenantId)).toBeUndefined();
  });
});

describe("partner and its sync policy, one host per run (the engine runs every dynamic resource of a run in one host)", () => {
  test("with replication lag, the policy's PUT after the partner's POST and the partner's DELETE after the policy's are waited out", async () => {
    // Real lag instead of injected faults: the emulator's dependent writes follow it (replicationLagDependentWrites).
    await admin.settings({ replicationLagMs: 700, replicationLagMode: "404" });
    const tenantId = tenants[8];
    const host = await startHost({ "entra:retryBaseDelayMs": "100", "entra:replicationWaitSeconds": "10" });
    const steps = await new Steps().start();

    // up: the partner first (the policy's tenantId is the partner's output), then the policy.
    const partner = await createPartner(
      host,
      partnerNews(tenantId.toUpperCase(), { automaticUserConsentSettings: { inboundAllowed: true } }),
    );
    const pc = await host.check(
      urn(POLICY, "sync"),
      {},
      {
        tenantId: partner.outputs.tenantId,
        userSyncInbound: { isSyncAllowed: true },
        __provider: texts.module[POLICY],
      },
    );
    expect(pc.failures).toEqual([]);
    const policy = await host.create(urn(POLICY, "sync"), pc.inputs);
    expect(policy.id).toBe(tenantId);
    let s = await steps.next();
    expect(s.calls[0]).toBe("POST 201");
    expect(s.calls.slice(1, -1).length).toBeGreaterThanOrEqual(1);
    expect(new Set(s.calls.slice(1, -1))).toEqual(new Set(["PUT 404"]));
    expect(s.calls[s.calls.length - 1]).toBe("PUT 204");

    // `pulumi destroy` later (a new process, once both objects have replicated): the policy first, then the
    // partner right after it, which a replica that has not seen the policy's DELETE refuses for a while.
    await sleep(800);
    const destroyer = await startHost({ "entra:retryBaseDelayMs": "100", "entra:replicationWaitSeconds": "10" });
    await steps.start();
    await destroyer.delete(urn(POLICY, "sync"), policy.id, policy.properties, pc.inputs);
    await destroyer.delete(urn(PARTNER, tenantId), partner.id, partner.outputs, partner.inputs);
    s = await steps.next();
    const [policyDelete, ...partnerCalls] = s.calls;
    expect(policyDelete).toBe("DELETE 204");
    const deletes = partnerCalls.filter((c) => c.startsWith("DELETE"));
    expect(deletes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(deletes.slice(0, -1))).toEqual(new Set(["DELETE 400"]));
    expect(deletes[deletes.length - 1]).toBe("DELETE 204");
    expect(partnerCalls[partnerCalls.length - 1]).toBe("GET 404");
    const state = await admin.state();
    expect(state.partners.find((p) => p.tenantId === tenantId)).toBeUndefined();
    expect(state.policies.find((p) => p.tenantId === tenantId)).toBeUndefined();
  });
});

describe("the stub text (a program outside node_modules, e.g. this repository's self-link) in the same host", () => {
  test("runs the partner and the default configuration the same way", async () => {
    const host = await startHost();
    const tenantId = tenants[10];
    const pu = urn(PARTNER, tenantId);
    const pc = await host.check(
      pu,
      {},
      { tenantId, inboundTrust: { isMfaAccepted: true }, __provider: texts.stub[PARTNER] },
    );
    expect(pc.failures).toEqual([]);
    const p = await host.create(pu, pc.inputs);
    expect(p.properties).toMatchObject({
      tenantId,
      inboundTrust: { isMfaAccepted: true },
      adopted: false,
      __provider: texts.stub[PARTNER],
    });
    expect((await host.read(pu, p.id, p.properties, pc.inputs)).inputs).toEqual(pc.inputs);
    await host.delete(pu, p.id, p.properties, pc.inputs);
    expect(await admin.partner(tenantId)).toBeUndefined();

    const du = urn(DEFAULT, "default");
    const dc = await host.check(du, {}, { inboundTrust: { isMfaAccepted: true }, __provider: texts.stub[DEFAULT] });
    expect(dc.failures).toEqual([]);
    const d = await host.create(du, dc.inputs);
    expect(d.properties).toMatchObject({
      inboundTrust: { isMfaAccepted: true },
      isServiceDefault: false,
      __provider: texts.stub[DEFAULT],
    });
    await host.delete(du, d.id, d.properties, dc.inputs);
    expect(await admin.defaultConfiguration()).toMatchObject({ isServiceDefault: true });
  });
});

describe("cross-tenant access policy lifecycle in the engine's order", () => {
  test("create GET + PATCH, no-change preview 0, read 1, another order no change, update 1 PATCH, delete 1 PATCH of the empty list", async () => {
    const host = await startHost();
    const steps = await new Steps().start();
    const u = urn(ACCESS, "clouds");
    const news = registered("clouds");
    const checked = await host.check(u, {}, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual({ allowedCloudEndpoints: ["microsoftonline.us"], __provider: texts.module[ACCESS] });
    const created = await host.create(u, checked.inputs);
    expect(created).toMatchObject({
      id: "crossTenantAccessPolicy",
      properties: { allowedCloudEndpoints: ["microsoftonline.us"] },
    });
    let s = await steps.next();
    expect({ calls: s.calls, tokens: s.tokens }).toEqual({ calls: ["GET 200", "PATCH 204"], tokens: 1 });
    expect(s.entries[1].body).toEqual({ allowedCloudEndpoints: ["microsoftonline.us"] });

    const again = await host.check(u, checked.inputs, news);
    expect((await host.diff(u, created.id, created.properties, again.inputs, checked.inputs)).changes).toBe(
      DiffChanges.None,
    );
    expect((await steps.next()).calls).toEqual([]);

    const read = await host.read(u, created.id, created.properties, checked.inputs);
    expect(read).toEqual({ id: created.id, properties: created.properties, inputs: checked.inputs });
    expect((await steps.next()).calls).toEqual(["GET 200"]);

    const both = await host.check(u, checked.inputs, {
      ...news,
      allowedCloudEndpoints: ["partner.microsoftonline.cn", "microsoftonline.us"],
    });
    expect(await host.diff(u, created.id, read.properties, both.inputs, checked.inputs)).toMatchObject({
      changes: DiffChanges.Some,
      replaces: [],
    });
    const updated = await host.update(u, created.id, read.properties, both.inputs, checked.inputs);
    s = await steps.next();
    expect(s.calls).toEqual(["PATCH 204"]);
    expect(s.entries[0].body).toEqual({ allowedCloudEndpoints: ["partner.microsoftonline.cn", "microsoftonline.us"] });
    const reordered = await host.check(u, both.inputs, {
      ...news,
      allowedCloudEndpoints: ["microsoftonline.us", "partner.microsoftonline.cn"],
    });
    expect((await host.diff(u, created.id, updated, reordered.inputs, both.inputs)).changes).toBe(DiffChanges.None);

    await host.delete(u, created.id, updated, both.inputs);
    s = await steps.next();
    expect(s.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      "PATCH /v1.0/policies/crossTenantAccessPolicy 204",
    ]);
    expect(s.entries[0].body).toEqual({ allowedCloudEndpoints: [] });
    expect(((await admin.state()).crossTenantAccessPolicy as Props).allowedCloudEndpoints).toEqual([]);
  });
});
