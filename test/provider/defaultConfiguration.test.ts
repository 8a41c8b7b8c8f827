/**
 * CrossTenantAccessPolicyConfigurationDefault through the runtime against the emulator over HTTPS: the singleton
 * is read and patched where it differs, only the settings the program gives are managed, delete resets it.
 */
import { callsSince, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";
import type { TypeProvider } from "../../provider/dynamic/runtime";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const TYPE = "CrossTenantAccessPolicyConfigurationDefault";
const G1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const blocked = (target: string, targetType: string) => ({ accessType: "blocked", targets: [{ target, targetType }] });
const blockGroup = { usersAndGroups: blocked(G1, "group"), applications: blocked("AllApplications", "application") };
const trust = { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false };

async function defaultProvider(): Promise<TypeProvider> {
  return (await runtimeFor(t)).provider(TYPE);
}

async function graphDefault(): Promise<Record<string, unknown>> {
  return (await (await t.graph()).get("/v1.0/policies/crossTenantAccessPolicy/default")).data as Record<string, unknown>;
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
    expect(created).toEqual({ id: "default", outs: { b2bCollaborationInbound: blockGroup, inboundTrust: trust, isServiceDefault: false } });
    let s = await step(mark);
    expect(s.calls).toEqual(["GET 200", "PATCH 204"]);
    expect(s.entries[1].body).toEqual({ b2bCollaborationInbound: blockGroup, inboundTrust: trust });
    mark = s.next;

    expect((await p.diff("default", { ...created.outs, __provider: "a" }, { ...checked.inputs, __provider: "b" })).changes).toBe(false);
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
    expect(dropped.outs).toEqual({ inboundTrust: news.inboundTrust, isServiceDefault: false });
    s = await step(mark);
    expect(s.calls).toEqual([]);
    expect(await graphDefault()).toMatchObject({ b2bCollaborationInbound: blockGroup });
    mark = await t.admin.lastSeq();

    await p.delete("default", dropped.outs!);
    s = await step(mark);
    expect(s.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(["POST /v1.0/policies/crossTenantAccessPolicy/default/resetToSystemDefault 204"]);
    expect(await graphDefault()).toMatchObject({ isServiceDefault: true, b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed" } } });
  });

  it("a create that finds the program's values already there makes one GET and no write", async () => {
    const p = await defaultProvider();
    const mark = await t.admin.lastSeq();
    const system = { usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] }, applications: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] } };
    const r = await p.create({ b2bCollaborationOutbound: system });
    expect(r.outs).toEqual({ b2bCollaborationOutbound: system, isServiceDefault: true });
    expect((await step(mark)).calls).toEqual(["GET 200"]);
  });

  it("portal drift on a managed nested setting is found by refresh and restored by up; unmanaged settings are ignored", async () => {
    const p = await defaultProvider();
    const { outs } = await p.create({ b2bCollaborationInbound: blockGroup });
    const portal = await t.graph();
    const changed = { usersAndGroups: { accessType: "blocked", targets: [{ target: G1, targetType: "group" }, { target: "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22", targetType: "user" }] }, applications: blockGroup.applications };
    expect((await portal.patch("/v1.0/policies/crossTenantAccessPolicy/default", { b2bCollaborationInbound: changed, inboundTrust: trust })).status).toBe(204);
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

  it("check refuses automaticUserConsentSettings (read-only there) with no Graph call", async () => {
    const p = await defaultProvider();
    const mark = await t.admin.lastSeq();
    const r = await p.check({}, { automaticUserConsentSettings: { inboundAllowed: true } });
    expect(r.failures).toEqual([{ property: "automaticUserConsentSettings", reason: expect.stringMatching(/read-only in the default configuration.*CrossTenantAccessPolicyConfigurationPartner/) }]);
    expect((await step(mark)).calls).toEqual([]);
  });
});
