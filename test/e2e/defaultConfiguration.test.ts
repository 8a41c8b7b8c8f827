// CrossTenantAccessPolicyConfigurationDefault end to end with the real Pulumi CLI against the emulator (issue 8):
// create = GET + one PATCH of what differs, a no-op preview with no Graph call, a PATCH of one nested target list
// that sends that setting whole and nothing else, a setting dropped from the program left as it is (there is
// nothing to inherit from), portal drift on a nested setting (refresh → preview → up restores it), `ignoreChanges`
// on the real engine, and destroy = resetToSystemDefault. One stack; the steps run in order.
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { ProgramSpec, SpecResource, writeSpec, writeSpecProgram } from "../../testkit/e2eStack";
import { opsFor, PulumiWorkspace } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const TYPE = "CrossTenantAccessPolicyConfigurationDefault";
const G1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const G2 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b22";
const G3 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b33";

let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

const groups = (...ids: string[]) => ({
  accessType: "allowed",
  targets: ids.map((target) => ({ target, targetType: "group" })),
});
const allApps = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
const inbound = (...ids: string[]) => ({ usersAndGroups: groups(...ids), applications: allApps });

const defaults: SpecResource = {
  name: "tenant-defaults",
  args: { b2bCollaborationInbound: inbound(G1), inboundTrust: { isMfaAccepted: true } },
};
const spec: ProgramSpec = { defaults: [defaults] };
const apply = () => writeSpec(ws, spec);

const writes = (calls: LoggedRequest[]) => calls.filter((c) => c.method !== "GET");

useE2eStack(
  { project: "defaults", program: (s) => writeSpecProgram(s.ws, "defaults", spec), timed: "defaultConfiguration" },
  (s) => ({ admin, ws } = s),
);

test("preview: a create and no Graph call", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.previewJson());
  expect(opsFor(result, TYPE)).toEqual(["create"]);
  expect(calls).toEqual([]);
});

test("up reads the default configuration and PATCHes the two settings that differ from the system default", async () => {
  expect((await admin.defaultConfiguration()).isServiceDefault).toBe(true);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(calls.map((c) => c.method)).toEqual(["GET", "PATCH"]);
  const body = writes(calls)[0].body as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["b2bCollaborationInbound", "inboundTrust"]);
  expect(body.b2bCollaborationInbound).toEqual(inbound(G1));
  expect(body.inboundTrust).toMatchObject({ isMfaAccepted: true });
  const remote = await admin.defaultConfiguration();
  expect(remote).toMatchObject({
    isServiceDefault: false,
    b2bCollaborationInbound: inbound(G1),
    inboundTrust: { isMfaAccepted: true },
  });
  const [res] = await ws.resources(TYPE);
  expect(res.outputs).toMatchObject({ isServiceDefault: false });
});

test("a second preview: no changes and no Graph call", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.preview(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(calls).toEqual([]);
});

test("one nested target list changed: one PATCH carrying that setting whole and nothing else", async () => {
  defaults.args!.b2bCollaborationInbound = inbound(G1, G2);
  apply();
  expect(opsFor(await ws.previewJson(), TYPE)).toEqual(["update"]);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.body])).toEqual([
    ["PATCH", { b2bCollaborationInbound: inbound(G1, G2) }],
  ]);
  expect((await admin.defaultConfiguration()).b2bCollaborationInbound).toEqual(inbound(G1, G2));
});

test("a setting dropped from the program is no longer managed: left as it is, no Graph write", async () => {
  delete defaults.args!.inboundTrust;
  apply();
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls)).toEqual([]);
  expect((await admin.defaultConfiguration()).inboundTrust).toMatchObject({ isMfaAccepted: true });
  const [res] = await ws.resources(TYPE);
  expect(res.outputs?.inboundTrust).toBeUndefined();
  await ws.preview(["--expect-no-changes"]);
});

test("portal drift on a nested setting: refresh finds it, preview shows the update, up restores it", async () => {
  await admin.portalPatchDefault({ b2bCollaborationInbound: inbound(G3) });
  const refresh = await ws.refresh();
  expect(refresh.output).toMatch(/1 updated/);
  expect((await ws.resources(TYPE))[0].outputs?.b2bCollaborationInbound).toEqual(inbound(G3));
  expect(opsFor(await ws.previewJson(), TYPE)).toEqual(["update"]);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.body])).toEqual([
    ["PATCH", { b2bCollaborationInbound: inbound(G1, G2) }],
  ]);
  expect((await admin.defaultConfiguration()).b2bCollaborationInbound).toEqual(inbound(G1, G2));
});

test("ignoreChanges leaves a setting changed in the portal alone (refresh, preview, up); without it up restores it", async () => {
  defaults.opts = { ignoreChanges: ["b2bCollaborationInbound"] };
  apply();
  await admin.portalPatchDefault({ b2bCollaborationInbound: inbound(G3) });
  await ws.refresh();
  const { result, calls } = await admin.graphCallsDuring(() => ws.up(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(writes(calls)).toEqual([]);
  expect((await admin.defaultConfiguration()).b2bCollaborationInbound).toEqual(inbound(G3));

  delete defaults.opts;
  apply();
  const { calls: restore } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(restore).map((c) => [c.method, c.body])).toEqual([
    ["PATCH", { b2bCollaborationInbound: inbound(G1, G2) }],
  ]);
});

test("destroy resets the default configuration to the system default", async () => {
  const { calls } = await admin.graphCallsDuring(() => ws.destroy());
  expect(writes(calls).map((c) => [c.method, c.path.replace(/^\/(v1\.0|beta)/, ""), c.status])).toEqual([
    ["POST", "/policies/crossTenantAccessPolicy/default/resetToSystemDefault", 204],
  ]);
  const remote = await admin.defaultConfiguration();
  expect(remote.isServiceDefault).toBe(true);
  expect(remote.b2bCollaborationInbound).toMatchObject({
    usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
  });
  expect(await ws.resources()).toEqual([]);
});
