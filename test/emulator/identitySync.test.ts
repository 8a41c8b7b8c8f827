/**
 * identitySynchronization method table and edge cases (graph-behaviour.md §2, §2.1, §9.1), over real HTTPS with a
 * token from the real ClientSecretCredential.
 */
import { AxiosInstance } from "axios";
import { newTenantId, partnersPath, syncPath, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

async function newPartner(version: "v1.0" | "beta" = "v1.0"): Promise<string> {
  const id = newTenantId();
  const r = await graph.post(partnersPath(version), { tenantId: id });
  expect(r.status).toBe(201);
  return id;
}

function expectGraphError(r: { status: number; data: any; headers: any }, status: number, code: string): void {
  expect(r.status).toBe(status);
  expect(r.data.error.code).toBe(code);
  expect(typeof r.data.error.message).toBe("string");
  const inner = r.data.error.innerError;
  expect(inner["request-id"]).toBe(r.headers["request-id"]);
  expect(inner["client-request-id"]).toBe(r.headers["client-request-id"]);
  expect(inner.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
}

describe.each(["v1.0", "beta"] as const)("identitySynchronization (%s)", (version) => {
  test("PUT creates: 204 with no body", async () => {
    const id = await newPartner(version);
    const r = await graph.put(syncPath(id, version), {
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(r.status).toBe(204);
    expect(r.data).toBe("");
  });

  test("GET: 200 with @odata.context and the version's properties", async () => {
    const id = await newPartner(version);
    await graph.put(syncPath(id, version), { displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } });
    const r = await graph.get(syncPath(id, version));
    expect(r.status).toBe(200);
    expect(r.data["@odata.context"]).toBe(
      `${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy/partners('${id}')/identitySynchronization/$entity`,
    );
    const expected: Record<string, unknown> = {
      tenantId: id,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    };
    if (version === "beta")
      Object.assign(expected, {
        groupSyncInbound: null,
        externalCloudAuthorizedApplicationId: null,
        deletedDateTime: null,
      });
    const { "@odata.context": _ctx, ...props } = r.data;
    expect(props).toEqual(expected);
  });

  test("GET supports $select", async () => {
    const id = await newPartner(version);
    await graph.put(syncPath(id, version), { displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: false } });
    const r = await graph.get(`${syncPath(id, version)}?$select=displayName`);
    expect(r.status).toBe(200);
    const { "@odata.context": _ctx, ...props } = r.data;
    expect(props).toEqual({ displayName: "Fabrikam" });
  });

  test("PATCH: 204, partial update keeps other properties", async () => {
    const id = await newPartner(version);
    await graph.put(syncPath(id, version), { displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } });
    const r = await graph.patch(syncPath(id, version), { userSyncInbound: { isSyncAllowed: false } });
    expect(r.status).toBe(204);
    const g = await graph.get(syncPath(id, version));
    expect(g.data.displayName).toBe("Fabrikam");
    expect(g.data.userSyncInbound).toEqual({ isSyncAllowed: false });
  });

  test("DELETE: 204, then GET is 404", async () => {
    const id = await newPartner(version);
    await graph.put(syncPath(id, version), { displayName: "Fabrikam" });
    expect((await graph.delete(syncPath(id, version))).status).toBe(204);
    expectGraphError(await graph.get(syncPath(id, version)), 404, "Request_ResourceNotFound");
  });

  test("PUT when a policy exists: 409 Request_MultipleObjectsWithSameKeyValue with details", async () => {
    const id = await newPartner(version);
    await graph.put(syncPath(id, version), { displayName: "A" });
    const r = await graph.put(syncPath(id, version), { displayName: "B" });
    expectGraphError(r, 409, "Request_MultipleObjectsWithSameKeyValue");
    expect(r.data.error.message).toBe(
      "A conflicting object with one or more of the specified property values is present in the directory.",
    );
    expect(r.data.error.details[0].code).toBe("ConflictingObjects");
    expect((await graph.get(syncPath(id, version))).data.displayName).toBe("A");
  });

  test("PATCH when missing: 404 Directory_ObjectNotFound with the documented message", async () => {
    const id = await newPartner(version);
    const r = await graph.patch(syncPath(id, version), { displayName: "x" });
    expectGraphError(r, 404, "Directory_ObjectNotFound");
    expect(r.data.error.message).toBe("Unable to read the company information from the directory.");
  });

  test("GET and DELETE when missing: 404", async () => {
    const id = await newPartner(version);
    expectGraphError(await graph.get(syncPath(id, version)), 404, "Request_ResourceNotFound");
    expectGraphError(await graph.delete(syncPath(id, version)), 404, "Request_ResourceNotFound");
  });

  test.each(["GET", "PUT", "PATCH", "DELETE"])(
    "%s when the partner does not exist: 404 Request_ResourceNotFound",
    async (method) => {
      const id = newTenantId();
      const r = await graph.request({
        method,
        url: syncPath(id, version),
        data: method === "PUT" || method === "PATCH" ? { displayName: "x" } : undefined,
      });
      expectGraphError(r, 404, "Request_ResourceNotFound");
    },
  );
});

describe("per-version property sets", () => {
  test("v1.0 rejects groupSyncInbound (400 naming it)", async () => {
    const id = await newPartner();
    const r = await graph.put(syncPath(id), { displayName: "x", groupSyncInbound: { isSyncAllowed: true } });
    expectGraphError(r, 400, "Request_BadRequest");
    expect(r.data.error.message).toContain("groupSyncInbound");
  });

  test("beta accepts groupSyncInbound and returns it; v1.0 GET does not show it", async () => {
    const id = await newPartner();
    expect(
      (await graph.put(syncPath(id, "beta"), { displayName: "x", groupSyncInbound: { isSyncAllowed: true } })).status,
    ).toBe(204);
    const beta = await graph.get(syncPath(id, "beta"));
    expect(beta.data.groupSyncInbound).toEqual({ isSyncAllowed: true });
    expect(beta.data).toHaveProperty("externalCloudAuthorizedApplicationId", null);
    expect(beta.data).toHaveProperty("deletedDateTime", null);
    const v1 = await graph.get(syncPath(id));
    expect(v1.data).not.toHaveProperty("groupSyncInbound");
    expect(v1.data).not.toHaveProperty("deletedDateTime");
    expect(v1.data).not.toHaveProperty("externalCloudAuthorizedApplicationId");
  });

  test("a v1.0 PATCH leaves the beta-only groupSyncInbound alone", async () => {
    const id = await newPartner();
    await graph.put(syncPath(id, "beta"), { groupSyncInbound: { isSyncAllowed: true } });
    expect((await graph.patch(syncPath(id), { displayName: "renamed" })).status).toBe(204);
    const beta = await graph.get(syncPath(id, "beta"));
    expect(beta.data).toMatchObject({ displayName: "renamed", groupSyncInbound: { isSyncAllowed: true } });
  });
});

describe("switchable [INFERENCE] behaviour", () => {
  test("missingPartner=autoCreate: PUT creates the partner", async () => {
    await t.admin.settings({ missingPartner: "autoCreate" });
    const id = newTenantId();
    expect((await graph.put(syncPath(id), { displayName: "x" })).status).toBe(204);
    expect((await graph.get(`${partnersPath()}/${id}`)).status).toBe(200);
  });

  test("missingPartnerError, syncNotFoundError and patchMissingSyncStatus are configurable", async () => {
    await t.admin.settings({
      missingPartnerError: { status: 400, code: "Request_BadRequest" },
      syncNotFoundError: { status: 404, code: "Directory_ObjectNotFound" },
      patchMissingSyncStatus: 400,
    });
    expectGraphError(await graph.get(syncPath(newTenantId())), 400, "Request_BadRequest");
    const id = await newPartner();
    expectGraphError(await graph.get(syncPath(id)), 404, "Directory_ObjectNotFound");
    expectGraphError(await graph.patch(syncPath(id), { displayName: "x" }), 400, "Directory_ObjectNotFound");
  });

  test("undocumentedProperties: reads carry fields outside the schema (as Graph's do), unless $select is used", async () => {
    const id = await newPartner();
    await graph.put(syncPath(id), { displayName: "x" });
    expect((await graph.get(syncPath(id))).data).not.toHaveProperty("roleEnabledGroupSyncInbound");
    await t.admin.settings({
      undocumentedProperties: {
        sync: { roleEnabledGroupSyncInbound: null },
        partner: { protectedContentSharing: { inboundAllowed: null } },
      },
    });
    expect((await graph.get(syncPath(id))).data).toMatchObject({ displayName: "x", roleEnabledGroupSyncInbound: null });
    expect((await graph.get(`${syncPath(id)}?$select=displayName`)).data).not.toHaveProperty(
      "roleEnabledGroupSyncInbound",
    );
    const list = await graph.get(`${partnersPath()}?$expand=identitySynchronization`);
    expect(list.data.value[0]).toMatchObject({
      protectedContentSharing: { inboundAllowed: null },
      identitySynchronization: { roleEnabledGroupSyncInbound: null },
    });
    // Still not writable: the request schema is unchanged.
    expect((await graph.patch(syncPath(id), { roleEnabledGroupSyncInbound: null })).status).toBe(400);
    expect((await t.http.patch("/_emulator/settings", { undocumentedProperties: { policy: {} } })).status).toBe(400);
  });

  test("nestedPatch=merge merges nested objects; default replaces", async () => {
    const id = await newPartner();
    await graph.put(syncPath(id), { userSyncInbound: { isSyncAllowed: true } });
    await graph.patch(syncPath(id), { userSyncInbound: {} });
    expect((await graph.get(syncPath(id))).data.userSyncInbound).toEqual({ isSyncAllowed: null });
    await t.admin.settings({ nestedPatch: "merge" });
    await graph.patch(syncPath(id), { userSyncInbound: { isSyncAllowed: true } });
    await graph.patch(syncPath(id), { userSyncInbound: {} });
    expect((await graph.get(syncPath(id))).data.userSyncInbound).toEqual({ isSyncAllowed: true });
  });
});
