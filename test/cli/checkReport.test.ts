// Unit tests of what `check` reads from a token and says about it (no emulator): app and user tokens, the
// permission verdict, grant advice per cloud, AADSTS hints.
import { evaluatePermissions, grantAdvice } from "../../provider/cli/check/permissions";
import { entraErrorFromText } from "../../provider/auth/entraError";
import { signInAdvice } from "../../provider/auth/signInAdvice";
import { cliNames } from "../../provider/cli/args/connectionFlags";
import { decodeClaims, identityOf } from "../../provider/cli/check/tokenClaims";

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.signature`;
}

test("an app token: tenant, app, roles; the write permission alone also allows reads", () => {
  const id = identityOf(
    decodeClaims(
      jwt({ tid: "t1", appid: "a1", app_displayname: "CI", roles: ["Policy.ReadWrite.CrossTenantAccess"], exp: 2 }),
    )!,
  );
  expect(id).toMatchObject({
    tenantId: "t1",
    appId: "a1",
    appDisplayName: "CI",
    roles: ["Policy.ReadWrite.CrossTenantAccess"],
    kind: "app",
    expiresAt: 2000,
  });
  const p = evaluatePermissions(id);
  expect(p.missing).toEqual([]);
  expect(p.covered.map((m) => m.name)).toEqual(["Policy.Read.All"]);
  expect(p.canRead).toBe(true);
  expect(p.canWrite).toBe(true);
});

test("a user token (Azure CLI): scopes count, the advice is about roles of the signed-in user", () => {
  const id = identityOf(
    decodeClaims(jwt({ tid: "t1", azp: "cli", scp: "Policy.Read.All User.Read", upn: "admin@contoso.com" }))!,
  );
  expect(id).toMatchObject({
    kind: "user",
    user: "admin@contoso.com",
    scopes: ["Policy.Read.All", "User.Read"],
    appId: "cli",
  });
  const p = evaluatePermissions(id);
  expect(p.missing.map((m) => m.name)).toEqual(["Policy.ReadWrite.CrossTenantAccess"]);
  expect(grantAdvice(id, p.missing, true).join("\n")).toContain("Security Administrator");
});

test("grant advice: az commands with the global cloud's app role IDs only in the global cloud", () => {
  const id = identityOf({ tid: "t1", appid: "a1", roles: [] });
  const missing = evaluatePermissions(id).missing;
  expect(grantAdvice(id, missing, true).join("\n")).toContain(
    "--api-permissions 246dd0d5-5bd0-4def-940b-0421030a5b68=Role 338163d7-f101-4c92-94ba-ca46fe52447c=Role",
  );
  expect(grantAdvice(id, missing, false).join("\n")).not.toContain("az ad app");
  expect(grantAdvice(id, [], true)).toEqual([]);
});

test("opaque tokens are not decoded; AADSTS codes map to fixes, unknown ones are still named", () => {
  expect(decodeClaims("not-a-jwt")).toBeUndefined();
  expect(decodeClaims("a.b.c")).toBeUndefined();
  const advice = (text: string) =>
    signInAdvice(entraErrorFromText(text)?.code, { kind: "clientSecret", names: cliNames, stackAdvice: false });
  expect(entraErrorFromText("... AADSTS700016: Application with identifier ... was not found")).toMatchObject({
    code: "AADSTS700016",
  });
  expect(advice("... AADSTS700016: Application with identifier ... was not found")).toMatchObject({
    meaning: expect.stringContaining("no application"),
  });
  expect(advice("... AADSTS700016: ...").fix).toContain("--client-id");
  // an unknown code is still named, with where Entra explains it
  expect(advice("AADSTS999999: something new")).toEqual({
    fix: expect.stringContaining("https://login.microsoftonline.com/error?code=999999"),
  });
  expect(entraErrorFromText("ECONNREFUSED")).toBeUndefined();
});
