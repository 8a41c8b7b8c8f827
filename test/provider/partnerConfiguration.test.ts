/**
 * CrossTenantAccessPolicyConfigurationPartner through the runtime (what the Pulumi host calls) against the emulator
 * over HTTPS. Graph calls per step are counted from the emulator's request log.
 */
import { callsSince, partnerId, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";
import type { TypeProvider } from "../../provider/host/runtime";
import type { RequestLogEntry } from "../../emulator";
import { startLossyProxy } from "./lossyProxy";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const TYPE = "CrossTenantAccessPolicyConfigurationPartner";
const G1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const G2 = "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22";
const allApps = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
const allUsers = { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] };
const groups = (...ids: string[]) => ({
  accessType: "allowed",
  targets: ids.map((target) => ({ target, targetType: "group" })),
});

async function partnerProvider(overrides: Record<string, string> = {}): Promise<TypeProvider> {
  return (await runtimeFor(t, "readWrite", overrides)).provider(TYPE);
}

async function partnerIn(id: string): Promise<Record<string, unknown> | undefined> {
  return ((await t.admin.state()).partners as Record<string, unknown>[]).find((p) => p.tenantId === id);
}

/** Graph calls since the last call of this function, as "METHOD status" plus the entries. */
function stepper() {
  let mark = 0;
  return {
    async start() {
      mark = await t.admin.lastSeq();
    },
    async step(): Promise<{ calls: string[]; entries: RequestLogEntry[]; tokens: number }> {
      const c = await callsSince(t, mark);
      mark = await t.admin.lastSeq();
      return { calls: summary(c.graph), entries: c.graph, tokens: c.token.length };
    },
  };
}

describe("partner configuration lifecycle", () => {
  it("check 0, diff 0, create 1, read 1, update 1, delete 2 Graph calls; PATCH carries only the changed setting, whole", async () => {
    const p = await partnerProvider();
    const id = partnerId();
    const s = stepper();
    await s.start();
    const program = {
      tenantId: id.toUpperCase(),
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
    };
    const checked = await p.check({}, program);
    expect(checked.failures).toEqual([]);
    expect((await s.step()).calls).toEqual([]);

    const created = await p.create(checked.inputs);
    expect(created.id).toBe(id);
    expect(created.outs).toEqual({
      tenantId: id,
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
      isServiceProvider: false,
      isInMultiTenantOrganization: false,
      adopted: false,
    });
    const create = await s.step();
    expect(create.calls).toEqual(["POST 201"]);
    expect(create.tokens).toBe(1);
    // The key and the program's settings, whole; never isServiceProvider, no @odata.type.
    expect(create.entries[0].body).toEqual({
      tenantId: id,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null },
      b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps },
    });

    expect(await p.diff(id, { ...created.outs, __provider: "a" }, { ...checked.inputs, __provider: "b" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect((await s.step()).calls).toEqual([]);

    const read = await p.read(id, created.outs);
    expect(read).toEqual({ id, props: created.outs, inputs: checked.inputs });
    expect((await s.step()).calls).toEqual(["GET 200"]);

    // One nested target list changes: that setting goes whole, nothing else.
    const wider = {
      ...checked.inputs,
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
    };
    expect((await p.diff(id, created.outs, wider)).changes).toBe(true);
    const updated = await p.update(id, created.outs, wider);
    const update = await s.step();
    expect(update.calls).toEqual(["PATCH 204"]);
    expect(update.entries[0].body).toEqual({
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
    });
    expect(updated.outs).toMatchObject({ b2bCollaborationInbound: { usersAndGroups: groups(G1, G2) }, adopted: false });

    // A setting removed from the program goes back to inherit: null.
    const { automaticUserConsentSettings: _dropped, ...withoutConsent } = wider;
    const second = await p.update(id, updated.outs!, withoutConsent);
    const removal = await s.step();
    // Removing inbound consent first asks whether a sync policy still needs it (one GET, only in that transition).
    expect(removal.calls).toEqual(["GET 404", "PATCH 204"]);
    expect(removal.entries[0].path).toMatch(/\/identitySynchronization$/);
    expect(removal.entries[1].body).toEqual({ automaticUserConsentSettings: null });
    expect(second.outs).not.toHaveProperty("automaticUserConsentSettings");
    expect((await partnerIn(id))?.automaticUserConsentSettings ?? null).toEqual(null);

    await p.delete(id, second.outs!);
    expect((await s.step()).calls).toEqual(["DELETE 204", "GET 404"]);
    expect(await partnerIn(id)).toBeUndefined();
  });

  describe.each(["null", "nullLeaves"] as const)("an inherited setting read back as %s", (shape) => {
    it("is not drift", async () => {
      await t.admin.settings({ inheritedSettingShape: shape });
      const p = await partnerProvider();
      const id = partnerId();
      const inputs = { tenantId: id, automaticUserConsentSettings: { inboundAllowed: true } };
      const { outs } = await p.create(inputs);
      const r = await (await partnerProvider()).read(id, outs);
      expect(r.inputs).toEqual(inputs);
      expect((await p.diff(id, r.props!, inputs)).changes).toBe(false);
    });
  });
});

describe("whatever Graph's undocumented nested PATCH semantics", () => {
  it.each(["replace", "merge"] as const)(
    "a leaf dropped from inboundTrust converges (nestedPatch %s): omitted leaves are sent as null",
    async (nestedPatch) => {
      await t.admin.settings({ nestedPatch });
      const p = await partnerProvider();
      const id = partnerId();
      const both = { tenantId: id, inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } };
      const { outs } = await p.create(both);
      const mark = await t.admin.lastSeq();
      const one = { tenantId: id, inboundTrust: { isMfaAccepted: true } };
      const u = await p.update(id, outs, one);
      const c = await callsSince(t, mark);
      expect(c.graph.map((e) => e.body)).toEqual([
        {
          inboundTrust: {
            isMfaAccepted: true,
            isCompliantDeviceAccepted: null,
            isHybridAzureADJoinedDeviceAccepted: null,
          },
        },
      ]);
      const r = await (await partnerProvider()).read(id, u.outs!);
      expect(r.inputs).toEqual(one);
      expect((await p.diff(id, r.props!, one)).changes).toBe(false);
    },
  );
});

describe("read-only values", () => {
  it("isServiceProvider and isInMultiTenantOrganization are reported, never written", async () => {
    const id = partnerId();
    await t.admin.seed({
      partners: [{ tenantId: id, isServiceProvider: true, inboundTrust: { isMfaAccepted: true } }],
    });
    const p = await partnerProvider();
    const r = await p.read(id, {});
    expect(r.props).toMatchObject({
      tenantId: id,
      isServiceProvider: true,
      isInMultiTenantOrganization: false,
      adopted: false,
    });
    const mark = await t.admin.lastSeq();
    await p.update(id, r.props!, { tenantId: id });
    const c = await callsSince(t, mark);
    expect(c.graph.map((e) => e.body)).toEqual([{ inboundTrust: null }]);
  });
});

describe("refresh", () => {
  it("finds portal drift on a nested setting and on an inherited one; up sends the program's setting whole and null", async () => {
    const p = await partnerProvider();
    const id = partnerId();
    const program = { tenantId: id, b2bCollaborationInbound: { usersAndGroups: groups(G1), applications: allApps } };
    const { outs } = await p.create(program);
    const portal = await t.graph();
    const portalChange = {
      b2bCollaborationInbound: { usersAndGroups: groups(G1, G2), applications: allApps },
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null },
    };
    expect((await portal.patch(`/v1.0/policies/crossTenantAccessPolicy/partners/${id}`, portalChange)).status).toBe(
      204,
    );

    const fresh = await partnerProvider(); // `pulumi refresh` is a new provider process
    const s = stepper();
    await s.start();
    const r = await fresh.read(id, outs);
    expect((await s.step()).calls).toEqual(["GET 200"]);
    expect(r.inputs).toEqual({
      tenantId: id,
      b2bCollaborationInbound: portalChange.b2bCollaborationInbound,
      inboundTrust: { isMfaAccepted: true },
    });
    const d = await fresh.diff(id, r.props!, program);
    expect(d.changes).toBe(true);
    await fresh.update(id, r.props!, program);
    const up = await s.step();
    expect(up.calls).toEqual(["PATCH 204"]);
    expect(up.entries[0].body).toEqual({
      b2bCollaborationInbound: program.b2bCollaborationInbound,
      inboundTrust: null,
    });
    expect(await partnerIn(id)).toMatchObject({
      b2bCollaborationInbound: program.b2bCollaborationInbound,
      inboundTrust: null,
    });
  });

  it("after an out-of-band delete reports it gone; only a 404 means gone", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const p = await partnerProvider();
    await t.admin.addFault({
      match: { method: "GET", path: id },
      times: 1,
      action: { type: "status", status: 403, code: "Authorization_RequestDenied" },
    });
    await expect(p.read(id, { tenantId: id })).rejects.toThrow(
      /^entra:CrossTenantAccessPolicyConfigurationPartner: cannot read the partner configuration of tenant .*403 Authorization_RequestDenied.*Policy.Read.All/,
    );
    expect(
      (await t.graph().then((g) => g.delete(`/v1.0/policies/crossTenantAccessPolicy/partners/${id}`))).status,
    ).toBe(204);
    expect(await (await partnerProvider()).read(id, { tenantId: id })).toEqual({ id: "" });
  });

  it("an update of a partner deleted outside Pulumi says how to recover", async () => {
    const id = partnerId();
    const p = await partnerProvider();
    const olds = { tenantId: id, isServiceProvider: false, isInMultiTenantOrganization: false, adopted: false };
    await expect(p.update(id, olds, { tenantId: id, inboundTrust: { isMfaAccepted: true } })).rejects.toThrow(
      /no longer exists in Graph.*pulumi refresh/,
    );
  });
});

describe("create when the partner configuration exists (409)", () => {
  const program = (id: string) => ({
    tenantId: id,
    automaticUserConsentSettings: { inboundAllowed: true },
    b2bCollaborationInbound: { usersAndGroups: allUsers, applications: allApps },
  });

  it("equal → taken over (adopted), POST 409 + GET 200", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [program(id)] });
    const p = await partnerProvider();
    const s = stepper();
    await s.start();
    const r = await p.create(program(id));
    expect(r.outs).toMatchObject({ tenantId: id, adopted: true });
    expect((await s.step()).calls).toEqual(["POST 409", "GET 200"]);
  });

  it("different → an error listing the differences and naming adoptExisting; nothing written", async () => {
    const id = partnerId();
    await t.admin.seed({
      partners: [
        {
          tenantId: id,
          inboundTrust: { isMfaAccepted: true },
          automaticUserConsentSettings: { inboundAllowed: false },
        },
      ],
    });
    const p = await partnerProvider();
    const s = stepper();
    await s.start();
    const err = (await p.create(program(id)).catch((e: Error) => e)) as Error & { id?: string };
    expect(err.message).toMatch(
      new RegExp(
        `^entra:${TYPE}: a partner configuration for tenant ${id} already exists and differs from the program: `,
      ),
    );
    expect(err.message).toContain(
      'automaticUserConsentSettings is {"inboundAllowed":false} (program: {"inboundAllowed":true})',
    );
    expect(err.message).toContain(
      "b2bCollaborationInbound is inherited (program: { usersAndGroups allowed [AllUsers]; applications allowed [AllApplications] })",
    );
    expect(err.message).toContain('inboundTrust is {"isMfaAccepted":true} (program: inherit, i.e. omitted)');
    expect(err.message).toMatch(/add `adoptExisting: true` to this resource/);
    expect(err.message).toMatch(/409 Request_MultipleObjectsWithSameKeyValue; request-id: [0-9a-f-]{36}/);
    expect(err.id).toBeUndefined();
    expect((await s.step()).calls).toEqual(["POST 409", "GET 200"]);
  });

  it("adoptExisting → PATCH of only what differs (null where the program inherits)", async () => {
    const id = partnerId();
    await t.admin.seed({
      partners: [
        { tenantId: id, inboundTrust: { isMfaAccepted: true }, automaticUserConsentSettings: { inboundAllowed: true } },
      ],
    });
    const p = await partnerProvider();
    const s = stepper();
    await s.start();
    const r = await p.create({ ...program(id), adoptExisting: true });
    expect(r.outs).toMatchObject({ adopted: true, adoptExisting: true });
    const c = await s.step();
    expect(c.calls).toEqual(["POST 409", "GET 200", "PATCH 204"]);
    expect(c.entries[2].body).toEqual({
      b2bCollaborationInbound: { usersAndGroups: allUsers, applications: allApps },
      inboundTrust: null,
    });
    expect(await partnerIn(id)).toMatchObject({
      inboundTrust: null,
      automaticUserConsentSettings: { inboundAllowed: true },
    });
  });

  it("only a soft-deleted copy → restored (beta deleted items) and set to the program's values", async () => {
    await t.admin.settings({ softDeletedBlocksCreate: true });
    const id = partnerId();
    await t.admin.seed({ deletedPartners: [{ tenantId: id, inboundTrust: { isMfaAccepted: true } }] });
    const p = await partnerProvider();
    const s = stepper();
    await s.start();
    const r = await p.create(program(id));
    expect(r.outs).toMatchObject({
      tenantId: id,
      adopted: false,
      automaticUserConsentSettings: { inboundAllowed: true },
    });
    const c = await s.step();
    expect(c.entries.map((e) => `${e.method} ${e.apiVersion} ${e.status}`)).toEqual([
      "POST v1.0 409",
      "GET v1.0 404",
      "POST beta 200",
      "PATCH v1.0 204",
    ]);
    expect(c.entries[2].path).toBe(`/beta/policies/deletedItems/crossTenantPartners/${id}/restore`);
    expect(c.entries[3].body).toEqual({
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null },
      b2bCollaborationInbound: { usersAndGroups: allUsers, applications: allApps },
      inboundTrust: null,
    });
    expect(await partnerIn(id)).toMatchObject({
      inboundTrust: null,
      automaticUserConsentSettings: { inboundAllowed: true },
    });
  });

  it("soft-deleted copy and the deleted-items API refused → an error naming the copy and how to restore or purge it", async () => {
    await t.admin.settings({ softDeletedBlocksCreate: true });
    const id = partnerId();
    await t.admin.seed({ deletedPartners: [{ tenantId: id }] });
    await t.admin.addFault({
      match: { method: "POST", path: "deletedItems" },
      times: "always",
      action: { type: "status", status: 403, code: "Authorization_RequestDenied" },
    });
    const p = await partnerProvider();
    const err = (await p.create(program(id)).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/a soft-deleted copy \(deleted in the last 30 days\) blocks the create/);
    expect(err.message).toMatch(/refused \(Graph: 403 Authorization_RequestDenied/);
    // The URLs are under the configured Graph root, never a hard-coded graph.microsoft.com.
    expect(err.message).toContain(`POST ${t.url}/beta/policies/deletedItems/crossTenantPartners/${id}/restore`);
    expect(err.message).toContain(`DELETE ${t.url}/beta/policies/deletedItems/crossTenantPartners/${id}`);
    expect(err.message).not.toContain("graph.microsoft.com");
  });

  it("in a national cloud the beta deleted-items API (documented for the global service only) is never called; the error says what to do", async () => {
    await t.admin.settings({ softDeletedBlocksCreate: true });
    const id = partnerId();
    await t.admin.seed({ deletedPartners: [{ tenantId: id }] });
    const p = (await runtimeFor(t, "readWrite", { "entra:environment": "usgovernmentl4" })).provider(TYPE);
    const s = stepper();
    await s.start();
    const err = (await p.create(program(id)).catch((e: Error) => e)) as Error;
    const calls = (await s.step()).entries;
    expect(calls.filter((e) => e.path.includes("deletedItems"))).toEqual([]);
    expect(calls.map((e) => `${e.method} ${e.status}`).slice(0, 2)).toEqual(["POST 409", "GET 404"]);
    expect(err.message).toContain(`Graph reported that the partner configuration of tenant ${id} already exists (409`);
    expect(err.message).toContain(
      "Graph documents its deleted-items API (restore, permanent delete) for the global service only, so it is not called in the usgovernmentl4 cloud",
    );
    expect(err.message).toContain(`POST ${t.url}/beta/policies/deletedItems/crossTenantPartners/${id}/restore`);
    expect(err.message).not.toContain("graph.microsoft.com");
    expect(await partnerIn(id)).toBeUndefined();
  });
});

describe("a POST that landed although its answer was lost", () => {
  it("is retried, gets 409, finds the remote equal and succeeds as its own create (not adopted)", async () => {
    await t.admin.settings({ checkAudience: false });
    const proxy = await startLossyProxy(t.url);
    try {
      const id = partnerId();
      const rt = await runtimeFor(t, "readWrite", { "entra:graphEndpoint": proxy.url });
      const p = rt.provider(TYPE);
      await p.read(partnerId(), {}); // token and connection first, so the next answer lost is the POST's
      const mark = await t.admin.lastSeq();
      proxy.dropNextResponse();
      const r = await p.create({ tenantId: id, automaticUserConsentSettings: { inboundAllowed: true } });
      expect(r.outs).toMatchObject({ tenantId: id, adopted: false });
      const c = await callsSince(t, mark);
      expect(summary(c.graph)).toEqual(["POST 201", "POST 409", "GET 200"]);
      expect(new Set(c.graph.slice(0, 2).map((e) => e.clientRequestId)).size).toBe(1);
    } finally {
      await proxy.stop();
    }
  });
});

describe("delete", () => {
  it("refused while an identity sync policy exists → an error saying so and how to fix it", async () => {
    const id = partnerId();
    await t.admin.seed({ policies: [{ tenantId: id, userSyncInbound: { isSyncAllowed: true } }] });
    const p = await partnerProvider();
    const s = stepper();
    await s.start();
    const err = (await p.delete(id, { tenantId: id }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      new RegExp(
        `^entra:${TYPE}: the partner configuration of tenant ${id} cannot be deleted while its identity sync policy exists \\(Graph: 400 Request_BadRequest`,
      ),
    );
    // Every way out works as written: declaring an existing policy needs adoptExisting; keeping both needs retainOnDelete.
    expect(err.message).toMatch(
      /new CrossTenantIdentitySyncPolicyPartner\("…", \{ tenantId: partner.tenantId, adoptExisting: true, … \}\)/,
    );
    expect(err.message).toContain("set `retainOnDelete: true` on this resource and run pulumi up before removing it");
    expect(err.message).toContain("`pulumi state delete <this resource's URN>`");
    expect(err.message).toContain(`DELETE /policies/crossTenantAccessPolicy/partners/${id}/identitySynchronization`);
    expect((await s.step()).calls).toEqual(["DELETE 400", "GET 200"]);
    expect(await partnerIn(id)).toBeDefined();
  });

  it("404 = already gone", async () => {
    const p = await partnerProvider();
    const id = partnerId();
    await expect(p.delete(id, { tenantId: id })).resolves.toBeUndefined();
  });

  it("waits until reads agree it is gone, so a re-create right after does not meet the old copy (409)", async () => {
    await t.admin.settings({ replicationLagMs: 400, replicationLagMode: "stale" });
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const p = await partnerProvider();
    const s = stepper();
    await s.start();
    const started = Date.now();
    await p.delete(id, { tenantId: id });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const del = (await s.step()).calls;
    expect(del[0]).toBe("DELETE 204");
    expect(del.slice(1, -1).every((c) => c === "GET 200")).toBe(true);
    expect(del[del.length - 1]).toBe("GET 404");
    const again = await p.create({ tenantId: id });
    expect(again.outs).toMatchObject({ adopted: false });
    expect((await s.step()).calls).toEqual(["POST 201"]);
  });
});

describe("adoption time", () => {
  it("an equal take-over records adoptedAt (ISO time of the take-over); read and update keep it; a plain create has none", async () => {
    const id = partnerId();
    const program = { tenantId: id, automaticUserConsentSettings: { inboundAllowed: true } };
    await t.admin.seed({ partners: [program] });
    const p = await partnerProvider();
    const before = Date.now();
    const r = await p.create(program);
    const adoptedAt = (r.outs as { adoptedAt?: string }).adoptedAt!;
    expect(r.outs).toEqual({
      ...program,
      isServiceProvider: false,
      isInMultiTenantOrganization: false,
      adopted: true,
      adoptedAt,
    });
    expect(Date.parse(adoptedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(adoptedAt)).toBeLessThanOrEqual(Date.now());
    const read = await (await partnerProvider()).read(id, r.outs);
    expect(read.props).toEqual(r.outs);
    expect(read.inputs).toEqual(program); // not an input: never compared
    const updated = await p.update(id, r.outs, { ...program, inboundTrust: { isMfaAccepted: true } });
    expect(updated.outs).toMatchObject({ adopted: true, adoptedAt });
    const fresh = await p.create({ tenantId: partnerId() });
    expect(fresh.outs).not.toHaveProperty("adoptedAt");
  });
});

describe.each(["null", "nullLeaves"] as const)(
  "shapes Graph can return are declarable and round-trip (inherited read back as %s)",
  (shape) => {
    const blockedApps = { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] };
    const devices = { mode: "blocked", rule: 'device.trustType -eq "ServerAD"' };

    beforeEach(async () => {
      await t.admin.settings({ inheritedSettingShape: shape });
    });

    it("one half null: taken over unchanged, no drift on read; a new one is sent whole with the other half null", async () => {
      const id = partnerId();
      const graph = {
        tenantId: id,
        b2bCollaborationOutbound: { usersAndGroups: groups(G1), applications: null },
        tenantRestrictions: { usersAndGroups: null, applications: blockedApps },
      };
      await t.admin.seed({ partners: [graph] });
      const p = await partnerProvider();
      const checked = await p.check(
        {},
        {
          tenantId: id,
          b2bCollaborationOutbound: { usersAndGroups: groups(G1) },
          tenantRestrictions: { applications: blockedApps },
        },
      );
      expect(checked.failures).toEqual([]);
      const s = stepper();
      await s.start();
      const taken = await p.create(checked.inputs);
      expect((await s.step()).calls).toEqual(["POST 409", "GET 200"]); // equal: no write
      expect(taken.outs).toMatchObject({ adopted: true, b2bCollaborationOutbound: { usersAndGroups: groups(G1) } });
      const read = await (await partnerProvider()).read(id, taken.outs);
      expect(read.inputs).toEqual(checked.inputs);
      expect((await p.diff(id, read.props!, checked.inputs)).changes).toBe(false);
      expect((await s.step()).calls).toEqual(["GET 200"]);

      // A new partner declared with one half: POST sends the setting whole, the omitted half as null.
      const other = partnerId();
      const created = await p.create({ tenantId: other, b2bDirectConnectOutbound: { applications: allApps } });
      const post = await s.step();
      expect(post.entries[0].body).toEqual({
        tenantId: other,
        b2bDirectConnectOutbound: { usersAndGroups: null, applications: allApps },
      });
      // Adding the other half later: one PATCH of that setting, whole.
      const both = { tenantId: other, b2bDirectConnectOutbound: { usersAndGroups: allUsers, applications: allApps } };
      await p.update(other, created.outs, both);
      expect((await s.step()).entries.map((e) => e.body)).toEqual([
        { b2bDirectConnectOutbound: both.b2bDirectConnectOutbound },
      ]);
      // And dropping one again: whole, with null.
      const after = await (await partnerProvider()).read(other, created.outs);
      expect(after.inputs).toEqual(both);
      await p.update(other, after.props!, { tenantId: other, b2bDirectConnectOutbound: { usersAndGroups: allUsers } });
      expect((await s.step()).entries.map((e) => `${e.method} ${e.status} ${JSON.stringify(e.body)}`)).toEqual([
        `GET 200 undefined`,
        `PATCH 204 ${JSON.stringify({ b2bDirectConnectOutbound: { usersAndGroups: allUsers, applications: null } })}`,
      ]);
      expect(await partnerIn(other)).toMatchObject({
        b2bDirectConnectOutbound: { usersAndGroups: allUsers, applications: null },
      });
    });

    it("an accessType with an empty target list: accepted, sent, read back equal (no drift), taken over unchanged", async () => {
      const id = partnerId();
      const empty = { accessType: "blocked", targets: [] };
      const program = {
        tenantId: id,
        b2bDirectConnectInbound: { usersAndGroups: empty, applications: { accessType: "allowed", targets: [] } },
      };
      const p = await partnerProvider();
      const checked = await p.check({}, program);
      expect(checked).toEqual({ inputs: program, failures: [] });
      const s = stepper();
      await s.start();
      const { outs } = await p.create(checked.inputs);
      expect((await s.step()).entries[0].body).toEqual(program);
      const read = await (await partnerProvider()).read(id, outs);
      expect(read.inputs).toEqual(program);
      expect((await p.diff(id, read.props!, checked.inputs)).changes).toBe(false);
      // Taken over as equal by another stack's create.
      const again = await (await partnerProvider()).create(checked.inputs);
      expect(again.outs).toMatchObject({ adopted: true });
      expect((await s.step()).calls).toEqual(["GET 200", "POST 409", "GET 200"]);
    });

    it("tenantRestrictions.devices set in the portal: read into tenantRestrictionsDevices and sent back on every write of tenantRestrictions", async () => {
      const id = partnerId();
      const tr = { usersAndGroups: allUsers, applications: blockedApps };
      await t.admin.seed({ partners: [{ tenantId: id, tenantRestrictions: { ...tr, devices } }] });
      const p = await partnerProvider();
      const s = stepper();
      // Taken over: the filter is not compared (not managed), so equal; adoptExisting PATCH would keep it.
      const program = { tenantId: id, tenantRestrictions: tr };
      await s.start();
      const taken = await p.create(program);
      expect((await s.step()).calls).toEqual(["POST 409", "GET 200"]);
      expect(taken.outs).toMatchObject({ adopted: true, tenantRestrictionsDevices: devices });
      const read = await (await partnerProvider()).read(id, taken.outs);
      expect(read.props).toMatchObject({ tenantRestrictionsDevices: devices });
      expect(read.inputs).toEqual(program);
      expect((await p.diff(id, read.props!, program)).changes).toBe(false);
      expect((await s.step()).calls).toEqual(["GET 200"]);

      // A change of tenantRestrictions: the setting whole, with the filter as read.
      const narrower = { usersAndGroups: groups(G1), applications: blockedApps };
      const u1 = await p.update(id, read.props!, { tenantId: id, tenantRestrictions: narrower });
      expect((await s.step()).entries.map((e) => e.body)).toEqual([{ tenantRestrictions: { ...narrower, devices } }]);
      expect(u1.outs).toMatchObject({ tenantRestrictionsDevices: devices });
      expect((await partnerIn(id))?.tenantRestrictions).toEqual({ ...narrower, devices });

      // A change of another setting does not send tenantRestrictions at all.
      const u2 = await p.update(id, u1.outs!, {
        tenantId: id,
        tenantRestrictions: narrower,
        inboundTrust: { isMfaAccepted: true },
      });
      expect((await s.step()).entries.map((e) => Object.keys(e.body as object))).toEqual([["inboundTrust"]]);

      // tenantRestrictions dropped from the program (inherit): both halves null next to the filter, never a null setting.
      const u3 = await p.update(id, u2.outs!, { tenantId: id, inboundTrust: { isMfaAccepted: true } });
      expect((await s.step()).entries.map((e) => e.body)).toEqual([
        { tenantRestrictions: { usersAndGroups: null, applications: null, devices } },
      ]);
      expect((await partnerIn(id))?.tenantRestrictions).toEqual({ usersAndGroups: null, applications: null, devices });
      const last = await (await partnerProvider()).read(id, u3.outs!);
      expect(last.inputs).toEqual({ tenantId: id, inboundTrust: { isMfaAccepted: true } });
      expect(last.props).toMatchObject({ tenantRestrictionsDevices: devices });
      expect((await p.diff(id, last.props!, last.inputs!)).changes).toBe(false);
    });

    it("adoptExisting over a device filter: the PATCH of tenantRestrictions keeps it", async () => {
      const id = partnerId();
      await t.admin.seed({
        partners: [{ tenantId: id, tenantRestrictions: { usersAndGroups: allUsers, applications: allApps, devices } }],
      });
      const p = await partnerProvider();
      const s = stepper();
      await s.start();
      const program = { tenantId: id, tenantRestrictions: { applications: blockedApps }, adoptExisting: true };
      const r = await p.create(program);
      const c = await s.step();
      expect(c.calls).toEqual(["POST 409", "GET 200", "PATCH 204"]);
      expect(c.entries[2].body).toEqual({
        tenantRestrictions: { usersAndGroups: null, applications: blockedApps, devices },
      });
      expect(r.outs).toMatchObject({
        adopted: true,
        tenantRestrictionsDevices: devices,
        tenantRestrictions: { applications: blockedApps },
      });
      expect((await partnerIn(id))?.tenantRestrictions).toEqual({
        usersAndGroups: null,
        applications: blockedApps,
        devices,
      });
    });
  },
);
