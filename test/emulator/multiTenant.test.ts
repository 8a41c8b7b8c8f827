/**
 * Multi-tenant emulator (issue 9 item 2): one directory per registered tenant, chosen by the token's `tid`; one
 * multi-tenant app consented in several tenants; the admin API seeds, reads and resets per tenant; the request log
 * records each call's tenant.
 */
import * as fs from "fs";
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import {
  defaultConfigPath,
  newTenantId,
  partnerPath,
  partnersPath,
  startTestEmulator,
  syncPath,
  TestEmulator,
  useTestEmulator,
} from "../helpers/emulator";
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";

let t: TestEmulator;
let home: string;
let second: string;

useTestEmulator(async (e) => {
  t = e;
  home = t.defaults.tenantId;
  second = t.defaults.second.tenantId;
});

function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

describe("built-in tenants and apps", () => {
  test("defaults: home tenant unchanged, a second tenant with the same multi-tenant readWrite app and readOnly", () => {
    expect(home).toBe("11111111-1111-4111-8111-111111111111");
    expect(second).toBe("33333333-3333-4333-8333-333333333333");
    expect(t.defaults.tenantIds).toEqual([home, second]);
    expect(t.defaults.second.readWrite).toMatchObject({
      tenantId: second,
      clientId: t.defaults.readWrite.clientId,
      clientSecret: t.defaults.readWrite.clientSecret,
    });
    expect(t.defaults.second.readWrite.certificatePath).toBe(t.defaults.readWrite.certificatePath);
    expect(t.defaults.second.readOnly).toMatchObject({
      tenantId: second,
      clientId: t.defaults.readOnly.clientId,
      roles: ["Policy.Read.All"],
    });
    expect(t.defaults.readWrite.tenantId).toBe(home);
  });

  test("one multi-tenant app: the real ClientSecretCredential gets a token for the tenant it asks for", async () => {
    const d = t.defaults.readWrite;
    for (const tenant of [home, second]) {
      const token = await new ClientSecretCredential(
        tenant,
        d.clientId,
        d.clientSecret,
        t.credentialOptions(),
      ).getToken(`${t.url}/.default`);
      const c = claimsOf(token.token);
      expect(c).toMatchObject({ tid: tenant, appid: d.clientId, iss: `https://sts.windows.net/${tenant}/` });
    }
  });

  test("the certificate of the multi-tenant app works in the second tenant too", async () => {
    const d = t.defaults.second.readWrite;
    const cred = new ClientCertificateCredential(
      d.tenantId,
      d.clientId,
      { certificate: fs.readFileSync(d.certificatePath!, "utf8") },
      t.credentialOptions(),
    );
    expect(claimsOf((await cred.getToken(`${t.url}/.default`)).token).tid).toBe(second);
  });

  test("readOnly reads in both tenants and cannot write; noRoles is not consented in the second tenant", async () => {
    for (const tenant of [home, second]) {
      const ro = await t.graph("readOnly", tenant);
      expect((await ro.get(partnersPath())).status).toBe(200);
      expect((await ro.post(partnersPath(), { tenantId: newTenantId() })).status).toBe(403);
    }
    const d = t.defaults.noRoles;
    await expect(
      new ClientSecretCredential(second, d.clientId, d.clientSecret, t.credentialOptions()).getToken(
        `${t.url}/.default`,
      ),
    ).rejects.toThrow(/AADSTS700016/);
  });

  test("GET /_emulator/tenants lists the tenants with their apps", async () => {
    const tenants = await t.admin.tenants();
    expect(tenants.map((x) => [x.tenantId, x.home])).toEqual([
      [home, true],
      [second, false],
    ]);
    expect(tenants[1].apps.map((a) => a.name).sort()).toEqual(["readOnly", "readWrite"]);
    expect(tenants[0].apps.map((a) => a.name).sort()).toEqual(["noRoles", "readOnly", "readWrite"]);
  });
});

describe("each tenant has its own directory", () => {
  test("partners, sync policies and the default configuration written in one tenant are invisible in the other", async () => {
    const a = await t.graph("readWrite", home);
    const b = await t.graph("readWrite", second);
    const p = newTenantId();
    expect((await a.post(partnersPath(), { tenantId: p })).status).toBe(201);
    expect((await a.put(syncPath(p), { displayName: "home policy" })).status).toBe(204);
    expect(
      (
        await a.patch(defaultConfigPath(), {
          inboundTrust: {
            isMfaAccepted: true,
            isCompliantDeviceAccepted: false,
            isHybridAzureADJoinedDeviceAccepted: false,
          },
        })
      ).status,
    ).toBe(204);

    expect((await b.get(partnerPath(p))).status).toBe(404);
    expect((await b.get(syncPath(p))).status).toBe(404);
    expect((await b.get(partnersPath())).data.value).toEqual([]);
    expect((await b.get(defaultConfigPath())).data.isServiceDefault).toBe(true);

    // The same partner id can exist in both tenants, each with its own settings.
    expect((await b.post(partnersPath(), { tenantId: p, inboundTrust: { isMfaAccepted: false } })).status).toBe(201);
    expect((await a.get(partnerPath(p))).data.inboundTrust).toBeNull();
    expect((await b.get(partnerPath(p))).data.inboundTrust.isMfaAccepted).toBe(false);
    // Deleting in one tenant leaves the other alone; deleted items are per tenant too.
    expect((await b.delete(partnerPath(p))).status).toBe(204);
    expect((await a.get(partnerPath(p))).status).toBe(200);
    expect((await a.get("/beta/policies/deletedItems/crossTenantPartners")).data.value).toEqual([]);
    expect(
      (await b.get("/beta/policies/deletedItems/crossTenantPartners")).data.value.map(
        (x: { tenantId: string }) => x.tenantId,
      ),
    ).toEqual([p]);
  });

  test("the sync-policy rule and 409 hold within a tenant only", async () => {
    const a = await t.graph("readWrite", home);
    const b = await t.graph("readWrite", second);
    const p = newTenantId();
    await t.admin.seed({ policies: [{ tenantId: p, displayName: "A" }] });
    await t.admin.seed({ partners: [{ tenantId: p }] }, second);
    expect((await a.delete(partnerPath(p))).status).toBe(400);
    expect((await b.delete(partnerPath(p))).status).toBe(204);
    expect((await a.post(partnersPath(), { tenantId: p })).status).toBe(409);
  });
});

describe("admin API per tenant", () => {
  test("seed with ?tenant=, with a body tenantId, or several tenants in one array; state per tenant", async () => {
    const [p1, p2, p3] = [newTenantId(), newTenantId(), newTenantId()];
    await t.admin.seed({ partners: [{ tenantId: p1 }] }, second);
    await t.admin.seed({ tenantId: second, policies: [{ tenantId: p2, displayName: "two" }] });
    await t.admin.seed([
      { partners: [{ tenantId: p3 }] },
      { tenantId: second, defaultConfiguration: { inboundTrust: { isMfaAccepted: true } } },
    ]);

    const s2 = await t.admin.state(second);
    expect(s2.tenantId).toBe(second);
    expect(s2.partners.map((p) => p.tenantId)).toEqual([p1, p2]);
    expect(s2.policies).toEqual([{ tenantId: p2, displayName: "two" }]);
    expect(s2.defaultConfiguration).toMatchObject({
      isServiceDefault: false,
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null },
    });

    const s1 = await t.admin.state();
    expect(s1.tenantId).toBe(home);
    expect(s1.partners.map((p) => p.tenantId)).toEqual([p3]);
    expect(s1.defaultConfiguration.isServiceDefault).toBe(true);
    expect(await t.admin.state(home)).toEqual(s1);

    // What the admin seeded is what Graph shows in that tenant.
    const b = await t.graph("readWrite", second);
    expect((await b.get(syncPath(p2))).data.displayName).toBe("two");
    expect((await b.get(defaultConfigPath())).data.inboundTrust.isMfaAccepted).toBe(true);
  });

  test("reset with a tenant clears that directory only; a plain reset clears all", async () => {
    const [p1, p2] = [newTenantId(), newTenantId()];
    await t.admin.seed([
      { partners: [{ tenantId: p1 }] },
      { tenantId: second, partners: [{ tenantId: p2 }], defaultConfiguration: {} },
    ]);
    const g = await t.graph();
    await g.get(partnersPath());
    await t.admin.reset(undefined, second);
    expect((await t.admin.state(second)).partners).toEqual([]);
    expect((await t.admin.state(second)).defaultConfiguration.isServiceDefault).toBe(true);
    expect((await t.admin.state()).partners.map((p) => p.tenantId)).toEqual([p1]);
    expect((await t.admin.requests()).length).toBeGreaterThan(0); // a scoped reset keeps the log

    await t.admin.reset({ partners: [{ tenantId: p2 }] }, second); // scoped reset + seed into that tenant
    expect((await t.admin.state(second)).partners.map((p) => p.tenantId)).toEqual([p2]);

    await t.admin.reset();
    expect((await t.admin.state()).partners).toEqual([]);
    expect((await t.admin.state(second)).partners).toEqual([]);
    expect(await t.admin.requests()).toEqual([]);
  });

  test("a full reset may seed several tenants", async () => {
    const [p1, p2] = [newTenantId(), newTenantId()];
    await t.admin.reset([{ partners: [{ tenantId: p1 }] }, { tenantId: second, partners: [{ tenantId: p2 }] }]);
    expect((await t.admin.state()).partners.map((p) => p.tenantId)).toEqual([p1]);
    expect((await t.admin.state(second)).partners.map((p) => p.tenantId)).toEqual([p2]);
  });

  test("unknown tenants, disagreeing tenants, unknown seed keys and bad seeds are 400s that change nothing", async () => {
    const p = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: p }] });
    const unknown = await t.http.get("/_emulator/state", {
      params: { tenant: "99999999-9999-4999-8999-999999999999" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.data.error.message).toContain(home);
    expect(unknown.data.error.message).toContain(second);
    expect(
      (await t.http.post("/_emulator/seed", { tenantId: "99999999-9999-4999-8999-999999999999", partners: [] })).status,
    ).toBe(400);
    expect((await t.http.post(`/_emulator/reset?tenant=${second}`, { tenantId: home })).status).toBe(400);
    const typo = await t.http.post("/_emulator/seed", { partner: [{ tenantId: newTenantId() }] });
    expect(typo.status).toBe(400);
    expect(typo.data.error.message).toContain("'partner'");
    // A bad seed in a reset leaves the state as it was.
    expect((await t.http.post("/_emulator/reset", { seed: { partners: [{ tenantId: "nope" }] } })).status).toBe(400);
    expect((await t.admin.state()).partners.map((x) => x.tenantId)).toEqual([p]);
    // A seed array is all or nothing.
    expect(
      (
        await t.http.post("/_emulator/seed", [
          { tenantId: second, partners: [{ tenantId: newTenantId() }] },
          { partners: [{ tenantId: "bad" }] },
        ])
      ).status,
    ).toBe(400);
    expect((await t.admin.state(second)).partners).toEqual([]);
  });

  test("seed accepts every partner setting, including isServiceProvider and isInMultiTenantOrganization", async () => {
    const p = newTenantId();
    const setting = {
      usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
      applications: { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] },
    };
    const partner = {
      tenantId: p,
      isServiceProvider: true,
      isInMultiTenantOrganization: true,
      displayName: "Contoso",
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
      inboundTrust: {
        isMfaAccepted: true,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: true,
      },
      b2bCollaborationInbound: setting,
      b2bCollaborationOutbound: setting,
      b2bDirectConnectInbound: setting,
      b2bDirectConnectOutbound: setting,
      tenantRestrictions: { ...setting, devices: null },
      blockServiceProviderOutboundAccess: true,
    };
    await t.admin.seed({ tenantId: second, partners: [partner] });
    const r = await (await t.graph("readOnly", second)).get(partnerPath(p, "beta"));
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject(partner);
    const v1 = await (await t.graph("readOnly", second)).get(partnerPath(p));
    expect(v1.data).not.toHaveProperty("displayName");
    expect(v1.data).toMatchObject({ isServiceProvider: true, isInMultiTenantOrganization: true });
  });

  test("minted tokens: per tenant, and delegated ones carry scp instead of roles", async () => {
    const token = await t.admin.mintToken({ tenantId: second });
    expect(claimsOf(token)).toMatchObject({
      tid: second,
      idtyp: "app",
      roles: t.defaults.readWrite.roles,
    });
    expect(t.defaults.readWrite.roles.slice(0, 2)).toEqual(["Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess"]);
    const user = claimsOf(await t.admin.mintToken({ delegated: true }));
    expect(user).toMatchObject({ tid: home, idtyp: "user", scp: t.defaults.readWrite.roles.join(" ") });
    expect(user).not.toHaveProperty("roles");
    expect((await t.http.post("/_emulator/tokens", { app: "noRoles", tenantId: second })).status).toBe(400);
    const r = await t.http.get(partnersPath(), { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
  });
});

describe("request log", () => {
  test("records the tenant of Graph and token calls and filters by tenant", async () => {
    const since = await t.admin.lastSeq();
    const d = t.defaults.readWrite;
    const tokenFor = async (tenant: string): Promise<string> =>
      (
        await new ClientSecretCredential(tenant, d.clientId, d.clientSecret, t.credentialOptions()).getToken(
          `${t.url}/.default`,
        )
      ).token;
    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    const [ta, tb] = [await tokenFor(home), await tokenFor(second)];
    await t.http.get(partnersPath(), bearer(ta));
    await t.http.get(partnersPath(), bearer(tb));
    await t.http.get(defaultConfigPath(), bearer(tb));
    await t.http.get(partnersPath()); // no token: the tenant is unknown

    const all = await t.admin.requests(since);
    const graphCalls = all.filter((e) => e.kind === "graph");
    expect(graphCalls.map((e) => e.tenantId)).toEqual([home, second, second, undefined]);
    const tokens = all.filter((e) => e.kind === "token");
    expect(tokens.map((e) => e.tenantId).sort()).toEqual([home, second].sort());

    const onlySecond = await t.admin.requests(since, second);
    expect(onlySecond.every((e) => e.tenantId === second)).toBe(true);
    expect(onlySecond.filter((e) => e.kind === "graph").map((e) => e.path)).toEqual([
      partnersPath(),
      defaultConfigPath(),
    ]);
  });
});

describe("per-tenant limits", () => {
  test("the write throttle is per tenant and app (Tenant_Application scope)", async () => {
    await t.admin.settings({ throttle: { writesPerSecond: 0.01, burst: 1 } });
    const a = await t.graph("readWrite", home);
    const b = await t.graph("readWrite", second);
    expect((await a.post(partnersPath(), { tenantId: newTenantId() })).status).toBe(201);
    const throttled = await a.post(partnersPath(), { tenantId: newTenantId() });
    expect(throttled.status).toBe(429);
    expect(throttled.headers["x-ms-throttle-scope"]).toBe(
      `Tenant_Application/Write/${t.defaults.readWrite.clientId}/${home}`,
    );
    expect((await b.post(partnersPath(), { tenantId: newTenantId() })).status).toBe(201);
  });

  test("the concurrency window is per tenant: the same partner id written in two tenants at once does not collide", async () => {
    await t.admin.settings({ concurrencyViolation: true, concurrencyWindowMs: 300 });
    const a = await t.graph("readWrite", home);
    const b = await t.graph("readWrite", second);
    const p = newTenantId();
    const results = await Promise.all([
      a.post(partnersPath(), { tenantId: p }),
      b.post(partnersPath(), { tenantId: p }),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
  });
});

describe("more tenants and the other helper", () => {
  test("an app registered in a third tenant (apps option) gets its own directory", async () => {
    const third = "77777777-7777-4777-8777-777777777777";
    const extra = await startTestEmulator({
      apps: [
        {
          name: "third",
          tenantId: third,
          clientId: t.defaults.readWrite.clientId,
          clientSecret: "third-secret",
          roles: ["Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess"],
        },
      ],
    });
    try {
      const cred = new ClientSecretCredential(
        third,
        t.defaults.readWrite.clientId,
        "third-secret",
        extra.credentialOptions(),
      );
      const token = (await cred.getToken(`${extra.url}/.default`)).token;
      const p = newTenantId();
      expect(
        (await extra.http.post(partnersPath(), { tenantId: p }, { headers: { Authorization: `Bearer ${token}` } }))
          .status,
      ).toBe(201);
      expect((await extra.admin.state(third)).partners.map((x) => x.tenantId)).toEqual([p]);
      expect((await extra.admin.state()).partners).toEqual([]);
      expect((await extra.admin.tenants()).map((x) => x.tenantId)).toEqual([home, second, third]);
    } finally {
      await extra.stop();
    }
  });

  test("test/helpers/emulatorAdmin: per-tenant state, seed, reset, request log and portal changes", async () => {
    const admin = new EmulatorAdmin(t.url, t.caCertPem);
    const p = newTenantId();
    await admin.seed({ partners: [{ tenantId: p }] }, second);
    expect((await admin.partner(p, second))?.tenantId).toBe(p);
    expect(await admin.partner(p)).toBeUndefined();
    const mark = await admin.lastSeq();
    await admin.portalPatchPartner(
      p,
      { isServiceProvider: true, inboundTrust: { isMfaAccepted: true } },
      { tenantId: second },
    );
    await admin.portalPatchDefault({ b2bDirectConnectInbound: null }, { tenantId: second });
    expect(await admin.partner(p, second)).toMatchObject({
      isServiceProvider: true,
      inboundTrust: { isMfaAccepted: true },
    });
    expect((await admin.defaultConfiguration(second)).isServiceDefault).toBe(false);
    expect((await admin.defaultConfiguration()).isServiceDefault).toBe(true);
    expect((await admin.graphCalls(mark, second)).map((c) => c.method)).toEqual(["PATCH", "PATCH"]);
    expect(await admin.graphCalls(mark, home)).toEqual([]);
    expect((await admin.tenants()).map((x) => x.tenantId)).toEqual([home, second]);
    await admin.reset(undefined, second);
    expect(await admin.partners(second)).toEqual([]);
    expect((await admin.state()).tenantId).toBe(home);
  });
});
