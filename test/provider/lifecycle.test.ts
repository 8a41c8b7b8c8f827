/**
 * Full lifecycle through the runtime (what the Pulumi host calls) against the emulator over HTTPS, with the real
 * @azure/identity client-secret and client-certificate credentials. Graph calls are counted from the emulator's
 * request log.
 */
import {
  callsSince,
  emulatorConfig,
  partnerId,
  policyIn,
  runtimeFor,
  summary,
  TestEmulator,
  useTestEmulator,
} from "./harness";
import { configFromMap } from "../../provider/host/runtime";
import { policyPath } from "../../provider/resources/identitySyncPolicy/types";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const policyInEmulator = (id: string) => policyIn(t, id);

describe.each([
  ["client secret", {}],
  ["client certificate", { "entra:clientSecret": "", "entra:clientCertificatePath": "CERT" }],
])("lifecycle with the %s credential", (_name, overrides: Record<string, string>) => {
  it("check 0, diff 0, create 1, read 1, update 1, delete 1 Graph calls, 1 token", async () => {
    const o = { ...overrides };
    if (o["entra:clientCertificatePath"] === "CERT")
      o["entra:clientCertificatePath"] = t.defaults.readWrite.certificatePath as string;
    const rt = await runtimeFor(t, "readWrite", o);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    let mark = await t.admin.lastSeq();
    const tokenBodies: unknown[] = [];
    const step = async (name: string) => {
      const c = await callsSince(t, mark);
      tokenBodies.push(...c.token.map((e) => e.body));
      mark = await t.admin.lastSeq();
      return { name, graph: summary(c.graph), token: c.token.length };
    };

    const checked = await rt.check(
      {},
      { tenantId: id.toUpperCase(), displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } },
    );
    expect(checked.failures).toEqual([]);
    expect(await step("check")).toEqual({ name: "check", graph: [], token: 0 });

    const created = await rt.create(checked.inputs);
    expect(created.id).toBe(id);
    expect(created.outs).toEqual({
      tenantId: id,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
      apiVersion: "v1.0",
      adopted: false,
    });
    expect(await step("create")).toEqual({ name: "create", graph: ["PUT 204"], token: 1 });
    expect(await policyInEmulator(id)).toMatchObject({
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });

    const same = await rt.diff(id, { ...created.outs, __provider: "a" }, { ...checked.inputs, __provider: "b" });
    expect(same).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    const news = { ...checked.inputs, userSyncInbound: { isSyncAllowed: false } };
    expect((await rt.diff(id, created.outs, news)).changes).toBe(true);
    expect(await step("diff")).toEqual({ name: "diff", graph: [], token: 0 });

    const read = await rt.read(id, created.outs);
    expect(read).toEqual({ id, props: created.outs, inputs: checked.inputs });
    expect(await step("read")).toEqual({ name: "read", graph: ["GET 200"], token: 0 });

    const updated = await rt.update(id, created.outs, news);
    expect(updated.outs).toEqual({ ...created.outs, userSyncInbound: { isSyncAllowed: false } });
    const upd = await callsSince(t, mark);
    expect(upd.graph.map((e) => e.body)).toEqual([{ userSyncInbound: { isSyncAllowed: false } }]);
    expect(await step("update")).toEqual({ name: "update", graph: ["PATCH 204"], token: 0 });
    expect(await policyInEmulator(id)).toMatchObject({
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: false },
    });

    await rt.delete(id, updated.outs!);
    expect(await step("delete")).toEqual({ name: "delete", graph: ["DELETE 204"], token: 0 });
    expect(await policyInEmulator(id)).toBeUndefined();
    expect(rt.tokenAcquisitions()).toBe(1);
    expect(tokenBodies).toEqual([
      expect.objectContaining({ credential: o["entra:clientCertificatePath"] ? "client_assertion" : "client_secret" }),
    ]);
  });
});

describe("one token per provider process", () => {
  it("many resources and concurrent calls share a single token request", async () => {
    const rt = await runtimeFor(t);
    const ids = Array.from({ length: 25 }, () => partnerId());
    await t.admin.seed({ partners: ids.map((tenantId) => ({ tenantId })) });
    const mark = await t.admin.lastSeq();
    const created = await Promise.all(
      ids.map((id) => rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } })),
    );
    await Promise.all(created.map((c) => rt.read(c.id, c.outs)));
    await Promise.all(
      created.map((c) =>
        rt.update(c.id, c.outs, { tenantId: c.id, displayName: "x", userSyncInbound: { isSyncAllowed: true } }),
      ),
    );
    await Promise.all(created.map((c) => rt.delete(c.id, c.outs)));
    const c = await callsSince(t, mark);
    expect(c.token).toHaveLength(1);
    expect(c.graph).toHaveLength(100);
    expect(rt.tokenAcquisitions()).toBe(1);
  });

  it("configure followed at once by concurrent reads and deletes (the host's race) works and takes one token", async () => {
    const ids = [partnerId(), partnerId(), partnerId(), partnerId(), partnerId()];
    await t.admin.seed({ policies: ids.map((tenantId) => ({ tenantId, userSyncInbound: { isSyncAllowed: true } })) });
    const mark = await t.admin.lastSeq();
    const rt = await runtimeFor(t);
    const outs = (id: string) => ({
      tenantId: id,
      userSyncInbound: { isSyncAllowed: true },
      apiVersion: "v1.0",
      adopted: false,
    });
    const results = await Promise.all([
      ...ids.slice(0, 3).map((id) => rt.read(id, outs(id))),
      ...ids.slice(3).map((id) => rt.delete(id, outs(id))),
    ]);
    expect(results.slice(0, 3).map((r) => (r as { id: string }).id)).toEqual(ids.slice(0, 3));
    expect((await callsSince(t, mark)).token).toHaveLength(1);
  });
});

describe("configure() called again", () => {
  it("with the same config (another provider text in state, e.g. delete of an old resource) keeps the token", async () => {
    const rt = await runtimeFor(t);
    const mark = await t.admin.lastSeq();
    await rt.read(partnerId(), {});
    await rt.configure({ config: configFromMap(emulatorConfig(t)) });
    await Promise.all([rt.read(partnerId(), {}), rt.read(partnerId(), {})]);
    expect((await callsSince(t, mark)).token).toHaveLength(1);
    expect(rt.tokenAcquisitions()).toBe(1);
  });

  it("with a different config starts over with the new credential", async () => {
    const rt = await runtimeFor(t);
    await rt.read(partnerId(), {});
    await rt.configure({ config: configFromMap(emulatorConfig(t, "readOnly")) });
    const mark = await t.admin.lastSeq();
    await rt.read(partnerId(), {});
    const c = await callsSince(t, mark);
    expect(c.token).toHaveLength(1);
    expect(c.token[0].body).toMatchObject({ client_id: t.defaults.readOnly.clientId });
  });
});

describe("refresh", () => {
  it("after an out-of-band change returns the remote values as props and inputs (drift shows in the next preview)", async () => {
    const rt = await runtimeFor(t);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const { outs } = await rt.create({
      tenantId: id,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
    const admin = await t.graph();
    expect(
      (
        await admin.patch(`/v1.0${policyPath(id)}`, {
          displayName: "Changed in portal",
          userSyncInbound: { isSyncAllowed: false },
        })
      ).status,
    ).toBe(204);

    const fresh = await runtimeFor(t); // a later `pulumi refresh` is a new provider process
    const r = await fresh.read(id, outs);
    expect(r.id).toBe(id);
    expect(r.inputs).toEqual({
      tenantId: id,
      displayName: "Changed in portal",
      userSyncInbound: { isSyncAllowed: false },
    });
    expect(r.props).toMatchObject({ displayName: "Changed in portal", userSyncInbound: { isSyncAllowed: false } });
    // The program still says Fabrikam/true: the diff against the refreshed outputs is a change, and update patches both.
    const program = { tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } };
    expect((await fresh.diff(id, r.props!, program)).changes).toBe(true);
    await fresh.update(id, r.props!, program);
    expect(await policyInEmulator(id)).toMatchObject({
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
  });

  it("after an out-of-band delete reports the resource gone (empty id)", async () => {
    const id = partnerId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "F", userSyncInbound: { isSyncAllowed: true } }] });
    const admin = await t.graph();
    expect((await admin.delete(`/v1.0${policyPath(id)}`)).status).toBe(204);
    const rt = await runtimeFor(t);
    expect(await rt.read(id, { tenantId: id, userSyncInbound: { isSyncAllowed: true } })).toEqual({ id: "" });
  });

  it("handles missing nested objects and ignores unknown fields in Graph's answer", async () => {
    const id = partnerId();
    await t.admin.seed({
      policies: [
        { tenantId: id, displayName: "F", userSyncInbound: null, externalCloudAuthorizedApplicationId: "x" } as never,
      ],
    });
    const rt = await runtimeFor(t);
    const r = await rt.read(id, {
      tenantId: id,
      displayName: "F",
      userSyncInbound: { isSyncAllowed: true },
      apiVersion: "v1.0",
      adopted: false,
    });
    expect(r.inputs).toEqual({ tenantId: id, displayName: "F", userSyncInbound: { isSyncAllowed: false } });
  });

  it("works for a resource known only by id (get), with no previous outputs", async () => {
    const id = partnerId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "F", userSyncInbound: { isSyncAllowed: true } }] });
    const rt = await runtimeFor(t);
    const r = await rt.read(id, {});
    expect(r).toEqual({
      id,
      props: { tenantId: id, userSyncInbound: { isSyncAllowed: true }, apiVersion: "v1.0", adopted: false },
      inputs: { tenantId: id, userSyncInbound: { isSyncAllowed: true } },
    });
  });
});

describe("delete and update of a policy deleted out of band", () => {
  it("delete treats 404 as already gone", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const rt = await runtimeFor(t);
    await expect(rt.delete(id, { tenantId: id })).resolves.toBeUndefined();
  });

  it("update explains how to recover", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const rt = await runtimeFor(t);
    const olds = {
      tenantId: id,
      displayName: "A",
      userSyncInbound: { isSyncAllowed: true },
      apiVersion: "v1.0",
      adopted: false,
    };
    await expect(
      rt.update(id, olds, { tenantId: id, displayName: "B", userSyncInbound: { isSyncAllowed: true } }),
    ).rejects.toThrow(/no longer exists in Graph.*pulumi refresh/);
  });
});

describe("re-create", () => {
  it("creating the policy again after a delete (e.g. a replace back and forth) is a plain PUT", async () => {
    const rt = await runtimeFor(t);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const inputs = { tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } };
    const first = await rt.create(inputs);
    await rt.delete(id, first.outs);
    const mark = await t.admin.lastSeq();
    const again = await rt.create({ ...inputs, displayName: "B" });
    expect(again.outs).toMatchObject({ displayName: "B", adopted: false });
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["PUT 204"]);
  });
});

describe("beta: groupSyncInbound", () => {
  it("creates, reads and updates group sync through beta", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:apiVersion": "beta" });
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const mark = await t.admin.lastSeq();
    const checked = await rt.check(
      {},
      { tenantId: id, userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: { isSyncAllowed: true } },
    );
    expect(checked.failures).toEqual([]);
    const { outs } = await rt.create(checked.inputs);
    expect(outs).toMatchObject({ groupSyncInbound: { isSyncAllowed: true }, apiVersion: "beta" });
    const r = await rt.read(id, outs);
    expect(r.inputs).toEqual({
      tenantId: id,
      userSyncInbound: { isSyncAllowed: true },
      groupSyncInbound: { isSyncAllowed: true },
    });
    await rt.update(id, outs, { ...checked.inputs, groupSyncInbound: { isSyncAllowed: false } });
    expect(await policyInEmulator(id)).toMatchObject({ groupSyncInbound: { isSyncAllowed: false } });
    const c = await callsSince(t, mark);
    expect(c.graph.map((e) => `${e.method} ${e.apiVersion}`)).toEqual(["PUT beta", "GET beta", "PATCH beta"]);
  });
});
