/**
 * Eventual consistency after a delete (landscape Q5, graph-behaviour.md §9): for `replicationLagMs` after a DELETE
 * the object still reads as present and a create of the same key gets 409, so a client must poll GET until 404
 * before re-creating. And the delete order rule: a partner with a sync policy cannot be deleted. Writes that depend
 * on another object (the sync policy PUT on its partner, the partner DELETE on its sync policy) see that object
 * through the same lag (`replicationLagDependentWrites`, default true).
 */
import { AxiosInstance } from "axios";
import { newTenantId, partnerPath, partnersPath, syncPath, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

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

describe.each(["404", "stale"] as const)("dependent writes follow the replication lag (%s mode)", (mode) => {
  test("a sync policy PUT right after its partner's POST gets 404 (not replicated yet), then 204 once the window passes", async () => {
    await t.admin.settings({ replicationLagMs: 600, replicationLagMode: mode });
    const id = newTenantId();
    expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
    const early = await graph.put(syncPath(id), { userSyncInbound: { isSyncAllowed: true } });
    expect(early.status).toBe(404);
    expect(early.data.error.code).toBe("Request_ResourceNotFound");
    expect((await t.admin.state()).policies).toEqual([]);
    await sleep(650);
    expect((await graph.put(syncPath(id), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
  });

  test("a partner DELETE right after its sync policy's DELETE is refused as if the policy still existed, then 204", async () => {
    const id = newTenantId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "A" }] });
    await t.admin.settings({ replicationLagMs: 600, replicationLagMode: mode });
    expect((await graph.delete(syncPath(id))).status).toBe(204);
    const refused = await graph.delete(partnerPath(id));
    expect(refused.status).toBe(400);
    expect(refused.data.error.code).toBe("Request_BadRequest");
    expect(refused.data.error.message).toContain("identitySynchronization");
    expect((await t.admin.state()).partners.map((p) => p.tenantId)).toEqual([id]);
    await sleep(650);
    expect((await graph.delete(partnerPath(id))).status).toBe(204);
  });

  test("the primary still counts: no PUT under a partner deleted a moment ago, no partner DELETE under a policy just PUT", async () => {
    const gone = newTenantId();
    const kept = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: gone }, { tenantId: kept }] });
    await t.admin.settings({ replicationLagMs: 600, replicationLagMode: mode });
    expect((await graph.delete(partnerPath(gone))).status).toBe(204);
    expect((await graph.get(partnerPath(gone))).status).toBe(200); // a replica still has it
    expect((await graph.put(syncPath(gone), { displayName: "orphan" })).status).toBe(404);
    expect((await graph.put(syncPath(kept), { displayName: "new" })).status).toBe(204);
    if (mode === "404") expect((await graph.get(syncPath(kept))).status).toBe(404); // a replica does not have it yet
    expect((await graph.delete(partnerPath(kept))).status).toBe(400);
    const state = await t.admin.state();
    expect(state.policies.map((p) => p.tenantId)).toEqual([kept]);
    expect(state.partners.map((p) => p.tenantId)).toEqual([kept]);
  });
});

describe("replicationLagDependentWrites", () => {
  test('"404" mode: a PATCH of the partner also hides it from a sync policy PUT for the window', async () => {
    const id = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    await t.admin.settings({ replicationLagMs: 600, replicationLagMode: "404" });
    expect((await graph.patch(partnerPath(id), { inboundTrust: { isMfaAccepted: true } })).status).toBe(204);
    expect((await graph.put(syncPath(id), { displayName: "x" })).status).toBe(404);
  });

  test("false: dependent writes check the primary only (POST then PUT 204; policy DELETE then partner DELETE 204)", async () => {
    await t.admin.settings({ replicationLagMs: 600, replicationLagDependentWrites: false });
    const id = newTenantId();
    expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
    expect((await graph.put(syncPath(id), { displayName: "x" })).status).toBe(204);
    expect((await graph.delete(syncPath(id))).status).toBe(204);
    expect((await graph.delete(partnerPath(id))).status).toBe(204);
  });

  test("without replication lag nothing changes: POST, PUT, DELETE, DELETE back to back", async () => {
    const id = newTenantId();
    expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
    expect((await graph.put(syncPath(id), { displayName: "x" })).status).toBe(204);
    expect((await graph.delete(syncPath(id))).status).toBe(204);
    expect((await graph.delete(partnerPath(id))).status).toBe(204);
  });

  test("cascade: a policy only a lagging replica still has does not block the partner DELETE and is not deleted twice", async () => {
    const id = newTenantId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "A" }] });
    await t.admin.settings({ replicationLagMs: 600, partnerDeleteWithSyncPolicy: "cascade" });
    expect((await graph.delete(syncPath(id))).status).toBe(204);
    expect((await graph.delete(partnerPath(id))).status).toBe(204);
    const state = await t.admin.state();
    expect(state.partners).toEqual([]);
    expect(state.deletedPolicies.map((p) => p.tenantId)).toEqual([id]);
    expect(state.deletedPartners.map((p) => p.tenantId)).toEqual([id]);
  });
});
