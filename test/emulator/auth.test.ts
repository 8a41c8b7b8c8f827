/**
 * OAuth token endpoint and Graph authorization: the real @azure/identity ClientSecretCredential and
 * ClientCertificateCredential against the emulator, Entra's error shapes, 401 and 403 on Graph, token expiry.
 */
import * as fs from "fs";
import * as https from "https";
import { constants, createHash, createPrivateKey, sign, X509Certificate } from "crypto";
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { partnersPath, startTestEmulator, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
const form = (o: Record<string, string>): string => new URLSearchParams(o).toString();
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

useTestEmulator((e) => (t = e));

function decodeJwt(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

describe("token endpoint with real @azure/identity credentials", () => {
  test("ClientSecretCredential gets a token carrying tid, appid, roles, aud, iss, exp", async () => {
    const d = t.defaults.readWrite;
    const cred = new ClientSecretCredential(d.tenantId, d.clientId, d.clientSecret, t.credentialOptions());
    const token = await cred.getToken(`${t.url}/.default`);
    const claims = decodeJwt(token.token);
    expect(claims).toMatchObject({ tid: d.tenantId, appid: d.clientId, aud: t.url, appidacr: "1", idtyp: "app" });
    // The cross-tenant access policy's permissions, then the source side's of cross-tenant synchronization.
    expect(claims.roles).toEqual([
      "Policy.Read.All",
      "Policy.ReadWrite.CrossTenantAccess",
      "Application.ReadWrite.All",
      "AppRoleAssignment.ReadWrite.All",
      "Synchronization.ReadWrite.All",
      "User.Read.All",
      "Group.Read.All",
    ]);
    expect(claims.iss).toBe(`https://sts.windows.net/${d.tenantId}/`);
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(3600);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3601);
    expect(claims.nbf).toBe(claims.iat);
    const header = JSON.parse(Buffer.from(token.token.split(".")[0], "base64url").toString("utf8"));
    expect(header.alg).toBe("RS256");
    const r = await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${token.token}` } });
    expect(r.status).toBe(200);
  });

  test("ClientCertificateCredential (client assertion) gets a token", async () => {
    const d = t.defaults.readWrite;
    const cred = new ClientCertificateCredential(
      d.tenantId,
      d.clientId,
      { certificatePath: d.certificatePath! },
      t.credentialOptions(),
    );
    const token = await cred.getToken(`${t.url}/.default`);
    expect(decodeJwt(token.token)).toMatchObject({ appid: d.clientId, appidacr: "2" });
    const log = await t.admin.requests();
    const tokenCall = log.find((e) => e.kind === "token");
    expect(tokenCall).toMatchObject({ method: "POST", status: 200, body: { credential: "client_assertion" } });
  });

  test("ClientCertificateCredential with sendCertificateChain (x5c) also works", async () => {
    const d = t.defaults.readWrite;
    const cred = new ClientCertificateCredential(
      d.tenantId,
      d.clientId,
      { certificatePath: d.certificatePath! },
      {
        ...t.credentialOptions(),
        sendCertificateChain: true,
      },
    );
    await expect(cred.getToken(`${t.url}/.default`)).resolves.toHaveProperty("token");
  });

  test("a certificate that is not registered is refused by the credential (AADSTS700027)", async () => {
    const { createClientCertificate } = await import("../../emulator/tls/certificates");
    const other = createClientCertificate("stranger");
    const d = t.defaults.readWrite;
    const cred = new ClientCertificateCredential(
      d.tenantId,
      d.clientId,
      { certificate: other.keyPem + other.certPem },
      t.credentialOptions(),
    );
    await expect(cred.getToken(`${t.url}/.default`)).rejects.toThrow(/AADSTS700027/);
  });

  test("wrong secret: the credential fails with invalid_client / AADSTS7000215", async () => {
    const d = t.defaults.readWrite;
    const cred = new ClientSecretCredential(d.tenantId, d.clientId, "wrong-secret", t.credentialOptions());
    await expect(cred.getToken(`${t.url}/.default`)).rejects.toThrow(/AADSTS7000215/);
  });

  test("unknown tenant: the credential fails at discovery (AADSTS90002), as against Entra", async () => {
    const d = t.defaults.readWrite;
    const tenant = "99999999-9999-4999-8999-999999999999";
    const cred = new ClientSecretCredential(tenant, d.clientId, d.clientSecret, t.credentialOptions());
    // MSAL reports Entra's 400 invalid_tenant on the metadata document as endpoints_resolution_error.
    await expect(cred.getToken(`${t.url}/.default`)).rejects.toThrow(/endpoints_resolution_error/);
    const log = await t.admin.requests();
    expect(log.find((e) => e.path.startsWith(`/${tenant}/`))).toMatchObject({ kind: "discovery", status: 400 });
  });

  test("token and discovery requests appear in the request log", async () => {
    const since = await t.admin.lastSeq();
    const d = t.defaults.readOnly;
    await new ClientSecretCredential(d.tenantId, d.clientId, d.clientSecret, t.credentialOptions()).getToken(
      `${t.url}/.default`,
    );
    const log = await t.admin.requests(since);
    expect(log.filter((e) => e.kind === "token")).toHaveLength(1);
    expect(log.some((e) => e.kind === "discovery" && e.path.endsWith("/v2.0/.well-known/openid-configuration"))).toBe(
      true,
    );
    const tokenEntry = log.find((e) => e.kind === "token")!;
    expect(JSON.stringify(tokenEntry)).not.toContain(d.clientSecret);
  });
});

describe("token endpoint error shapes (raw HTTP)", () => {
  const tokenUrl = (tenant: string) => `/${tenant}/oauth2/v2.0/token`;
  const ok = () => t.defaults.readWrite;

  function expectAadError(r: { status: number; data: any }, status: number, error: string, code: number): void {
    expect(r.status).toBe(status);
    expect(r.data.error).toBe(error);
    expect(r.data.error_codes).toEqual([code]);
    expect(r.data.error_description).toMatch(
      new RegExp(
        `^AADSTS${code}: .*\\r\\nTrace ID: [0-9a-f-]+\\r\\nCorrelation ID: [0-9a-f-]+\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
        "s",
      ),
    );
    expect(r.data.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(r.data.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.data.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  }

  test("success: token_type, expires_in, ext_expires_in, access_token", async () => {
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({
        grant_type: "client_credentials",
        client_id: ok().clientId,
        client_secret: ok().clientSecret,
        scope: `${t.url}/.default`,
      }),
      { headers: FORM },
    );
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600 });
    expect(typeof r.data.access_token).toBe("string");
  });

  test("client_secret_basic is accepted", async () => {
    const basic = Buffer.from(`${ok().clientId}:${ok().clientSecret}`).toString("base64");
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({ grant_type: "client_credentials", scope: `${t.url}/.default` }),
      {
        headers: { ...FORM, Authorization: `Basic ${basic}` },
      },
    );
    expect(r.status).toBe(200);
  });

  test("wrong secret → 401 invalid_client AADSTS7000215, correlation id echoes client-request-id", async () => {
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({
        grant_type: "client_credentials",
        client_id: ok().clientId,
        client_secret: "nope",
        scope: `${t.url}/.default`,
      }),
      {
        headers: { ...FORM, "client-request-id": "5f0b8f7c-1111-4111-8111-000000000001" },
      },
    );
    expectAadError(r, 401, "invalid_client", 7000215);
    expect(r.data.error_description).toContain("Invalid client secret provided.");
    expect(r.data.correlation_id).toBe("5f0b8f7c-1111-4111-8111-000000000001");
  });

  test("unknown tenant → 400 invalid_request AADSTS90002", async () => {
    const r = await t.http.post(
      tokenUrl("99999999-9999-4999-8999-999999999999"),
      form({
        grant_type: "client_credentials",
        client_id: ok().clientId,
        client_secret: ok().clientSecret,
        scope: `${t.url}/.default`,
      }),
      { headers: FORM },
    );
    expectAadError(r, 400, "invalid_request", 90002);
    expect(r.data.error_description).toContain("Tenant '99999999-9999-4999-8999-999999999999' not found.");
  });

  test("unknown tenant in discovery → 400 invalid_tenant AADSTS90002", async () => {
    const r = await t.http.get("/99999999-9999-4999-8999-999999999999/v2.0/.well-known/openid-configuration");
    expectAadError(r, 400, "invalid_tenant", 90002);
  });

  test("unknown client id → 400 unauthorized_client AADSTS700016", async () => {
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({
        grant_type: "client_credentials",
        client_id: "55555555-5555-4555-8555-555555555555",
        client_secret: "x",
        scope: `${t.url}/.default`,
      }),
      { headers: FORM },
    );
    expectAadError(r, 400, "unauthorized_client", 700016);
  });

  test("no credential → 401 invalid_client AADSTS7000218", async () => {
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({ grant_type: "client_credentials", client_id: ok().clientId, scope: `${t.url}/.default` }),
      { headers: FORM },
    );
    expectAadError(r, 401, "invalid_client", 7000218);
  });

  test("unsupported grant → 400 unsupported_grant_type AADSTS70003", async () => {
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({
        grant_type: "password",
        client_id: ok().clientId,
        client_secret: ok().clientSecret,
        scope: `${t.url}/.default`,
      }),
      { headers: FORM },
    );
    expectAadError(r, 400, "unsupported_grant_type", 70003);
  });

  test("scope without /.default → 400 invalid_scope AADSTS1002012", async () => {
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({
        grant_type: "client_credentials",
        client_id: ok().clientId,
        client_secret: ok().clientSecret,
        scope: `${t.url}/Policy.Read.All`,
      }),
      { headers: FORM },
    );
    expectAadError(r, 400, "invalid_scope", 1002012);
  });

  test("missing scope → 400 invalid_request AADSTS900144", async () => {
    const r = await t.http.post(
      tokenUrl(ok().tenantId),
      form({ grant_type: "client_credentials", client_id: ok().clientId, client_secret: ok().clientSecret }),
      { headers: FORM },
    );
    expectAadError(r, 400, "invalid_request", 900144);
  });

  test("openid-configuration points every endpoint at the emulator", async () => {
    const r = await t.http.get(`/${ok().tenantId}/v2.0/.well-known/openid-configuration`);
    expect(r.status).toBe(200);
    expect(r.data.token_endpoint).toBe(`${t.url}/${ok().tenantId}/oauth2/v2.0/token`);
    expect(r.data.issuer).toBe(`${t.url}/${ok().tenantId}/v2.0`);
    const keys = await t.http.get(new URL(r.data.jwks_uri).pathname);
    expect(keys.status).toBe(200);
    expect(keys.data.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
  });

  test("instance discovery document", async () => {
    const r = await t.http.get("/common/discovery/instance?api-version=1.1");
    expect(r.status).toBe(200);
    expect(r.data.tenant_discovery_endpoint).toContain("/v2.0/.well-known/openid-configuration");
  });
});

describe("client assertions (raw HTTP)", () => {
  const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  function assertion(
    opts: {
      alg?: "RS256" | "PS256";
      thumb?: "x5t" | "x5t#S256";
      aud?: string;
      iss?: string;
      exp?: number;
      tamper?: boolean;
    } = {},
  ): string {
    const d = t.defaults.readWrite;
    const pem = fs.readFileSync(d.certificatePath!, "utf8");
    const der = new X509Certificate(pem.slice(pem.indexOf("-----BEGIN CERTIFICATE-----"))).raw;
    const alg = opts.alg ?? "RS256";
    const thumb = opts.thumb ?? "x5t";
    const header = {
      alg,
      typ: "JWT",
      [thumb]: createHash(thumb === "x5t" ? "sha1" : "sha256")
        .update(der)
        .digest("base64url"),
    };
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: opts.aud ?? `${t.url}/${d.tenantId}/oauth2/v2.0/token`,
      iss: opts.iss ?? d.clientId,
      sub: opts.iss ?? d.clientId,
      jti: "j1",
      nbf: now - 10,
      exp: opts.exp ?? now + 600,
    };
    const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    const key = createPrivateKey(pem);
    const sig =
      alg === "RS256"
        ? sign("sha256", Buffer.from(input), key)
        : sign("sha256", Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    return `${input}.${opts.tamper ? Buffer.from("x").toString("base64url") : sig.toString("base64url")}`;
  }

  const post = (clientAssertion: string) => {
    const d = t.defaults.readWrite;
    return t.http.post(
      `/${d.tenantId}/oauth2/v2.0/token`,
      form({
        grant_type: "client_credentials",
        client_id: d.clientId,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: clientAssertion,
        scope: `${t.url}/.default`,
      }),
      { headers: FORM },
    );
  };

  test.each([
    ["RS256", "x5t"],
    ["RS256", "x5t#S256"],
    ["PS256", "x5t#S256"],
    ["PS256", "x5t"],
  ] as const)("%s with %s is accepted", async (alg, thumb) => {
    const r = await post(assertion({ alg, thumb }));
    expect(r.status).toBe(200);
    expect(decodeJwt(r.data.access_token).appidacr).toBe("2");
  });

  test.each([
    ["bad signature", { tamper: true }, 700027],
    ["expired", { exp: Math.floor(Date.now() / 1000) - 3600 }, 700024],
    ["wrong audience", { aud: "https://login.microsoftonline.com/x/oauth2/v2.0/token" }, 700021],
    ["iss/sub not the client id", { iss: "33333333-3333-4333-8333-333333333333" }, 700023],
  ] as const)("%s → 401 invalid_client", async (_name, opts, code) => {
    const r = await post(assertion(opts));
    expect(r.status).toBe(401);
    expect(r.data.error).toBe("invalid_client");
    expect(r.data.error_codes).toEqual([code]);
  });
});

describe("Graph authorization", () => {
  function expect401(r: { status: number; data: any; headers: any }, message: RegExp): void {
    expect(r.status).toBe(401);
    expect(r.data.error.code).toBe("InvalidAuthenticationToken");
    expect(r.data.error.message).toMatch(message);
    expect(r.headers["www-authenticate"]).toMatch(
      /^Bearer realm="", authorization_uri="https:\/\/.+\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000"$/,
    );
    expect(r.data.error.innerError["request-id"]).toBe(r.headers["request-id"]);
  }

  test("missing token → 401", async () => {
    expect401(await t.http.get(partnersPath()), /Access token is empty/);
  });

  test("malformed token → 401", async () => {
    expect401(
      await t.http.get(partnersPath(), { headers: { Authorization: "Bearer not-a-jwt" } }),
      /JWT is not well formed/,
    );
  });

  test("token with a bad signature → 401", async () => {
    const good = await t.token();
    const [h, p] = good.split(".");
    const forged = `${h}.${p}.${Buffer.from("forged").toString("base64url")}`;
    expect401(
      await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${forged}` } }),
      /Invalid signature/,
    );
  });

  test("token signed by another emulator → 401", async () => {
    const other = await startTestEmulator();
    try {
      const foreign = await other.admin.mintToken({ audience: t.url });
      expect401(
        await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${foreign}` } }),
        /Invalid signature/,
      );
    } finally {
      await other.stop();
    }
  });

  test("expired token → 401", async () => {
    const expired = await t.admin.mintToken({ issuedAt: Math.floor(Date.now() / 1000) - 7200, lifetimeSeconds: 3600 });
    expect401(
      await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${expired}` } }),
      /token is expired/,
    );
  });

  test("wrong audience → 401 (switchable with checkAudience)", async () => {
    const token = await t.admin.mintToken({ audience: "https://management.azure.com" });
    expect401(await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${token}` } }), /Invalid audience/);
    await t.admin.settings({ checkAudience: false });
    expect((await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  test("readOnly app: reads 200, writes 403 Authorization_RequestDenied", async () => {
    const ro = await t.graph("readOnly");
    expect((await ro.get(partnersPath())).status).toBe(200);
    const id = "0000bbbb-0000-4000-8000-000000000001";
    const writes = [
      ro.post(partnersPath(), { tenantId: id }),
      ro.patch(`${partnersPath()}/${id}`, {}),
      ro.delete(`${partnersPath()}/${id}`),
      ro.put(`${partnersPath()}/${id}/identitySynchronization`, {}),
      ro.patch(`${partnersPath()}/${id}/identitySynchronization`, {}),
      ro.delete(`${partnersPath()}/${id}/identitySynchronization`),
    ];
    for (const r of await Promise.all(writes)) {
      expect(r.status).toBe(403);
      expect(r.data.error.code).toBe("Authorization_RequestDenied");
      expect(r.data.error.message).toBe("Insufficient privileges to complete the operation.");
    }
  });

  test("noRoles app: reads 403 too", async () => {
    const none = await t.graph("noRoles");
    const r = await none.get(partnersPath());
    expect(r.status).toBe(403);
    expect(r.data.error.code).toBe("Authorization_RequestDenied");
    expect(
      (await none.get(`${partnersPath()}/0000bbbb-0000-4000-8000-000000000001/identitySynchronization`)).status,
    ).toBe(403);
  });

  test("Policy.ReadWrite.CrossTenantAccess alone also allows reads", async () => {
    const token = await t.admin.mintToken({ roles: ["Policy.ReadWrite.CrossTenantAccess"] });
    expect((await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe("token expiry", () => {
  test("a short token lifetime expires; the credential then fetches a new token", async () => {
    const short = await startTestEmulator({ tokenLifetimeSeconds: 1 });
    try {
      const d = short.defaults.readWrite;
      const cred = new ClientSecretCredential(d.tenantId, d.clientId, d.clientSecret, short.credentialOptions());
      const first = await cred.getToken(`${short.url}/.default`);
      const use = (tok: string) => short.http.get(partnersPath(), { headers: { Authorization: `Bearer ${tok}` } });
      expect((await use(first.token)).status).toBe(200);
      const exp = decodeJwt(first.token).exp as number;
      expect(exp * 1000 - Date.now()).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
      const expired = await use(first.token);
      expect(expired.status).toBe(401);
      expect(expired.data.error.message).toMatch(/expired/);
      const second = await cred.getToken(`${short.url}/.default`);
      expect(second.token).not.toBe(first.token);
      expect((await use(second.token)).status).toBe(200);
      const tokenCalls = (await short.admin.requests()).filter((e) => e.kind === "token");
      expect(tokenCalls).toHaveLength(2);
    } finally {
      await short.stop();
    }
  });

  test("tokenLifetimeSeconds can be changed at runtime", async () => {
    await t.admin.settings({ tokenLifetimeSeconds: 120 });
    const d = t.defaults.readOnly;
    const r = await t.http.post(
      `/${d.tenantId}/oauth2/v2.0/token`,
      form({
        grant_type: "client_credentials",
        client_id: d.clientId,
        client_secret: d.clientSecret,
        scope: `${t.url}/.default`,
      }),
      { headers: FORM },
    );
    expect(r.data.expires_in).toBe(120);
  });
});

describe("TLS", () => {
  test("the CA file is what clients trust; an agent without it is refused", async () => {
    expect(fs.readFileSync(t.emu.caCertPath, "utf8")).toBe(t.caCertPem);
    const untrusted = new https.Agent({ keepAlive: false });
    await expect(
      new Promise((resolve, reject) =>
        https.get(`${t.url}/_emulator/health`, { agent: untrusted }, resolve).on("error", reject),
      ),
    ).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  test("the server certificate is valid for localhost as well as 127.0.0.1", async () => {
    const r = await t.http.get(`https://localhost:${t.emu.port}/_emulator/health`);
    expect(r.status).toBe(200);
  });
});
