import {
  readStackConfig,
  resolveSettings,
  secretValues,
  ConfigError,
  lookupValues,
} from "../../provider/config/settings";
import { allKeys, secretKeyNames } from "../../provider/config/keys";
import { parseConnections, resolveConnection, UnknownConnectionError } from "../../provider/config/connections";
import { findCloud } from "../../provider/graph/clouds";

describe("settings resolution", () => {
  it("defaults to the global cloud, v1.0 and sane deadlines", () => {
    const s = resolveSettings({}, {});
    expect(s.graphEndpoint).toBe("https://graph.microsoft.com");
    expect(s.authorityHost).toBe("https://login.microsoftonline.com");
    expect(s.customAuthorityHost).toBe(false);
    expect(s.apiVersion).toBe("v1.0");
    expect(s.operationTimeoutMs).toBe(300_000);
    expect(s.requestTimeoutMs).toBe(60_000);
    expect(s.maxRetries).toBe(10);
    expect(s.debug).toBe(false);
  });

  it("reads entra:* before azuread:* before ARM_* before AZURE_*", () => {
    const env = { ARM_CLIENT_ID: "arm", AZURE_CLIENT_ID: "azure", AZURE_TENANT_ID: "t-azure" };
    expect(resolveSettings({ "entra:clientId": "e", "azuread:clientId": "a" }, env).credential.clientId).toBe("e");
    expect(resolveSettings({ "azuread:clientId": "a" }, env).credential.clientId).toBe("a");
    expect(resolveSettings({}, env).credential.clientId).toBe("arm");
    expect(resolveSettings({}, { AZURE_CLIENT_ID: "azure" }).credential.clientId).toBe("azure");
    expect(resolveSettings({}, env).credential.tenantId).toBe("t-azure");
  });

  it("does not read our own keys from azuread:*", () => {
    expect(resolveSettings({ "azuread:apiVersion": "beta" }, {}).apiVersion).toBe("v1.0");
    expect(resolveSettings({ "entra:apiVersion": "beta" }, {}).apiVersion).toBe("beta");
  });

  it("maps every cloud to its Graph root and login host", () => {
    expect(resolveSettings({ "entra:environment": "usgovernmentl4" }, {}).graphEndpoint).toBe(
      "https://graph.microsoft.us",
    );
    const dod = resolveSettings({ "azuread:environment": "usgovernmentl5" }, {});
    expect(dod.graphEndpoint).toBe("https://dod-graph.microsoft.us");
    expect(dod.authorityHost).toBe("https://login.microsoftonline.us");
    const cn = resolveSettings({}, { ARM_ENVIRONMENT: "china" });
    expect(cn.graphEndpoint).toBe("https://microsoftgraph.chinacloudapi.cn");
    expect(cn.authorityHost).toBe("https://login.chinacloudapi.cn");
    expect(findCloud("public")?.name).toBe("global");
    expect(findCloud("AzureUSGovernment")?.name).toBe("usgovernmentl4");
  });

  it("lets graphEndpoint and authorityHost override the cloud", () => {
    const s = resolveSettings(
      { "entra:graphEndpoint": "https://127.0.0.1:8443/", "entra:authorityHost": "https://127.0.0.1:8443" },
      {},
    );
    expect(s.graphEndpoint).toBe("https://127.0.0.1:8443");
    expect(s.authorityHost).toBe("https://127.0.0.1:8443");
    expect(s.customAuthorityHost).toBe(true);
  });

  it("rejects unusable values with the key name and the fix", () => {
    expect(() => resolveSettings({ "entra:apiVersion": "v2" }, {})).toThrow(/entra:apiVersion.*"v1.0" or "beta"/);
    expect(() => resolveSettings({ "entra:environment": "mars" }, {})).toThrow(
      /entra:environment.*global, usgovernmentl4/,
    );
    expect(() => resolveSettings({ "entra:graphEndpoint": "http://x" }, {})).toThrow(/must use https/);
    expect(() => resolveSettings({ "entra:useMsi": "maybe" }, {})).toThrow(ConfigError);
    expect(() => resolveSettings({ "entra:operationTimeoutSeconds": "0" }, {})).toThrow(/operationTimeoutSeconds/);
  });

  it("parses booleans and numbers from strings (stack config values are strings)", () => {
    const s = resolveSettings(
      { "entra:useOidc": "true", "entra:operationTimeoutSeconds": "5", "entra:debug": "1" },
      { ARM_USE_MSI: "false" },
    );
    expect(s.credential.useOidc).toBe(true);
    expect(s.credential.useMsi).toBe(false);
    expect(s.operationTimeoutMs).toBe(5000);
    expect(s.debug).toBe(true);
  });

  it("copies only entra:/azuread: keys and entra:connections out of the Pulumi config accessor", () => {
    const all: Record<string, string> = {
      "entra:clientId": "c",
      "azuread:clientSecret": "s",
      "entra:connections": '{"a":{"tenantId":"t"}}',
      "proj:other": "x",
      "aws:region": "y",
    };
    const raw = readStackConfig((k) => all[k]);
    expect(raw).toEqual({
      "entra:clientId": "c",
      "azuread:clientSecret": "s",
      "entra:connections": '{"a":{"tenantId":"t"}}',
    });
  });

  it("lists the secret values for scrubbing", () => {
    const s = resolveSettings({ "entra:clientSecret": "top-secret-value" }, { ARM_OIDC_TOKEN: "oidc-token-value" });
    expect(secretValues(s).sort()).toEqual(["oidc-token-value", "top-secret-value"]);
  });

  it("derives the secret list from the keys flagged secret in keys.ts (a new secret key is scrubbed without more code)", () => {
    expect(secretKeyNames.length).toBeGreaterThanOrEqual(5);
    const raw: Record<string, string> = {};
    for (const k of allKeys) if (k.secret) raw[`entra:${k.key}`] = `value-of-${k.key}`;
    const s = resolveSettings(raw, {});
    expect(secretValues(s).sort()).toEqual(secretKeyNames.map((k) => `value-of-${k}`).sort());
    // and nothing that is not flagged
    expect(
      secretValues(resolveSettings({ "entra:clientId": "client-id-value", "entra:tenantId": "tenant-value" }, {})),
    ).toEqual([]);
  });
});

describe("named connections (entra:connections)", () => {
  const conns = (o: unknown) => parseConnections({ "entra:connections": JSON.stringify(o) });
  const top = {
    "entra:clientId": "multi-tenant-app",
    "entra:useOidc": "true",
    "entra:graphEndpoint": "https://127.0.0.1:8443",
  };

  it("takes an object of name → settings; values may be strings, booleans or numbers", () => {
    const c = conns({ source: { tenantId: "s", useOidc: true, maxRetries: 3 }, target: { tenantId: "t" } });
    expect([...c.keys()]).toEqual(["source", "target"]);
    expect(c.get("source")).toEqual({ tenantId: "s", useOidc: "true", maxRetries: "3" });
    expect(parseConnections({}).size).toBe(0);
  });

  it("rejects malformed config naming the connection and key, never quoting the text", () => {
    expect(() => parseConnections({ "entra:connections": '{"a": {"clientSecret": "s3cr3t-xyz", }' })).toThrow(
      /Invalid setting entra:connections: is not valid JSON/,
    );
    try {
      parseConnections({ "entra:connections": '{"a": {"clientSecret": "s3cr3t-xyz", }' });
    } catch (e) {
      expect((e as Error).message).not.toContain("s3cr3t-xyz");
    }
    expect(() => conns(["a"])).toThrow(/entra:connections: must be an object of name → settings, not an array/);
    expect(() => conns({ a: "t" })).toThrow(/entra:connections\.a: must be an object of settings/);
    expect(() => conns({ a: { tenantID: "t" } })).toThrow(
      /entra:connections\.a\.tenantID: unknown key; did you mean "tenantId"\?/,
    );
    expect(() => conns({ a: { nonsense: "t" } })).toThrow(
      /entra:connections\.a\.nonsense: unknown key; a connection takes the keys of the top-level settings: tenantId, clientId/,
    );
    expect(() => conns({ a: { clientSecret: { secure: "v1:abc" } } })).toThrow(
      /entra:connections\.a\.clientSecret: expected a string, boolean or number, not an object/,
    );
  });

  it("falls back to the top-level settings key by key: a multi-tenant app needs only tenantId per connection", () => {
    const c = conns({
      source: { tenantId: "tenant-s" },
      gov: { tenantId: "tenant-g", environment: "usgovernmentl4", graphEndpoint: "https://graph.microsoft.us" },
    });
    const s = resolveConnection("source", c, lookupValues(top, {}));
    expect(s.credential).toMatchObject({ tenantId: "tenant-s", clientId: "multi-tenant-app", useOidc: true });
    expect(s.graphEndpoint).toBe("https://127.0.0.1:8443");
    const g = resolveConnection("gov", c, lookupValues(top, {}));
    expect(g.cloud).toBe("usgovernmentl4");
    expect(g.graphEndpoint).toBe("https://graph.microsoft.us");
    // the environment is part of the top-level lookup
    const fromEnv = resolveConnection("source", c, lookupValues({}, { ARM_CLIENT_ID: "from-env" }));
    expect(fromEnv.credential.clientId).toBe("from-env");
  });

  it("a connection that names its own credential inherits no other kind of credential", () => {
    const c = conns({ a: { tenantId: "ta", clientId: "app-a", clientSecret: "secret-a" } });
    const s = resolveConnection(
      "a",
      c,
      lookupValues({ "entra:clientCertificatePath": "/top/cert.pem", "entra:useOidc": "true" }, {}),
    );
    expect(s.credential).toMatchObject({ clientSecret: "secret-a", useOidc: false });
    expect(s.credential.clientCertificatePath).toBeUndefined();
    // ...but the same kind's other keys still fall back (e.g. the CI runner's OIDC token source)
    const o = conns({ b: { tenantId: "tb", useOidc: "true" } });
    const so = resolveConnection(
      "b",
      o,
      lookupValues(
        {},
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh/x",
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token",
          ARM_CLIENT_SECRET: "ci-secret",
        },
      ),
    );
    expect(so.credential).toMatchObject({
      useOidc: true,
      oidcRequestUrl: "https://gh/x",
      oidcRequestToken: "gh-request-token",
    });
    expect(so.credential.clientSecret).toBeUndefined();
    expect(so.secrets).toEqual(["gh-request-token"]);
  });

  it("a connection that names two kinds of credential is contradictory", () => {
    expect(() =>
      resolveConnection("a", conns({ a: { clientSecret: "s", clientCertificatePath: "/c.pem" } }), {}),
    ).toThrow(
      /entra:connections\.a: connection "a" names 2 kinds of credential \(clientCertificatePath, clientSecret\); a connection uses one/,
    );
    expect(() => resolveConnection("a", conns({ a: { useMsi: true, useCli: "true" } }), {})).toThrow(/useMsi, useCli/);
    // false does not select a kind
    expect(resolveConnection("a", conns({ a: { useMsi: false, clientSecret: "s" } }), {}).credential.clientSecret).toBe(
      "s",
    );
  });

  it("names the connection's key in value errors, and lists the configured names for an unknown one", () => {
    expect(() => resolveConnection("a", conns({ a: { apiVersion: "v2" } }), {})).toThrow(
      /Invalid setting entra:connections\.a\.apiVersion: expected "v1.0" or "beta"/,
    );
    expect(() => resolveConnection("a", conns({ a: {} }), lookupValues({ "entra:environment": "mars" }, {}))).toThrow(
      /entra:connections\.a\.environment \(or entra:environment for every connection\): unknown cloud "mars"/,
    );
    const unknown = () => resolveConnection("nope", conns({ a: {}, b: {} }), {});
    expect(unknown).toThrow(UnknownConnectionError);
    expect(unknown).toThrow(/no connection named "nope" in entra:connections; the configured connections are "a", "b"/);
    expect(() => resolveConnection("sourec", conns({ source: {}, target: {} }), {})).toThrow(
      'no connection named "sourec" in entra:connections; the configured connections are "source", "target". Did you mean "source"?',
    );
    expect(() => resolveConnection("x", parseConnections({}), {})).toThrow(
      /entra:connections is not set.*pulumi config set --path 'entra:connections\.x\.tenantId'/,
    );
  });
});
