/**
 * The other credential sources against the emulator: inline PEM certificate, and OIDC federated tokens (literal,
 * from a file, and fetched GitHub-Actions style). The emulator accepts a client assertion signed by the app's
 * registered certificate, which stands in for the federated token an identity provider would issue.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import { callsSince, partnerId, runtimeFor, startTestEmulator, TestEmulator } from "./harness";
import { validateSettings } from "../../provider/auth/validateSettings";
import { resolveSettings } from "../../provider/config/settings";

let t: TestEmulator;
let pem: string;
beforeAll(async () => {
  t = await startTestEmulator();
  pem = fs.readFileSync(t.defaults.readWrite.certificatePath as string, "utf8");
});
afterAll(async () => {
  await t.stop();
});

/** A signed JWT as a federated identity provider would hand out, accepted by the emulator as client_assertion. */
function federatedToken(): string {
  const d = t.defaults.readWrite;
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0];
  const x5t = crypto.createHash("sha1").update(new crypto.X509Certificate(certPem).raw).digest("base64url");
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: "RS256", typ: "JWT", x5t })}.${b64({
    aud: `${t.authorityHost}/${d.tenantId}/oauth2/v2.0/token`,
    iss: d.clientId,
    sub: d.clientId,
    jti: crypto.randomUUID(),
    nbf: now - 10,
    exp: now + 600,
  })}`;
  return `${body}.${crypto.sign("sha256", Buffer.from(body), crypto.createPrivateKey(pem)).toString("base64url")}`;
}

const noSecret = { "entra:clientSecret": "" };

async function roundTrip(overrides: Record<string, string>): Promise<string[]> {
  const rt = await runtimeFor(t, "readWrite", { ...noSecret, ...overrides });
  const id = partnerId();
  await t.admin.seed({ partners: [{ tenantId: id }] });
  const mark = await t.admin.lastSeq();
  const { outs } = await rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } });
  await rt.delete(id, outs);
  const c = await callsSince(t, mark);
  return [
    ...c.token.map((e) => (e.body as { credential: string }).credential),
    ...c.graph.map((e) => `${e.method} ${e.status}`),
  ];
}

describe("credentials", () => {
  it("client certificate as inline PEM", async () => {
    expect(await roundTrip({ "entra:clientCertificate": pem })).toEqual(["client_assertion", "PUT 204", "DELETE 204"]);
  });

  it("client certificate as base64 of the PEM", async () => {
    expect(await roundTrip({ "entra:clientCertificate": Buffer.from(pem).toString("base64") })).toEqual([
      "client_assertion",
      "PUT 204",
      "DELETE 204",
    ]);
  });

  it("OIDC token given directly (useOidc + oidcToken)", async () => {
    expect(await roundTrip({ "entra:useOidc": "true", "entra:oidcToken": federatedToken() })).toEqual([
      "client_assertion",
      "PUT 204",
      "DELETE 204",
    ]);
  });

  it("OIDC token read from a file (workload identity)", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "entra-oidc-")), "token");
    fs.writeFileSync(file, federatedToken());
    expect(await roundTrip({ "azuread:useOidc": "true", "entra:oidcTokenFilePath": file })).toEqual([
      "client_assertion",
      "PUT 204",
      "DELETE 204",
    ]);
  });

  it("OIDC token fetched GitHub-Actions style, with the request token as bearer and the Entra audience", async () => {
    const seen: { auth?: string; url?: string } = {};
    const server = http.createServer((req, res) => {
      seen.auth = req.headers.authorization;
      seen.url = req.url;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ value: federatedToken() }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
      expect(
        await roundTrip({
          "entra:useOidc": "true",
          "entra:oidcRequestUrl": url,
          "entra:oidcRequestToken": "gh-request-token",
        }),
      ).toEqual(["client_assertion", "PUT 204", "DELETE 204"]);
      expect(seen.auth).toBe("Bearer gh-request-token");
      expect(seen.url).toBe("/token?api-version=2.0&audience=api://AzureADTokenExchange");
    } finally {
      server.close();
    }
  });

  it("useOidc without a token source names the keys to set", async () => {
    const rt = await runtimeFor(t, "readWrite", { ...noSecret, "entra:useOidc": "true" });
    await expect(rt.read(partnerId(), {})).rejects.toThrow(
      /entra:oidcToken or entra:oidcTokenFilePath.*id-token: write/,
    );
  });

  it("ARM_* environment variables are used when stack config has no credential", async () => {
    const d = t.defaults.readWrite;
    const rt = await runtimeFor(
      t,
      "readWrite",
      { ...noSecret, "entra:tenantId": "", "entra:clientId": "" },
      {
        env: { ARM_TENANT_ID: d.tenantId, ARM_CLIENT_ID: d.clientId, ARM_CLIENT_SECRET: d.clientSecret },
      },
    );
    await expect(rt.read(partnerId(), {})).resolves.toEqual({ id: "" });
  });
});

describe("credential settings are checked at check time (preview), with the key and the fix, before any call", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-validate-"));
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const valid = (raw: Record<string, string>) => () => validateSettings(resolveSettings(raw, {}));
  const app = { "entra:tenantId": "11111111-1111-4111-8111-111111111111", "entra:clientId": "c" };

  it("a secret needs tenantId and clientId", () => {
    expect(valid({ "entra:clientSecret": "s", "entra:tenantId": "contoso.onmicrosoft.com" })).toThrow(
      /^Invalid setting entra:clientId: Client secret authentication needs clientId: set entra:clientId \(or azuread:clientId, ARM_CLIENT_ID, AZURE_CLIENT_ID\)\.$/,
    );
    expect(valid({ "entra:clientSecret": "s", "entra:clientId": "c" })).toThrow(
      /entra:tenantId: Client secret authentication needs tenantId/,
    );
    expect(valid({ ...app, "entra:clientSecret": "s" })).not.toThrow();
  });

  it("a certificate must be a readable PEM with the certificate and its private key", () => {
    expect(valid({ ...app, "entra:clientCertificatePath": path.join(dir, "missing.pem") })).toThrow(
      /entra:clientCertificatePath: cannot read ".*missing\.pem": ENOENT/,
    );
    expect(valid({ ...app, "entra:clientCertificatePath": path.join(dir, "c.pfx") })).toThrow(
      /looks like PKCS#12.*openssl pkcs12/,
    );
    const certOnly = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0];
    expect(valid({ ...app, "entra:clientCertificatePath": file("cert-only.pem", certOnly) })).toThrow(
      /entra:clientCertificatePath: holds no private key/,
    );
    expect(valid({ ...app, "entra:clientCertificate": "bm90IGEgcGVt" })).toThrow(
      /entra:clientCertificate: expected PEM text/,
    );
    expect(valid({ ...app, "entra:clientCertificatePath": file("both.pem", pem) })).not.toThrow();
    expect(
      valid({ "entra:clientCertificatePath": file("both2.pem", pem), "entra:tenantId": app["entra:tenantId"] }),
    ).toThrow(/entra:clientId: Client certificate authentication needs clientId/);
  });

  it("OIDC needs a token source, and a token file must be readable", () => {
    expect(valid({ ...app, "entra:useOidc": "true" })).toThrow(
      /entra:useOidc: useOidc is true but no token source is set: set entra:oidcToken or entra:oidcTokenFilePath/,
    );
    expect(valid({ ...app, "entra:useOidc": "true", "entra:oidcTokenFilePath": path.join(dir, "nope") })).toThrow(
      /entra:oidcTokenFilePath: cannot read ".*nope" \(ENOENT\)/,
    );
    expect(valid({ ...app, "entra:useOidc": "true", "entra:oidcTokenFilePath": file("token", "jwt") })).not.toThrow();
  });

  it("the extra CA must be a readable PEM certificate", () => {
    expect(valid({ "entra:caCertPath": path.join(dir, "no-ca.pem") })).toThrow(
      /entra:caCertPath: cannot read ".*no-ca\.pem" \(ENOENT\); give a readable PEM file/,
    );
    expect(valid({ "entra:caCertPath": file("not-ca.pem", "hello") })).toThrow(
      /entra:caCertPath: ".*not-ca\.pem" holds no PEM certificate/,
    );
    expect(valid({ "entra:caCertPath": t.emu.caCertPath })).not.toThrow();
  });

  it("managed identity, Azure CLI and the default chain need nothing more", () => {
    expect(valid({ "entra:useMsi": "true" })).not.toThrow();
    expect(valid({ "entra:useCli": "true" })).not.toThrow();
    expect(valid({})).not.toThrow();
  });

  it("through the runtime: check fails (a failure, not a crash) naming the key, with no Graph or token call", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ "entra:clientId": "" }, /entra:clientId: Client secret authentication needs clientId/],
      [{ "entra:environment": "mars" }, /entra:environment: unknown cloud "mars"; use one of global, usgovernmentl4/],
      [{ "entra:caCertPath": path.join(dir, "gone.pem") }, /entra:caCertPath: cannot read/],
      [
        { ...noSecret, "entra:clientCertificatePath": path.join(dir, "gone.pem") },
        /entra:clientCertificatePath: cannot read/,
      ],
    ];
    for (const [overrides, reason] of cases) {
      const rt = await runtimeFor(t, "readWrite", overrides);
      const mark = await t.admin.lastSeq();
      const r = await rt.check({}, { tenantId: partnerId(), userSyncInbound: { isSyncAllowed: true } });
      expect(r.failures).toEqual([{ property: "", reason: expect.stringMatching(reason) }]);
      expect(await t.admin.requests(mark)).toEqual([]);
    }
  });
});
