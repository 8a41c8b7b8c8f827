/** Partner configuration method table (graph-behaviour.md §3.3) and the partner edge cases of §2.1. */
import { AxiosInstance } from "axios";
import { newTenantId, partnerPath, partnersPath, syncPath, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

describe.each(["v1.0", "beta"] as const)("partners (%s)", (version) => {
  test("POST: 201 + full object with null defaults and @odata.context (documented shape)", async () => {
    const id = newTenantId();
    const r = await graph.post(partnersPath(version), { tenantId: id });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe(`${t.url}${partnerPath(id, version)}`);
    expect(r.data).toMatchObject({
      "@odata.context": `${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy/partners/$entity`,
      tenantId: id,
      isServiceProvider: null,
      inboundTrust: null,
      b2bCollaborationOutbound: null,
      b2bCollaborationInbound: null,
      b2bDirectConnectOutbound: null,
      b2bDirectConnectInbound: null,
      tenantRestrictions: null,
      crossCloudMeetingConfiguration: { inboundAllowed: null, outboundAllowed: null },
      automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
    });
    // blockServiceProviderOutboundAccess: null, as every captured beta response in the docs shows a partner created without it.
    if (version === "beta")
      expect(r.data).toMatchObject({ deletedDateTime: null, blockServiceProviderOutboundAccess: null });
    else expect(r.data).not.toHaveProperty("deletedDateTime");
  });

  test("POST without tenantId: 400", async () => {
    const r = await graph.post(partnersPath(version), { isServiceProvider: true });
    expect(r.status).toBe(400);
    expect(r.data.error.code).toBe("Request_BadRequest");
    expect(r.data.error.message).toContain("tenantId");
  });

  test("POST duplicate: 409 Request_MultipleObjectsWithSameKeyValue", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(version), { tenantId: id });
    const r = await graph.post(partnersPath(version), { tenantId: id.toUpperCase() });
    expect(r.status).toBe(409);
    expect(r.data.error).toMatchObject({
      code: "Request_MultipleObjectsWithSameKeyValue",
      message: "Another object with the same value for property tenantId already exists.",
    });
  });

  test("GET: 200 + object; unknown: 404 Request_ResourceNotFound", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(version), { tenantId: id, inboundTrust: { isMfaAccepted: true } });
    const r = await graph.get(partnerPath(id, version));
    expect(r.status).toBe(200);
    expect(r.data.inboundTrust).toEqual({
      isMfaAccepted: true,
      isCompliantDeviceAccepted: null,
      isHybridAzureADJoinedDeviceAccepted: null,
    });
    const missing = await graph.get(partnerPath(newTenantId(), version));
    expect(missing.status).toBe(404);
    expect(missing.data.error.code).toBe("Request_ResourceNotFound");
  });

  test("PATCH: 204, partial; null resets a complex property (as the Entra guide sends)", async () => {
    const id = newTenantId();
    const kept = {
      usersAndGroups: { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] },
      applications: null,
    };
    await graph.post(partnersPath(version), {
      tenantId: id,
      inboundTrust: { isMfaAccepted: true },
      b2bDirectConnectOutbound: kept,
    });
    const r = await graph.patch(partnerPath(id, version), {
      inboundTrust: null,
      automaticUserConsentSettings: { inboundAllowed: true },
    });
    expect(r.status).toBe(204);
    const g = await graph.get(partnerPath(id, version));
    expect(g.data).toMatchObject({
      inboundTrust: null,
      b2bDirectConnectOutbound: kept,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null },
    });
  });

  test("PATCH unknown partner: 404", async () => {
    expect(
      (await graph.patch(partnerPath(newTenantId(), version), { inboundTrust: { isMfaAccepted: true } })).status,
    ).toBe(404);
  });

  test("DELETE: 204, then GET 404; DELETE unknown 404", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(version), { tenantId: id });
    expect((await graph.delete(partnerPath(id, version))).status).toBe(204);
    expect((await graph.get(partnerPath(id, version))).status).toBe(404);
    expect((await graph.delete(partnerPath(id, version))).status).toBe(404);
  });

  test("DELETE while a sync policy exists is refused (400 Request_BadRequest); works after deleting the policy", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(version), { tenantId: id });
    await graph.put(syncPath(id, version), { displayName: "x" });
    const r = await graph.delete(partnerPath(id, version));
    expect(r.status).toBe(400);
    expect(r.data.error.code).toBe("Request_BadRequest");
    expect(r.data.error.message).toContain("identitySynchronization");
    expect((await graph.get(partnerPath(id, version))).status).toBe(200);
    expect((await graph.delete(syncPath(id, version))).status).toBe(204);
    expect((await graph.delete(partnerPath(id, version))).status).toBe(204);
  });

  test("list: 200 { value } with @odata.context", async () => {
    const a = newTenantId();
    const b = newTenantId();
    await graph.post(partnersPath(version), { tenantId: a });
    await graph.post(partnersPath(version), { tenantId: b });
    const r = await graph.get(partnersPath(version));
    expect(r.status).toBe(200);
    expect(r.data["@odata.context"]).toBe(`${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy/partners`);
    expect(r.data.value.map((p: { tenantId: string }) => p.tenantId)).toEqual([a, b]);
  });

  test("list with $select=tenantId&$expand=identitySynchronization: inline policy or null", async () => {
    const a = newTenantId();
    const b = newTenantId();
    await graph.post(partnersPath(version), { tenantId: a });
    await graph.post(partnersPath(version), { tenantId: b });
    await graph.put(syncPath(a, version), { displayName: "A", userSyncInbound: { isSyncAllowed: true } });
    const r = await graph.get(`${partnersPath(version)}?$select=tenantId&$expand=identitySynchronization`);
    expect(r.status).toBe(200);
    const [pa, pb] = r.data.value;
    expect(Object.keys(pa).sort()).toEqual(["identitySynchronization", "tenantId"]);
    expect(pa.identitySynchronization).toMatchObject({
      tenantId: a,
      displayName: "A",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(pb).toEqual({ tenantId: b, identitySynchronization: null });
  });

  test("$expand with nested $select; unknown $select/$expand names are 400", async () => {
    const a = newTenantId();
    await graph.post(partnersPath(version), { tenantId: a });
    await graph.put(syncPath(a, version), { displayName: "A" });
    const r = await graph.get(
      `${partnersPath(version)}?$select=tenantId&$expand=identitySynchronization($select=displayName)`,
    );
    expect(r.data.value[0].identitySynchronization).toEqual({ displayName: "A" });
    const bad = await graph.get(`${partnersPath(version)}?$select=TenantId`);
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toContain("TenantId");
    expect((await graph.get(`${partnersPath(version)}?$expand=m365Capabilities`)).status).toBe(400);
  });

  test("GET one partner with $select: the context URL names the selection", async () => {
    const a = newTenantId();
    await graph.post(partnersPath(version), { tenantId: a });
    const r = await graph.get(`${partnerPath(a, version)}?$select=tenantId,inboundTrust`);
    expect(r.data).toEqual({
      "@odata.context": `${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy/partners(tenantId,inboundTrust)/$entity`,
      tenantId: a,
      inboundTrust: null,
    });
  });

  test("GET one partner with $expand=identitySynchronization", async () => {
    const a = newTenantId();
    await graph.post(partnersPath(version), { tenantId: a });
    await graph.put(syncPath(a, version), { displayName: "A" });
    const r = await graph.get(`${partnerPath(a, version)}?$expand=identitySynchronization`);
    expect(r.data.identitySynchronization.displayName).toBe("A");
  });
});

describe("partner switches", () => {
  test("partnerDeleteWithSyncPolicy=cascade deletes both (both in deleted items)", async () => {
    await t.admin.settings({ partnerDeleteWithSyncPolicy: "cascade" });
    const id = newTenantId();
    await graph.post(partnersPath(), { tenantId: id });
    await graph.put(syncPath(id), { displayName: "x" });
    expect((await graph.delete(partnerPath(id))).status).toBe(204);
    const state = await t.admin.state();
    expect(state.partners).toHaveLength(0);
    expect(state.policies).toHaveLength(0);
    expect(state.deletedPartners.map((p) => p.tenantId)).toEqual([id]);
    expect(state.deletedPolicies.map((p) => p.tenantId)).toEqual([id]);
  });

  test("partnerDeleteWithSyncPolicyError changes the status and code", async () => {
    await t.admin.settings({ partnerDeleteWithSyncPolicyError: { status: 409, code: "Request_Conflict" } });
    const id = newTenantId();
    await graph.post(partnersPath(), { tenantId: id });
    await graph.put(syncPath(id), {});
    const r = await graph.delete(partnerPath(id));
    expect(r.status).toBe(409);
    expect(r.data.error.code).toBe("Request_Conflict");
  });

  test("duplicatePartnerStatus and expandMissingSync", async () => {
    await t.admin.settings({ duplicatePartnerStatus: 400, expandMissingSync: "omit" });
    const id = newTenantId();
    await graph.post(partnersPath(), { tenantId: id });
    expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(400);
    const r = await graph.get(`${partnersPath()}?$expand=identitySynchronization`);
    expect(r.data.value[0]).not.toHaveProperty("identitySynchronization");
  });
});

describe("admin seed and state", () => {
  test("seed partners and policies (policy without partner gets one); state shows them", async () => {
    const a = newTenantId();
    const b = newTenantId();
    await t.admin.seed({
      partners: [{ tenantId: a, isServiceProvider: true }],
      policies: [{ tenantId: b, displayName: "B", userSyncInbound: { isSyncAllowed: true } }],
    });
    const state = await t.admin.state();
    expect(state.partners.map((p) => p.tenantId).sort()).toEqual([a, b].sort());
    expect(state.policies).toEqual([{ tenantId: b, displayName: "B", userSyncInbound: { isSyncAllowed: true } }]);
    expect((await graph.get(syncPath(b))).data.displayName).toBe("B");
    await t.admin.reset({ partners: [{ tenantId: a }] });
    expect((await t.admin.state()).partners.map((p) => p.tenantId)).toEqual([a]);
  });

  test("bad seed is a 400 from the admin API", async () => {
    const r = await t.http.post("/_emulator/seed", { partners: [{ tenantId: "nope" }] });
    expect(r.status).toBe(400);
  });

  test("start-up seed option", async () => {
    const id = newTenantId();
    const seeded = await (
      await import("../helpers/emulator")
    ).startTestEmulator({ seed: { policies: [{ tenantId: id, displayName: "S" }] } });
    try {
      const g = await seeded.graph();
      expect((await g.get(syncPath(id))).data.displayName).toBe("S");
    } finally {
      await seeded.stop();
    }
  });

  test("unknown admin route is 404, unknown setting is 400", async () => {
    expect((await t.http.get("/_emulator/nothing")).status).toBe(404);
    expect((await t.http.patch("/_emulator/settings", { latencyMS: 5 })).status).toBe(400);
    expect((await t.http.patch("/_emulator/settings", { latencyMs: "5" })).status).toBe(400);
  });

  test("admin calls are not logged", async () => {
    await t.admin.state();
    await t.admin.settings();
    expect(await t.admin.requests()).toEqual([]);
  });
});
