import { readStackConfig, resolveSettings, secretValues, ConfigError } from "../../provider/config/settings";
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
    expect(resolveSettings({ "entra:environment": "usgovernmentl4" }, {}).graphEndpoint).toBe("https://graph.microsoft.us");
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
    const s = resolveSettings({ "entra:graphEndpoint": "https://127.0.0.1:8443/", "entra:authorityHost": "https://127.0.0.1:8443" }, {});
    expect(s.graphEndpoint).toBe("https://127.0.0.1:8443");
    expect(s.authorityHost).toBe("https://127.0.0.1:8443");
    expect(s.customAuthorityHost).toBe(true);
  });

  it("rejects unusable values with the key name and the fix", () => {
    expect(() => resolveSettings({ "entra:apiVersion": "v2" }, {})).toThrow(/entra:apiVersion.*"v1.0" or "beta"/);
    expect(() => resolveSettings({ "entra:environment": "mars" }, {})).toThrow(/entra:environment.*global, usgovernmentl4/);
    expect(() => resolveSettings({ "entra:graphEndpoint": "http://x" }, {})).toThrow(/must use https/);
    expect(() => resolveSettings({ "entra:useMsi": "maybe" }, {})).toThrow(ConfigError);
    expect(() => resolveSettings({ "entra:operationTimeoutSeconds": "0" }, {})).toThrow(/operationTimeoutSeconds/);
  });

  it("parses booleans and numbers from strings (stack config values are strings)", () => {
    const s = resolveSettings({ "entra:useOidc": "true", "entra:operationTimeoutSeconds": "5", "entra:debug": "1" }, { ARM_USE_MSI: "false" });
    expect(s.credential.useOidc).toBe(true);
    expect(s.credential.useMsi).toBe(false);
    expect(s.operationTimeoutMs).toBe(5000);
    expect(s.debug).toBe(true);
  });

  it("copies only entra:/azuread: keys out of the Pulumi config accessor", () => {
    const all: Record<string, string> = { "entra:clientId": "c", "azuread:clientSecret": "s", "proj:other": "x", "aws:region": "y" };
    const raw = readStackConfig((k) => all[k]);
    expect(raw).toEqual({ "entra:clientId": "c", "azuread:clientSecret": "s" });
  });

  it("lists the secret values for scrubbing", () => {
    const s = resolveSettings({ "entra:clientSecret": "top-secret-value" }, { ARM_OIDC_TOKEN: "oidc-token-value" });
    expect(secretValues(s).sort()).toEqual(["oidc-token-value", "top-secret-value"]);
  });
});
