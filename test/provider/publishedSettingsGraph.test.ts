/**
 * The settings of issue 15 through the runtime against the emulator over HTTPS, as Microsoft documents them: the
 * default configuration's invitation redemption providers and Microsoft 365 collaboration settings (v1.0), its
 * read-only automaticUserConsentSettings as an output, a partner's device filter with Graph's `mode: "blocked"`
 * kept through refresh and writes, and the beta-only properties on a beta connection.
 */
import { callsSince, partnerId, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const DEFAULT = "CrossTenantAccessPolicyConfigurationDefault";
const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";
const APP = "e35c54ff-bd24-4c52-921a-4b90a35808eb";
const allUsers = { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] };
const allApps = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
const blockedApps = { accessType: "blocked", targets: [{ target: "AllApplications", targetType: "application" }] };
// The documented update examples ("Disallow Microsoft accounts as an option for redeeming B2B invitations").
const noMsa = {
  primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
  fallbackIdentityProvider: "emailOneTimePasscode",
};
const filter = { mode: "blocked", rule: 'device.trustType -eq "ServerAD"' };

async function calls(since: number) {
  const c = await callsSince(t, since);
  return { calls: summary(c.graph), entries: c.graph };
}

describe("default configuration (v1.0)", () => {
  it("invitation redemption and Microsoft 365 collaboration: one PATCH of what differs; automaticUserConsentSettings is an output; no change after", async () => {
    const p = (await runtimeFor(t)).provider(DEFAULT);
    const program = {
      invitationRedemptionIdentityProviderConfiguration: noMsa,
      m365CollaborationInbound: { users: allUsers },
      appServiceConnectInbound: { applications: allApps },
    };
    const checked = await p.check({}, program);
    expect(checked.failures).toEqual([]);
    const mark = await t.admin.lastSeq();
    const created = await p.create(checked.inputs);
    const c = await calls(mark);
    expect(c.calls).toEqual(["GET 200", "PATCH 204"]);
    expect(Object.keys(c.entries[1].body as object).sort()).toEqual([
      "appServiceConnectInbound",
      "invitationRedemptionIdentityProviderConfiguration",
      "m365CollaborationInbound",
    ]);
    expect(c.entries[1].body).toMatchObject(program);
    expect(created.outs).toMatchObject({
      ...program,
      isServiceDefault: false,
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    });
    const read = await p.read("default", created.outs);
    expect(read.props).toEqual(created.outs);
    expect((await p.diff("default", read.props as Record<string, unknown>, checked.inputs)).changes).toBe(false);
    expect(
      ((await t.admin.state()).defaultConfiguration as Record<string, unknown>)
        .invitationRedemptionIdentityProviderConfiguration,
    ).toEqual(noMsa);
  });

  it("another precedence order in the portal is drift: refresh reads it, the next update PATCHes the program's order", async () => {
    const p = (await runtimeFor(t)).provider(DEFAULT);
    const created = await p.create({ invitationRedemptionIdentityProviderConfiguration: noMsa });
    const portal = {
      ...noMsa,
      primaryIdentityProviderPrecedenceOrder: ["azureActiveDirectory", "externalFederation", "socialIdentityProviders"],
    };
    await (
      await t.graph()
    ).patch("/v1.0/policies/crossTenantAccessPolicy/default", {
      invitationRedemptionIdentityProviderConfiguration: portal,
    });
    const read = await p.read("default", created.outs);
    expect(read.props).toMatchObject({ invitationRedemptionIdentityProviderConfiguration: portal });
    const diff = await p.diff("default", read.props as Record<string, unknown>, {
      invitationRedemptionIdentityProviderConfiguration: noMsa,
    });
    expect(diff.changes).toBe(true);
    const mark = await t.admin.lastSeq();
    await p.update("default", read.props as Record<string, unknown>, {
      invitationRedemptionIdentityProviderConfiguration: noMsa,
    });
    const c = await calls(mark);
    expect(c.entries.map((e) => [e.method, e.body])).toEqual([
      ["PATCH", { invitationRedemptionIdentityProviderConfiguration: noMsa }],
    ]);
  });
});

describe("partner: a device filter set outside the program, with Graph's mode", () => {
  it('mode "blocked" is read into tenantRestrictionsDevices and sent back unchanged whenever tenantRestrictions is written', async () => {
    const p = (await runtimeFor(t)).provider(PARTNER);
    const id = partnerId();
    const created = await p.create({ tenantId: id, tenantRestrictions: { applications: blockedApps } });
    await (
      await t.graph()
    ).patch(`/v1.0/policies/crossTenantAccessPolicy/partners/${id}`, {
      tenantRestrictions: { usersAndGroups: null, applications: blockedApps, devices: filter },
    });
    const read = await p.read(id, created.outs);
    expect(read.props).toMatchObject({ tenantRestrictionsDevices: filter });
    const mark = await t.admin.lastSeq();
    await p.update(id, read.props as Record<string, unknown>, {
      tenantId: id,
      tenantRestrictions: { applications: { ...blockedApps, accessType: "allowed" } },
    });
    const c = await calls(mark);
    expect(c.calls).toEqual(["PATCH 204"]);
    expect(c.entries[0].body).toEqual({
      tenantRestrictions: {
        usersAndGroups: null,
        applications: { ...blockedApps, accessType: "allowed" },
        devices: filter,
      },
    });
    const stored = ((await t.admin.state()).partners as Record<string, unknown>[]).find((x) => x.tenantId === id);
    expect((stored?.tenantRestrictions as Record<string, unknown>).devices).toEqual(filter);
  });
});

describe("beta-only properties on a beta connection", () => {
  it("a partner's blockServiceProviderOutboundAccess goes in the POST and reads back; on v1.0 check refuses it with no Graph call", async () => {
    const beta = (await runtimeFor(t, "readWrite", { "entra:apiVersion": "beta" })).provider(PARTNER);
    const id = partnerId();
    const checked = await beta.check(
      {},
      {
        tenantId: id,
        blockServiceProviderOutboundAccess: true,
        m365CollaborationOutbound: { usersAndGroups: allUsers },
      },
    );
    expect(checked.failures).toEqual([]);
    const mark = await t.admin.lastSeq();
    const created = await beta.create(checked.inputs);
    const c = await calls(mark);
    expect(c.entries.map((e) => `${e.method} ${e.apiVersion} ${e.status}`)).toEqual(["POST beta 201"]);
    expect(c.entries[0].body).toEqual({
      tenantId: id,
      blockServiceProviderOutboundAccess: true,
      m365CollaborationOutbound: { usersAndGroups: allUsers },
    });
    const read = await beta.read(id, created.outs);
    expect(read.props).toMatchObject({
      blockServiceProviderOutboundAccess: true,
      m365CollaborationOutbound: { usersAndGroups: allUsers },
    });

    // A partner that leaves it out does not manage it: Graph's value (false on a new beta partner) is no drift.
    const other = partnerId();
    const plain = await beta.create({ tenantId: other });
    const refreshed = await beta.read(other, plain.outs);
    expect(refreshed.props).not.toHaveProperty("blockServiceProviderOutboundAccess");
    expect((await beta.diff(other, refreshed.props as Record<string, unknown>, { tenantId: other })).changes).toBe(
      false,
    );

    const v1 = (await runtimeFor(t)).provider(PARTNER);
    const before = await t.admin.lastSeq();
    const refused = await v1.check({}, { tenantId: partnerId(), blockServiceProviderOutboundAccess: true });
    expect(refused.failures).toEqual([
      {
        property: "blockServiceProviderOutboundAccess",
        reason:
          "blockServiceProviderOutboundAccess exists only in the Graph beta API; set `pulumi config set entra:apiVersion beta`, or remove blockServiceProviderOutboundAccess.",
      },
    ]);
    expect((await calls(before)).calls).toEqual([]);
  });

  it("a sync policy's externalCloudAuthorizedApplicationId goes in the beta PUT, reads back, and is PATCHed when it differs", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:apiVersion": "beta" });
    const id = partnerId();
    await rt.provider(PARTNER).create({ tenantId: id });
    const p = rt.provider(POLICY);
    const checked = await p.check(
      {},
      {
        tenantId: id,
        userSyncInbound: { isSyncAllowed: true },
        externalCloudAuthorizedApplicationId: APP.toUpperCase(),
      },
    );
    expect(checked.failures).toEqual([]);
    const mark = await t.admin.lastSeq();
    const created = await p.create(checked.inputs);
    let c = await calls(mark);
    expect(c.entries.map((e) => `${e.method} ${e.apiVersion} ${e.status}`)).toEqual(["PUT beta 204"]);
    expect(c.entries[0].body).toEqual({
      userSyncInbound: { isSyncAllowed: true },
      externalCloudAuthorizedApplicationId: APP,
    });
    expect(created.outs).toMatchObject({ externalCloudAuthorizedApplicationId: APP, apiVersion: "beta" });
    const read = await p.read(id, created.outs);
    expect(read.props).toMatchObject({ externalCloudAuthorizedApplicationId: APP });

    const other = "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22";
    const next = await t.admin.lastSeq();
    await p.update(id, read.props as Record<string, unknown>, {
      tenantId: id,
      userSyncInbound: { isSyncAllowed: true },
      externalCloudAuthorizedApplicationId: other,
    });
    c = await calls(next);
    expect(c.entries.map((e) => [e.method, e.apiVersion, e.body])).toEqual([
      ["PATCH", "beta", { externalCloudAuthorizedApplicationId: other }],
    ]);
  });
});
