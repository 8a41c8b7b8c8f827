// Sign-in failures on the command line, against the emulator's login endpoints over HTTPS: `check`, `whoami` and
// `export` show Entra's own AADSTS code and text with a fix naming the flag, also for a tenant that does not exist
// (where MSAL alone says only endpoints_resolution_error); a tenant that cannot name one is a usage error before
// any request; and no command's error carries advice meant for a Pulumi stack.
import { TestEmulator, useTestEmulator } from "../helpers/emulator";
import { cli, emulatorEnv } from "./cliHarness";

let t: TestEmulator;

useTestEmulator((e) => (t = e), { resetBeforeEach: false });

const UNKNOWN_TENANT = "22222222-2222-4222-8222-222222222222";
const ENTRA_90002 =
  `AADSTS90002: Tenant '${UNKNOWN_TENANT}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
  "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.";
const TENANT_FIX =
  "tenantId (--tenant-id, ARM_TENANT_ID, AZURE_TENANT_ID) must be the ID (a GUID) or a verified domain of the tenant the app is registered in";

/** Advice that only makes sense for a stack (stored provider config, pulumi commands), or stack config keys. */
function expectNoStackAdvice(output: string): void {
  expect(output).not.toMatch(/pulumi (refresh|destroy|up)/);
  expect(output).not.toContain("--run-program");
  expect(output).not.toMatch(/entra:[a-zA-Z]/);
}

describe("a tenant that does not exist", () => {
  test("check: Entra's AADSTS90002 text, its trace ID and the fix naming --tenant-id; no MSAL error; exit 1", async () => {
    const since = await t.admin.lastSeq();
    const r = await cli(["check", "--tenant-id", UNKNOWN_TENANT], emulatorEnv(t));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED +sign-in at 127\.0\.0\.1:\d+$/m);
    expect(r.stdout).toMatch(/^ +AADSTS90002: tenant not found$/m);
    expect(r.stdout).toContain(`        Entra answered: ${ENTRA_90002} (invalid_tenant, trace ID `);
    expect(r.stdout).toContain(`        Fix: ${TENANT_FIX}`);
    expect(r.output).not.toContain("endpoints_resolution_error");
    expect(r.output).not.toContain("aka.ms/msal");
    expectNoStackAdvice(r.output);
    // MSAL's metadata request and the one probe of it: no token request, no Graph call
    const log = await t.admin.requests(since);
    expect(log.map((e) => `${e.kind} ${e.status}`)).toEqual(["discovery 400", "discovery 400"]);
  });

  test("whoami --json: the code, Entra's text and the fix as fields", async () => {
    const r = await cli(["whoami", "--json"], emulatorEnv(t, "readWrite", { ARM_TENANT_ID: UNKNOWN_TENANT }));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.signIn).toMatchObject({
      ok: false,
      code: "AADSTS90002",
      meaning: "tenant not found",
      entra: expect.stringContaining(ENTRA_90002),
      fix: expect.stringContaining(TENANT_FIX),
    });
    expectNoStackAdvice(r.output);
  });

  test("export: the same answer and fix on stderr; nothing written", async () => {
    const r = await cli(["export", "--stdout", "--tenant-id", UNKNOWN_TENANT], emulatorEnv(t));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`Entra answered ${ENTRA_90002} (invalid_tenant, trace ID `);
    expect(r.stderr).toContain(`Fix: ${TENANT_FIX}`);
    expectNoStackAdvice(r.output);
  });
});

test("an app that is not registered in the tenant: AADSTS700016 and the fix naming --client-id", async () => {
  const r = await cli(["check", "--client-id", "99999999-9999-4999-8999-999999999999"], emulatorEnv(t));
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^ +AADSTS700016: no application with this client ID in the tenant$/m);
  expect(r.stdout).toContain(
    "Entra answered: AADSTS700016: Application with identifier '99999999-9999-4999-8999-999999999999' was not found in the directory",
  );
  expect(r.stdout).toContain(
    "Fix: Check clientId (--client-id, ARM_CLIENT_ID, AZURE_CLIENT_ID) (the app registration's Application (client) ID",
  );
});

describe("a wrong secret: AADSTS7000215 without the stack's rotation advice", () => {
  test("check", async () => {
    const r = await cli(
      ["check", "--client-secret-env", "WRONG"],
      emulatorEnv(t, "readWrite", { WRONG: "wrong-secret-4711" }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Entra answered: AADSTS7000215: Invalid client secret provided.");
    expect(r.stdout).toContain("Fix: Use the secret's Value (not its Secret ID)");
    expect(r.stdout).toContain(
      "--client-secret-env NAME / --client-secret-stdin, ARM_CLIENT_SECRET, AZURE_CLIENT_SECRET",
    );
    expectNoStackAdvice(r.output);
    expect(r.output).not.toContain("wrong-secret-4711");
  });

  test("export", async () => {
    const r = await cli(
      ["export", "--stdout", "--client-secret-env", "WRONG"],
      emulatorEnv(t, "readWrite", { WRONG: "wrong-secret-4711" }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Entra answered AADSTS7000215: Invalid client secret provided.");
    expectNoStackAdvice(r.output);
    expect(r.output).not.toContain("wrong-secret-4711");
  });
});

describe("a tenant that cannot name one: a usage error naming where it came from, before any request", () => {
  test.each([
    [
      ["--tenant-id", "not-a-guid"],
      {},
      '--tenant-id: "not-a-guid" is neither a tenant ID (a GUID) nor a domain name: use the tenant\'s ID',
    ],
    [
      [],
      { ARM_TENANT_ID: "not-a-guid" },
      'ARM_TENANT_ID: "not-a-guid" is neither a tenant ID (a GUID) nor a domain name',
    ],
    [
      ["--tenant-id", "organizations"],
      {},
      '--tenant-id: "organizations" is a multi-tenant alias, which app-only sign-in cannot use',
    ],
  ])("check %j %j", async (args, env, message) => {
    const since = await t.admin.lastSeq();
    const r = await cli(["check", ...args], emulatorEnv(t, "readWrite", env));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(await t.admin.requests(since)).toEqual([]);
  });

  test("export, too", async () => {
    const since = await t.admin.lastSeq();
    const r = await cli(["export", "--stdout", "--tenant-id", "not-a-guid"], emulatorEnv(t));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tenant-id: "not-a-guid" is neither a tenant ID (a GUID) nor a domain name');
    expect(await t.admin.requests(since)).toEqual([]);
  });

  test("a verified domain is a tenant: it is asked for (and not found in the emulator)", async () => {
    const r = await cli(["check", "--tenant-id", "contoso.onmicrosoft.com"], emulatorEnv(t));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found.");
  });
});

test("a Graph failure of export is worded for the command line: --timeout, not a stack setting or pulumi up", async () => {
  await t.admin.addFault({
    match: { kind: "graph" },
    times: "always",
    action: { type: "status", status: 429, retryAfter: 0 },
  });
  try {
    const r = await cli(["export", "--stdout", "--max-retries", "0"], emulatorEnv(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Graph GET \S+ failed: 429 /);
    expect(r.stderr).toContain("Run the command again later, or raise --timeout.");
    expectNoStackAdvice(r.output);
  } finally {
    await t.admin.clearFaults();
  }
});
