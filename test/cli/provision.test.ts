// `provision` against the two-tenant emulator over HTTPS: a configuration made "in the portal" (instantiate, job,
// secrets, an assigned group), then provisionOnDemand of an in-scope user (created in the target tenant, then no
// change), an out-of-scope user (skipped with the reason, exit 3), a target that stopped allowing sync (failed,
// exit 1, names the target's resources), lookups that fail with the fix (unknown or ambiguous configuration,
// unknown user), and a token without Synchronization.ReadWrite.All (the bare 401 UnknownError named as the missing
// permissions). The settings come from the environment or from a stack's `entra:connections.<name>`.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TestEmulator, useTestEmulator } from "../helpers/emulator";
import { cli, emulatorEnv } from "./cliHarness";

let t: TestEmulator;
let SOURCE: string;
let TARGET: string;

const TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const NAME = "Sync to Fabrikam";
const DOMAIN = "contoso.example";
const ALICE = {
  id: "a11ce000-0000-4000-8000-000000000001",
  displayName: "Alice Adams",
  userPrincipalName: `alice@${DOMAIN}`,
};
const BOB = {
  id: "b0b00000-0000-4000-8000-000000000002",
  displayName: "Bob Brown",
  userPrincipalName: `bob@${DOMAIN}`,
};
const ENGINEERING = "e4612000-0000-4000-8000-00000000000e";
/** An app with everything but Synchronization.ReadWrite.All. */
const NO_SYNC = { clientId: "66666666-6666-4666-8666-666666666666", clientSecret: "emulator-no-sync-secret" };

let configuration: { spId: string; jobId: string };

useTestEmulator(
  async (e) => {
    t = e;
    SOURCE = t.defaults.tenantId;
    TARGET = t.defaults.second.tenantId;
    await t.admin.seed({
      tenantId: SOURCE,
      defaultDomain: DOMAIN,
      users: [ALICE, BOB],
      groups: [{ id: ENGINEERING, displayName: "Engineering", members: [ALICE.id] }],
    });
    // The policy side, as the partnership declares it: the target allows the source in, the source lets users out.
    await portal("POST", "/v1.0/policies/crossTenantAccessPolicy/partners", TARGET, {
      tenantId: SOURCE,
      automaticUserConsentSettings: { inboundAllowed: true },
    });
    await portal("PUT", `/v1.0/policies/crossTenantAccessPolicy/partners/${SOURCE}/identitySynchronization`, TARGET, {
      userSyncInbound: { isSyncAllowed: true },
    });
    await portal("POST", "/v1.0/policies/crossTenantAccessPolicy/partners", SOURCE, {
      tenantId: TARGET,
      automaticUserConsentSettings: { outboundAllowed: true },
    });
    configuration = await makeConfiguration(NAME, [ENGINEERING]);
  },
  {
    emulator: {
      settings: { syncCycleOnStart: false },
      apps: [
        {
          name: "noSync",
          tenantId: "11111111-1111-4111-8111-111111111111",
          ...NO_SYNC,
          roles: ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "User.Read.All"],
        },
      ],
    } as never,
    resetBeforeEach: false,
  },
);

async function portal(method: string, path: string, tenantId: string, body?: unknown): Promise<any> {
  const r = await t.admin.graph(method, path, body, { tenantId });
  if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status} ${r.text}`);
  return r.body;
}

/** A configuration as the portal makes one: instantiate, job, secrets, the groups assigned (no start). */
async function makeConfiguration(displayName: string, groups: string[]): Promise<{ spId: string; jobId: string }> {
  const made = await portal("POST", `/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, SOURCE, { displayName });
  const sp = made.servicePrincipal;
  const spId: string = sp.id ?? sp.objectId;
  const job = await portal("POST", `/v1.0/servicePrincipals/${spId}/synchronization/jobs`, SOURCE, {
    templateId: "Azure2Azure",
  });
  await portal("PUT", `/v1.0/servicePrincipals/${spId}/synchronization/secrets`, SOURCE, {
    value: [
      { key: "AuthenticationType", value: "SyncPolicy" },
      { key: "CompanyId", value: TARGET },
      { key: "SyncAll", value: "false" },
    ],
  });
  const appRoleId = (sp.appRoles ?? [])[0]?.id ?? "00000000-0000-0000-0000-000000000000";
  for (const principalId of groups)
    await portal("POST", `/v1.0/servicePrincipals/${spId}/appRoleAssignedTo`, SOURCE, {
      principalId,
      resourceId: spId,
      appRoleId,
    });
  return { spId, jobId: job.id };
}

const upn = (u: { userPrincipalName: string }) => u.userPrincipalName;

async function targetUsers(): Promise<Record<string, unknown>[]> {
  const r = await t.admin.graph("GET", "/v1.0/users", undefined, { tenantId: TARGET });
  expect(r.status).toBe(200);
  return (r.body as { value: Record<string, unknown>[] }).value;
}

const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");

test("an in-scope user: the steps, CREATED, the user exists in the target tenant; five Graph calls; exit 0", async () => {
  const since = await t.admin.lastSeq();
  const r = await cli(["provision", "--configuration", NAME, "--user", upn(ALICE)], emulatorEnv(t));
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`Configuration  "${NAME}" (service principal ${configuration.spId})`);
  expect(r.stdout).toContain(`Job            ${configuration.jobId}`);
  expect(r.stdout).toMatch(/^User rule +[0-9a-f-]{36}$/m);
  expect(r.stdout).toContain(`User           Alice Adams <${upn(ALICE)}> (${ALICE.id})`);
  expect(r.stdout).toMatch(/^ +1\. Import +Success +Retrieved User/m);
  expect(r.stdout).toMatch(/^ +\d\. Export +Success +User '.*' was created in Microsoft Entra ID \(target tenant\)$/m);
  const calls = (await t.admin.graphCalls(since)).map((c) => `${c.method} ${bare(c.path)} ${c.status}`);
  const synced = (await targetUsers()).filter((u) => u.displayName === ALICE.displayName);
  expect(synced).toHaveLength(1);
  expect(r.stdout).toContain(
    `CREATED    Alice Adams <${upn(ALICE)}> was created in the target tenant (object ID ${String(synced[0].id)}).`,
  );
  expect(calls).toEqual([
    "GET /servicePrincipals 200",
    `GET /servicePrincipals/${configuration.spId}/synchronization/jobs 200`,
    `GET /servicePrincipals/${configuration.spId}/synchronization/jobs/${configuration.jobId}/schema 200`,
    `GET /users/${upn(ALICE)} 200`,
    `POST /servicePrincipals/${configuration.spId}/synchronization/jobs/${configuration.jobId}/provisionOnDemand 200`,
  ]);

  // Again: the target already matches.
  const again = await cli(["provision", "--configuration", configuration.spId, "--user", ALICE.id], emulatorEnv(t));
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`NO CHANGE  Alice Adams <${upn(ALICE)}> already exists in the target tenant`);
  expect((await targetUsers()).filter((u) => u.displayName === ALICE.displayName)).toHaveLength(1);
});

test("an out-of-scope user is SKIPPED with the reason and the fix; nothing in the target; exit 3", async () => {
  const r = await cli(["provision", "--configuration", NAME, "--user", upn(BOB)], emulatorEnv(t));
  expect(r.code).toBe(3);
  expect(r.stdout).toContain(
    `SKIPPED    Bob Brown <${upn(BOB)}> was not provisioned. (Graph: Skipped, NotEffectivelyEntitled)`,
  );
  expect(r.stdout).toMatch(/Why: The User '.*' will be skipped because it is not assigned to the application/);
  expect(r.stdout).toContain(`The user is not in scope of "${NAME}"`);
  expect((await targetUsers()).map((u) => u.displayName)).not.toContain(BOB.displayName);
});

test("--json: the outcome, Graph's status and code, the steps", async () => {
  const r = await cli(["provision", "--configuration", NAME, "--user", BOB.id, "--json"], emulatorEnv(t));
  expect(r.code).toBe(3);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({
    configuration: { displayName: NAME, id: configuration.spId },
    jobId: configuration.jobId,
    user: { id: BOB.id, displayName: "Bob Brown" },
    exitCode: 3,
    result: { outcome: "skipped", status: "Skipped", code: "NotEffectivelyEntitled" },
  });
  expect(j.result.steps.map((s: { type: string }) => s.type)).toEqual(["Import", "Scoping", "Export"]);
  expect(r.stderr).toBe("");
});

test("unknown configuration: exit 1, naming the configurations that exist; unknown user: exit 1", async () => {
  const r = await cli(["provision", "--configuration", "Sync to Nowhere", "--user", ALICE.id], emulatorEnv(t));
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `error: no cross-tenant synchronization configuration named "Sync to Nowhere" in this tenant; it has one: "${NAME}" (${configuration.spId}).`,
  );
  const u = await cli(["provision", "--configuration", NAME, "--user", `nobody@${DOMAIN}`], emulatorEnv(t));
  expect(u.code).toBe(1);
  expect(u.stderr).toContain(
    `error: no user with userPrincipalName "nobody@${DOMAIN}" in this (source) tenant (Graph GET /users: 404`,
  );
});

test("the bare 401 UnknownError of a token without Synchronization.ReadWrite.All names the permissions; exit 1", async () => {
  const r = await cli(
    ["provision", "--configuration", NAME, "--user", ALICE.id],
    emulatorEnv(t, "readWrite", { ARM_CLIENT_ID: NO_SYNC.clientId, ARM_CLIENT_SECRET: NO_SYNC.clientSecret }),
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    new RegExp(
      `^error: Graph GET /v1\\.0/servicePrincipals/${configuration.spId}/synchronization/jobs failed: 401 UnknownError with no message \\(request-id [0-9a-f-]{36}`,
      "m",
    ),
  );
  expect(r.stderr).toContain(
    "This is how the synchronization endpoints refuse a token without Synchronization.ReadWrite.All: a source tenant's synchronization configuration needs Synchronization.ReadWrite.All, Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All.",
  );
  expect(r.stderr).toContain(`The token of app ${NO_SYNC.clientId} in tenant ${SOURCE} carries`);
  expect(r.stderr).toContain("; missing: Synchronization.ReadWrite.All.");
  expect(r.output).not.toContain(NO_SYNC.clientSecret);
});

test("two configurations with the same name: exit 1 listing both, pick one by its ID", async () => {
  const twin = await makeConfiguration(NAME, []);
  try {
    const r = await cli(["provision", "--configuration", NAME, "--user", ALICE.id], emulatorEnv(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: 2 cross-tenant synchronization configurations are named "${NAME}": `);
    expect(r.stderr).toContain(configuration.spId);
    expect(r.stderr).toContain(twin.spId);
    expect(r.stderr).toContain("--configuration <id>");
  } finally {
    const sp = await portal("GET", `/v1.0/servicePrincipals/${twin.spId}`, SOURCE);
    const apps = await portal("GET", `/v1.0/applications?$filter=appId eq '${sp.appId}'`, SOURCE);
    await portal("DELETE", `/v1.0/applications/${apps.value[0].id}`, SOURCE);
  }
});

test("with a stack's connection: --config-file - --connection source; the target refusing sync fails with the fix; exit 1", async () => {
  const stack = {
    "entra:graphEndpoint": { value: t.url, secret: false },
    "entra:authorityHost": { value: t.authorityHost, secret: false },
    "entra:caCertPath": { value: t.emu.caCertPath, secret: false },
    "entra:clientId": { value: t.defaults.readWrite.clientId, secret: false },
    "entra:clientSecret": { value: t.defaults.readWrite.clientSecret, secret: true },
    "entra:connections": {
      value: JSON.stringify({ source: { tenantId: SOURCE }, target: { tenantId: TARGET } }),
      secret: false,
    },
  };
  const policy = `/v1.0/policies/crossTenantAccessPolicy/partners/${SOURCE}/identitySynchronization`;
  await portal("PATCH", policy, TARGET, { userSyncInbound: { isSyncAllowed: false } });
  try {
    const r = await cli(
      ["provision", "--config-file", "-", "--connection", "source", "--configuration", NAME, "--user", ALICE.id],
      { PATH: "", ENTRA_RETRY_BASE_DELAY_MS: "50" },
      { stdin: JSON.stringify(stack) },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED +Alice Adams <.*> could not be provisioned\. \(Graph: Failure/m);
    expect(r.stdout).toMatch(/Why: The target tenant .*has not allowed inbound synchronization/);
    expect(r.stdout).toContain("CrossTenantIdentitySyncPolicyPartner");
    expect(r.output).not.toContain(t.defaults.readWrite.clientSecret);
  } finally {
    await portal("PATCH", policy, TARGET, { userSyncInbound: { isSyncAllowed: true } });
  }
});

test("provisionOnDemand refused as a request (400): Graph's code, message and request-id, and what to do; exit 1", async () => {
  await t.admin.addFault({
    match: { method: "POST", path: "/provisionOnDemand" },
    times: 1,
    action: { type: "status", status: 400, code: "BadRequest", message: "The job has no saved credentials." },
  } as never);
  try {
    const r = await cli(["provision", "--configuration", NAME, "--user", ALICE.id], emulatorEnv(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: Graph POST /v1\\.0/servicePrincipals/${configuration.spId}/synchronization/jobs/${configuration.jobId.replace(/\./g, "\\.")}/provisionOnDemand failed: 400 BadRequest: The job has no saved credentials\\. \\(request-id [0-9a-f-]{36}\\)\\. Graph did not provision the user; its message says why`,
        "m",
      ),
    );
    expect(r.stdout).toBe("");
  } finally {
    await t.admin.clearFaults();
  }
});

test("--connection alone: the Pulumi CLI's selected stack in --cwd (its file read when `pulumi config` fails)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-provision-"));
  try {
    // A stand-in `pulumi` on PATH: `stack --show-name` names the stack, `config` fails (no backend here).
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      '#!/bin/sh\nif [ "$1" = stack ]; then echo dev; exit 0; fi\necho "error: no backend" >&2; exit 1\n',
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: relationship\nruntime: nodejs\n");
    fs.writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      [
        "config:",
        `  entra:graphEndpoint: ${t.url}`,
        `  entra:authorityHost: ${t.authorityHost}`,
        `  entra:caCertPath: ${t.emu.caCertPath}`,
        `  entra:clientId: ${t.defaults.readWrite.clientId}`,
        "  entra:connections:",
        "    source:",
        `      tenantId: ${SOURCE}`,
        "    target:",
        `      tenantId: ${TARGET}`,
        "",
      ].join("\n"),
    );
    const r = await cli(
      ["provision", "--connection", "source", "--cwd", dir, "--configuration", NAME, "--user", BOB.id],
      // The secret from the environment, as the provider would take it (the file holds none).
      { PATH: bin, ARM_CLIENT_SECRET: t.defaults.readWrite.clientSecret, ENTRA_RETRY_BASE_DELAY_MS: "50" },
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`Configuration  "${NAME}" (service principal ${configuration.spId})`);
    expect(r.stdout).toContain("SKIPPED    Bob Brown");
    expect(r.stderr).toMatch(/^Signing in as entra:connections\.source of \S*Pulumi\.dev\.yaml\.$/m);
    expect(r.stderr).toContain(
      "note: `pulumi config --show-secrets --json --stack dev` failed (error: no backend); reading the stack file instead: encrypted values cannot be read.",
    );
    expect(r.output).not.toContain(t.defaults.readWrite.clientSecret);

    const wrong = await cli(
      ["provision", "--connection", "target", "--cwd", dir, "--configuration", NAME, "--user", BOB.id],
      { PATH: bin, ARM_CLIENT_SECRET: t.defaults.readWrite.clientSecret, ENTRA_RETRY_BASE_DELAY_MS: "50" },
    );
    // The target tenant has no configuration: the message says to name the source tenant's connection.
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("check that --connection names the SOURCE tenant");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("Graph's provisionOnDemand rate limit: a 429 is waited out (Retry-After) and the command completes; exit 0", async () => {
  await t.admin.settings({ provisionOnDemandRateLimit: { requests: 1, windowMs: 1500 } } as never);
  try {
    const first = await cli(["provision", "--configuration", NAME, "--user", ALICE.id], emulatorEnv(t));
    expect(first.code).toBe(0);
    const since = await t.admin.lastSeq();
    const second = await cli(["provision", "--configuration", NAME, "--user", ALICE.id], emulatorEnv(t));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("NO CHANGE  Alice Adams");
    const onDemand = (await t.admin.graphCalls(since))
      .filter((c) => c.path.endsWith("/provisionOnDemand"))
      .map((c) => c.status);
    expect(onDemand[0]).toBe(429);
    expect(onDemand[onDemand.length - 1]).toBe(200);
  } finally {
    await t.admin.settings({ provisionOnDemandRateLimit: null } as never);
  }
});
