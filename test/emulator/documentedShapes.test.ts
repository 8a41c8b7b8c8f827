/**
 * Enums and shapes as Microsoft documents them (issue 15): tenant restrictions' device filter `mode` is
 * `allowed` | `blocked` (crossTenantAccessPolicyTargetConfigurationAccessType, devicesfilter.md); the invitation
 * redemption identity providers take the documented values only; the newer settings `m365CollaborationInbound`
 * `{ users }`, `m365CollaborationOutbound` `{ usersAndGroups }` and `appServiceConnectInbound` `{ applications }`
 * on the default and partners (v1.0 and beta); beta's `blockServiceProviderOutboundAccess` (partner and default) and
 * `externalCloudAuthorizedApplicationId` (sync policy); the default's read-only `automaticUserConsentSettings`.
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

const VERSIONS = ["v1.0", "beta"] as const;
const users = (accessType: string) => ({ accessType, targets: [{ target: "AllUsers", targetType: "user" }] });
const apps = (accessType: string) => ({
  accessType,
  targets: [{ target: "AllApplications", targetType: "application" }],
});
const restrictions = (devices: { mode: string; rule?: string } | null) => ({
  usersAndGroups: users("blocked"),
  applications: apps("blocked"),
  devices,
});

function expectBadRequest(r: { status: number; data: any }, naming: string, ...mentions: string[]): void {
  expect(r.status).toBe(400);
  expect(r.data.error.code).toBe("Request_BadRequest");
  expect(r.data.error.message).toContain(`'${naming}'`);
  for (const m of mentions) expect(r.data.error.message).toContain(m);
  expect(r.data.error.innerError["request-id"]).toEqual(expect.any(String));
}

describe.each(VERSIONS)("tenant restrictions device filter (%s)", (version) => {
  test.each(["allowed", "blocked"])("mode %s is accepted on a partner and the default, and read back", async (mode) => {
    const devices = { mode, rule: "device.trustType -eq 'AzureAD'" };
    const id = newTenantId();
    const created = await graph.post(partnersPath(version), {
      tenantId: id,
      tenantRestrictions: restrictions(devices),
    });
    expect(created.status).toBe(201);
    expect(created.data.tenantRestrictions.devices).toEqual(devices);
    expect((await graph.get(partnerPath(id, version))).data.tenantRestrictions.devices).toEqual(devices);
    expect((await graph.patch(defaultConfigPath(version), { tenantRestrictions: restrictions(devices) })).status).toBe(
      204,
    );
    expect((await graph.get(defaultConfigPath(version))).data.tenantRestrictions.devices).toEqual(devices);
  });

  test.each(["include", "exclude", "unknownFutureValue"])(
    "mode %s → 400 naming the property and Graph's enum type",
    async (mode) => {
      const id = newTenantId();
      const body = { tenantRestrictions: restrictions({ mode, rule: "device.isCompliant -eq True" }) };
      const expectRefused = (r: { status: number; data: any }) =>
        expectBadRequest(
          r,
          "tenantRestrictions.devices.mode",
          "microsoft.graph.crossTenantAccessPolicyTargetConfigurationAccessType",
          `'${mode}'`,
        );
      expectRefused(await graph.post(partnersPath(version), { tenantId: id, ...body }));
      await t.admin.seed({ partners: [{ tenantId: id }] });
      expectRefused(await graph.patch(partnerPath(id, version), body));
      expectRefused(await graph.patch(defaultConfigPath(version), body));
      expect((await graph.get(defaultConfigPath(version))).data.isServiceDefault).toBe(true);
    },
  );

  test("the admin seed validates the mode the same way", async () => {
    const id = newTenantId();
    expect(
      (
        await t.http.post("/_emulator/seed", {
          partners: [{ tenantId: id, tenantRestrictions: restrictions({ mode: "exclude" }) }],
        })
      ).status,
    ).toBe(400);
    await t.admin.seed({
      partners: [{ tenantId: id, tenantRestrictions: restrictions({ mode: "blocked", rule: "r" }) }],
    });
    expect((await graph.get(partnerPath(id, version))).data.tenantRestrictions.devices).toEqual({
      mode: "blocked",
      rule: "r",
    });
  });
});

describe.each(VERSIONS)("default invitation redemption identity providers (%s)", (version) => {
  const documented = [
    ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
    ["azureActiveDirectory", "externalFederation", "socialIdentityProviders"],
  ];
  test.each(["defaultConfiguredIdp", "emailOneTimePasscode", "microsoftAccount"])(
    "fallback %s is stored and read back",
    async (fallback) => {
      for (const order of documented) {
        const config = { primaryIdentityProviderPrecedenceOrder: order, fallbackIdentityProvider: fallback };
        expect(
          (await graph.patch(defaultConfigPath(version), { invitationRedemptionIdentityProviderConfiguration: config }))
            .status,
        ).toBe(204);
        const g = (await graph.get(defaultConfigPath(version))).data;
        expect(g.invitationRedemptionIdentityProviderConfiguration).toEqual(config);
        expect(g.isServiceDefault).toBe(false);
      }
    },
  );

  test.each([
    [
      "an unknown fallback",
      { fallbackIdentityProvider: "bogus" },
      "invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider",
      ["microsoft.graph.b2bIdentityProvidersType", "'bogus'"],
    ],
    [
      "an unknown primary provider",
      { primaryIdentityProviderPrecedenceOrder: ["azureActiveDirectory", "bogus"] },
      "invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder[1]",
      ["microsoft.graph.b2bIdentityProvidersType"],
    ],
    [
      "a fallback-only provider as primary",
      { primaryIdentityProviderPrecedenceOrder: ["microsoftAccount"] },
      "invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder[0]",
      ["azureActiveDirectory, externalFederation, socialIdentityProviders"],
    ],
    [
      "a primary provider as fallback",
      { fallbackIdentityProvider: "azureActiveDirectory" },
      "invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider",
      ["defaultConfiguredIdp, emailOneTimePasscode, microsoftAccount"],
    ],
    [
      "the sentinel",
      { fallbackIdentityProvider: "unknownFutureValue" },
      "invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider",
      [],
    ],
    [
      "a string for the list",
      { primaryIdentityProviderPrecedenceOrder: "azureActiveDirectory" },
      "invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder",
      [],
    ],
    ["a miscased field", { FallbackIdentityProvider: "microsoftAccount" }, "FallbackIdentityProvider", []],
  ])("%s → 400 in Graph's error shape naming it; nothing changes", async (_name, config, property, mentions) => {
    expectBadRequest(
      await graph.patch(defaultConfigPath(version), { invitationRedemptionIdentityProviderConfiguration: config }),
      property as string,
      ...(mentions as string[]),
    );
    expect((await graph.get(defaultConfigPath(version))).data.isServiceDefault).toBe(true);
  });

  test("[INFERENCE] null puts back the system default order", async () => {
    const custom = {
      primaryIdentityProviderPrecedenceOrder: ["azureActiveDirectory"],
      fallbackIdentityProvider: "microsoftAccount",
    };
    await graph.patch(defaultConfigPath(version), { invitationRedemptionIdentityProviderConfiguration: custom });
    expect(
      (await graph.patch(defaultConfigPath(version), { invitationRedemptionIdentityProviderConfiguration: null }))
        .status,
    ).toBe(204);
    expect(
      (await graph.get(defaultConfigPath(version))).data.invitationRedemptionIdentityProviderConfiguration,
    ).toEqual({
      primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
      fallbackIdentityProvider: "defaultConfiguredIdp",
    });
  });
});

describe.each(VERSIONS)("Microsoft 365 collaboration and app service connect settings (%s)", (version) => {
  const settings = {
    m365CollaborationInbound: { users: users("allowed") },
    m365CollaborationOutbound: {
      usersAndGroups: {
        accessType: "blocked",
        targets: [{ target: "0be493dc-cb56-4a53-936f-9cf64410b8b0", targetType: "group" }],
      },
    },
    appServiceConnectInbound: {
      applications: {
        accessType: "allowed",
        targets: [{ target: "2c5f5b5e-0000-4000-8000-000000000001", targetType: "application" }],
      },
    },
  };

  test("default: the documented m365CollaborationInbound PATCH is 204 and replaces only that setting", async () => {
    const before = (await graph.get(defaultConfigPath(version))).data;
    const r = await graph.patch(defaultConfigPath(version), { m365CollaborationInbound: { users: users("allowed") } });
    expect(r.status).toBe(204);
    const g = (await graph.get(defaultConfigPath(version))).data;
    expect(g.m365CollaborationInbound).toEqual({ users: users("allowed") });
    expect(g.m365CollaborationOutbound).toEqual(before.m365CollaborationOutbound);
    expect(g.appServiceConnectInbound).toEqual(before.appServiceConnectInbound);
    expect(g.isServiceDefault).toBe(false);
  });

  test("default: all three written and read back; null puts back the system value [INFERENCE]", async () => {
    const system = (await graph.get(defaultConfigPath(version))).data;
    expect((await graph.patch(defaultConfigPath(version), settings)).status).toBe(204);
    expect((await graph.get(defaultConfigPath(version))).data).toMatchObject(settings);
    const nulls = { m365CollaborationInbound: null, m365CollaborationOutbound: null, appServiceConnectInbound: null };
    expect((await graph.patch(defaultConfigPath(version), nulls)).status).toBe(204);
    const g = (await graph.get(defaultConfigPath(version))).data;
    for (const name of Object.keys(nulls)) expect(g[name]).toEqual(system[name]);
  });

  test("partner: unset reads null (inherit, as the documented GET shows); set on POST, PATCH replaces, null inherits", async () => {
    const id = newTenantId();
    const plain = await graph.post(partnersPath(version), { tenantId: id });
    expect(plain.data).toMatchObject({
      m365CollaborationInbound: null,
      m365CollaborationOutbound: null,
      appServiceConnectInbound: null,
    });
    expect(
      (await graph.patch(partnerPath(id, version), { m365CollaborationInbound: { users: users("allowed") } })).status,
    ).toBe(204);
    expect((await graph.get(partnerPath(id, version))).data.m365CollaborationInbound).toEqual({
      users: users("allowed"),
    });

    const other = newTenantId();
    const created = await graph.post(partnersPath(version), { tenantId: other, ...settings });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject(settings);
    expect((await graph.patch(partnerPath(other, version), { appServiceConnectInbound: null })).status).toBe(204);
    const g = (await graph.get(partnerPath(other, version))).data;
    expect(g.appServiceConnectInbound).toBeNull();
    expect(g.m365CollaborationOutbound).toEqual(settings.m365CollaborationOutbound);
  });

  test.each([
    [
      "m365CollaborationInbound with usersAndGroups (the outbound shape)",
      { m365CollaborationInbound: { usersAndGroups: users("allowed") } },
      "usersAndGroups",
    ],
    [
      "m365CollaborationOutbound with users (the inbound shape)",
      { m365CollaborationOutbound: { users: users("allowed") } },
      "users",
    ],
    [
      "appServiceConnectInbound with usersAndGroups",
      { appServiceConnectInbound: { usersAndGroups: users("allowed") } },
      "usersAndGroups",
    ],
    [
      "a bad accessType inside",
      { m365CollaborationInbound: { users: users("sometimes") } },
      "m365CollaborationInbound.users.accessType",
    ],
    [
      "a bad targetType inside",
      {
        appServiceConnectInbound: {
          applications: { accessType: "allowed", targets: [{ target: "x", targetType: "app" }] },
        },
      },
      "appServiceConnectInbound.applications.targets[0].targetType",
    ],
  ])("%s → 400 naming it, on partner and default", async (_name, body, property) => {
    const id = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    expectBadRequest(await graph.patch(partnerPath(id, version), body), property);
    expectBadRequest(await graph.patch(defaultConfigPath(version), body), property);
  });
});

describe("blockServiceProviderOutboundAccess (beta only: partner and default)", () => {
  test("partner: beta false on create, writable, read back; v1.0 neither shows nor takes it", async () => {
    const id = newTenantId();
    // null on create, as Microsoft's captured responses show it (the resource page's "default false" disagrees).
    expect(
      (await graph.post(partnersPath("beta"), { tenantId: id })).data.blockServiceProviderOutboundAccess,
    ).toBeNull();
    expect((await graph.patch(partnerPath(id, "beta"), { blockServiceProviderOutboundAccess: true })).status).toBe(204);
    expect((await graph.get(partnerPath(id, "beta"))).data.blockServiceProviderOutboundAccess).toBe(true);
    expect((await graph.get(partnerPath(id))).data).not.toHaveProperty("blockServiceProviderOutboundAccess");
    expectBadRequest(
      await graph.patch(partnerPath(id), { blockServiceProviderOutboundAccess: false }),
      "blockServiceProviderOutboundAccess",
    );
  });

  test("default: beta false by default, writable, null puts back false; v1.0 neither shows nor takes it", async () => {
    expect((await graph.get(defaultConfigPath("beta"))).data.blockServiceProviderOutboundAccess).toBe(false);
    expect((await graph.patch(defaultConfigPath("beta"), { blockServiceProviderOutboundAccess: true })).status).toBe(
      204,
    );
    expect((await graph.get(defaultConfigPath("beta"))).data.blockServiceProviderOutboundAccess).toBe(true);
    expect((await graph.get(defaultConfigPath())).data).not.toHaveProperty("blockServiceProviderOutboundAccess");
    expectBadRequest(
      await graph.patch(defaultConfigPath(), { blockServiceProviderOutboundAccess: true }),
      "blockServiceProviderOutboundAccess",
    );
    expectBadRequest(
      await graph.patch(defaultConfigPath("beta"), { blockServiceProviderOutboundAccess: "yes" }),
      "blockServiceProviderOutboundAccess",
    );
    expect((await graph.patch(defaultConfigPath("beta"), { blockServiceProviderOutboundAccess: null })).status).toBe(
      204,
    );
    expect((await graph.get(defaultConfigPath("beta"))).data.blockServiceProviderOutboundAccess).toBe(false);
  });
});

describe("externalCloudAuthorizedApplicationId (beta identity synchronization only)", () => {
  test("accepted on PUT and PATCH, stored, returned by beta GET; v1.0 neither shows nor takes it", async () => {
    const id = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const appId = "8e5f8d3a-0000-4000-8000-00000000c10d";
    expectBadRequest(
      await graph.put(syncPath(id), { displayName: "Contoso", externalCloudAuthorizedApplicationId: appId }),
      "externalCloudAuthorizedApplicationId",
    );
    expect(
      (await graph.put(syncPath(id, "beta"), { displayName: "Contoso", externalCloudAuthorizedApplicationId: appId }))
        .status,
    ).toBe(204);
    expect((await graph.get(syncPath(id, "beta"))).data).toMatchObject({
      displayName: "Contoso",
      externalCloudAuthorizedApplicationId: appId,
    });
    expect((await graph.get(syncPath(id))).data).not.toHaveProperty("externalCloudAuthorizedApplicationId");
    expect((await graph.patch(syncPath(id, "beta"), { externalCloudAuthorizedApplicationId: null })).status).toBe(204);
    expect((await graph.get(syncPath(id, "beta"))).data.externalCloudAuthorizedApplicationId).toBeNull();
    expect((await t.admin.state()).policies[0]).toMatchObject({
      tenantId: id,
      externalCloudAuthorizedApplicationId: null,
    });
  });
});

describe.each(VERSIONS)("the default's automaticUserConsentSettings (%s)", (version) => {
  test("reads { inboundAllowed: false, outboundAllowed: false } whatever else changes, and is read-only", async () => {
    await graph.patch(defaultConfigPath(version), { inboundTrust: { isMfaAccepted: true } });
    expect((await graph.get(defaultConfigPath(version))).data.automaticUserConsentSettings).toEqual({
      inboundAllowed: false,
      outboundAllowed: false,
    });
    expect(
      (await graph.get(`${defaultConfigPath(version)}?$select=automaticUserConsentSettings`)).data
        .automaticUserConsentSettings,
    ).toEqual({
      inboundAllowed: false,
      outboundAllowed: false,
    });
    expectBadRequest(
      await graph.patch(defaultConfigPath(version), { automaticUserConsentSettings: { inboundAllowed: false } }),
      "automaticUserConsentSettings",
      "read-only",
    );
  });
});
