// Host-level tests: the real dynamic-provider host of @pulumi/pulumi (`cmd/dynamic-provider`), started as the
// engine starts it and driven over gRPC in the engine's order, running the serialized provider that a real program
// produces (captured under `pulumi.runtime.setMocks`), against the Graph emulator over HTTPS with the real
// client-credential flow. No Pulumi CLI needed.
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";
import { entraConfig } from "../../testkit/entraConfig";
import { partnerTenant } from "../../testkit/tenantIds";
import {
  captureRegistrations,
  DiffChanges,
  HostCallError,
  isSecret,
  ProviderHost,
  Props,
  Registration,
  secret,
  UNKNOWN,
  urnOf,
} from "../../testkit/providerHost";

jest.setTimeout(120000);

const PROJECT = "hostproj";
const tenants = Array.from({ length: 16 }, (_, i) => partnerTenant(i + 1, "c0ffee"));
const MISSING_PARTNER = partnerTenant(999, "deadbeef");

let emu: RunningEmulator;
let admin: EmulatorAdmin;
let regs: Registration[];
let providerText: string;
let resourceType: string;
const hosts: ProviderHost[] = [];

/** Stack config as the engine passes it to Configure for a dynamic provider: every key, fully namespaced. */
function stackConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...entraConfig(emu),
    "entra:clientSecret": secret(emu.defaults.readWrite.clientSecret),
    "entra:apiVersion": "v1.0",
    "entra:operationTimeoutSeconds": "30",
    [`${PROJECT}:unrelated`]: "value",
    ...overrides,
  };
}

async function startHost(): Promise<ProviderHost> {
  const host = await ProviderHost.start({ project: PROJECT });
  hosts.push(host);
  return host;
}

/** The program's registered inputs for partner `tenantId`, as the engine sends them to Check (`news`). */
function newsFor(tenantId: string, extra: Props = {}): Props {
  return {
    tenantId,
    displayName: `Partner ${tenantId.slice(-4)}`,
    userSyncInbound: { isSyncAllowed: true },
    __provider: providerText,
    ...extra,
  };
}

const urn = (name: string) => urnOf(resourceType, name, PROJECT);

/** Check + Create, as the engine does for a new resource. Returns the stored inputs and outputs. */
async function createVia(host: ProviderHost, tenantId: string, extra: Props = {}) {
  const checked = await host.check(urn(tenantId), {}, newsFor(tenantId, extra));
  expect(checked.failures).toEqual([]);
  const created = await host.create(urn(tenantId), checked.inputs);
  return { id: created.id, inputs: checked.inputs, outputs: created.properties };
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: { partners: tenants.map((tenantId) => ({ tenantId })) } });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  regs = await captureRegistrations({
    project: PROJECT,
    program: `
const { CrossTenantIdentitySyncPolicyPartner } = require("pulumi-entra-cross-tenant");
new CrossTenantIdentitySyncPolicyPartner("fabrikam", {
  tenantId: ${JSON.stringify(tenants[0].toUpperCase())},
  displayName: "Fabrikam",
  userSyncInbound: { isSyncAllowed: true },
});
new CrossTenantIdentitySyncPolicyPartner("contoso", {
  tenantId: ${JSON.stringify(tenants[1])},
  userSyncInbound: { isSyncAllowed: false },
});
`,
  });
  const custom = regs.filter((r) => r.custom);
  expect(custom).toHaveLength(2);
  resourceType = custom[0].type;
  providerText = custom[0].inputs.__provider as string;
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await emu?.stop();
});

describe("serialized provider from a real program", () => {
  test("is one small delegating object, identical for every resource, not secret, loaded by package name", () => {
    const custom = regs.filter((r) => r.custom);
    expect(resourceType).toMatch(/^pulumi-nodejs:dynamic/);
    expect(typeof providerText).toBe("string");
    expect(isSecret(custom[0].inputs.__provider)).toBe(false);
    expect(custom[1].inputs.__provider).toBe(providerText);
    expect(providerText).toContain('require("pulumi-entra-cross-tenant/runtime")');
    expect(providerText.length).toBeLessThan(4096);
    // the program's values are inputs, not part of the code
    expect(providerText).not.toContain(tenants[0]);
    expect(providerText).not.toContain("Fabrikam");
  });
});

describe("dynamic-provider host, engine call order", () => {
  test("secret config arrives in Configure; Check, Create, Read, Diff, Update, Read, Delete with old outputs", async () => {
    const host = await startHost();
    const cfg = await host.configure(stackConfig());
    expect(cfg.getAcceptsecrets()).toBe(false);
    const tenantId = tenants[0];
    const mark = await admin.lastSeq();

    // Check gets old inputs ({} on create) and the program's values; tenantId is normalised.
    const news = { ...regs.find((r) => r.name === "fabrikam")!.inputs };
    const checked = await host.check(urn("fabrikam"), {}, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
      tenantId,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(checked.inputs.__provider).toBe(providerText);
    expect(await admin.graphCalls(mark)).toEqual([]); // Check never calls Graph

    const created = await host.create(urn("fabrikam"), checked.inputs);
    expect(created.id).toBe(tenantId);
    expect(created.properties).toMatchObject({
      tenantId,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(created.properties.__provider).toBe(providerText);
    expect(await admin.policy(tenantId)).toMatchObject({
      tenantId,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
    // The client secret reached the provider through Configure: the token endpoint accepted it.
    const afterCreate = await admin.requests(mark);
    expect(afterCreate.filter((r) => r.kind === "token" && r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(
      afterCreate.filter((r) => r.kind === "graph" && (r.method === "PUT" || r.method === "PATCH")).length,
    ).toBeGreaterThanOrEqual(1);

    // Refresh: Read with the stored outputs (and inputs); unchanged remote gives the same values back.
    const read = await host.read(urn("fabrikam"), created.id, created.properties, checked.inputs);
    expect(read.id).toBe(tenantId);
    expect(read.properties).toMatchObject({
      tenantId,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(read.properties.__provider).toBe(providerText);

    // Diff against old OUTPUTS: nothing changed.
    const same = await host.diff(urn("fabrikam"), created.id, read.properties, checked.inputs, checked.inputs);
    expect(same.changes).toBe(DiffChanges.None);

    // The program changes displayName: Check(old inputs, news), Diff(old outputs), Update(old outputs).
    const checked2 = await host.check(urn("fabrikam"), checked.inputs, { ...news, displayName: "Fabrikam Ltd" });
    const diff = await host.diff(urn("fabrikam"), created.id, read.properties, checked2.inputs, checked.inputs);
    expect(diff.changes).toBe(DiffChanges.Some);
    expect(diff.replaces).toEqual([]);
    const beforeUpdate = await admin.lastSeq();
    const updated = await host.update(urn("fabrikam"), created.id, read.properties, checked2.inputs, checked.inputs);
    expect(updated).toMatchObject({ tenantId, displayName: "Fabrikam Ltd", userSyncInbound: { isSyncAllowed: true } });
    expect(updated.__provider).toBe(providerText);
    const writes = (await admin.graphCalls(beforeUpdate)).filter((r) => r.method !== "GET");
    expect(writes.map((w) => [w.method, w.body])).toEqual([["PATCH", { displayName: "Fabrikam Ltd" }]]);
    expect((await admin.policy(tenantId))?.displayName).toBe("Fabrikam Ltd");

    // Delete uses the stored outputs' __provider.
    const beforeDelete = await admin.lastSeq();
    await host.delete(urn("fabrikam"), created.id, updated, checked2.inputs);
    expect((await admin.graphCalls(beforeDelete)).filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect(await admin.policy(tenantId)).toBeUndefined();
    // the partner configuration stays
    expect((await admin.state()).partners.map((p) => p.tenantId)).toContain(tenantId);

    // Nothing secret in what the host printed.
    expect(host.stdout + host.stderr).not.toContain(emu.defaults.readWrite.clientSecret);
  });

  test("preview: unknown values in Check and Diff are accepted, reported as changes, and never reach Graph", async () => {
    const host = await startHost();
    await host.configure(stackConfig());
    const tenantId = tenants[2];
    const { id, inputs, outputs } = await createVia(host, tenantId);
    const mark = await admin.lastSeq();

    // Check of a new resource whose inputs are still unknown (e.g. come from another resource's output).
    const unknownAll = await host.check(
      urn("pending"),
      {},
      {
        tenantId: UNKNOWN,
        displayName: UNKNOWN,
        userSyncInbound: { isSyncAllowed: UNKNOWN },
        __provider: providerText,
      },
    );
    expect(unknownAll.failures).toEqual([]);
    expect(unknownAll.inputs).toMatchObject({ tenantId: UNKNOWN, displayName: UNKNOWN });

    // An unknown __provider itself (the engine sends the sentinel when the whole input is unknown): the host
    // falls back to the olds' provider.
    const unknownProvider = await host.check(urn(tenantId), inputs, {
      ...inputs,
      __provider: UNKNOWN,
      displayName: UNKNOWN,
    });
    expect(unknownProvider.failures).toEqual([]);

    // Diff of an existing resource with an unknown displayName: an update, not a replace.
    const d1 = await host.diff(urn(tenantId), id, outputs, { ...inputs, displayName: UNKNOWN }, inputs);
    expect(d1.changes).toBe(DiffChanges.Some);
    expect(d1.replaces).toEqual([]);
    // Unknown isSyncAllowed: an update.
    const d2 = await host.diff(
      urn(tenantId),
      id,
      outputs,
      { ...inputs, userSyncInbound: { isSyncAllowed: UNKNOWN } },
      inputs,
    );
    expect(d2.changes).toBe(DiffChanges.Some);
    expect(d2.replaces).toEqual([]);
    // Unknown tenantId: may change the partner, so a replace, delete before create.
    const d3 = await host.diff(urn(tenantId), id, outputs, { ...inputs, tenantId: UNKNOWN }, inputs);
    expect(d3.changes).toBe(DiffChanges.Some);
    expect(d3.replaces).toEqual(["tenantId"]);
    expect(d3.deleteBeforeReplace).toBe(true);

    expect(await admin.requests(mark)).toEqual([]); // no Graph call, no token request
  });

  test("concurrent Read and Delete right after Configure (refresh/destroy run steps in parallel)", async () => {
    // State written by an earlier process.
    const first = await startHost();
    await first.configure(stackConfig());
    const group = tenants.slice(3, 11);
    const stored = await Promise.all(group.map((t) => createVia(first, t)));
    await first.stop();

    // A fresh provider process, as in the next `pulumi refresh` or `pulumi destroy`: Configure, then at once
    // many Read and Delete calls in parallel before any of them has finished.
    const host = await startHost();
    const mark = await admin.lastSeq();
    await host.configure(stackConfig());
    const reads = stored.slice(0, 4);
    const deletes = stored.slice(4);
    const results = await Promise.allSettled([
      ...reads.map((s) => host.read(urn(s.id), s.id, s.outputs, s.inputs)),
      ...deletes.map((s) => host.delete(urn(s.id), s.id, s.outputs, s.inputs)),
    ]);
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(rejected.map((r) => String(r.reason))).toEqual([]);
    for (const [i, s] of reads.entries()) {
      const r = (results[i] as PromiseFulfilledResult<Awaited<ReturnType<ProviderHost["read"]>>>).value;
      expect(r.id).toBe(s.id);
      expect(r.properties).toMatchObject({ tenantId: s.id, userSyncInbound: { isSyncAllowed: true } });
    }
    const remaining = (await admin.policies()).map((p) => p.tenantId);
    for (const s of reads) expect(remaining).toContain(s.id);
    for (const s of deletes) expect(remaining).not.toContain(s.id);
    // All concurrent first calls shared one credential: exactly one token request from this process.
    const tokenCalls = (await admin.requests(mark)).filter((r) => r.kind === "token" && r.path.includes("/token"));
    expect(tokenCalls).toHaveLength(1);
  });

  test("refresh of a policy deleted out of band drops it (empty id); delete of it then succeeds", async () => {
    const host = await startHost();
    await host.configure(stackConfig());
    const tenantId = tenants[11];
    const { id, inputs, outputs } = await createVia(host, tenantId);
    await admin.portalDelete(tenantId);
    expect(await admin.policy(tenantId)).toBeUndefined();

    // `pulumi refresh` is a new engine run: a new provider process.
    await host.stop();
    const refresher = await startHost();
    await refresher.configure(stackConfig());
    const read = await refresher.read(urn(tenantId), id, outputs, inputs);
    expect(read.id).toBe("");
    // Deleting something already gone is not an error (destroy after an out-of-band delete).
    await expect(refresher.delete(urn(tenantId), id, outputs, inputs)).resolves.toBeUndefined();
  });

  test("refresh reports a portal change as new outputs and inputs, so the next diff shows the restoring update", async () => {
    const host = await startHost();
    await host.configure(stackConfig());
    const tenantId = tenants[12];
    const { id, inputs, outputs } = await createVia(host, tenantId);
    await admin.portalPatch(tenantId, { userSyncInbound: { isSyncAllowed: false } });

    // `pulumi refresh`, then `pulumi up`: each a new engine run with a new provider process.
    await host.stop();
    const refresher = await startHost();
    await refresher.configure(stackConfig());
    const read = await refresher.read(urn(tenantId), id, outputs, inputs);
    await refresher.stop();
    const updater = await startHost();
    await updater.configure(stackConfig());
    expect(read.id).toBe(tenantId);
    expect(read.properties).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
    expect(read.inputs).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });

    const diff = await updater.diff(urn(tenantId), id, read.properties, inputs, read.inputs);
    expect(diff.changes).toBe(DiffChanges.Some);
    expect(diff.replaces).toEqual([]);
    const mark = await admin.lastSeq();
    await updater.update(urn(tenantId), id, read.properties, inputs, read.inputs);
    const writes = (await admin.graphCalls(mark)).filter((r) => r.method !== "GET");
    expect(writes.map((w) => [w.method, w.body])).toEqual([["PATCH", { userSyncInbound: { isSyncAllowed: true } }]]);
    expect((await admin.policy(tenantId))?.userSyncInbound).toEqual({ isSyncAllowed: true });
  });
});

describe("dynamic-provider host, error paths", () => {
  test("invalid inputs come back from Check as failures, not as a crash", async () => {
    const host = await startHost();
    await host.configure(stackConfig());
    const checked = await host.check(
      urn("bad"),
      {},
      {
        tenantId: "not-a-guid",
        displayName: 42,
        __provider: providerText,
      },
    );
    const props = checked.failures.map((f) => f.property).sort();
    expect(props).toEqual(["displayName", "tenantId", "userSyncInbound"]);
    expect(checked.failures.find((f) => f.property === "tenantId")?.reason).toMatch(/GUID/);
    expect(host.exitCode).toBeNull();
  });

  test("a typo in a nested key comes back from Check naming the right key, not as a crash", async () => {
    const host = await startHost();
    await host.configure(stackConfig());
    const checked = await host.check(
      urn("typo"),
      {},
      {
        tenantId: tenants[0],
        userSyncInbound: { isSyncAlowed: true },
        __provider: providerText,
      },
    );
    expect(checked.failures.map((f) => f.reason)).toEqual([
      'unknown property "userSyncInbound.isSyncAlowed"; did you mean "userSyncInbound.isSyncAllowed"?',
      "userSyncInbound.isSyncAllowed is required (true or false).",
    ]);
    expect(host.exitCode).toBeNull();
  });

  test("Create for a partner that does not exist fails with a clear gRPC error and creates nothing", async () => {
    const host = await startHost();
    await host.configure(stackConfig());
    const checked = await host.check(urn("missing"), {}, newsFor(MISSING_PARTNER));
    expect(checked.failures).toEqual([]);
    const err = await host.create(urn("missing"), checked.inputs).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostCallError);
    expect((err as HostCallError).details).toContain(MISSING_PARTNER);
    expect(await admin.policy(MISSING_PARTNER)).toBeUndefined();
    expect(host.exitCode).toBeNull(); // the host survives the failed step
  });

  test("transient Graph failures during Create are retried inside the step", async () => {
    const host = await startHost();
    await host.configure(stackConfig());
    const tenantId = tenants[14];
    await admin.addFault({
      match: { method: "PUT", path: tenantId },
      times: 2,
      action: { type: "status", status: 503 },
    });
    const mark = await admin.lastSeq();
    const { id } = await createVia(host, tenantId);
    expect(id).toBe(tenantId);
    const puts = (await admin.graphCalls(mark)).filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.status)).toEqual([503, 503, expect.any(Number)]);
    expect(puts[2].status).toBeLessThan(300);
    expect(await admin.policy(tenantId)).toMatchObject({ tenantId });
    await admin.clearFaults();
  });

  test("an app without the write permission fails Create with a 403 that names the permission", async () => {
    const host = await startHost();
    await host.configure(
      stackConfig({
        "entra:clientId": emu.defaults.readOnly.clientId,
        "entra:clientSecret": secret(emu.defaults.readOnly.clientSecret),
      }),
    );
    const checked = await host.check(urn("readonly"), {}, newsFor(tenants[15]));
    const err = await host.create(urn("readonly"), checked.inputs).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostCallError);
    expect((err as HostCallError).details).toMatch(/403/);
    expect((err as HostCallError).details).toMatch(/Policy\.ReadWrite\.CrossTenantAccess/);
    expect(await admin.policy(tenants[15])).toBeUndefined();
  });

  test("a wrong client secret fails the step with an authentication error that does not echo the secret", async () => {
    const host = await startHost();
    const wrong = "wrong-secret-value-7d1f";
    await host.configure(stackConfig({ "entra:clientSecret": secret(wrong) }));
    const checked = await host.check(urn("auth"), {}, newsFor(tenants[13]));
    const err = await host.create(urn("auth"), checked.inputs).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostCallError);
    expect((err as HostCallError).details).not.toContain(wrong);
    expect(host.stdout + host.stderr).not.toContain(wrong);
    expect(await admin.policy(tenants[13])).toBeUndefined();
  });
});
