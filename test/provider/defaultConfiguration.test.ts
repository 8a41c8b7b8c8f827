/**
 * CrossTenantAccessPolicyConfigurationDefault through the runtime against the emulator over HTTPS: the singleton
 * is read and patched where it differs, only the settings the program gives are managed, delete resets it.
 */
import { callsSince, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";
import type { TypeProvider } from "../../provider/host/runtime";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const TYPE = "CrossTenantAccessPolicyConfigurationDefault";
const G1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const blocked = (target: string, targetType: string) => ({ accessType: "blocked", targets: [{ target, targetType }] });
const blockGroup = { usersAndGroups: blocked(G1, "group"), applications: blocked("AllApplications", "application") };
const trust = { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false };
/** Read-only in the default configuration (always false), reported as an output. */
const consent = { inboundAllowed: false, outboundAllowed: false };

async function defaultProvider(): Promise<TypeProvider> {
  return (await runtimeFor(t)).provider(TYPE);
}

async function graphDefault(): Promise<Record<string, unknown>> {
  return (await (await t.graph()).get("/v1.0/policies/crossTenantAccessPolicy/default")).data as Record<
    string,
    unknown
  >;
}

async function step(since: number) {
  const c = await callsSince(t, since);
  return { calls: summary(c.graph), entries: c.graph, next: await t.admin.lastSeq() };
}

describe("default configuration lifecycle", () => {
  it("create GET + PATCH of what differs, read GET, update PATCH of the change, delete resetToSystemDefault", async () => {
    const p = await defaultProvider();
    let mark = await t.admin.lastSeq();
    const checked = await p.check({}, { b2bCollaborationInbound: blockGroup, inboundTrust: { isMfaAccepted: true } });
    expect(checked.failures).toEqual([]);

    const created = await p.create(checked.inputs);
    expect(created).toEqual({
      id: "default",
      outs: {
        b2bCollaborationInbound: blockGroup,
        inboundTrust: trust,
        isServiceDefault: false,
        automaticUserConsentSettings: consent,
      },
    });
    let s = await step(mark);
    expect(s.calls).toEqual(["GET 200", "PATCH 204"]);
    expect(s.entries[1].body).toEqual({ b2bCollaborationInbound: blockGroup, inboundTrust: trust });
    mark = s.next;

    expect(
      (await p.diff("default", { ...created.outs, __provider: "a" }, { ...checked.inputs, __provider: "b" })).changes,
    ).toBe(false);
    const read = await p.read("default", created.outs);
    expect(read).toEqual({ id: "default", props: created.outs, inputs: checked.inputs });
    s = await step(mark);
    expect(s.calls).toEqual(["GET 200"]);
    mark = s.next;

    const news = { ...checked.inputs, inboundTrust: { ...trust, isCompliantDeviceAccepted: true } };
    const updated = await p.update("default", created.outs, news);
    s = await step(mark);
    expect(s.calls).toEqual(["PATCH 204"]);
    expect(s.entries[0].body).toEqual({ inboundTrust: { ...trust, isCompliantDeviceAccepted: true } });
    mark = s.next;

    // A setting dropped from the program is left as it is: a state-only update, no Graph call.
    const only = { inboundTrust: news.inboundTrust };
    expect(await p.diff("default", updated.outs!, only)).toMatchObject({ changes: true, replaces: [] });
    const dropped = await p.update("default", updated.outs!, only);
    expect(dropped.outs).toEqual({
      inboundTrust: news.inboundTrust,
      isServiceDefault: false,
      automaticUserConsentSettings: consent,
    });
    s = await step(mark);
    expect(s.calls).toEqual([]);
    expect(await graphDefault()).toMatchObject({ b2bCollaborationInbound: blockGroup });
    mark = await t.admin.lastSeq();

    await p.delete("default", dropped.outs!);
    s = await step(mark);
    expect(s.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      "POST /v1.0/policies/crossTenantAccessPolicy/default/resetToSystemDefault 204",
    ]);
    expect(await graphDefault()).toMatchObject({
      isServiceDefault: true,
      b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed" } },
    });
  });

  it("a create that finds the program's values already there makes one GET and no write", async () => {
    const p = await defaultProvider();
    const mark = await t.admin.lastSeq();
    const system = {
      usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
      applications: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] },
    };
    const r = await p.create({ b2bCollaborationOutbound: system });
    expect(r.outs).toEqual({
      b2bCollaborationOutbound: system,
      isServiceDefault: true,
      automaticUserConsentSettings: consent,
    });
    expect((await step(mark)).calls).toEqual(["GET 200"]);
  });

  it("portal drift on a managed nested setting is found by refresh and restored by up; unmanaged settings are ignored", async () => {
    const p = await defaultProvider();
    const { outs } = await p.create({ b2bCollaborationInbound: blockGroup });
    const portal = await t.graph();
    const changed = {
      usersAndGroups: {
        accessType: "blocked",
        targets: [
          { target: G1, targetType: "group" },
          { target: "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22", targetType: "user" },
        ],
      },
      applications: blockGroup.applications,
    };
    expect(
      (
        await portal.patch("/v1.0/policies/crossTenantAccessPolicy/default", {
          b2bCollaborationInbound: changed,
          inboundTrust: trust,
        })
      ).status,
    ).toBe(204);
    const fresh = await defaultProvider();
    const mark = await t.admin.lastSeq();
    const r = await fresh.read("default", outs);
    expect(r.inputs).toEqual({ b2bCollaborationInbound: changed });
    expect((await fresh.diff("default", r.props!, { b2bCollaborationInbound: blockGroup })).changes).toBe(true);
    await fresh.update("default", r.props!, { b2bCollaborationInbound: blockGroup });
    const s = await step(mark);
    expect(s.calls).toEqual(["GET 200", "PATCH 204"]);
    expect(s.entries[1].body).toEqual({ b2bCollaborationInbound: blockGroup });
    expect(await graphDefault()).toMatchObject({ b2bCollaborationInbound: blockGroup, inboundTrust: trust });
  });

  it("a customised configuration taken over records adoptedAt (the system default does not); read and update keep it", async () => {
    await t.admin.seed({ defaultConfiguration: { b2bCollaborationInbound: blockGroup } });
    const p = await defaultProvider();
    const before = Date.now();
    const { outs } = await p.create({ b2bCollaborationInbound: blockGroup });
    const adoptedAt = (outs as { adoptedAt?: string }).adoptedAt!;
    expect(outs).toEqual({
      b2bCollaborationInbound: blockGroup,
      isServiceDefault: false,
      adoptedAt,
      automaticUserConsentSettings: consent,
    });
    expect(Date.parse(adoptedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(adoptedAt)).toBeLessThanOrEqual(Date.now());
    const read = await (await defaultProvider()).read("default", outs);
    expect(read).toEqual({ id: "default", props: outs, inputs: { b2bCollaborationInbound: blockGroup } });
    const updated = await p.update("default", outs, { b2bCollaborationInbound: blockGroup, inboundTrust: trust });
    expect(updated.outs).toEqual({
      b2bCollaborationInbound: blockGroup,
      inboundTrust: trust,
      isServiceDefault: false,
      adoptedAt,
      automaticUserConsentSettings: consent,
    });
    // After a reset the configuration is the system default again: taking it over is not an adoption.
    await p.delete("default", updated.outs!);
    expect((await p.create({ inboundTrust: trust })).outs).not.toHaveProperty("adoptedAt");
  });

  it("an inboundTrust leaf Graph returns as null equals false (the program's omitted leaf): taken over with no PATCH, no drift", async () => {
    await t.admin.seed({
      defaultConfiguration: {
        inboundTrust: {
          isMfaAccepted: true,
          isCompliantDeviceAccepted: null,
          isHybridAzureADJoinedDeviceAccepted: false,
        },
      },
    });
    const p = await defaultProvider();
    for (const program of [{ inboundTrust: { isMfaAccepted: true } }, { inboundTrust: trust }]) {
      const checked = await p.check({}, program);
      expect(checked.inputs).toEqual({ inboundTrust: trust });
      const mark = await t.admin.lastSeq();
      const { outs } = await p.create(checked.inputs);
      expect(outs).toMatchObject({ inboundTrust: trust });
      const read = await (await defaultProvider()).read("default", outs);
      expect(read.inputs).toEqual(checked.inputs);
      expect((await p.diff("default", read.props!, checked.inputs)).changes).toBe(false);
      expect((await step(mark)).calls).toEqual(["GET 200", "GET 200"]); // create's GET (no PATCH), read's GET
    }
    // Graph keeps its null: nothing was written.
    expect((await graphDefault()).inboundTrust).toEqual({
      isMfaAccepted: true,
      isCompliantDeviceAccepted: null,
      isHybridAzureADJoinedDeviceAccepted: false,
    });
  });

  it("one half null and empty target lists: declarable, taken over with no PATCH, no drift", async () => {
    const oneHalf = {
      usersAndGroups: { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] },
    };
    const empty = {
      usersAndGroups: { accessType: "blocked", targets: [] },
      applications: { accessType: "blocked", targets: [] },
    };
    await t.admin.seed({
      defaultConfiguration: {
        b2bDirectConnectOutbound: { ...oneHalf, applications: null },
        b2bDirectConnectInbound: empty,
      },
    });
    const p = await defaultProvider();
    const checked = await p.check({}, { b2bDirectConnectOutbound: oneHalf, b2bDirectConnectInbound: empty });
    expect(checked.failures).toEqual([]);
    const mark = await t.admin.lastSeq();
    const { outs } = await p.create(checked.inputs);
    const read = await (await defaultProvider()).read("default", outs);
    expect(read.inputs).toEqual(checked.inputs);
    expect((await p.diff("default", read.props!, checked.inputs)).changes).toBe(false);
    expect((await step(mark)).calls).toEqual(["GET 200", "GET 200"]);
  });

  it("tenantRestrictions.devices is kept when tenantRestrictions is written", async () => {
    const devices = { mode: "allowed", rule: 'device.trustType -eq "AzureAD"' };
    const blockedAll = {
      usersAndGroups: blocked("AllUsers", "user"),
      applications: blocked("AllApplications", "application"),
    };
    await t.admin.seed({ defaultConfiguration: { tenantRestrictions: { ...blockedAll, devices } } });
    const p = await defaultProvider();
    const mark = await t.admin.lastSeq();
    const { outs } = await p.create({ tenantRestrictions: blockGroup });
    const s = await step(mark);
    expect(s.calls).toEqual(["GET 200", "PATCH 204"]);
    expect(s.entries[1].body).toEqual({ tenantRestrictions: { ...blockGroup, devices } });
    expect(outs).toMatchObject({ tenantRestrictions: blockGroup, tenantRestrictionsDevices: devices });
    expect((await graphDefault()).tenantRestrictions).toEqual({ ...blockGroup, devices });
    const read = await (await defaultProvider()).read("default", outs);
    expect(read.props).toMatchObject({ tenantRestrictionsDevices: devices });
    expect(read.inputs).toEqual({ tenantRestrictions: blockGroup });
    const updated = await p.update("default", read.props!, { tenantRestrictions: blockedAll });
    expect(updated.outs).toMatchObject({ tenantRestrictionsDevices: devices });
    expect((await graphDefault()).tenantRestrictions).toEqual({ ...blockedAll, devices });
  });

  it("check refuses automaticUserConsentSettings (read-only there) with no Graph call", async () => {
    const p = await defaultProvider();
    const mark = await t.admin.lastSeq();
    const r = await p.check({}, { automaticUserConsentSettings: { inboundAllowed: true } });
    expect(r.failures).toEqual([
      {
        // An object input goes without its property (the engine would print its Go rendering); the reason names it.
        property: "",
        reason: expect.stringMatching(
          /automaticUserConsentSettings .*read-only in the default configuration.*CrossTenantAccessPolicyConfigurationPartner/,
        ),
      },
    ]);
    expect((await step(mark)).calls).toEqual([]);
  });
});
