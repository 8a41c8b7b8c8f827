/**
 * Eventual consistency after a delete (landscape Q5, graph-behaviour.md §9): for `replicationLagMs` after a DELETE
 * the object still reads as present and a create of the same key gets 409, so a client must poll GET until 404
 * before re-creating. And the delete order rule: a partner with a sync policy cannot be deleted.
 */
import { AxiosInstance } from "axios";
import { newTenantId, partnerPath, partnersPath, startTestEmulator, syncPath, TestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

beforeAll(async () => {
  t = await startTestEmulator();
  graph = await t.graph();
});
afterAll(() => t.stop());
beforeEach(() => t.admin.reset());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(["404", "stale"] as const)("after a DELETE, with replication lag (%s mode)", (mode) => {
  test("partner: reads as present, a POST of its tenantId gets 409, until the window passes", async () => {
    const id = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: id, inboundTrust: { isMfaAccepted: true } }] });
    await t.admin.settings({ replicationLagMs: 700, replicationLagMode: mode });
    expect((await graph.delete(partnerPath(id))).status).toBe(204);

    const stale = await graph.get(partnerPath(id));
    expect(stale.status).toBe(200);
    expect(stale.data.inboundTrust.isMfaAccepted).toBe(true);
    expect((await graph.get(partnersPath())).data.value.map((p: { tenantId: string }) => p.tenantId)).toEqual([id]);
    const conflict = await graph.post(partnersPath(), { tenantId: id });
    expect(conflict.status).toBe(409);
    expect(conflict.data.error.code).toBe("Request_MultipleObjectsWithSameKeyValue");
    // Writes see the primary: the object is gone there.
    expect((await graph.patch(partnerPath(id), { inboundTrust: null })).status).toBe(404);
    expect((await graph.delete(partnerPath(id))).status).toBe(404);

    await sleep(750);
    expect((await graph.get(partnerPath(id))).status).toBe(404);
    expect((await graph.get(partnersPath())).data.value).toEqual([]);
    expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
  });

  test("sync policy: reads as present and a PUT gets 409 until the window passes", async () => {
    const id = newTenantId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "A" }] });
    await t.admin.settings({ replicationLagMs: 600, replicationLagMode: mode });
    expect((await graph.delete(syncPath(id))).status).toBe(204);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("A");
    expect((await graph.put(syncPath(id), { displayName: "B" })).status).toBe(409);
    await sleep(650);
    expect((await graph.get(syncPath(id))).status).toBe(404);
    expect((await graph.put(syncPath(id), { displayName: "B" })).status).toBe(204);
  });
});

test("a client that polls GET until 404 after the DELETE can re-create at once (the provider's replace)", async () => {
  const id = newTenantId();
  await t.admin.seed({ partners: [{ tenantId: id }] });
  await t.admin.settings({ replicationLagMs: 500 });
  const since = await t.admin.lastSeq();
  expect((await graph.delete(partnerPath(id))).status).toBe(204);
  const started = Date.now();
  let polls = 0;
  while ((await graph.get(partnerPath(id))).status !== 404) {
    polls++;
    await sleep(100);
    if (Date.now() - started > 5000) throw new Error("never 404");
  }
  expect(polls).toBeGreaterThanOrEqual(3);
  expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
  const calls = (await t.admin.requests(since)).filter((e) => e.kind === "graph");
  expect(calls.filter((c) => c.method === "POST").map((c) => c.status)).toEqual([201]);
});

test("a partner created and deleted within one window may be created again (nothing older to replicate)", async () => {
  await t.admin.settings({ replicationLagMs: 800 });
  const id = newTenantId();
  expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
  expect((await graph.delete(partnerPath(id))).status).toBe(204);
  expect((await graph.get(partnerPath(id))).status).toBe(404);
  expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
});

test("the lag is per tenant: a delete in one tenant does not block a create of that id in another", async () => {
  const id = newTenantId();
  const second = t.defaults.second.tenantId;
  await t.admin.seed({ partners: [{ tenantId: id }] });
  await t.admin.settings({ replicationLagMs: 800 });
  expect((await graph.delete(partnerPath(id))).status).toBe(204);
  expect((await (await t.graph("readWrite", second)).post(partnersPath(), { tenantId: id })).status).toBe(201);
  expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(409);
});

test("a reset of one tenant also forgets that tenant's lagging deletes (and only those)", async () => {
  const id = newTenantId();
  const second = t.defaults.second.tenantId;
  await t.admin.seed([{ partners: [{ tenantId: id }] }, { tenantId: second, partners: [{ tenantId: id }] }]);
  await t.admin.settings({ replicationLagMs: 5000 });
  const other = await t.graph("readWrite", second);
  expect((await graph.delete(partnerPath(id))).status).toBe(204);
  expect((await other.delete(partnerPath(id))).status).toBe(204);
  await t.admin.reset(undefined, t.defaults.tenantId);
  expect((await graph.get(partnerPath(id))).status).toBe(404);
  expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
  expect((await other.get(partnerPath(id))).status).toBe(200);
  expect((await other.post(partnersPath(), { tenantId: id })).status).toBe(409);
});

test("a partner DELETE is refused while its sync policy exists, and works once the policy is gone", async () => {
  const id = newTenantId();
  await t.admin.seed({ policies: [{ tenantId: id, displayName: "keep me" }] });
  const refused = await graph.delete(partnerPath(id, "beta"));
  expect(refused.status).toBe(400);
  expect(refused.data.error.message).toContain("identitySynchronization");
  expect((await graph.get(syncPath(id))).status).toBe(200);
  expect((await graph.delete(syncPath(id))).status).toBe(204);
  expect((await graph.delete(partnerPath(id, "beta"))).status).toBe(204);
});
