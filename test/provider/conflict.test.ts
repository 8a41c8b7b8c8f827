/** create when the policy already exists (409), and when the partner configuration is missing. */
import { callsSince, partnerId, policyIn, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";
import { startLossyProxy } from "./lossyProxy";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const policyInEmulator = (id: string) => policyIn(t, id);

describe("create when a policy already exists (409)", () => {
  it("takes over silently when the remote already equals the program (PUT 409, GET 200)", async () => {
    const id = partnerId();
    await t.admin.seed({
      policies: [{ tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } }],
    });
    const rt = await runtimeFor(t);
    const mark = await t.admin.lastSeq();
    const before = Date.now();
    const r = await rt.create({ tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } });
    const adoptedAt = (r.outs as { adoptedAt?: string }).adoptedAt;
    expect(r).toEqual({
      id,
      outs: {
        tenantId: id,
        displayName: "Fabrikam",
        userSyncInbound: { isSyncAllowed: true },
        apiVersion: "v1.0",
        adopted: true,
        adoptedAt,
      },
    });
    // When it was taken over (what the program compares with its own start to warn on this run only).
    expect(adoptedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(adoptedAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(adoptedAt!)).toBeLessThanOrEqual(Date.now());
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["PUT 409", "GET 200"]);
    // Later steps keep it as it was: the take-over happened once.
    expect((await rt.read(id, r.outs)).props).toMatchObject({ adopted: true, adoptedAt });
    const updated = await rt.update(id, r.outs, {
      tenantId: id,
      displayName: "Fabrikam Ltd",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(updated.outs).toMatchObject({ displayName: "Fabrikam Ltd", adopted: true, adoptedAt });
  });

  it("a create retried after a crash is idempotent", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const inputs = { tenantId: id, userSyncInbound: { isSyncAllowed: true } };
    await (await runtimeFor(t)).create(inputs); // first process dies before Pulumi saves state
    const again = await (await runtimeFor(t)).create(inputs);
    expect(again.id).toBe(id);
  });

  it("without adoptExisting fails with the remote values and how to adopt, changing nothing", async () => {
    const id = partnerId();
    await t.admin.seed({
      policies: [{ tenantId: id, displayName: "Old name", userSyncInbound: { isSyncAllowed: false } }],
    });
    const rt = await runtimeFor(t);
    const mark = await t.admin.lastSeq();
    const err = await rt
      .create({ tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err?.message).toMatch(/already exists \(displayName "Old name", userSyncInbound.isSyncAllowed false\)/);
    expect(err?.message).toMatch(
      /displayName is "Old name" \(program: "Fabrikam"\); userSyncInbound.isSyncAllowed is false \(program: true\)/,
    );
    expect(err?.message).toMatch(/adoptExisting: true/);
    expect(err?.message).toMatch(/409 Request_MultipleObjectsWithSameKeyValue; request-id: [0-9a-f-]{36}/);
    expect((err as { id?: string }).id).toBeUndefined(); // not recorded in state
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["PUT 409", "GET 200"]);
    expect(await policyInEmulator(id)).toMatchObject({
      displayName: "Old name",
      userSyncInbound: { isSyncAllowed: false },
    });
  });

  it("with adoptExisting PATCHes only the differing fields", async () => {
    const id = partnerId();
    await t.admin.seed({
      policies: [{ tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: false } }],
    });
    const rt = await runtimeFor(t);
    const mark = await t.admin.lastSeq();
    const r = await rt.create({
      tenantId: id,
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
      adoptExisting: true,
    });
    expect(r.outs).toMatchObject({ adopted: true, adoptExisting: true, userSyncInbound: { isSyncAllowed: true } });
    const c = await callsSince(t, mark);
    expect(summary(c.graph)).toEqual(["PUT 409", "GET 200", "PATCH 204"]);
    expect(c.graph[2].body).toEqual({ userSyncInbound: { isSyncAllowed: true } });
    expect(await policyInEmulator(id)).toMatchObject({
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
  });

  it("keeps an adopted policy in state (partial failure with its real values) when the PATCH fails", async () => {
    const id = partnerId();
    await t.admin.seed({
      policies: [{ tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: false } }],
    });
    const rt = await runtimeFor(t, "readWrite", { "entra:operationTimeoutSeconds": "1" });
    await t.admin.addFault({
      match: { method: "PATCH" },
      times: "always",
      action: { type: "status", status: 500, code: "InternalServerError" },
    });
    const err = (await rt
      .create({ tenantId: id, userSyncInbound: { isSyncAllowed: true }, adoptExisting: true })
      .catch((e: unknown) => e)) as {
      id?: string;
      properties?: Record<string, unknown>;
      message: string;
    };
    expect(err.id).toBe(id);
    expect(err.properties).toMatchObject({
      tenantId: id,
      userSyncInbound: { isSyncAllowed: false },
      adopted: true,
      adoptedAt: expect.any(String),
    });
    expect(err.message).toMatch(/500 InternalServerError/);
  });
});

describe("missing partner configuration", () => {
  it("says to create the partner configuration first", async () => {
    const id = partnerId();
    const rt = await runtimeFor(t);
    const mark = await t.admin.lastSeq();
    await expect(rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } })).rejects.toThrow(
      new RegExp(
        `partner configuration for tenant ${id} does not exist.*Create the partner configuration first \\(Graph: POST /policies/crossTenantAccessPolicy/partners`,
      ),
    );
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["PUT 404"]);
  });
});

describe("a PUT that landed although its answer was lost", () => {
  it("is retried, gets 409, finds the remote equal and succeeds (state keeps the policy)", async () => {
    // The provider reaches Graph through the proxy, so the token audience is the proxy's address.
    await t.admin.settings({ checkAudience: false });
    const proxy = await startLossyProxy(t.url);
    try {
      const id = partnerId();
      await t.admin.seed({ partners: [{ tenantId: id }] });
      const rt = await runtimeFor(t, "readWrite", { "entra:graphEndpoint": proxy.url });
      await rt.read(partnerId(), {}); // token and connection first, so the next answer lost is the PUT's
      const mark = await t.admin.lastSeq();
      proxy.dropNextResponse();
      const inputs = { tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } };
      const r = await rt.create(inputs);
      expect(r).toMatchObject({
        id,
        outs: { tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true }, adopted: false },
      });
      expect(r.outs).not.toHaveProperty("adoptedAt"); // its own first attempt: nothing was taken over
      const c = await callsSince(t, mark);
      expect(summary(c.graph)).toEqual(["PUT 204", "PUT 409", "GET 200"]);
      expect(new Set(c.graph.slice(0, 2).map((e) => e.clientRequestId)).size).toBe(1); // one logical PUT, retried
      expect(await policyInEmulator(id)).toMatchObject({ displayName: "Fabrikam" });
    } finally {
      await proxy.stop();
    }
  });
});

describe("a DELETE that landed although its answer was lost", () => {
  it("is retried, gets 404 and counts as deleted", async () => {
    await t.admin.settings({ checkAudience: false });
    const proxy = await startLossyProxy(t.url);
    try {
      const id = partnerId();
      await t.admin.seed({ policies: [{ tenantId: id, displayName: "F", userSyncInbound: { isSyncAllowed: true } }] });
      const rt = await runtimeFor(t, "readWrite", { "entra:graphEndpoint": proxy.url });
      const outs = {
        tenantId: id,
        displayName: "F",
        userSyncInbound: { isSyncAllowed: true },
        apiVersion: "v1.0",
        adopted: false,
      };
      await rt.read(partnerId(), {});
      const mark = await t.admin.lastSeq();
      proxy.dropNextResponse();
      const started = Date.now();
      await expect(rt.delete(id, outs)).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1500);
      expect(summary((await callsSince(t, mark)).graph)).toEqual(["DELETE 204", "DELETE 404"]);
      expect(await policyInEmulator(id)).toBeUndefined();
    } finally {
      await proxy.stop();
    }
  });
});
