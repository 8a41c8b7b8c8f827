import { createTokenCache, TokenDeadlineError } from "../../provider/auth/tokenCache";
import { chooseCredential, loadCertificatePem } from "../../provider/auth/credential";
import { graphScope, createGraphTokenProvider } from "../../provider/auth/tokens";
import { authPolicy } from "../../provider/graph/policies/authPolicy";
import { resolveSettings } from "../../provider/config/settings";
import { PipelineRequest } from "../../provider/graph/pipeline";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
}

describe("token cache", () => {
  it("acquires once for many concurrent callers and reuses the token", async () => {
    const c = clock();
    let n = 0;
    const acquire = jest.fn(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return { token: `t${++n}`, expiresOnTimestamp: c.now() + 3600_000 };
    });
    const cache = createTokenCache(acquire, { clock: c });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.getToken()));
    expect(new Set(tokens)).toEqual(new Set(["t1"]));
    expect(await cache.getToken()).toBe("t1");
    expect(acquire).toHaveBeenCalledTimes(1);
    expect(cache.acquisitions).toBe(1);
  });

  it("refreshes inside the refresh window (2 min, or half the lifetime when shorter)", async () => {
    const c = clock();
    let n = 0;
    const cache = createTokenCache(async () => ({ token: `t${++n}`, expiresOnTimestamp: c.now() + 600_000 }), {
      clock: c,
    });
    expect(await cache.getToken()).toBe("t1");
    c.advance(470_000);
    expect(await cache.getToken()).toBe("t1");
    c.advance(20_000); // 110 s left < 120 s window
    expect(await cache.getToken()).toBe("t2");

    const short = createTokenCache(async () => ({ token: `s${++n}`, expiresOnTimestamp: c.now() + 10_000 }), {
      clock: c,
    });
    const first = await short.getToken();
    c.advance(4_000);
    expect(await short.getToken()).toBe(first);
    c.advance(2_000);
    expect(await short.getToken()).not.toBe(first);
  });

  it("keeps a still-valid token when a refresh fails, and fails once it is expired", async () => {
    const c = clock();
    const acquire = jest
      .fn()
      .mockResolvedValueOnce({ token: "t1", expiresOnTimestamp: c.now() + 200_000 })
      .mockRejectedValue(new Error("login down"));
    const cache = createTokenCache(acquire, { clock: c });
    await cache.getToken();
    c.advance(150_000);
    expect(await cache.getToken()).toBe("t1");
    c.advance(60_000);
    await expect(cache.getToken()).rejects.toThrow("login down");
  });

  it("a caller's deadline bounds its wait, not the shared acquisition", async () => {
    let release: () => void = () => undefined;
    const acquire = jest.fn(
      () =>
        new Promise<{ token: string; expiresOnTimestamp: number }>((resolve) => {
          release = () => resolve({ token: "slow", expiresOnTimestamp: Date.now() + 3600_000 });
        }),
    );
    const cache = createTokenCache(acquire);
    const patient = cache.getToken();
    const started = Date.now();
    await expect(cache.getToken(Date.now() + 50)).rejects.toBeInstanceOf(TokenDeadlineError);
    expect(Date.now() - started).toBeLessThan(1000);
    release();
    expect(await patient).toBe("slow");
    expect(await cache.getToken(Date.now() + 50)).toBe("slow");
    expect(acquire).toHaveBeenCalledTimes(1);
  });

  it("invalidate asks for a fresh token", async () => {
    const c = clock();
    const acquire = jest.fn(async (fresh: boolean) => ({
      token: fresh ? "fresh" : "cached",
      expiresOnTimestamp: c.now() + 3600_000,
    }));
    const cache = createTokenCache(acquire, { clock: c });
    expect(await cache.getToken()).toBe("cached");
    cache.invalidate("other");
    expect(await cache.getToken()).toBe("cached");
    cache.invalidate("cached");
    expect(await cache.getToken()).toBe("fresh");
  });
});

describe("auth policy", () => {
  const request = (): PipelineRequest => ({
    method: "GET",
    url: "https://g/x",
    headers: {},
    deadline: Date.now() + 1000,
    timeoutMs: 100,
    attempts: 1,
  });

  it("signs, and re-sends exactly once with a fresh token on 401", async () => {
    let n = 0;
    const tokens = createTokenCache(async () => ({ token: `tok${++n}`, expiresOnTimestamp: Date.now() + 3600_000 }));
    const seen: string[] = [];
    const next = jest.fn(async (r: PipelineRequest) => {
      seen.push(r.headers.authorization);
      return { status: 401, headers: {}, body: undefined, request: r };
    });
    const res = await authPolicy({ tokens }).sendRequest(request(), next);
    expect(res.status).toBe(401);
    expect(seen).toEqual(["Bearer tok1", "Bearer tok2"]);
  });
});

describe("credential choice", () => {
  const base = { "entra:tenantId": "t", "entra:clientId": "c" };
  it("follows useOidc → certificate → secret → useMsi → useCli → DefaultAzureCredential", () => {
    expect(
      chooseCredential(resolveSettings({ ...base, "entra:useOidc": "true", "entra:clientSecret": "s" }, {})).kind,
    ).toBe("oidc");
    expect(
      chooseCredential(
        resolveSettings({ ...base, "entra:clientCertificatePath": "/x.pem", "entra:clientSecret": "s" }, {}),
      ).kind,
    ).toBe("clientCertificate");
    expect(chooseCredential(resolveSettings({ ...base, "entra:clientSecret": "s" }, {})).kind).toBe("clientSecret");
    expect(chooseCredential(resolveSettings({}, { ARM_CLIENT_SECRET: "s" })).kind).toBe("clientSecret");
    expect(chooseCredential(resolveSettings({ "entra:useMsi": "true" }, {})).kind).toBe("managedIdentity");
    expect(chooseCredential(resolveSettings({ "entra:useCli": "true" }, {})).kind).toBe("azureCli");
    expect(chooseCredential(resolveSettings({}, {})).kind).toBe("default");
  });

  it("never puts a secret in the description", () => {
    const d = chooseCredential(resolveSettings({ ...base, "entra:clientSecret": "super-secret" }, {})).description;
    expect(d).not.toContain("super-secret");
  });

  it("refuses PKCS#12 files with the conversion command", () => {
    expect(() => loadCertificatePem(resolveSettings({ "entra:clientCertificatePath": "/x/cert.pfx" }, {}))).toThrow(
      /openssl pkcs12/,
    );
  });

  it("scopes tokens to the Graph root of the cloud or endpoint", () => {
    expect(graphScope(resolveSettings({}, {}))).toBe("https://graph.microsoft.com/.default");
    expect(graphScope(resolveSettings({ "entra:environment": "china" }, {}))).toBe(
      "https://microsoftgraph.chinacloudapi.cn/.default",
    );
    expect(graphScope(resolveSettings({ "entra:graphEndpoint": "https://127.0.0.1:9/" }, {}))).toBe(
      "https://127.0.0.1:9/.default",
    );
  });

  it("names the missing key when a credential lacks tenantId", async () => {
    const tokens = createGraphTokenProvider(resolveSettings({ "entra:clientSecret": "s", "entra:clientId": "c" }, {}));
    await expect(tokens.getToken()).rejects.toThrow(/entra:tenantId.*ARM_TENANT_ID/);
  });

  it("redacts credentials quoted by an @azure/identity failure (form body, URL-encoded secret, assertion, token)", async () => {
    const secret = "Xy7~Q+8/abc=de.f";
    const settings = resolveSettings({ ...base, "entra:clientSecret": secret }, {});
    const quoted =
      `AADSTS50011: request to https://login/t/oauth2/v2.0/token?client_secret=${encodeURIComponent(secret)} failed; ` +
      `body: ${new URLSearchParams({ client_id: "c", client_secret: secret, client_assertion: "opaque-assertion-value" }).toString()}; ` +
      `response {"access_token":"opaque-access-token","error":"invalid_client"}`;
    const tokens = createGraphTokenProvider(settings, {
      credentialFactory: () => ({
        getToken: async () => {
          throw new Error(quoted);
        },
      }),
    });
    const err = await tokens.getToken().then(
      () => new Error("no error"),
      (e: Error) => e,
    );
    expect(err.message).toMatch(/AADSTS50011/);
    expect(err.message).toMatch(/invalid_client/);
    for (const leaked of [
      secret,
      encodeURIComponent(secret),
      "Xy7%7EQ%2B8%2Fabc%3Dde.f",
      "opaque-assertion-value",
      "opaque-access-token",
    ]) {
      expect(err.message).not.toContain(leaked);
    }
  });

  it("redacts secrets from credential failures", async () => {
    const settings = resolveSettings({ ...base, "entra:clientSecret": "leaky-secret-123" }, {});
    const tokens = createGraphTokenProvider(settings, {
      credentialFactory: () => ({
        getToken: async () => {
          throw new Error("AADSTS7000215: bad secret leaky-secret-123");
        },
      }),
    });
    const err = await tokens.getToken().then(
      () => new Error("no error"),
      (e: Error) => e,
    );
    expect(err.message).toMatch(
      /Could not get an access token for https:\/\/graph.microsoft.com\/.default with client secret/,
    );
    expect(err.message).toMatch(/AADSTS7000215/);
    expect(err.message).not.toContain("leaky-secret-123");
  });

  it("ends MSAL's sentence once (no '..' or stray CR) and says what a rotated stack-config secret needs", async () => {
    const settings = resolveSettings({ ...base, "entra:clientSecret": "some-secret-value" }, {});
    const tokens = createGraphTokenProvider(settings, {
      credentialFactory: () => ({
        getToken: async () => {
          throw new Error("AADSTS7000215: Invalid client secret provided.\r\n");
        },
      }),
    });
    const err = await tokens.getToken().then(
      () => new Error("no error"),
      (e: Error) => e,
    );
    expect(err.message).toContain(
      "AADSTS7000215: Invalid client secret provided. Fix: Use the secret's Value (not its Secret ID)",
    );
    expect(err.message).not.toMatch(/\.\.|\r/);
    expect(err.message).toContain("--run-program");
  });
});
