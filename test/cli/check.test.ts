// `check` / `whoami` against the emulator over HTTPS: a good app, a read-only app (names the missing permission
// and how to grant it), an app without roles, a wrong secret (AADSTS code and fix), unreachable Graph and login
// hosts (host and network error). Never prints the token or the secret.
import { closedPort } from "../helpers/ports";
import { TestEmulator, useTestEmulator } from "../helpers/emulator";
import { cli, emulatorEnv } from "./cliHarness";

let t: TestEmulator;

/** An app with only the write permission (it also allows every read). */
const WRITE_ONLY = { clientId: "55555555-5555-4555-8555-555555555555", clientSecret: "emulator-write-only-secret" };

useTestEmulator((e) => (t = e), {
  emulator: {
    apps: [
      {
        name: "writeOnly",
        tenantId: "11111111-1111-4111-8111-111111111111",
        ...WRITE_ONLY,
        roles: ["Policy.ReadWrite.CrossTenantAccess"],
      },
    ],
  },
  resetBeforeEach: false,
});

function expectNoSecrets(output: string, ...secrets: string[]): void {
  for (const s of secrets) expect(output).not.toContain(s);
  expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT
}

test("a good app: tenant, app, roles, both permissions, Graph answers; exit 0", async () => {
  const r = await cli(["check"], emulatorEnv(t));
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`tenant:      ${t.defaults.tenantId}`);
  expect(r.stdout).toContain(`application: ${t.defaults.readWrite.clientId}`);
  expect(r.stdout).toContain(`roles:       ${[...t.defaults.readWrite.roles].sort().join(", ")}`);
  expect(r.stdout).toMatch(/roles: +.*Policy\.Read\.All, Policy\.ReadWrite\.CrossTenantAccess/);
  expect(r.stdout).toMatch(/^ok +Policy\.Read\.All$/m);
  expect(r.stdout).toMatch(/^ok +Policy\.ReadWrite\.CrossTenantAccess$/m);
  expect(r.stdout).toMatch(
    /^ok +Graph answers: GET \/policies\/crossTenantAccessPolicy\/partners\?\$select=tenantId -> 200/m,
  );
  expect(r.stdout).toContain("Ready:");
  // The source side of cross-tenant synchronization: the emulator's read-write app has all three.
  expect(r.stdout).toContain(
    "Source side of cross-tenant synchronization (needed only in a tenant that syncs users out):\nok      Synchronization.ReadWrite.All\nok      Application.ReadWrite.All\nok      AppRoleAssignment.ReadWrite.All\n",
  );
  expect(r.stdout).toContain("Ready as a synchronization source too (CrossTenantSyncConfiguration, provision).");
  expectNoSecrets(r.output, t.defaults.readWrite.clientSecret);
});

test("the source side's permissions are reported, and required only with --sync-source (then exit 3)", async () => {
  const r = await cli(
    ["check"],
    emulatorEnv(t, "readWrite", { ARM_CLIENT_ID: WRITE_ONLY.clientId, ARM_CLIENT_SECRET: WRITE_ONLY.clientSecret }),
  );
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^absent +Synchronization\.ReadWrite\.All$/m);
  expect(r.stdout).toMatch(/^absent +Application\.ReadWrite\.All$/m);
  expect(r.stdout).toMatch(/^absent +AppRoleAssignment\.ReadWrite\.All$/m);
  expect(r.stdout).toContain(
    "As a synchronization source it would also need Synchronization.ReadWrite.All, Application.ReadWrite.All, AppRoleAssignment.ReadWrite.All (only in a tenant that syncs users out; `check --sync-source` requires them).",
  );
  expect(r.stdout).toContain(
    "--api-permissions 9b50c33d-700f-43b1-b2eb-87e89b703581=Role 1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9=Role 06b708a9-e830-4db3-a914-8e69da51d44f=Role",
  );

  const required = await cli(
    ["check", "--sync-source"],
    emulatorEnv(t, "readWrite", { ARM_CLIENT_ID: WRITE_ONLY.clientId, ARM_CLIENT_SECRET: WRITE_ONLY.clientSecret }),
  );
  expect(required.code).toBe(3);
  expect(required.stdout).toContain("Source side of cross-tenant synchronization (required: --sync-source):");
  expect(required.stdout).toMatch(/^MISSING Synchronization\.ReadWrite\.All$/m);
  expect(required.stdout).toContain(
    "Not ready: missing Synchronization.ReadWrite.All, Application.ReadWrite.All, AppRoleAssignment.ReadWrite.All.",
  );
  const json = JSON.parse((await cli(["check", "--sync-source", "--json"], emulatorEnv(t))).stdout);
  expect(json.source).toEqual({
    required: true,
    present: ["Synchronization.ReadWrite.All", "Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"],
    missing: [],
    advice: [],
  });
  expect(json.ready).toBe(true);
});

test("whoami is check, and makes exactly one token request and one Graph GET", async () => {
  const since = await t.admin.lastSeq();
  const r = await cli(["whoami"], emulatorEnv(t));
  expect(r.code).toBe(0);
  const log = await t.admin.requests(since);
  expect(log.filter((e) => e.kind === "token")).toHaveLength(1);
  expect(log.filter((e) => e.kind === "graph").map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
    "GET /v1.0/policies/crossTenantAccessPolicy/partners 200",
  ]);
});

test("a read-only app: says Policy.ReadWrite.CrossTenantAccess is missing and how to grant it; exit 3", async () => {
  const r = await cli(["check"], emulatorEnv(t, "readOnly"));
  expect(r.code).toBe(3);
  expect(r.stdout).toMatch(/^ok +Policy\.Read\.All$/m);
  expect(r.stdout).toMatch(/^MISSING Policy\.ReadWrite\.CrossTenantAccess$/m);
  expect(r.stdout).toContain(
    `Grant the application permission Policy.ReadWrite.CrossTenantAccess (Microsoft Graph) to app ${t.defaults.readOnly.clientId}`,
  );
  expect(r.stdout).toContain("--api-permissions 338163d7-f101-4c92-94ba-ca46fe52447c=Role");
  expect(r.stdout).toContain("Not ready: missing Policy.ReadWrite.CrossTenantAccess.");
  expect(r.stdout).toMatch(/^ok +Graph answers/m);
  expectNoSecrets(r.output, t.defaults.readOnly.clientSecret);
});

test("an app with only Policy.ReadWrite.CrossTenantAccess is ready: it also allows every read", async () => {
  const r = await cli(
    ["check"],
    emulatorEnv(t, "readWrite", { ARM_CLIENT_ID: WRITE_ONLY.clientId, ARM_CLIENT_SECRET: WRITE_ONLY.clientSecret }),
  );
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /^ok +Policy\.Read\.All not granted, not needed: Policy\.ReadWrite\.CrossTenantAccess also allows every read$/m,
  );
  expect(r.stdout).not.toContain("MISSING");
  expect(r.stdout).toContain("Ready:");
});

test("an app without roles: both permissions missing, Graph answers 403 with the grant hint; exit 3", async () => {
  const r = await cli(["check"], emulatorEnv(t, "noRoles"));
  expect(r.code).toBe(3);
  expect(r.stdout).toMatch(/^MISSING Policy\.Read\.All$/m);
  expect(r.stdout).toMatch(/^MISSING Policy\.ReadWrite\.CrossTenantAccess$/m);
  expect(r.stdout).toMatch(/^FAILED +Graph answered GET \S+ with 403 Authorization_RequestDenied/m);
  expect(r.stdout).toContain("Grant Policy.Read.All or Policy.ReadWrite.CrossTenantAccess");
  expectNoSecrets(r.output, t.defaults.noRoles.clientSecret);
});

test("a wrong secret: the AADSTS code and the fix, never the secret; exit 1", async () => {
  const wrong = "not-the-right-secret-4711";
  const r = await cli(
    ["check", "--client-secret-env", "WRONG_SECRET"],
    emulatorEnv(t, "readWrite", { WRONG_SECRET: wrong }),
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAILED +sign-in at 127\.0\.0\.1:\d+$/m);
  expect(r.stdout).toContain("AADSTS7000215: invalid client secret");
  expect(r.stdout).toMatch(/Fix: Use the secret's Value \(not its Secret ID\)/);
  expect(r.stdout).toContain("Not ready: no access token could be obtained.");
  expectNoSecrets(r.output, wrong, t.defaults.readWrite.clientSecret);
});

test("unreachable Graph: the host and the network error; exit 1", async () => {
  const port = await closedPort();
  const r = await cli(["check", "--graph-endpoint", `https://127.0.0.1:${port}`, "--max-retries", "1"], emulatorEnv(t));
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^ok +token acquired/m);
  expect(r.stdout).toMatch(new RegExp(`^FAILED +Graph unreachable at 127\\.0\\.0\\.1:${port}: ECONNREFUSED`, "m"));
  expect(r.stdout).toContain("--graph-endpoint");
  expectNoSecrets(r.output, t.defaults.readWrite.clientSecret);
});

test("unreachable login host: sign-in fails naming the login host and the network error; exit 1", async () => {
  const port = await closedPort();
  const r = await cli(["check", "--authority-host", `https://127.0.0.1:${port}`], emulatorEnv(t));
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(new RegExp(`^FAILED +sign-in at 127\\.0\\.0\\.1:${port}: unreachable: ECONNREFUSED`, "m"));
  expect(r.stdout).toContain("Fix: Check network access to the login host");
});

test("the emulator's CA not trusted: TLS failure says to pass --ca-cert, verification is never turned off", async () => {
  const env = emulatorEnv(t);
  delete env.ENTRA_CA_CERT_PATH;
  const r = await cli(["check"], env);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAILED +sign-in at 127\.0\.0\.1:\d+: unreachable: [A-Z_]*(CERT|SELF_SIGNED|UNABLE_TO)/m);
  expect(r.stdout).toContain("--ca-cert");
});

test("--json: the same facts, machine-readable, no token", async () => {
  const r = await cli(["check", "--json"], emulatorEnv(t, "readOnly"));
  expect(r.code).toBe(3);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({
    ready: false,
    signIn: { ok: true },
    identity: {
      tenantId: t.defaults.tenantId,
      appId: t.defaults.readOnly.clientId,
      roles: ["Policy.Read.All"],
      kind: "app",
    },
    permissions: { present: ["Policy.Read.All"], missing: ["Policy.ReadWrite.CrossTenantAccess"] },
    graph: { ok: true, status: 200 },
  });
  expectNoSecrets(r.output, t.defaults.readOnly.clientSecret);
});

test("flags win over the environment: another tenant's app through --tenant-id/--client-id/--client-secret-env", async () => {
  const env = emulatorEnv(t, "noRoles", { OTHER_SECRET: t.defaults.readWrite.clientSecret });
  const r = await cli(
    [
      "check",
      "--tenant-id",
      t.defaults.second.tenantId,
      "--client-id",
      t.defaults.readWrite.clientId,
      "--client-secret-env",
      "OTHER_SECRET",
    ],
    env,
  );
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`tenant:      ${t.defaults.second.tenantId}`);
});

test("a secret as a plain argument is refused without echoing it; unknown options suggest the right one", async () => {
  const r = await cli(["check", "--client-secret", "hunter2-secret-value"], emulatorEnv(t));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--client-secret is not accepted");
  expect(r.stderr).toContain("--client-secret-env NAME");
  expect(r.output).not.toContain("hunter2-secret-value");

  const typo = await cli(["check", "--tenant", "x"], emulatorEnv(t));
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain("did you mean --tenant-id?");

  const missingVar = await cli(["check", "--client-secret-env", "NOT_SET_ANYWHERE"], emulatorEnv(t));
  expect(missingVar.code).toBe(2);
  expect(missingVar.stderr).toContain("environment variable NOT_SET_ANYWHERE is not set");

  const badVersion = await cli(["check", "--api-version", "v2"], emulatorEnv(t));
  expect(badVersion.code).toBe(2);
  expect(badVersion.stderr).toContain("--api-version");
});

test("settings that cannot work fail before any network call, naming the option and the variable", async () => {
  const since = await t.admin.lastSeq();
  const env = emulatorEnv(t);
  delete env.ARM_CLIENT_ID;
  const r = await cli(["check"], env);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    "Client secret authentication needs clientId: pass --client-id, or set ARM_CLIENT_ID or AZURE_CLIENT_ID",
  );
  const ca = await cli(["check", "--ca-cert", "/nonexistent/ca.pem"], emulatorEnv(t));
  expect(ca.code).toBe(2);
  expect(ca.stderr).toContain("--ca-cert");
  expect(await t.admin.requests(since)).toEqual([]);
});

test("--debug: a redacted request log on stderr, never the token or the secret", async () => {
  const r = await cli(["check", "--debug"], emulatorEnv(t));
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(
    /\[entra\] --> GET https:\/\/127\.0\.0\.1:\d+\/v1\.0\/policies\/crossTenantAccessPolicy\/partners\?REDACTED/,
  );
  expect(r.stderr).toContain('"authorization":"REDACTED"');
  expectNoSecrets(r.output, t.defaults.readWrite.clientSecret);
});

test("--client-secret-stdin reads the secret from standard input", async () => {
  const env = emulatorEnv(t);
  delete env.ARM_CLIENT_SECRET;
  const r = await cli(["check", "--client-secret-stdin"], env, { stdin: `${t.defaults.readWrite.clientSecret}\n` });
  expect(r.code).toBe(0);
});

test("--help for each command; no command prints the overview", async () => {
  const check = await cli(["check", "--help"], {});
  expect(check.code).toBe(0);
  expect(check.stdout).toContain("Usage: pulumi-entra-cross-tenant check");
  expect(check.stdout).toContain("--client-secret-env NAME");
  const exp = await cli(["export", "--help"], {});
  expect(exp.stdout).toContain("Usage: pulumi-entra-cross-tenant export");
  expect(exp.stdout).toContain("--include-managed");
  const help = await cli(["help", "whoami"], {});
  expect(help.stdout).toContain("Usage: pulumi-entra-cross-tenant check");
  const none = await cli([], {});
  expect(none.code).toBe(2);
  expect(none.stdout).toContain("Commands:");
  const unknown = await cli(["exprot"], {});
  expect(unknown.code).toBe(2);
});
