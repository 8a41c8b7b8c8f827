/** Request validation like Graph, the error envelope, and request/client-request ids. */
import { AxiosInstance } from "axios";
import { newTenantId, partnerPath, partnersPath, syncPath, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;
let id: string;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});
beforeEach(async () => {
  id = newTenantId();
  await t.admin.seed({ partners: [{ tenantId: id }] });
});

function expectBadRequest(r: { status: number; data: any }, naming?: string): void {
  expect(r.status).toBe(400);
  expect(r.data.error.code).toBe("Request_BadRequest");
  if (naming) expect(r.data.error.message).toContain(`'${naming}`);
}

const raw = (method: string, url: string, data: string, contentType?: string) =>
  graph.request({
    method,
    url,
    data,
    headers: contentType ? { "Content-Type": contentType } : { "Content-Type": undefined as unknown as string },
    transformRequest: [(d) => d],
  });

describe("property validation", () => {
  test.each([
    ["unknown property", { displayName: "x", foo: 1 }, "foo"],
    ["miscased property", { DisplayName: "x" }, "DisplayName"],
    ["miscased nested property", { userSyncInbound: { IsSyncAllowed: true } }, "IsSyncAllowed"],
    ["unknown nested property", { userSyncInbound: { isSyncAllowed: true, extra: 1 } }, "extra"],
    ["read-only tenantId", { tenantId: "0000aaaa-0000-4000-8000-000000000000", displayName: "x" }, "tenantId"],
    ['"true" string for a boolean', { userSyncInbound: { isSyncAllowed: "true" } }, "userSyncInbound.isSyncAllowed"],
    ["number for a string", { displayName: 42 }, "displayName"],
    ["boolean for a complex type", { userSyncInbound: true }, "userSyncInbound"],
    ["array for a complex type", { userSyncInbound: [] }, "userSyncInbound"],
  ])("sync PUT: %s → 400 naming the property", async (_name, body, property) => {
    expectBadRequest(await graph.put(syncPath(id), body), property);
  });

  test.each([
    ["read-only tenantId", { tenantId: "0000aaaa-0000-4000-8000-000000000000" }, "tenantId"],
    ['"true" string', { userSyncInbound: { isSyncAllowed: "true" } }, "userSyncInbound.isSyncAllowed"],
    ["unknown property", { groupSyncInbound: { isSyncAllowed: true } }, "groupSyncInbound"],
  ])("sync PATCH (v1.0): %s → 400 naming the property", async (_name, body, property) => {
    await graph.put(syncPath(id), { displayName: "x" });
    expectBadRequest(await graph.patch(syncPath(id), body), property);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("x");
  });

  test("beta: deletedDateTime is read-only", async () => {
    expectBadRequest(
      await graph.put(syncPath(id, "beta"), { deletedDateTime: "2026-01-01T00:00:00Z" }),
      "deletedDateTime",
    );
  });

  test.each([
    ["miscased B2BCollaborationInbound", { B2BCollaborationInbound: {} }, "B2BCollaborationInbound"],
    ["read-only tenantId", { tenantId: "0000aaaa-0000-4000-8000-000000000000" }, "tenantId"],
    ["read-only isInMultiTenantOrganization", { isInMultiTenantOrganization: true }, "isInMultiTenantOrganization"],
    [
      "bad enum",
      { b2bCollaborationInbound: { usersAndGroups: { accessType: "sometimes" } } },
      "b2bCollaborationInbound.usersAndGroups.accessType",
    ],
    ['"false" for isServiceProvider', { isServiceProvider: "false" }, "isServiceProvider"],
    ["beta-only property on v1.0", { blockServiceProviderOutboundAccess: true }, "blockServiceProviderOutboundAccess"],
  ])("partner PATCH: %s → 400 naming the property", async (_name, body, property) => {
    expectBadRequest(await graph.patch(partnerPath(id), body), property);
  });

  test("partner POST: tenantId must be a GUID", async () => {
    expectBadRequest(await graph.post(partnersPath(), { tenantId: "contoso.com" }), "tenantId");
  });

  test("a valid nested partner body with @odata.type annotations is accepted", async () => {
    const r = await graph.patch(partnerPath(id), {
      b2bCollaborationInbound: {
        "@odata.type": "#microsoft.graph.crossTenantAccessPolicyB2BSetting",
        usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
      },
    });
    expect(r.status).toBe(204);
    const g = await graph.get(partnerPath(id));
    expect(g.data.b2bCollaborationInbound).toEqual({
      usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
      applications: null,
    });
  });

  test("[INFERENCE] writability switches: isInMultiTenantOrganization, externalCloudAuthorizedApplicationId", async () => {
    expect((await graph.put(syncPath(id, "beta"), { externalCloudAuthorizedApplicationId: "app" })).status).toBe(204);
    await t.admin.settings({
      isInMultiTenantOrganizationReadOnly: false,
      externalCloudAuthorizedApplicationIdReadOnly: true,
    });
    expect((await graph.patch(partnerPath(id), { isInMultiTenantOrganization: true })).status).toBe(204);
    expect((await graph.get(partnerPath(id))).data.isInMultiTenantOrganization).toBe(true);
    expectBadRequest(
      await graph.patch(syncPath(id, "beta"), { externalCloudAuthorizedApplicationId: "other" }),
      "externalCloudAuthorizedApplicationId",
    );
    expect((await graph.get(syncPath(id, "beta"))).data.externalCloudAuthorizedApplicationId).toBe("app");
  });

  test("a beta-only property is accepted on beta", async () => {
    expect((await graph.patch(partnerPath(id, "beta"), { blockServiceProviderOutboundAccess: true })).status).toBe(204);
  });
});

describe("body format", () => {
  test("malformed JSON → 400", async () => {
    const r = await raw("PUT", syncPath(id), '{"displayName": ', "application/json");
    expectBadRequest(r);
    expect(r.data.error.message).toMatch(/valid JSON/);
  });

  test('the invalid body of doc seed 001 ({isSyncAllowed: "true"} unquoted key) → 400', async () => {
    await graph.put(syncPath(id), {});
    expectBadRequest(
      await raw("PATCH", syncPath(id), '{"userSyncInbound": {isSyncAllowed: "true"}}', "application/json"),
    );
  });

  test("wrong content type → 400 by default", async () => {
    const r = await raw("PUT", syncPath(id), '{"displayName":"x"}', "text/plain");
    expectBadRequest(r);
    expect(r.data.error.message).toContain("text/plain");
  });

  test("missing content type → 400", async () => {
    expectBadRequest(await raw("PUT", syncPath(id), '{"displayName":"x"}'));
  });

  test("wrongContentTypeStatus=415 switches to 415", async () => {
    await t.admin.settings({ wrongContentTypeStatus: 415 });
    const r = await raw("PUT", syncPath(id), '{"displayName":"x"}', "application/xml");
    expect(r.status).toBe(415);
  });

  test("application/json with charset is fine", async () => {
    expect((await raw("PUT", syncPath(id), '{"displayName":"x"}', "application/json; charset=utf-8")).status).toBe(204);
  });

  test("empty body on PUT/PATCH/POST → 400", async () => {
    expectBadRequest(await raw("PUT", syncPath(id), "", "application/json"));
    expectBadRequest(await raw("POST", partnersPath(), "", "application/json"));
  });

  test("a property given twice → 400 naming it (JSON.parse alone would keep the last)", async () => {
    expectBadRequest(
      await raw("PUT", syncPath(id), '{"displayName":"a","displayName":"b"}', "application/json"),
      "displayName",
    );
    expectBadRequest(
      await raw(
        "PUT",
        syncPath(id),
        '{"userSyncInbound":{"isSyncAllowed":true, "isSyncAllowed":false}}',
        "application/json",
      ),
      "isSyncAllowed",
    );
    expect((await graph.get(syncPath(id))).status).toBe(404);
  });

  test("a JSON array or scalar body → 400", async () => {
    expectBadRequest(await raw("PUT", syncPath(id), "[]", "application/json"));
    expectBadRequest(await raw("PUT", syncPath(id), "true", "application/json"));
  });
});

describe("error envelope and ids", () => {
  test("client-request-id is echoed in the header and innerError; request-id matches", async () => {
    const r = await graph.get(syncPath(newTenantId()), {
      headers: { "client-request-id": "7d5d2c1a-0000-4000-8000-00000000abcd" },
    });
    expect(r.headers["client-request-id"]).toBe("7d5d2c1a-0000-4000-8000-00000000abcd");
    expect(r.headers["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(r.data)).toEqual(["error"]);
    expect(Object.keys(r.data.error)).toEqual(["code", "message", "innerError"]);
    expect(r.data.error.innerError).toEqual({
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      "request-id": r.headers["request-id"],
      "client-request-id": "7d5d2c1a-0000-4000-8000-00000000abcd",
    });
  });

  test("without client-request-id, the header equals request-id; success responses carry both", async () => {
    const r = await graph.get(partnersPath());
    expect(r.status).toBe(200);
    expect(r.headers["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers["client-request-id"]).toBe(r.headers["request-id"]);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
  });

  test("the request log records ids, status, timing and body", async () => {
    const since = await t.admin.lastSeq();
    await graph.put(syncPath(id), { displayName: "logged" }, { headers: { "client-request-id": "c1" } });
    const [entry] = await t.admin.requests(since);
    expect(entry).toMatchObject({
      kind: "graph",
      method: "PUT",
      path: syncPath(id),
      apiVersion: "v1.0",
      status: 204,
      clientRequestId: "c1",
      body: { displayName: "logged" },
    });
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("routing", () => {
  test("unknown segment → 400 BadRequest naming the segment", async () => {
    const r = await graph.get("/v1.0/policies/crossTenantAccessPolicy/partnerz");
    expect(r.status).toBe(400);
    expect(r.data.error).toMatchObject({
      code: "BadRequest",
      message: "Resource not found for the segment 'partnerz'.",
    });
  });

  test("v1.0 has no deletedItems", async () => {
    const r = await graph.get("/v1.0/policies/deletedItems/crossTenantPartners");
    expect(r.status).toBe(400);
    expect(r.data.error.message).toContain("deletedItems");
  });

  test("unknown version → 400", async () => {
    const r = await graph.get("/v2.0/policies/crossTenantAccessPolicy/partners");
    expect(r.status).toBe(400);
    expect(r.data.error.message).toContain("Invalid version");
  });

  test("method not allowed → 405", async () => {
    expect((await graph.post(syncPath(id), {})).status).toBe(405);
    expect((await graph.put(partnerPath(id), {})).status).toBe(405);
  });

  test("URL segments are case-insensitive; ids too", async () => {
    await graph.put(syncPath(id), { displayName: "x" });
    const r = await graph.get(
      `/v1.0/Policies/CrossTenantAccessPolicy/Partners/${id.toUpperCase()}/IdentitySynchronization`,
    );
    expect(r.status).toBe(200);
    expect(r.data.tenantId).toBe(id);
  });
});
