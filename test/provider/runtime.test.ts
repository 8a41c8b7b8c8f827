/** Runtime behaviour around settings, named connections, debug logging and token lifetime, against the emulator. */
import { callsSince, emulatorConfig, partnerId, runtimeFor, TestEmulator, useTestEmulator } from "./harness";
import { configFromMap, createRuntime } from "../../provider/host/runtime";
import { REPORTED_MARK } from "../../provider/errors";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

describe("settings errors", () => {
  it("an invalid setting fails check with the key and the fix, without any Graph call", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:apiVersion": "v2" });
    const mark = await t.admin.lastSeq();
    const r = await rt.check({}, { tenantId: partnerId(), userSyncInbound: { isSyncAllowed: true } });
    expect(r.failures).toEqual([
      { property: "", reason: 'Invalid setting entra:apiVersion: expected "v1.0" or "beta", got "v2".' },
    ]);
    expect(await t.admin.requests(mark)).toEqual([]);
  });

  it("an unreadable CA file names entra:caCertPath", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:caCertPath": "/nonexistent/ca.pem" });
    await expect(rt.read(partnerId(), {})).rejects.toThrow(/entra:caCertPath: cannot read "\/nonexistent\/ca.pem"/);
  });
});

describe("one owner per object", () => {
  it("a conflict reported by the program's ownership check fails check with that message, no Graph call; unknown or absent passes", async () => {
    const rt = await runtimeFor(t, "readWrite");
    const mark = await t.admin.lastSeq();
    const news = { tenantId: partnerId(), userSyncInbound: { isSyncAllowed: true } };
    const conflict = await rt.check(
      {},
      {
        ...news,
        __ownership:
          'CrossTenantIdentitySyncPolicyPartner "b" and CrossTenantIdentitySyncPolicyPartner "a" both manage …',
      },
    );
    expect(conflict.failures).toEqual([
      {
        property: "",
        reason: 'CrossTenantIdentitySyncPolicyPartner "b" and CrossTenantIdentitySyncPolicyPartner "a" both manage …',
      },
    ]);
    const unknown = await rt.check({}, { ...news, __ownership: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(unknown.failures).toEqual([]);
    expect(unknown.inputs).not.toHaveProperty("__ownership");
    expect((await rt.check({}, news)).failures).toEqual([]);
    expect(await t.admin.requests(mark)).toEqual([]);
  });
});

describe("a partner that is the connection's own tenant", () => {
  it("fails check on tenantId, naming the key that sets the tenant, with no Graph call", async () => {
    const rt = await runtimeFor(t, "readWrite");
    const mark = await t.admin.lastSeq();
    const own = t.defaults.tenantId.toUpperCase();
    for (const [type, news] of [
      ["CrossTenantAccessPolicyConfigurationPartner", { tenantId: own }],
      ["CrossTenantIdentitySyncPolicyPartner", { tenantId: own, userSyncInbound: { isSyncAllowed: true } }],
    ] as const) {
      const r = await rt.provider(type).check({}, news);
      expect(r.failures).toEqual([
        {
          property: "tenantId",
          reason:
            `tenantId ${t.defaults.tenantId} is the tenant this resource signs in to (entra:tenantId), and a tenant cannot be its own partner. ` +
            "Set tenantId to the other tenant's ID; to manage the other tenant's side, give the resource that tenant's connection (the `connection` input).",
        },
      ]);
    }
    expect(await t.admin.requests(mark)).toEqual([]);
  });
});

describe("rename protection", () => {
  it("a delete of an object that another resource's create claimed in this process is skipped with a line naming the owner", async () => {
    const rt = await runtimeFor(t, "readWrite");
    const p = rt.provider("CrossTenantAccessPolicyConfigurationPartner");
    const id = partnerId();
    // The old name created it (an earlier deployment: another process).
    const old = await runtimeFor(t, "readWrite");
    const first = await old.provider("CrossTenantAccessPolicyConfigurationPartner").create({ tenantId: id });
    // This deployment: the new name is checked and created (409 → taken over), then the old name is deleted.
    const checked = await p.check(
      {},
      { tenantId: id.toUpperCase(), __owner: 'CrossTenantAccessPolicyConfigurationPartner "renamed"' },
    );
    expect(checked.inputs).not.toHaveProperty("__owner");
    const created = await p.create(checked.inputs!);
    expect(created.outs).toMatchObject({ adopted: true });
    const mark = await t.admin.lastSeq();
    const out: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((l: string) => void out.push(l));
    try {
      await p.delete(first.id, first.outs);
    } finally {
      log.mockRestore();
    }
    expect((await callsSince(t, mark)).graph).toEqual([]);
    expect(out).toEqual([
      `entra:CrossTenantAccessPolicyConfigurationPartner: did not delete the partner configuration of tenant ${id}: ` +
        'CrossTenantAccessPolicyConfigurationPartner "renamed" manages the same object and was created earlier in this update, so the object stays in Entra for it. ' +
        "If you renamed a resource, this was its old name: add the `aliases` resource option when renaming so Pulumi moves the resource instead of taking the object over.",
    ]);
    expect((await t.admin.state()).partners.map((x) => x.tenantId)).toContain(id);
    // Another process (a later destroy) deletes it as usual.
    await (
      await runtimeFor(t, "readWrite")
    )
      .provider("CrossTenantAccessPolicyConfigurationPartner")
      .delete(created.id, created.outs);
    expect((await t.admin.state()).partners.map((x) => x.tenantId)).not.toContain(id);
  });
});

describe("debug logging", () => {
  it("is silent by default and, when on, logs every attempt with tokens and secrets redacted", async () => {
    const quiet: string[] = [];
    const rt0 = await runtimeFor(t, "readWrite", {}, { logSink: (l) => quiet.push(l) });
    await rt0.read(partnerId(), {});
    expect(quiet).toEqual([]);

    const lines: string[] = [];
    const rt = await runtimeFor(t, "readWrite", { "entra:debug": "true" }, { logSink: (l) => lines.push(l) });
    await t.admin.addFault({ match: { kind: "graph" }, action: { type: "status", status: 503 } });
    await rt.read(partnerId(), {});
    const text = lines.join("\n");
    expect(text).toMatch(
      /--> GET https:\/\/127\.0\.0\.1:\d+\/v1\.0\/policies\/crossTenantAccessPolicy\/partners\/.*"authorization":"REDACTED"/,
    );
    expect(text).toMatch(/<-- 503 GET/);
    expect(text).toMatch(/retry: GET attempt 1 got 503; waiting \d+ ms/);
    expect(text).toMatch(/<-- 404 GET/);
    expect(text).toMatch(/"client-request-id":"[0-9a-f-]{36}"/);
    expect(text).not.toMatch(/eyJ/);
    expect(text).not.toContain(t.defaults.readWrite.clientSecret);
  });
});

describe("token lifetime", () => {
  it("refreshes the token before it expires, without a 401", async () => {
    // MSAL keeps expiry in whole seconds (up to 0.5 s late), so the refresh point (half the lifetime) can be as late
    // as 2.25 s here: the wait clears it with room to spare, and the token is still valid when the third read runs.
    await t.admin.settings({ tokenLifetimeSeconds: 4 });
    const rt = await runtimeFor(t);
    const mark = await t.admin.lastSeq();
    await rt.read(partnerId(), {});
    await rt.read(partnerId(), {});
    await new Promise((r) => setTimeout(r, 2500)); // past half the lifetime: refresh window
    await rt.read(partnerId(), {});
    const c = await callsSince(t, mark);
    expect(c.token).toHaveLength(2);
    expect(c.graph.map((e) => e.status)).toEqual([404, 404, 404]);
  });
});

describe("resource types", () => {
  it("dispatches by type; a type this version does not know fails each call saying so, without a stack", async () => {
    const rt = await runtimeFor(t);
    expect(rt.provider("CrossTenantIdentitySyncPolicyPartner")).toBe(
      rt.provider("CrossTenantIdentitySyncPolicyPartner"),
    );
    const unknown = rt.provider("CrossTenantSomethingNew");
    await unknown.configure({ config: configFromMap({}) });
    const e = await unknown.read("x", {}).catch((x: Error) => x);
    expect((e as Error).message).toBe(
      "pulumi-entra-cross-tenant: unknown resource type entra:CrossTenantSomethingNew; upgrade the package.",
    );
    expect((e as Error).stack).toBe(`Error: ${(e as Error).message}\n${REPORTED_MARK}`);
  });
});

describe("named connections", () => {
  const SECOND = "33333333-3333-4333-8333-333333333333";
  const policy = (tenantId: string, connection?: string) => ({
    tenantId,
    userSyncInbound: { isSyncAllowed: true },
    ...(connection ? { connection } : {}),
  });

  /** One multi-tenant app (top-level clientId + secret): each connection gives only its tenant. */
  async function twoTenants(extra: Record<string, unknown> = {}, overrides: Record<string, string> = {}) {
    const rt = createRuntime({ env: {} });
    const connections = { home: { tenantId: t.defaults.tenantId }, second: { tenantId: SECOND }, ...extra };
    await rt.configure({
      config: configFromMap({ ...emulatorConfig(t), "entra:connections": JSON.stringify(connections), ...overrides }),
    });
    return rt;
  }

  it("a beta-only property on a v1.0 connection names the setting that works for that connection", async () => {
    const rt = await twoTenants();
    const beta = (connection?: string) => ({
      ...policy(partnerId(), connection),
      groupSyncInbound: { isSyncAllowed: true },
    });
    expect((await rt.check({}, beta("second"))).failures).toEqual([
      {
        // An object input goes without its property: the engine would print its Go rendering (`value {map[…]}`).
        property: "",
        reason:
          "groupSyncInbound exists only in the Graph beta API; set `pulumi config set --path entra:connections.second.apiVersion beta`, or remove groupSyncInbound.",
      },
    ]);
    expect((await rt.check({}, beta())).failures).toEqual([
      {
        // An object input goes without its property: the engine would print its Go rendering (`value {map[…]}`).
        property: "",
        reason:
          "groupSyncInbound exists only in the Graph beta API; set `pulumi config set entra:apiVersion beta`, or remove groupSyncInbound.",
      },
    ]);
  });

  it("each connection works in its own tenant; outputs carry the connection's name and nothing of its settings", async () => {
    const rt = await twoTenants();
    const a = partnerId();
    const b = partnerId();
    await t.admin.seed({ partners: [{ tenantId: a }] });
    await t.admin.seed({ partners: [{ tenantId: b }] }, SECOND);
    const checked = await rt.check({}, policy(b, "second"));
    expect(checked).toEqual({ inputs: policy(b, "second"), failures: [] });
    const inHome = await rt.create(policy(a, "home"));
    const inSecond = await rt.create(checked.inputs);
    expect(inHome.outs).toMatchObject({ tenantId: a, connection: "home" });
    expect(inSecond.outs).toMatchObject({ tenantId: b, connection: "second" });
    expect(((await t.admin.state()).policies as unknown as { tenantId: string }[]).map((p) => p.tenantId)).toContain(a);
    expect(
      ((await t.admin.state(SECOND)).policies as unknown as { tenantId: string }[]).map((p) => p.tenantId),
    ).toEqual([b]);
    expect(JSON.stringify([inHome, inSecond])).not.toContain(t.defaults.readWrite.clientSecret);

    const read = await rt.read(b, inSecond.outs as Record<string, unknown>);
    expect(read.props).toMatchObject({ connection: "second", tenantId: b });
    expect(read.inputs).toMatchObject({ connection: "second" });
    const updated = await rt.update(b, inSecond.outs as Record<string, unknown>, {
      ...checked.inputs,
      displayName: "B",
    });
    expect(updated.outs).toMatchObject({ connection: "second", displayName: "B" });
    await rt.delete(b, updated.outs as Record<string, unknown>);
    expect((await t.admin.state(SECOND)).policies).toEqual([]);
  });

  it("one token per connection under concurrency, each for its own tenant", async () => {
    const rt = await twoTenants();
    const mark = await t.admin.lastSeq();
    const reads = Array.from({ length: 12 }, (_, i) =>
      rt.read(partnerId(), { connection: i % 3 === 0 ? undefined : i % 3 === 1 ? "home" : "second" }),
    );
    expect(await Promise.all(reads)).toEqual(Array(12).fill({ id: "" }));
    const tokens = (await t.admin.requests(mark)).filter((r) => r.kind === "token");
    // top-level, "home" and "second": three connections, one token each (two of them for the home tenant)
    expect(tokens.map((r) => r.tenantId).sort()).toEqual([t.defaults.tenantId, t.defaults.tenantId, SECOND].sort());
    expect([rt.tokenAcquisitions(), rt.tokenAcquisitions("home"), rt.tokenAcquisitions("second")]).toEqual([1, 1, 1]);
  });

  it("an unknown connection fails check naming it and the configured names, with no Graph or token call", async () => {
    const rt = await twoTenants();
    const mark = await t.admin.lastSeq();
    const r = await rt.check({}, policy(partnerId(), "sorce"));
    expect(r.failures).toEqual([
      {
        property: "connection",
        reason: 'no connection named "sorce" in entra:connections; the configured connections are "home", "second".',
      },
    ]);
    expect((await rt.check({}, policy(partnerId(), 42 as unknown as string))).failures?.[0]).toMatchObject({
      property: "connection",
      reason: expect.stringMatching(/must be the name of a connection in entra:connections \("home", "second"\)/),
    });
    expect(await t.admin.requests(mark)).toEqual([]);
    // and a step on it (a destroy after the connection was removed from config) says the same
    await expect(rt.delete(partnerId(), { connection: "sorce" })).rejects.toThrow(
      /cannot delete .*no connection named "sorce"/,
    );
  });

  it("an incomplete or contradictory connection fails check naming the connection and the key, with no call", async () => {
    const rt = createRuntime({ env: {} });
    const config = emulatorConfig(t);
    delete (config as Record<string, string>)["entra:clientId"];
    const connections = {
      noClient: { tenantId: SECOND, clientSecret: "conn-secret-value-1" },
      both: { tenantId: SECOND, clientId: "c", clientSecret: "conn-secret-value-2", clientCertificatePath: "/c.pem" },
      badCert: { tenantId: SECOND, clientId: "c", clientCertificatePath: "/nonexistent/c.pem" },
    };
    await rt.configure({ config: configFromMap({ ...config, "entra:connections": JSON.stringify(connections) }) });
    const mark = await t.admin.lastSeq();
    const reasons = async (c: string) =>
      (await rt.check({}, policy(partnerId(), c))).failures!.map((f) => `${f.property}: ${f.reason}`);
    expect(await reasons("noClient")).toEqual([
      "connection: Invalid setting entra:connections.noClient.clientId (or entra:clientId for every connection): Client secret authentication needs clientId: set entra:connections.noClient.clientId, or entra:clientId for every connection.",
    ]);
    expect(await reasons("both")).toEqual([
      expect.stringMatching(
        /^connection: Invalid setting entra:connections\.both: connection "both" names 2 kinds of credential/,
      ),
    ]);
    expect(await reasons("badCert")).toEqual([
      expect.stringMatching(
        /^connection: Invalid setting entra:connections\.badCert\.clientCertificatePath: cannot read "\/nonexistent\/c\.pem"/,
      ),
    ]);
    expect(await t.admin.requests(mark)).toEqual([]);
    // the top-level settings are checked only for resources that use them
    expect((await rt.check({}, policy(partnerId()))).failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^Invalid setting entra:clientId: Client secret authentication needs clientId/),
      },
    ]);
  });

  it("changing a resource's connection replaces it (delete first); an unknown connection counts as a change", async () => {
    const rt = await twoTenants();
    const id = partnerId();
    const olds = { ...policy(id, "home"), apiVersion: "v1.0", adopted: false };
    expect(await rt.diff(id, olds, policy(id, "home"))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await rt.diff(id, olds, policy(id, "second"))).toEqual({
      changes: true,
      replaces: ["connection"],
      deleteBeforeReplace: true,
    });
    expect(await rt.diff(id, olds, policy(id))).toEqual({
      changes: true,
      replaces: ["connection"],
      deleteBeforeReplace: true,
    });
    expect((await rt.diff(id, olds, policy(id, "04da6b54-80e4-46f7-96ec-b56ff0331ba9"))).replaces).toEqual([
      "connection",
    ]);
    // no connection before and after: unchanged behaviour
    expect((await rt.diff(id, { ...policy(id), apiVersion: "v1.0", adopted: false }, policy(id))).changes).toBe(false);
  });

  it("a preview with an unknown connection checks the rest of the inputs and makes no call", async () => {
    const rt = await twoTenants();
    const mark = await t.admin.lastSeq();
    const r = await rt.check({}, { ...policy("not-a-guid"), connection: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(r.failures!.map((f) => f.property)).toEqual(["tenantId"]);
    expect(r.inputs.connection).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(await t.admin.requests(mark)).toEqual([]);
  });

  it("a connection's secret is redacted from every error, whichever connection fails", async () => {
    const wrong = "conn-wrong-secret-5b7e";
    const rt = await twoTenants({ bad: { tenantId: SECOND, clientSecret: wrong } });
    const e = await rt.read(partnerId(), { connection: "bad" }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/Could not get an access token/);
    expect((e as Error).message).not.toContain(wrong);
    expect((e as Error).stack).toBe(`Error: ${(e as Error).message}\n${REPORTED_MARK}`);
  });

  it("each connection is retried and bounded by its own settings", async () => {
    const rt = await twoTenants({ impatient: { tenantId: SECOND, maxRetries: 0 } });
    const patient = partnerId();
    const impatient = partnerId();
    await t.admin.addFault({
      match: { kind: "graph", path: patient },
      times: 1,
      action: { type: "status", status: 503 },
    });
    await t.admin.addFault({
      match: { kind: "graph", path: impatient },
      times: 1,
      action: { type: "status", status: 503 },
    });
    await expect(rt.read(patient, { connection: "second" })).resolves.toEqual({ id: "" });
    await expect(rt.read(impatient, { connection: "impatient" })).rejects.toThrow(/503/);
  });
});
