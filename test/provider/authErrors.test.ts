/** 403 and 401 from Graph, bad credentials, and TLS trust: the messages say what to do. */
import { callsSince, partnerId, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => new Error("expected a failure"),
    (e: Error) => e,
  );

describe("403", () => {
  it("a read-only app cannot create: code, message, request-id, permission and role", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const rt = await runtimeFor(t, "readOnly");
    const e = await errorOf(rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } }));
    expect(e.message).toMatch(
      /^entra:CrossTenantIdentitySyncPolicyPartner: cannot create the identity sync policy of partner tenant/,
    );
    expect(e.message).toMatch(/403 Authorization_RequestDenied: /);
    expect(e.message).toMatch(/request-id: [0-9a-f-]{36}, client-request-id: [0-9a-f-]{36}/);
    expect(e.message).toMatch(/Policy\.ReadWrite\.CrossTenantAccess/);
    expect(e.message).toMatch(/Security Administrator/);
  });

  it("an app without roles cannot refresh; the error is not mistaken for 'gone'", async () => {
    const id = partnerId();
    await t.admin.seed({ policies: [{ tenantId: id, userSyncInbound: { isSyncAllowed: true } }] });
    const rt = await runtimeFor(t, "noRoles");
    const e = await errorOf(rt.read(id, { tenantId: id, userSyncInbound: { isSyncAllowed: true } }));
    expect(e.message).toMatch(/cannot read .* 403 Authorization_RequestDenied/);
    expect(e.message).toMatch(/Policy\.Read\.All/);
  });
});

describe("401", () => {
  it("retries once with a fresh token, then succeeds", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const rt = await runtimeFor(t);
    await t.admin.addFault({
      match: { kind: "graph" },
      times: 1,
      action: { type: "status", status: 401, code: "InvalidAuthenticationToken", message: "Access token has expired." },
    });
    const mark = await t.admin.lastSeq();
    await rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } });
    const c = await callsSince(t, mark);
    expect(summary(c.graph)).toEqual(["PUT 401", "PUT 204"]);
    expect(c.token).toHaveLength(2);
  });

  it("a second 401 fails with the code and what to check", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const rt = await runtimeFor(t);
    await t.admin.addFault({
      match: { kind: "graph" },
      times: "always",
      action: {
        type: "status",
        status: 401,
        code: "InvalidAuthenticationToken",
        message: "Access token validation failure.",
      },
    });
    const mark = await t.admin.lastSeq();
    const e = await errorOf(rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } }));
    expect(e.message).toMatch(/401 InvalidAuthenticationToken: Access token validation failure\./);
    expect(e.message).toMatch(/fresh one was requested.*tenantId and clientId/);
    expect(summary((await callsSince(t, mark)).graph)).toEqual(["PUT 401", "PUT 401"]);
  });

  it("a wrong client secret fails at the token endpoint with a credential error that hides the secret", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:clientSecret": "wrong-secret-value" });
    const e = await errorOf(rt.read(partnerId(), {}));
    expect(e.message).toMatch(
      /Could not get an access token for https:\/\/127\.0\.0\.1:\d+\/\.default with client secret/,
    );
    expect(e.message).toMatch(
      /Entra answered AADSTS7000215: Invalid client secret provided\. .*\(invalid_client, trace ID [0-9a-f-]{36}, [0-9-]+ [0-9:]+Z\) Fix: Use the secret's Value \(not its Secret ID\).*entra:clientSecret/,
    );
    expect(e.message).not.toContain("wrong-secret-value");
  });
});

describe("TLS", () => {
  it("without the emulator CA the call fails with a hint to set entra:caCertPath (verification stays on)", async () => {
    const rt = await runtimeFor(
      t,
      "readWrite",
      { "entra:caCertPath": "" },
      {
        tokenOptions: {
          credentialFactory: () => ({
            getToken: async () => ({ token: "x", expiresOnTimestamp: Date.now() + 3600_000 }),
          }),
        },
      },
    );
    const e = await errorOf(rt.read(partnerId(), {}));
    expect(e.message).toMatch(/entra:caCertPath/);
    expect(e.message).toMatch(/never turned off/);
  });
});
