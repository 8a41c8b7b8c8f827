/** Beta soft delete (graph-behaviour.md §4): deleted items list/get/restore/permanent delete, 30-day retention. */
import { AxiosInstance } from "axios";
import { newTenantId, partnerPath, partnersPath, syncPath, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;
const DELETED = "/beta/policies/deletedItems";
const DAY = 24 * 3600 * 1000;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

async function partnerWithPolicy(): Promise<string> {
  const id = newTenantId();
  await graph.post(partnersPath(), { tenantId: id });
  await graph.put(syncPath(id), { displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } });
  return id;
}

describe.each(["v1.0", "beta"] as const)("DELETE through %s soft-deletes", (version) => {
  test("sync policy: visible in beta deletedItems/crossTenantSyncPolicyPartners with deletedDateTime", async () => {
    const id = await partnerWithPolicy();
    const before = Date.now();
    expect((await graph.delete(syncPath(id, version))).status).toBe(204);
    const list = await graph.get(`${DELETED}/crossTenantSyncPolicyPartners`);
    expect(list.status).toBe(200);
    expect(list.data["@odata.context"]).toBe(
      `${t.url}/beta/$metadata#policies/deletedItems/crossTenantSyncPolicyPartners`,
    );
    expect(list.data.value).toHaveLength(1);
    const item = list.data.value[0];
    expect(item).toMatchObject({
      tenantId: id,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
      groupSyncInbound: null,
      externalCloudAuthorizedApplicationId: null,
    });
    expect(item.deletedDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(item.deletedDateTime)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  test("partner: visible in beta deletedItems/crossTenantPartners", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(), { tenantId: id, inboundTrust: { isMfaAccepted: true } });
    expect((await graph.delete(partnerPath(id, version))).status).toBe(204);
    const r = await graph.get(`${DELETED}/crossTenantPartners/${id}`);
    expect(r.status).toBe(200);
    expect(r.data["@odata.context"]).toBe(`${t.url}/beta/$metadata#policies/deletedItems/crossTenantPartners/$entity`);
    expect(r.data).toMatchObject({ tenantId: id, inboundTrust: { isMfaAccepted: true } });
    expect(typeof r.data.deletedDateTime).toBe("string");
    const list = await graph.get(`${DELETED}/crossTenantPartners`);
    expect(list.data["@odata.context"]).toBe(`${t.url}/beta/$metadata#policies/deletedItems/crossTenantPartners`);
    expect(list.data.value.map((p: { tenantId: string }) => p.tenantId)).toEqual([id]);
  });
});

describe("deleted items operations", () => {
  test("get one deleted sync policy; unknown id 404", async () => {
    const id = await partnerWithPolicy();
    await graph.delete(syncPath(id));
    const r = await graph.get(`${DELETED}/crossTenantSyncPolicyPartners/${id}`);
    expect(r.status).toBe(200);
    expect(r.data["@odata.context"]).toBe(
      `${t.url}/beta/$metadata#policies/deletedItems/crossTenantSyncPolicyPartners/$entity`,
    );
    expect(r.data.tenantId).toBe(id);
    expect((await graph.get(`${DELETED}/crossTenantSyncPolicyPartners/${newTenantId()}`)).status).toBe(404);
  });

  test("restore sync policy: 200 + object, live again, gone from deleted items", async () => {
    const id = await partnerWithPolicy();
    await graph.delete(syncPath(id));
    const r = await graph.post(`${DELETED}/crossTenantSyncPolicyPartners/${id}/restore`);
    expect(r.status).toBe(200);
    expect(r.data["@odata.context"]).toBe(
      `${t.url}/beta/$metadata#microsoft.graph.crossTenantIdentitySyncPolicyPartner`,
    );
    expect(r.data).toMatchObject({ tenantId: id, displayName: "Fabrikam", deletedDateTime: null });
    expect((await graph.get(syncPath(id))).data.displayName).toBe("Fabrikam");
    expect((await graph.get(`${DELETED}/crossTenantSyncPolicyPartners`)).data.value).toEqual([]);
  });

  test("restore partner: 200 + object", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(), { tenantId: id });
    await graph.delete(partnerPath(id));
    const r = await graph.post(`${DELETED}/crossTenantPartners/${id}/restore`);
    expect(r.status).toBe(200);
    expect(r.data["@odata.context"]).toBe(
      `${t.url}/beta/$metadata#microsoft.graph.crossTenantAccessPolicyConfigurationPartner`,
    );
    expect(r.data.tenantId).toBe(id);
    expect((await graph.get(partnerPath(id))).status).toBe(200);
  });

  test("restore when a live object exists: 409; sync restore without partner: 404", async () => {
    const id = await partnerWithPolicy();
    await graph.delete(syncPath(id));
    await graph.put(syncPath(id), { displayName: "new" });
    const conflict = await graph.post(`${DELETED}/crossTenantSyncPolicyPartners/${id}/restore`);
    expect(conflict.status).toBe(409);
    expect(conflict.data.error.code).toBe("Request_MultipleObjectsWithSameKeyValue");

    await graph.delete(syncPath(id));
    await graph.delete(partnerPath(id));
    const orphan = await graph.post(`${DELETED}/crossTenantSyncPolicyPartners/${id}/restore`);
    expect(orphan.status).toBe(404);

    await graph.post(partnersPath(), { tenantId: id });
    const partnerConflict = await graph.post(`${DELETED}/crossTenantPartners/${id}/restore`);
    expect(partnerConflict.status).toBe(409);
  });

  test("permanent delete: 204 for both kinds, then 404", async () => {
    const id = await partnerWithPolicy();
    await graph.delete(syncPath(id));
    await graph.delete(partnerPath(id));
    for (const kind of ["crossTenantSyncPolicyPartners", "crossTenantPartners"]) {
      expect((await graph.delete(`${DELETED}/${kind}/${id}`)).status).toBe(204);
      expect((await graph.get(`${DELETED}/${kind}/${id}`)).status).toBe(404);
      expect((await graph.delete(`${DELETED}/${kind}/${id}`)).status).toBe(404);
    }
  });

  test("deleted items need the right permissions (read: Policy.Read.All, restore/delete: ReadWrite)", async () => {
    const id = await partnerWithPolicy();
    await graph.delete(syncPath(id));
    const ro = await t.graph("readOnly");
    expect((await ro.get(`${DELETED}/crossTenantSyncPolicyPartners`)).status).toBe(200);
    expect((await ro.post(`${DELETED}/crossTenantSyncPolicyPartners/${id}/restore`)).status).toBe(403);
    expect((await ro.delete(`${DELETED}/crossTenantSyncPolicyPartners/${id}`)).status).toBe(403);
  });

  test("softDeleteFromV1=false: a v1.0 DELETE removes for good; beta still soft-deletes", async () => {
    await t.admin.settings({ softDeleteFromV1: false });
    const a = await partnerWithPolicy();
    await graph.delete(syncPath(a));
    expect((await graph.get(`${DELETED}/crossTenantSyncPolicyPartners`)).data.value).toEqual([]);
    const b = await partnerWithPolicy();
    await graph.delete(syncPath(b, "beta"));
    expect(
      (await graph.get(`${DELETED}/crossTenantSyncPolicyPartners`)).data.value.map(
        (x: { tenantId: string }) => x.tenantId,
      ),
    ).toEqual([b]);
  });
});

describe("deletedItemsDelegatedOnly (the permission tables list no application permission)", () => {
  test("off by default: an app-only token with the roles lists, gets, restores and purges", async () => {
    const a = newTenantId();
    const b = newTenantId();
    await t.admin.seed({ deletedPartners: [{ tenantId: a }, { tenantId: b }] });
    expect((await graph.get(`${DELETED}/crossTenantPartners`)).status).toBe(200);
    expect((await graph.get(`${DELETED}/crossTenantPartners/${a}`)).status).toBe(200);
    expect((await graph.post(`${DELETED}/crossTenantPartners/${a}/restore`)).status).toBe(200);
    expect((await graph.delete(`${DELETED}/crossTenantPartners/${b}`)).status).toBe(204);
  });

  test("on: every deleted-items call of an app-only token → 403 Authorization_RequestDenied, nothing changes", async () => {
    await t.admin.settings({ deletedItemsDelegatedOnly: true });
    const id = newTenantId();
    await t.admin.seed({ deletedPartners: [{ tenantId: id }], deletedPolicies: [{ tenantId: id }] });
    const calls = [
      () => graph.get(`${DELETED}/crossTenantPartners`),
      () => graph.get(`${DELETED}/crossTenantSyncPolicyPartners/${id}`),
      () => graph.head(`${DELETED}/crossTenantPartners/${id}`),
      () => graph.post(`${DELETED}/crossTenantPartners/${id}/restore`),
      () => graph.delete(`${DELETED}/crossTenantSyncPolicyPartners/${id}`),
    ];
    for (const call of calls) {
      const r = await call();
      expect(r.status).toBe(403);
      if (r.config.method !== "head")
        expect(r.data.error).toMatchObject({
          code: "Authorization_RequestDenied",
          message: "Insufficient privileges to complete the operation.",
        });
    }
    const state = await t.admin.state();
    expect(state.deletedPartners.map((p) => p.tenantId)).toEqual([id]);
    expect(state.deletedPolicies.map((p) => p.tenantId)).toEqual([id]);
    expect(state.partners).toEqual([]);
    // The live API is unaffected.
    expect((await graph.get(partnersPath("beta"))).status).toBe(200);
  });

  test("on: a delegated (user) token still works, with the same read/write permissions", async () => {
    await t.admin.settings({ deletedItemsDelegatedOnly: true });
    const id = newTenantId();
    await t.admin.seed({ deletedPartners: [{ tenantId: id }] });
    const as = async (roles?: string[]) => ({
      headers: { Authorization: `Bearer ${await t.admin.mintToken({ delegated: true, roles })}` },
    });
    const reader = await as(["Policy.Read.All"]);
    expect((await t.http.get(`${DELETED}/crossTenantPartners/${id}`, reader)).status).toBe(200);
    expect((await t.http.post(`${DELETED}/crossTenantPartners/${id}/restore`, undefined, reader)).status).toBe(403);
    const r = await t.http.post(`${DELETED}/crossTenantPartners/${id}/restore`, undefined, await as());
    expect(r.status).toBe(200);
    expect(r.data.tenantId).toBe(id);
  });
});

describe("30-day retention clock", () => {
  test("items stay restorable for 30 days and are purged after", async () => {
    const id = await partnerWithPolicy();
    await graph.delete(syncPath(id));
    await t.admin.settings({ clockOffsetMs: 29 * DAY });
    expect((await graph.get(`${DELETED}/crossTenantSyncPolicyPartners/${id}`)).status).toBe(200);
    await t.admin.settings({ clockOffsetMs: 30 * DAY + 1000 });
    expect((await graph.get(`${DELETED}/crossTenantSyncPolicyPartners/${id}`)).status).toBe(404);
    expect((await graph.get(`${DELETED}/crossTenantSyncPolicyPartners`)).data.value).toEqual([]);
    expect((await t.admin.state()).deletedPolicies).toEqual([]);
  });

  test("deletedDateTime follows the directory clock; retentionDays is switchable", async () => {
    await t.admin.settings({ clockOffsetMs: 10 * DAY, retentionDays: 1 });
    const id = newTenantId();
    await graph.post(partnersPath(), { tenantId: id });
    await graph.delete(partnerPath(id));
    const item = (await graph.get(`${DELETED}/crossTenantPartners/${id}`)).data;
    expect(Date.parse(item.deletedDateTime) - Date.now()).toBeGreaterThan(9 * DAY);
    await t.admin.settings({ clockOffsetMs: 11 * DAY + 1000 });
    expect((await graph.get(`${DELETED}/crossTenantPartners/${id}`)).status).toBe(404);
  });
});
