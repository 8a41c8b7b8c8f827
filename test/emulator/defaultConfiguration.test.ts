/**
 * The tenant's default configuration, `/policies/crossTenantAccessPolicy/default`: GET, PATCH (204) and
 * `resetToSystemDefault` (204); the documented system default; read-only `isServiceDefault` and
 * `automaticUserConsentSettings`.
 */
import { AxiosInstance } from "axios";
import { systemDefaultConfiguration } from "../../emulator";
import { defaultConfigPath, startTestEmulator, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

const resetPath = (version: "v1.0" | "beta" = "v1.0"): string => `${defaultConfigPath(version)}/resetToSystemDefault`;
const all = (accessType: string) => ({
  usersAndGroups: { accessType, targets: [{ target: "AllUsers", targetType: "user" }] },
  applications: { accessType, targets: [{ target: "AllApplications", targetType: "application" }] },
});
const specificUsers = {
  usersAndGroups: {
    accessType: "allowed",
    targets: [{ target: "5f0e3c1e-0000-4000-8000-000000000001", targetType: "group" }],
  },
  applications: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] },
};

function expectBadRequest(r: { status: number; data: any }, naming: string): void {
  expect(r.status).toBe(400);
  expect(r.data.error.code).toBe("Request_BadRequest");
  expect(r.data.error.message).toContain(`'${naming}`);
}

describe.each(["v1.0", "beta"] as const)("default configuration (%s)", (version) => {
  test("GET: the system default as Microsoft documents it, isServiceDefault true", async () => {
    const r = await graph.get(defaultConfigPath(version));
    expect(r.status).toBe(200);
    expect(r.data).toEqual({
      "@odata.context": `${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy/default/$entity`,
      isServiceDefault: true,
      inboundTrust: {
        isMfaAccepted: false,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
      b2bCollaborationOutbound: all("allowed"),
      b2bCollaborationInbound: all("allowed"),
      b2bDirectConnectOutbound: all("blocked"),
      b2bDirectConnectInbound: all("blocked"),
      tenantRestrictions: { ...all("blocked"), devices: null },
      invitationRedemptionIdentityProviderConfiguration: {
        primaryIdentityProviderPrecedenceOrder: [
          "externalFederation",
          "azureActiveDirectory",
          "socialIdentityProviders",
        ],
        fallbackIdentityProvider: "defaultConfiguredIdp",
      },
      // [INFERENCE] defaults of the newer settings (undocumented; a real tenant's beta GET).
      m365CollaborationInbound: { users: all("blocked").usersAndGroups },
      m365CollaborationOutbound: { usersAndGroups: all("allowed").usersAndGroups },
      appServiceConnectInbound: { applications: all("blocked").applications },
      // Beta only ("Default value is false").
      ...(version === "beta" ? { blockServiceProviderOutboundAccess: false } : {}),
    });
  });

  test("PATCH: 204; each setting given replaces the stored one whole; the others stay; isServiceDefault false", async () => {
    const partial = { usersAndGroups: specificUsers.usersAndGroups };
    const r = await graph.patch(defaultConfigPath(version), {
      b2bCollaborationInbound: partial,
      inboundTrust: { isMfaAccepted: true },
    });
    expect(r.status).toBe(204);
    const g = (await graph.get(defaultConfigPath(version))).data;
    expect(g.isServiceDefault).toBe(false);
    expect(g.b2bCollaborationInbound).toEqual({ usersAndGroups: specificUsers.usersAndGroups, applications: null });
    expect(g.inboundTrust).toEqual({
      isMfaAccepted: true,
      isCompliantDeviceAccepted: null,
      isHybridAzureADJoinedDeviceAccepted: null,
    });
    expect(g.b2bCollaborationOutbound).toEqual(all("allowed"));
    expect(g.automaticUserConsentSettings).toEqual({ inboundAllowed: false, outboundAllowed: false });
  });

  test("PATCH with values equal to the system default still customises (isServiceDefault false)", async () => {
    expect((await graph.patch(defaultConfigPath(version), { b2bCollaborationInbound: all("allowed") })).status).toBe(
      204,
    );
    expect((await graph.get(defaultConfigPath(version))).data.isServiceDefault).toBe(false);
  });

  test("[INFERENCE] PATCH null puts back that setting's system default value", async () => {
    await graph.patch(defaultConfigPath(version), {
      b2bDirectConnectInbound: specificUsers,
      tenantRestrictions: all("allowed"),
    });
    expect((await graph.patch(defaultConfigPath(version), { b2bDirectConnectInbound: null })).status).toBe(204);
    const g = (await graph.get(defaultConfigPath(version))).data;
    expect(g.b2bDirectConnectInbound).toEqual(all("blocked"));
    expect(g.tenantRestrictions).toEqual({ ...all("allowed"), devices: null });
    expect(g.isServiceDefault).toBe(false);
  });

  test("resetToSystemDefault: 204, then the system default again with isServiceDefault true", async () => {
    await graph.patch(defaultConfigPath(version), {
      b2bCollaborationOutbound: all("blocked"),
      inboundTrust: { isMfaAccepted: true },
    });
    const r = await graph.post(resetPath(version));
    expect(r.status).toBe(204);
    expect(r.data).toBe("");
    const g = (await graph.get(defaultConfigPath(version))).data;
    delete g["@odata.context"];
    const { blockServiceProviderOutboundAccess, ...v1 } = systemDefaultConfiguration();
    expect(g).toEqual(version === "beta" ? { ...v1, blockServiceProviderOutboundAccess } : v1);
    // Resetting the system default is a no-op, not an error.
    expect((await graph.post(resetPath(version))).status).toBe(204);
  });

  test("read-only isServiceDefault and automaticUserConsentSettings → 400 naming them; nothing changes", async () => {
    expectBadRequest(await graph.patch(defaultConfigPath(version), { isServiceDefault: false }), "isServiceDefault");
    expectBadRequest(
      await graph.patch(defaultConfigPath(version), { automaticUserConsentSettings: { inboundAllowed: true } }),
      "automaticUserConsentSettings",
    );
    expectBadRequest(
      await graph.patch(defaultConfigPath(version), {
        b2bCollaborationInbound: all("allowed"),
        automaticUserConsentSettings: null,
      }),
      "automaticUserConsentSettings",
    );
    expect((await graph.get(defaultConfigPath(version))).data.isServiceDefault).toBe(true);
  });

  test.each([
    ["miscased property", { B2BCollaborationInbound: {} }, "B2BCollaborationInbound"],
    ["a partner-only property", { isServiceProvider: true }, "isServiceProvider"],
    ["tenantId", { tenantId: "0000aaaa-0000-4000-8000-000000000000" }, "tenantId"],
    [
      "bad accessType",
      { b2bCollaborationInbound: { usersAndGroups: { accessType: "sometimes" } } },
      "b2bCollaborationInbound.usersAndGroups.accessType",
    ],
    [
      "bad targetType",
      {
        b2bCollaborationInbound: {
          applications: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "app" }] },
        },
      },
      "b2bCollaborationInbound.applications.targets[0].targetType",
    ],
    ["string for a boolean", { inboundTrust: { isMfaAccepted: "true" } }, "inboundTrust.isMfaAccepted"],
  ])("PATCH: %s → 400 naming it", async (_name, body, property) => {
    expectBadRequest(await graph.patch(defaultConfigPath(version), body), property);
  });

  test("$select; unknown names are 400", async () => {
    const r = await graph.get(`${defaultConfigPath(version)}?$select=isServiceDefault,inboundTrust`);
    expect(r.data).toEqual({
      "@odata.context": `${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy/default(isServiceDefault,inboundTrust)/$entity`,
      isServiceDefault: true,
      inboundTrust: {
        isMfaAccepted: false,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
    expect((await graph.get(`${defaultConfigPath(version)}?$select=tenantId`)).status).toBe(400);
  });
});

describe("default configuration: permissions, methods, log, seed", () => {
  test("readOnly can GET, not PATCH or reset (403); noRoles cannot GET", async () => {
    const ro = await t.graph("readOnly");
    expect((await ro.get(defaultConfigPath())).status).toBe(200);
    expect((await ro.patch(defaultConfigPath(), { inboundTrust: null })).status).toBe(403);
    expect((await ro.post(resetPath())).status).toBe(403);
    expect((await (await t.graph("noRoles")).get(defaultConfigPath())).status).toBe(403);
  });

  test("methods: DELETE/POST/PUT on the default → 405; GET on reset → 405; OData-style action name works", async () => {
    const del = await graph.delete(defaultConfigPath());
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe("GET, PATCH, HEAD, OPTIONS");
    expect((await graph.put(defaultConfigPath(), {})).status).toBe(405);
    expect((await graph.get(resetPath())).status).toBe(405);
    await graph.patch(defaultConfigPath(), { inboundTrust: null });
    expect((await graph.post(`${defaultConfigPath()}/microsoft.graph.resetToSystemDefault`)).status).toBe(204);
    expect((await graph.get(defaultConfigPath())).data.isServiceDefault).toBe(true);
    expect((await graph.get(`${defaultConfigPath()}/nope`)).status).toBe(400);
  });

  test("each call is one logged request with its tenant", async () => {
    const since = await t.admin.lastSeq();
    await graph.patch(defaultConfigPath(), { inboundTrust: { isMfaAccepted: true } });
    await graph.post(resetPath());
    const calls = (await t.admin.requests(since)).filter((e) => e.kind === "graph");
    expect(calls.map((c) => [c.method, c.path, c.status, c.tenantId])).toEqual([
      ["PATCH", defaultConfigPath(), 204, t.defaults.tenantId],
      ["POST", resetPath(), 204, t.defaults.tenantId],
    ]);
    expect(calls[0].body).toEqual({ inboundTrust: { isMfaAccepted: true } });
  });

  test("seeded default configuration: settings replace the system default's; admin state shows it like GET", async () => {
    await t.admin.seed({ defaultConfiguration: { b2bCollaborationInbound: specificUsers } });
    const g = (await graph.get(defaultConfigPath("beta"))).data;
    expect(g.isServiceDefault).toBe(false);
    expect(g.b2bCollaborationInbound).toEqual(specificUsers);
    expect(g.b2bDirectConnectInbound).toEqual(all("blocked"));
    delete g["@odata.context"];
    expect((await t.admin.state()).defaultConfiguration).toEqual(g);
    // A seed may say it is still the service default.
    await t.admin.reset({ defaultConfiguration: { isServiceDefault: true } });
    expect((await graph.get(defaultConfigPath())).data.isServiceDefault).toBe(true);
    expect(
      (
        await t.http.post("/_emulator/seed", {
          defaultConfiguration: { b2bCollaborationInbound: { usersAndGroups: { accessType: "maybe" } } },
        })
      ).status,
    ).toBe(400);
  });

  test("a customised default survives a restart in file mode", async () => {
    const os = await import("os");
    const fs = await import("fs");
    const path = await import("path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-default-"));
    try {
      const dataFile = path.join(dir, "state.json");
      const first = await startTestEmulator({ dataDir: dir, dataFile });
      try {
        expect(
          (await (await first.graph()).patch(defaultConfigPath(), { inboundTrust: { isMfaAccepted: true } })).status,
        ).toBe(204);
        expect(
          (
            await (
              await first.graph("readWrite", first.defaults.second.tenantId)
            ).patch(defaultConfigPath(), { b2bCollaborationInbound: all("blocked") })
          ).status,
        ).toBe(204);
      } finally {
        await first.stop();
      }
      const again = await startTestEmulator({ dataDir: dir, dataFile });
      try {
        expect((await (await again.graph()).get(defaultConfigPath())).data).toMatchObject({
          isServiceDefault: false,
          inboundTrust: { isMfaAccepted: true },
        });
        const other = (await (await again.graph("readWrite", again.defaults.second.tenantId)).get(defaultConfigPath()))
          .data;
        expect(other).toMatchObject({
          isServiceDefault: false,
          b2bCollaborationInbound: all("blocked"),
          inboundTrust: { isMfaAccepted: false },
        });
      } finally {
        await again.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
