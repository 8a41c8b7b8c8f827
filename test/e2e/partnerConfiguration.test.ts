// CrossTenantAccessPolicyConfigurationPartner end to end with the real Pulumi CLI against the emulator (issue 8):
// create with its sync policy in order, a no-op preview with no Graph call, a PATCH of one nested target list that
// sends that setting whole and nothing else, a removed setting sent as null, portal drift on a nested setting
// (refresh → preview → up restores it), `ignoreChanges` on the real engine, adoption (equal, different,
// adoptExisting), a soft-deleted copy restored, a delete refused while a sync policy made outside the program
// exists, a partner replace together with its policy, and destroy in order. One stack; the steps run in order.
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerPath, policyPath } from "../../testkit/graphPaths";
import { partnerTenant } from "../../testkit/tenantIds";
import { ProgramSpec, SpecResource, writeSpec, writeSpecProgram } from "../../testkit/e2eStack";
import { opsFor, PulumiWorkspace } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";
const P1 = partnerTenant(0x1, "9a9a9a9a");
const P2 = partnerTenant(0x2, "9a9a9a9a");
const P3 = partnerTenant(0x3, "9a9a9a9a"); // exists already, equal to the program
const P4 = partnerTenant(0x4, "9a9a9a9a"); // exists already, different
const P5 = partnerTenant(0x5, "9a9a9a9a"); // only a soft-deleted copy exists
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
// As sent to Graph: an object setting goes whole, a leaf the program leaves out as null (inherited).
const consentSent = { inboundAllowed: true, outboundAllowed: null };
const mfaSent = { isMfaAccepted: true, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null };

/** The program's partner for P1 (mutated by the steps) and its policy. */
const main: SpecResource = {
  name: "fabrikam",
  args: {
    tenantId: P1,
    automaticUserConsentSettings: { inboundAllowed: true },
    b2bCollaborationInbound: inbound(G1),
    inboundTrust: { isMfaAccepted: true },
  },
};
const spec: ProgramSpec = {
  partners: [main],
  policies: [
    {
      name: "fabrikam-sync",
      partner: "fabrikam",
      args: { displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } },
    },
  ],
};
const apply = () => writeSpec(ws, spec);

const writes = (calls: LoggedRequest[]) => calls.filter((c) => c.method !== "GET");
const summary = (calls: LoggedRequest[]) =>
  writes(calls).map((c) => `${c.method} ${c.path.replace(/^\/(v1\.0|beta)/, "")} ${c.status}`);

useE2eStack(
  {
    project: "partner",
    emulator: {
      seed: {
        partners: [
          { tenantId: P3, automaticUserConsentSettings: { inboundAllowed: true } },
          { tenantId: P4, inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } },
        ],
        deletedPartners: [{ tenantId: P5, inboundTrust: { isMfaAccepted: true } }],
      },
    },
    program: (s) => writeSpecProgram(s.ws, "partner", spec),
    timed: "partnerConfiguration",
  },
  (s) => ({ admin, ws } = s),
);

test("preview of the new partner and its policy: two creates, no Graph call", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.previewJson());
  expect(opsFor(result, PARTNER)).toEqual(["create"]);
  expect(opsFor(result, POLICY)).toEqual(["create"]);
  expect(calls).toEqual([]);
});

test("up creates the partner first (POST), then its policy (PUT)", async () => {
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(summary(calls)).toEqual([`POST /policies/crossTenantAccessPolicy/partners 201`, `PUT ${policyPath(P1)} 204`]);
  expect(writes(calls)[0].body).toEqual({
    tenantId: P1,
    ...main.args,
    automaticUserConsentSettings: consentSent,
    inboundTrust: mfaSent,
  });
  expect(await admin.partner(P1)).toMatchObject(main.args!);
  expect(await admin.policy(P1)).toMatchObject({ displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } });
  const [partner] = await ws.resources(PARTNER);
  expect(partner.outputs).toMatchObject({
    tenantId: P1,
    adopted: false,
    isServiceProvider: false,
    isInMultiTenantOrganization: false,
  });
});

test("a second preview: no changes and no Graph call", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.preview(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(calls).toEqual([]);
});

test("a typo in a nested setting fails preview naming the full path and the fix (not a <nil> value), with no Graph call", async () => {
  const typo: SpecResource = { name: "typo", args: { tenantId: P2, inboundTrust: { isMfaAcepted: true } } };
  spec.partners!.push(typo);
  apply();
  try {
    const { result, calls } = await admin.graphCallsDuring(() => ws.preview([], { allowFailure: true }));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `resource 'typo' has a problem: unknown property "inboundTrust.isMfaAcepted"; did you mean "inboundTrust.isMfaAccepted"?`,
    );
    expect(result.output).not.toContain("<nil>");
    expect(calls).toEqual([]);
  } finally {
    spec.partners!.pop();
    apply();
  }
});

test("one nested target list changed: one PATCH carrying that setting whole and nothing else", async () => {
  main.args!.b2bCollaborationInbound = inbound(G1, G2);
  apply();
  const preview = await ws.previewJson();
  expect(opsFor(preview, PARTNER)).toEqual(["update"]);
  expect(opsFor(preview, POLICY)).toEqual([]); // unchanged: no step
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.path.endsWith(partnerPath(P1)), c.body])).toEqual([
    ["PATCH", true, { b2bCollaborationInbound: inbound(G1, G2) }],
  ]);
  expect((await admin.partner(P1))?.b2bCollaborationInbound).toEqual(inbound(G1, G2));
});

test("a setting removed from the program: PATCH sends it as null (inherit the default)", async () => {
  delete main.args!.inboundTrust;
  apply();
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.body])).toEqual([["PATCH", { inboundTrust: null }]]);
  expect((await admin.partner(P1))?.inboundTrust ?? null).toBeNull();
  await ws.preview(["--expect-no-changes"]);
});

test("portal drift on a nested setting: refresh finds it, preview shows the update, up restores it", async () => {
  await admin.portalPatchPartner(P1, { b2bCollaborationInbound: inbound(G3) });
  const refresh = await ws.refresh();
  expect(refresh.output).toMatch(/1 updated/);
  const [refreshed] = await ws.resources(PARTNER);
  expect(refreshed.outputs?.b2bCollaborationInbound).toEqual(inbound(G3));

  const preview = await ws.previewJson();
  expect(opsFor(preview, PARTNER)).toEqual(["update"]);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.body])).toEqual([
    ["PATCH", { b2bCollaborationInbound: inbound(G1, G2) }],
  ]);
  expect((await admin.partner(P1))?.b2bCollaborationInbound).toEqual(inbound(G1, G2));
  await ws.preview(["--expect-no-changes"]);
});

test("ignoreChanges leaves a setting changed in the portal alone (refresh, preview, up); without it up resets it", async () => {
  main.opts = { ignoreChanges: ["inboundTrust"] };
  apply();
  await admin.portalPatchPartner(P1, { inboundTrust: { isCompliantDeviceAccepted: true } });
  await ws.refresh();
  const { result, calls } = await admin.graphCallsDuring(() => ws.up(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(writes(calls)).toEqual([]);
  expect((await admin.partner(P1))?.inboundTrust).toMatchObject({ isCompliantDeviceAccepted: true });

  delete main.opts;
  apply();
  expect(opsFor(await ws.previewJson(), PARTNER)).toEqual(["update"]);
  const reset = await admin.graphCallsDuring(() => ws.up());
  expect(writes(reset.calls).map((c) => [c.method, c.body])).toEqual([["PATCH", { inboundTrust: null }]]);
});

test("adoption: an existing partner equal to the program is taken over with a warning", async () => {
  spec.partners!.push({
    name: "equal",
    args: { tenantId: P3, automaticUserConsentSettings: { inboundAllowed: true } },
  });
  apply();
  const { result, calls } = await admin.graphCallsDuring(() => ws.up());
  expect(summary(calls)).toEqual([`POST /policies/crossTenantAccessPolicy/partners 409`]);
  expect(result.output).toContain(`${PARTNER} "equal" took over the partner configuration of tenant ${P3}`);
  const equal = (await ws.resources(PARTNER)).find((r) => r.id === P3);
  expect(equal?.outputs?.adopted).toBe(true);
});

test("adoption: an existing partner that differs fails, listing the differences and naming adoptExisting; adoptExisting patches only them", async () => {
  const different: SpecResource = {
    name: "different",
    args: {
      tenantId: P4,
      automaticUserConsentSettings: { inboundAllowed: true },
      inboundTrust: { isMfaAccepted: true },
    },
  };
  spec.partners!.push(different);
  apply();
  const failed = await admin.graphCallsDuring(() => ws.up([], { allowFailure: true }));
  expect(failed.result.code).not.toBe(0);
  expect(failed.result.output).toContain(`a partner configuration for tenant ${P4} already exists`);
  expect(failed.result.output).toMatch(/automaticUserConsentSettings is .*inherited/);
  expect(failed.result.output).toMatch(/inboundTrust is /);
  expect(failed.result.output).toContain("adoptExisting: true");
  expect(writes(failed.calls).filter((c) => c.method === "PATCH")).toEqual([]);
  expect((await admin.partner(P4))?.inboundTrust).toMatchObject({ isCompliantDeviceAccepted: true });

  different.args!.adoptExisting = true;
  apply();
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  const patches = writes(calls).filter((c) => c.method === "PATCH");
  expect(patches.map((c) => c.body)).toEqual([{ automaticUserConsentSettings: consentSent, inboundTrust: mfaSent }]);
  expect(await admin.partner(P4)).toMatchObject({
    automaticUserConsentSettings: { inboundAllowed: true },
    inboundTrust: { isMfaAccepted: true },
  });
  expect((await ws.resources(PARTNER)).find((r) => r.id === P4)?.outputs?.adopted).toBe(true);
});

test("a soft-deleted copy that blocks the create is restored and set to the program's values", async () => {
  await admin.settings({ softDeletedBlocksCreate: true });
  try {
    spec.partners!.push({
      name: "restored",
      args: { tenantId: P5, automaticUserConsentSettings: { inboundAllowed: true } },
    });
    apply();
    const { calls } = await admin.graphCallsDuring(() => ws.up());
    expect(summary(calls)).toEqual([
      `POST /policies/crossTenantAccessPolicy/partners 409`,
      `POST /policies/deletedItems/crossTenantPartners/${P5}/restore 200`,
      `PATCH ${partnerPath(P5)} 204`,
    ]);
    expect(writes(calls)[2].body).toEqual({ automaticUserConsentSettings: consentSent, inboundTrust: null });
    const state = await admin.state();
    expect(state.partners.find((p) => p.tenantId === P5)).toMatchObject({
      automaticUserConsentSettings: { inboundAllowed: true },
    });
    expect((state.deletedPartners ?? []).map((p) => p.tenantId)).not.toContain(P5);
  } finally {
    await admin.settings({ softDeletedBlocksCreate: false });
  }
});

test("delete refused while a sync policy made outside the program exists: a clear error, then it works once the policy is gone", async () => {
  await admin.seed({
    policies: [{ tenantId: P3, displayName: "Made in the portal", userSyncInbound: { isSyncAllowed: true } }],
  });
  spec.partners = spec.partners!.filter((p) => p.name !== "equal");
  apply();
  const refused = await ws.up([], { allowFailure: true });
  expect(refused.code).not.toBe(0);
  expect(refused.output).toContain(
    `the partner configuration of tenant ${P3} cannot be deleted while its identity sync policy exists`,
  );
  expect(refused.output).toContain("tenantId: partner.tenantId");
  expect((await ws.resources(PARTNER)).map((r) => r.id)).toContain(P3);
  expect(await admin.partner(P3)).toBeDefined();

  await admin.portalDelete(P3);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(summary(calls)).toEqual([`DELETE ${partnerPath(P3)} 204`]);
  expect(await admin.partner(P3)).toBeUndefined();
});

test("partner tenantId changed: partner and policy replaced, old policy then old partner deleted before the new ones are created", async () => {
  main.args!.tenantId = P2;
  apply();
  const preview = await ws.previewJson();
  expect(opsFor(preview, PARTNER).some((op) => /replace/.test(op))).toBe(true);
  expect(opsFor(preview, POLICY).some((op) => /replace/.test(op))).toBe(true);

  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(summary(calls)).toEqual([
    `DELETE ${policyPath(P1)} 204`,
    `DELETE ${partnerPath(P1)} 204`,
    `POST /policies/crossTenantAccessPolicy/partners 201`,
    `PUT ${policyPath(P2)} 204`,
  ]);
  expect(calls.filter((c) => c.status === 409)).toEqual([]);
  expect(await admin.partner(P1)).toBeUndefined();
  expect(await admin.partner(P2)).toMatchObject({
    automaticUserConsentSettings: { inboundAllowed: true },
    b2bCollaborationInbound: inbound(G1, G2),
  });
  expect(await admin.policy(P2)).toMatchObject({ displayName: "Fabrikam" });
  await ws.preview(["--expect-no-changes"]);
});

test("destroy deletes the policy before its partner, and every partner of the program", async () => {
  const { calls } = await admin.graphCallsDuring(() => ws.destroy());
  const deletes = summary(calls).filter((s) => s.startsWith("DELETE"));
  expect(deletes).toHaveLength(4);
  expect(deletes.indexOf(`DELETE ${policyPath(P2)} 204`)).toBeLessThan(
    deletes.indexOf(`DELETE ${partnerPath(P2)} 204`),
  );
  expect(new Set(deletes)).toEqual(
    new Set([`DELETE ${policyPath(P2)} 204`, ...[P2, P4, P5].map((t) => `DELETE ${partnerPath(t)} 204`)]),
  );
  const state = await admin.state();
  expect(state.partners).toEqual([]);
  expect(state.policies).toEqual([]);
  expect(await ws.resources()).toEqual([]);
});
