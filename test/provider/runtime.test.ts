/** Runtime behaviour around settings, debug logging and token lifetime, against the emulator. */
import { callsSince, partnerId, runtimeFor, TestEmulator, useTestEmulator } from "./harness";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

describe("settings errors", () => {
  it("an invalid setting fails check with the key and the fix, without any Graph call", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:apiVersion": "v2" });
    const mark = await t.admin.lastSeq();
    await expect(rt.check({}, { tenantId: partnerId(), userSyncInbound: { isSyncAllowed: true } })).rejects.toThrow(
      /Invalid setting entra:apiVersion: expected "v1.0" or "beta", got "v2"/,
    );
    expect((await callsSince(t, mark)).graph).toEqual([]);
  });

  it("an unreadable CA file names entra:caCertPath", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:caCertPath": "/nonexistent/ca.pem" });
    await expect(rt.read(partnerId(), {})).rejects.toThrow(/entra:caCertPath: cannot read "\/nonexistent\/ca.pem"/);
  });
});

describe("debug logging", () => {
  it("is silent by default and, when on, logs every attempt with tokens and secrets redacted", async () => {
    const quiet: string[] = [];
    const rt0 = await runtimeFor(t, "readWrite", {}, { logSink: (l) => quiet.push(l) });
    await rt0.read(partnerId(), {});
    expect(quiet).toEqual([]);

    const lines: string[] = [];
    const rt = await runtimeFor(t, "readWrite", { "entra:debug": "true" }, { logSink: (l) => lines.push(l) });
    await t.admin.addFault({ match: { kind: "graph" }, action: { type: "status", status: 503 } });
    await rt.read(partnerId(), {});
    const text = lines.join("\n");
    expect(text).toMatch(/--> GET https:\/\/127\.0\.0\.1:\d+\/v1\.0\/policies\/crossTenantAccessPolicy\/partners\/.*"authorization":"REDACTED"/);
    expect(text).toMatch(/<-- 503 GET/);
    expect(text).toMatch(/retry: GET attempt 1 got 503; waiting \d+ ms/);
    expect(text).toMatch(/<-- 404 GET/);
    expect(text).toMatch(/"client-request-id":"[0-9a-f-]{36}"/);
    expect(text).not.toMatch(/eyJ/);
    expect(text).not.toContain(t.defaults.readWrite.clientSecret);
  });
});

describe("token lifetime", () => {
  it("refreshes the token before it expires, without a 401", async () => {
    await t.admin.settings({ tokenLifetimeSeconds: 3 });
    const rt = await runtimeFor(t);
    const mark = await t.admin.lastSeq();
    await rt.read(partnerId(), {});
    await rt.read(partnerId(), {});
    await new Promise((r) => setTimeout(r, 1700)); // past half the lifetime: refresh window
    await rt.read(partnerId(), {});
    const c = await callsSince(t, mark);
    expect(c.token).toHaveLength(2);
    expect(c.graph.map((e) => e.status)).toEqual([404, 404, 404]);
  });
});
