/**
 * The partner configuration and its identity sync policy in one provider process, in the order the engine runs
 * them when the policy is declared with `tenantId: partner.tenantId`: up creates the partner first, destroy deletes
 * the policy first, and a partner replace does both. Replication lag between the two is waited out.
 */
import { callsSince, partnerId, policyIn, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";
import { UNKNOWN } from "../../provider/resources/shared/values";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";

async function providers(overrides: Record<string, string> = {}) {
  const rt = await runtimeFor(t, "readWrite", overrides);
  return { rt, partner: rt.provider(PARTNER), policy: rt.provider(POLICY) };
}

describe("partner + identity sync policy", () => {
  it("the policy's PUT right after the partner's POST waits out replication lag (404) instead of failing", async () => {
    const { partner, policy } = await providers();
    const id = partnerId();
    const mark = await t.admin.lastSeq();
    await partner.create({ tenantId: id, automaticUserConsentSettings: { inboundAllowed: true } });
    // A replica that has not seen the new partner yet answers the PUT with 404 (twice here).
    await t.admin.addFault({
      match: { method: "PUT", path: "identitySynchronization" },
      times: 2,
      action: { type: "status", status: 404, code: "Request_ResourceNotFound" },
    });
    const r = await policy.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } });
    expect(r.id).toBe(id);
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["POST 201", "PUT 404", "PUT 404", "PUT 204"]);
  });

  it("without a partner created by this process, a 404 on PUT fails at once and says to create the partner first", async () => {
    const { policy } = await providers();
    const id = partnerId();
    const mark = await t.admin.lastSeq();
    await expect(policy.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } })).rejects.toThrow(
      /Create the partner configuration first.*CrossTenantAccessPolicyConfigurationPartner/,
    );
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["PUT 404"]);
  });

  it("the partner's DELETE right after its policy's DELETE waits out a lagging 'sync policy exists' refusal", async () => {
    const { partner, policy } = await providers();
    const id = partnerId();
    const p = await partner.create({ tenantId: id });
    const s = await policy.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } });
    const mark = await t.admin.lastSeq();
    await policy.delete(id, s.outs);
    // A replica that still has the policy refuses the partner's DELETE once.
    await t.admin.addFault({
      match: { method: "DELETE", path: `/partners\\/${id}$/` },
      times: 1,
      action: { type: "status", status: 400, code: "Request_BadRequest" },
    });
    await partner.delete(id, p.outs);
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["DELETE 204", "DELETE 400", "DELETE 204", "GET 404"]);
    expect(await policyIn(t, id)).toBeUndefined();
  });

  it("a partner replace (new tenantId) replaces its policy too, deleted first: diffs, then the engine's order works", async () => {
    const { partner, policy } = await providers();
    const oldId = partnerId();
    const newId = partnerId();
    const p = await partner.create({ tenantId: oldId, automaticUserConsentSettings: { inboundAllowed: true } });
    const s = await policy.create({ tenantId: oldId, userSyncInbound: { isSyncAllowed: true } });

    // The partner's tenantId changes: replace, delete first. The engine then asks the dependent policy's diff with
    // its tenantId unknown (it comes from the partner): replace, delete first, so the policy goes before the partner.
    expect(
      await partner.diff(oldId, p.outs, { tenantId: newId, automaticUserConsentSettings: { inboundAllowed: true } }),
    ).toEqual({
      changes: true,
      replaces: ["tenantId"],
      deleteBeforeReplace: true,
    });
    expect(await policy.diff(oldId, s.outs, { tenantId: UNKNOWN, userSyncInbound: { isSyncAllowed: true } })).toEqual({
      changes: true,
      replaces: ["tenantId"],
      deleteBeforeReplace: true,
    });

    const mark = await t.admin.lastSeq();
    await policy.delete(oldId, s.outs);
    await partner.delete(oldId, p.outs);
    await partner.create({ tenantId: newId, automaticUserConsentSettings: { inboundAllowed: true } });
    await policy.create({ tenantId: newId, userSyncInbound: { isSyncAllowed: true } });
    const c = await callsSince(t, mark);
    expect(
      c.graph.map(
        (e) => `${e.method} ${e.status} ${e.path.replace(/^\/v1\.0\/policies\/crossTenantAccessPolicy\/partners/, "")}`,
      ),
    ).toEqual([
      `DELETE 204 /${oldId}/identitySynchronization`,
      `DELETE 204 /${oldId}`,
      `GET 404 /${oldId}`,
      "POST 201 ",
      `PUT 204 /${newId}/identitySynchronization`,
    ]);
  });

  it("destroy in the wrong order (policy not in the program) fails with the fix, and succeeds once the policy is gone", async () => {
    const { partner, policy } = await providers();
    const id = partnerId();
    const p = await partner.create({ tenantId: id });
    await t.admin.seed({ policies: [{ tenantId: id, userSyncInbound: { isSyncAllowed: true } }] });
    await expect(partner.delete(id, p.outs)).rejects.toThrow(/cannot be deleted while its identity sync policy exists/);
    await policy.delete(id, { tenantId: id });
    await expect(partner.delete(id, p.outs)).resolves.toBeUndefined();
  });
});
