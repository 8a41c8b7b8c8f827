/**
 * Partner configuration settings (graph-behaviour.md §3, landscape §2): the full v1.0 and beta property sets, PATCH
 * that replaces each complex setting whole with `null` = inherit, validation like Graph, and the INFERENCE switches
 * (inherited shape, isServiceProvider app-only 403, tenantRestrictions `@odata.type` 400, soft-deleted copy).
 */
import { AxiosInstance } from "axios";
import {
  defaultConfigPath,
  newTenantId,
  partnerPath,
  partnersPath,
  syncPath,
  TestEmulator,
  useTestEmulator,
} from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

const setting = (users: string, apps: string) => ({
  usersAndGroups: { accessType: users, targets: [{ target: "AllUsers", targetType: "user" }] },
  applications: {
    accessType: apps,
    targets: [{ target: "2c5f5b5e-0000-4000-8000-000000000001", targetType: "application" }],
  },
});
const groups = {
  usersAndGroups: {
    accessType: "allowed",
    targets: [
      { target: "7a1a0000-0000-4000-8000-000000000001", targetType: "group" },
      { target: "7a1a0000-0000-4000-8000-000000000002", targetType: "user" },
    ],
  },
  applications: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] },
};
const V1_SETTINGS = {
  automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
  inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: true },
  b2bCollaborationInbound: groups,
  b2bCollaborationOutbound: setting("allowed", "blocked"),
  b2bDirectConnectInbound: setting("blocked", "blocked"),
  b2bDirectConnectOutbound: setting("allowed", "allowed"),
  tenantRestrictions: { ...setting("blocked", "allowed"), devices: null },
};

function expectBadRequest(r: { status: number; data: any }, naming: string): void {
  expect(r.status).toBe(400);
  expect(r.data.error.code).toBe("Request_BadRequest");
  expect(r.data.error.message).toContain(`'${naming}`);
}

describe.each(["v1.0", "beta"] as const)("full property set (%s)", (version) => {
  test("POST with every writable setting: 201 with the full object, GET returns the same", async () => {
    const id = newTenantId();
    const r = await graph.post(partnersPath(version), { tenantId: id, ...V1_SETTINGS });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({
      tenantId: id,
      ...V1_SETTINGS,
      isServiceProvider: null,
      isInMultiTenantOrganization: false,
    });
    const g = await graph.get(partnerPath(id, version));
    const { "@odata.context": _a, ...created } = r.data;
    const { "@odata.context": _b, ...read } = g.data;
    expect(read).toEqual(created);
    const keys = Object.keys(read).sort();
    const v1 = [
      "appServiceConnectInbound",
      "automaticUserConsentSettings",
      "b2bCollaborationInbound",
      "b2bCollaborationOutbound",
      "b2bDirectConnectInbound",
      "b2bDirectConnectOutbound",
      "crossCloudMeetingConfiguration",
      "inboundTrust",
      "isInMultiTenantOrganization",
      "isServiceProvider",
      "m365CollaborationInbound",
      "m365CollaborationOutbound",
      "tenantId",
      "tenantRestrictions",
    ];
    const beta = [
      "blockServiceProviderOutboundAccess",
      "deletedDateTime",
      "displayName",
      "invitationRedemptionIdentityProviderConfiguration",
      "protectedContentSharing",
    ];
    expect(keys).toEqual((version === "beta" ? [...v1, ...beta] : v1).sort());
  });

  test("PATCH replaces a complex setting whole: the part not sent becomes null; other settings are untouched", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(version), { tenantId: id, ...V1_SETTINGS });
    const r = await graph.patch(partnerPath(id, version), {
      b2bCollaborationInbound: { usersAndGroups: groups.usersAndGroups },
    });
    expect(r.status).toBe(204);
    const g = (await graph.get(partnerPath(id, version))).data;
    expect(g.b2bCollaborationInbound).toEqual({ usersAndGroups: groups.usersAndGroups, applications: null });
    expect(g.b2bCollaborationOutbound).toEqual(V1_SETTINGS.b2bCollaborationOutbound);
    expect(g.inboundTrust).toEqual(V1_SETTINGS.inboundTrust);
    // A nested target list is replaced, not appended to.
    await graph.patch(partnerPath(id, version), { b2bCollaborationOutbound: setting("blocked", "blocked") });
    expect((await graph.get(partnerPath(id, version))).data.b2bCollaborationOutbound).toEqual(
      setting("blocked", "blocked"),
    );
  });

  test("PATCH null = inherit the default: every complex setting reads back as null, automaticUserConsentSettings as nulls", async () => {
    const id = newTenantId();
    await graph.post(partnersPath(version), { tenantId: id, ...V1_SETTINGS });
    const nulls = Object.fromEntries(Object.keys(V1_SETTINGS).map((k) => [k, null]));
    expect((await graph.patch(partnerPath(id, version), nulls)).status).toBe(204);
    const g = (await graph.get(partnerPath(id, version))).data;
    for (const k of Object.keys(V1_SETTINGS)) {
      if (k === "automaticUserConsentSettings") expect(g[k]).toEqual({ inboundAllowed: null, outboundAllowed: null });
      else expect(g[k]).toBeNull();
    }
  });

  test.each([
    ["miscased top-level name", { B2BCollaborationInbound: groups }, "B2BCollaborationInbound"],
    ["miscased nested name", { b2bCollaborationInbound: { UsersAndGroups: groups.usersAndGroups } }, "UsersAndGroups"],
    [
      "accessType outside allowed|blocked",
      { b2bDirectConnectInbound: { usersAndGroups: { accessType: "unknownFutureValue", targets: [] } } },
      "b2bDirectConnectInbound.usersAndGroups.accessType",
    ],
    [
      "targetType outside user|group|application",
      {
        b2bCollaborationInbound: {
          applications: {
            accessType: "allowed",
            targets: [{ target: "AllApplications", targetType: "servicePrincipal" }],
          },
        },
      },
      "b2bCollaborationInbound.applications.targets[0].targetType",
    ],
    [
      "targetType unknownFutureValue",
      {
        tenantRestrictions: {
          usersAndGroups: {
            accessType: "blocked",
            targets: [{ target: "AllUsers", targetType: "unknownFutureValue" }],
          },
        },
      },
      "tenantRestrictions.usersAndGroups.targets[0].targetType",
    ],
    [
      "targets not an array",
      { b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed", targets: { target: "AllUsers" } } } },
      "b2bCollaborationInbound.usersAndGroups.targets",
    ],
    ["unknown inboundTrust field", { inboundTrust: { isMfaRequired: true } }, "isMfaRequired"],
    [
      "string for automaticUserConsentSettings.inboundAllowed",
      { automaticUserConsentSettings: { inboundAllowed: "yes" } },
      "automaticUserConsentSettings.inboundAllowed",
    ],
    ["read-only isInMultiTenantOrganization", { isInMultiTenantOrganization: false }, "isInMultiTenantOrganization"],
  ])("validation: %s → 400 naming it, on POST and PATCH", async (_name, body, property) => {
    const id = newTenantId();
    expectBadRequest(await graph.post(partnersPath(version), { tenantId: id, ...body }), property);
    expect((await graph.get(partnerPath(id, version))).status).toBe(404);
    await t.admin.seed({ partners: [{ tenantId: id }] });
    expectBadRequest(await graph.patch(partnerPath(id, version), body), property);
  });

  test("the Graph wording for a miscased name: Invalid property '<name>'", async () => {
    const r = await graph.post(partnersPath(version), { tenantId: newTenantId(), B2BCollaborationInbound: groups });
    expect(r.data.error.message).toBe("Invalid property 'B2BCollaborationInbound'.");
  });
});

describe("beta-only partner properties", () => {
  test("displayName, blockServiceProviderOutboundAccess, protectedContentSharing, invitation redemption: beta yes, v1.0 400", async () => {
    const id = newTenantId();
    const extras = {
      displayName: "Fabrikam",
      blockServiceProviderOutboundAccess: true,
      protectedContentSharing: { inboundAllowed: true, outboundAllowed: null },
      invitationRedemptionIdentityProviderConfiguration: {
        primaryIdentityProviderPrecedenceOrder: ["azureActiveDirectory"],
        fallbackIdentityProvider: "emailOneTimePasscode",
      },
    };
    const r = await graph.post(partnersPath("beta"), { tenantId: id, ...extras });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject(extras);
    for (const [name, value] of Object.entries(extras)) {
      expectBadRequest(await graph.patch(partnerPath(id), { [name]: value }), name);
    }
    const v1 = (await graph.get(partnerPath(id))).data;
    for (const name of Object.keys(extras)) expect(v1).not.toHaveProperty(name);
    expectBadRequest(
      await graph.patch(partnerPath(id, "beta"), { deletedDateTime: "2026-01-01T00:00:00Z" }),
      "deletedDateTime",
    );
  });
});

describe("[INFERENCE] switches", () => {
  test("inheritedSettingShape nullLeaves: inherited settings read as objects of nulls with empty target lists", async () => {
    await t.admin.settings({ inheritedSettingShape: "nullLeaves" });
    const id = newTenantId();
    const created = await graph.post(partnersPath(), {
      tenantId: id,
      b2bCollaborationInbound: { usersAndGroups: groups.usersAndGroups },
    });
    expect(created.status).toBe(201);
    const leaves = { accessType: null, targets: [] };
    const b2b = { usersAndGroups: leaves, applications: leaves };
    const g = (await graph.get(partnerPath(id))).data;
    expect(g.b2bCollaborationInbound).toEqual({ usersAndGroups: groups.usersAndGroups, applications: leaves });
    expect(g.b2bCollaborationOutbound).toEqual(b2b);
    expect(g.b2bDirectConnectInbound).toEqual(b2b);
    expect(g.tenantRestrictions).toEqual({ ...b2b, devices: { mode: null, rule: null } });
    expect(g.inboundTrust).toEqual({
      isMfaAccepted: null,
      isCompliantDeviceAccepted: null,
      isHybridAzureADJoinedDeviceAccepted: null,
    });
    expect(g.automaticUserConsentSettings).toEqual({ inboundAllowed: null, outboundAllowed: null });
    expect(created.data.b2bCollaborationOutbound).toEqual(b2b);
    // Lists and expanded partners have the same shape; the sync policy and the default configuration are not affected.
    const list = (await graph.get(`${partnersPath()}?$expand=identitySynchronization`)).data.value[0];
    expect(list.inboundTrust).toEqual(g.inboundTrust);
    expect(list.identitySynchronization).toBeNull();
    await graph.put(syncPath(id), {});
    expect((await graph.get(syncPath(id))).data.userSyncInbound).toBeNull();
    // Back to the default shape.
    await t.admin.settings({ inheritedSettingShape: "null" });
    expect((await graph.get(partnerPath(id))).data.inboundTrust).toBeNull();
  });

  test("isServiceProvider with an app-only token: 403 Authorization_RequestDenied for true or false, on POST and PATCH", async () => {
    const id = newTenantId();
    for (const value of [true, false]) {
      const post = await graph.post(partnersPath(), { tenantId: id, isServiceProvider: value });
      expect(post.status).toBe(403);
      expect(post.data.error.code).toBe("Authorization_RequestDenied");
    }
    expect((await graph.get(partnerPath(id))).status).toBe(404);
    // null (not setting it) is fine.
    expect((await graph.post(partnersPath(), { tenantId: id, isServiceProvider: null })).status).toBe(201);
    const patch = await graph.patch(partnerPath(id, "beta"), {
      isServiceProvider: true,
      inboundTrust: { isMfaAccepted: true },
    });
    expect(patch.status).toBe(403);
    expect((await graph.get(partnerPath(id))).data).toMatchObject({ isServiceProvider: null, inboundTrust: null });
  });

  test("isServiceProvider with a delegated (user) token is accepted, as in the portal", async () => {
    const user = await t.admin.mintToken({ delegated: true });
    const as = { headers: { Authorization: `Bearer ${user}` } };
    const id = newTenantId();
    expect((await t.http.post(partnersPath(), { tenantId: id, isServiceProvider: true }, as)).status).toBe(201);
    expect((await graph.get(partnerPath(id))).data.isServiceProvider).toBe(true);
    expect((await t.http.patch(partnerPath(id), { isServiceProvider: false }, as)).status).toBe(204);
    expect((await graph.get(partnerPath(id))).data.isServiceProvider).toBe(false);
    // A delegated token without write permission is still refused.
    const reader = await t.admin.mintToken({ delegated: true, roles: ["Policy.Read.All"] });
    expect(
      (
        await t.http.patch(
          partnerPath(id),
          { isServiceProvider: true },
          { headers: { Authorization: `Bearer ${reader}` } },
        )
      ).status,
    ).toBe(403);
  });

  test("isServiceProviderDelegatedOnly=false lets an app write it", async () => {
    await t.admin.settings({ isServiceProviderDelegatedOnly: false });
    const id = newTenantId();
    expect((await graph.post(partnersPath(), { tenantId: id, isServiceProvider: true })).status).toBe(201);
    expect((await graph.patch(partnerPath(id), { isServiceProvider: false })).status).toBe(204);
  });

  test("tenantRestrictions with the specialised @odata.type: 400 naming it; plain or B2BSetting-typed is fine", async () => {
    const id = newTenantId();
    const tr = setting("blocked", "blocked");
    for (const type of [
      "#microsoft.graph.crossTenantAccessPolicyTenantRestrictions",
      "microsoft.graph.crossTenantAccessPolicyTenantRestrictions",
    ]) {
      const r = await graph.post(partnersPath(), { tenantId: id, tenantRestrictions: { "@odata.type": type, ...tr } });
      expectBadRequest(r, "tenantRestrictions");
      expect(r.data.error.message).toContain("@odata.type");
    }
    expect((await graph.post(partnersPath(), { tenantId: id, tenantRestrictions: tr })).status).toBe(201);
    expectBadRequest(
      await graph.patch(partnerPath(id), {
        tenantRestrictions: { "@odata.type": "#microsoft.graph.crossTenantAccessPolicyTenantRestrictions", ...tr },
      }),
      "tenantRestrictions",
    );
    expect(
      (
        await graph.patch(partnerPath(id), {
          tenantRestrictions: { "@odata.type": "#microsoft.graph.crossTenantAccessPolicyB2BSetting", ...tr },
        })
      ).status,
    ).toBe(204);
    // The default configuration does not refuse it.
    expect(
      (
        await graph.patch(defaultConfigPath(), {
          tenantRestrictions: { "@odata.type": "#microsoft.graph.crossTenantAccessPolicyTenantRestrictions", ...tr },
        })
      ).status,
    ).toBe(204);
    await t.admin.settings({ rejectTenantRestrictionsODataType: false });
    expect(
      (
        await graph.patch(partnerPath(id), {
          tenantRestrictions: { "@odata.type": "#microsoft.graph.crossTenantAccessPolicyTenantRestrictions", ...tr },
        })
      ).status,
    ).toBe(204);
  });

  test("softDeletedBlocksCreate=false (default): a partner can be re-created while its deleted copy exists", async () => {
    const id = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    expect((await graph.delete(partnerPath(id))).status).toBe(204);
    expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
    expect((await t.admin.state()).deletedPartners.map((p) => p.tenantId)).toEqual([id]);
  });

  test("softDeletedBlocksCreate=true: 409 until the deleted copy is restored or purged (partners and sync policies)", async () => {
    await t.admin.settings({ softDeletedBlocksCreate: true });
    const id = newTenantId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "P" }] });
    expect((await graph.delete(syncPath(id))).status).toBe(204);
    const put = await graph.put(syncPath(id), { displayName: "again" });
    expect(put.status).toBe(409);
    expect(put.data.error.code).toBe("Request_MultipleObjectsWithSameKeyValue");
    expect((await graph.post(`/beta/policies/deletedItems/crossTenantSyncPolicyPartners/${id}/restore`)).status).toBe(
      200,
    );

    expect((await graph.delete(syncPath(id))).status).toBe(204);
    expect((await graph.delete(`/beta/policies/deletedItems/crossTenantSyncPolicyPartners/${id}`)).status).toBe(204);
    expect((await graph.delete(partnerPath(id))).status).toBe(204);
    const post = await graph.post(partnersPath(), { tenantId: id });
    expect(post.status).toBe(409);
    expect(post.data.error).toMatchObject({
      code: "Request_MultipleObjectsWithSameKeyValue",
      message: "Another object with the same value for property tenantId already exists.",
    });
    expect((await graph.get(partnerPath(id))).status).toBe(404);
    expect((await graph.delete(`/beta/policies/deletedItems/crossTenantPartners/${id}`)).status).toBe(204);
    expect((await graph.post(partnersPath(), { tenantId: id })).status).toBe(201);
    expect((await graph.put(syncPath(id), { displayName: "again" })).status).toBe(204);
  });
});
