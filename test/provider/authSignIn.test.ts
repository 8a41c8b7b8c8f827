/**
 * Sign-in failures as a resource operation reports them, against the emulator's login endpoints over HTTPS with the
 * real @azure/identity: Entra's own AADSTS code and text with the fix, also where MSAL hides Entra's answer behind
 * `endpoints_resolution_error` (a tenant that does not exist fails at the metadata request, before any token
 * request), named for the connection in use; a tenant that cannot name one fails at check, with no request.
 */
import { closedPort } from "../helpers/ports";
import { callsSince, partnerId, runtimeFor, TestEmulator, useTestEmulator } from "./harness";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => new Error("expected a failure"),
    (e: Error) => e,
  );
const UNKNOWN_TENANT = "22222222-2222-4222-8222-222222222222";
const ENTRA_90002 =
  `AADSTS90002: Tenant '${UNKNOWN_TENANT}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
  "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.";

describe("a tenant that does not exist", () => {
  it("a create fails with Entra's AADSTS90002 text, its IDs and the fix naming entra:tenantId, not MSAL's endpoints_resolution_error", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:tenantId": UNKNOWN_TENANT });
    const mark = await t.admin.lastSeq();
    const e = await errorOf(rt.create({ tenantId: partnerId(), userSyncInbound: { isSyncAllowed: true } }));
    expect(e.message).toContain(`Entra answered ${ENTRA_90002} (invalid_tenant, trace ID `);
    expect(e.message).toMatch(
      /\) Fix: entra:tenantId must be the ID \(a GUID\) or a verified domain of the tenant the app is registered in/,
    );
    expect(e.message).toContain("entra:environment");
    expect(e.message).not.toContain("endpoints_resolution_error");
    expect(e.message).not.toContain("aka.ms/msal");
    // MSAL's metadata request, then our one probe of the same document; no token request, no Graph call
    const log = await t.admin.requests(mark);
    expect(log.map((r) => `${r.kind} ${r.method} ${r.path} ${r.status}`)).toEqual([
      `discovery GET /${UNKNOWN_TENANT}/v2.0/.well-known/openid-configuration 400`,
      `discovery GET /${UNKNOWN_TENANT}/v2.0/.well-known/openid-configuration 400`,
    ]);
  });

  it("on a named connection, the fix names the connection's key", async () => {
    const rt = await runtimeFor(t, "readWrite", {
      "entra:connections": JSON.stringify({ contoso: { tenantId: UNKNOWN_TENANT } }),
    });
    const e = await errorOf(rt.read(partnerId(), { connection: "contoso" }));
    expect(e.message).toContain(`Entra answered ${ENTRA_90002}`);
    expect(e.message).toContain("Fix: entra:connections.contoso.tenantId must be the ID (a GUID)");
  });

  it("the stack advice about a rotated secret is not given for a wrong tenant", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:tenantId": UNKNOWN_TENANT });
    const e = await errorOf(rt.read(partnerId(), {}));
    expect(e.message).not.toContain("--run-program");
  });
});

describe("Entra's answer from the token endpoint", () => {
  it("an app that is not in the tenant: AADSTS700016 and the fix naming entra:clientId", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:clientId": "99999999-9999-4999-8999-999999999999" });
    const e = await errorOf(rt.read(partnerId(), {}));
    expect(e.message).toContain(
      "Entra answered AADSTS700016: Application with identifier '99999999-9999-4999-8999-999999999999' was not found in the directory '11111111-1111-4111-8111-111111111111'.",
    );
    expect(e.message).toContain("(unauthorized_client, trace ID ");
    expect(e.message).toContain(
      "Fix: Check entra:clientId (the app registration's Application (client) ID, not its object ID) and entra:tenantId",
    );
  });

  it("a wrong secret: AADSTS7000215, the fix, and the stack's rotation advice; never the secret", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:clientSecret": "not-the-secret-0815" });
    const e = await errorOf(rt.read(partnerId(), {}));
    expect(e.message).toContain("Entra answered AADSTS7000215: Invalid client secret provided.");
    expect(e.message).toContain("Fix: Use the secret's Value (not its Secret ID)");
    expect(e.message).toContain("add `--run-program`");
    expect(e.message).not.toContain("not-the-secret-0815");
  });
});

describe("no answer from the login host", () => {
  it("names the host and the network error, and what to check", async () => {
    const port = await closedPort();
    const rt = await runtimeFor(t, "readWrite", { "entra:authorityHost": `https://127.0.0.1:${port}` });
    const e = await errorOf(rt.read(partnerId(), {}));
    expect(e.message).toContain(`the login host 127.0.0.1:${port} did not answer (ECONNREFUSED`);
    expect(e.message).toContain(
      "Fix: Check network access to the login host (proxy settings HTTPS_PROXY/NO_PROXY), entra:authorityHost and entra:environment.",
    );
  });

  it("an untrusted login host: the TLS error and entra:caCertPath", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:caCertPath": "" }, { env: {} });
    const e = await errorOf(rt.read(partnerId(), {}));
    expect(e.message).toMatch(/did not answer \([A-Z_]*(CERT|SELF_SIGNED|UNABLE_TO)/);
    expect(e.message).toContain(
      "set entra:caCertPath (or ENTRA_CA_CERT_PATH) to that CA's PEM file; verification is never turned off.",
    );
  });
});

describe("a tenant that cannot name one fails at check, before any request", () => {
  it.each([
    ["not-a-guid", "neither a tenant ID (a GUID) nor a domain name"],
    ["organizations", "a multi-tenant alias, which app-only sign-in cannot use"],
  ])("entra:tenantId %s", async (tenant, why) => {
    const rt = await runtimeFor(t, "readWrite", { "entra:tenantId": tenant });
    const mark = await t.admin.lastSeq();
    const r = await rt.check({}, { tenantId: partnerId(), userSyncInbound: { isSyncAllowed: true } });
    expect(r.failures).toEqual([
      {
        property: "",
        reason: expect.stringContaining(`Invalid setting entra:tenantId: "${tenant}" is ${why}: use the tenant's ID`),
      },
    ]);
    expect(await t.admin.requests(mark)).toEqual([]);
    const c = await callsSince(t, mark);
    expect(c.token).toEqual([]);
  });

  it("a verified domain is accepted as a tenant", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:tenantId": "contoso.onmicrosoft.com" });
    const r = await rt.check({}, { tenantId: partnerId(), userSyncInbound: { isSyncAllowed: true } });
    expect(r.failures ?? []).toEqual([]);
  });
});
