// `export` of a source tenant's cross-tenant synchronization configurations, against the two-tenant emulator over
// HTTPS: a configuration made "in the portal" (instantiate, job started, secrets, a group and a user assigned).
// Graph does not give its target tenant back here (the emulator serves no GET of the synchronization secrets, as
// Microsoft documents none), so the configuration is written commented out with the reason and the flag; with
// --sync-target it becomes a CrossTenantSyncConfiguration whose target is the exported partner's constant, and
// what is still unknown (SyncAll, notifications: the portal set ops@contoso.example, which Graph does not give back
// here) is flagged CHECK BEFORE pulumi up. Type-checked with tsc.
import * as fs from "fs";
import * as path from "path";
import { TestEmulator, useTestEmulator } from "../helpers/emulator";
import { cli, emulatorEnv } from "./cliHarness";
import { compileProgram, scratchDir } from "./compileProgram";

let t: TestEmulator;
let SOURCE: string;
let TARGET: string;
let work: string;
let spId: string;
let jobId: string;

const TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const NAME = "Sync to Fabrikam";
const DOMAIN = "contoso.example";
const CAROL = {
  id: "ca401000-0000-4000-8000-000000000003",
  displayName: "Carol Clark",
  userPrincipalName: `carol@${DOMAIN}`,
};
const ENGINEERING = "e4612000-0000-4000-8000-00000000000e";

async function portal(method: string, p: string, tenantId: string, body?: unknown): Promise<any> {
  const r = await t.admin.graph(method, p, body, { tenantId });
  if (r.status >= 300) throw new Error(`${method} ${p} -> ${r.status} ${r.text}`);
  return r.body;
}

useTestEmulator(
  async (e) => {
    t = e;
    SOURCE = t.defaults.tenantId;
    TARGET = t.defaults.second.tenantId;
    work = scratchDir("cli-export-sync");
    await t.admin.seed({
      tenantId: SOURCE,
      defaultDomain: DOMAIN,
      users: [CAROL],
      groups: [{ id: ENGINEERING, displayName: "Engineering", members: [CAROL.id] }],
    });
    await portal("POST", "/v1.0/policies/crossTenantAccessPolicy/partners", TARGET, {
      tenantId: SOURCE,
      automaticUserConsentSettings: { inboundAllowed: true },
    });
    await portal("PUT", `/v1.0/policies/crossTenantAccessPolicy/partners/${SOURCE}/identitySynchronization`, TARGET, {
      displayName: "Contoso",
      userSyncInbound: { isSyncAllowed: true },
    });
    // The source's partner for the target, with outbound consent and a sync policy naming it (its resource name).
    await portal("POST", "/v1.0/policies/crossTenantAccessPolicy/partners", SOURCE, {
      tenantId: TARGET,
      automaticUserConsentSettings: { outboundAllowed: true },
    });
    await portal("PUT", `/v1.0/policies/crossTenantAccessPolicy/partners/${TARGET}/identitySynchronization`, SOURCE, {
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: false },
    });
    const made = await portal("POST", `/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, SOURCE, {
      displayName: NAME,
    });
    spId = made.servicePrincipal.id ?? made.servicePrincipal.objectId;
    const job = await portal("POST", `/v1.0/servicePrincipals/${spId}/synchronization/jobs`, SOURCE, {
      templateId: "Azure2Azure",
    });
    await portal("PUT", `/v1.0/servicePrincipals/${spId}/synchronization/secrets`, SOURCE, {
      value: [
        { key: "AuthenticationType", value: "SyncPolicy" },
        { key: "CompanyId", value: TARGET },
        {
          key: "SyncNotificationSettings",
          value: JSON.stringify({ Enabled: true, Recipients: "ops@contoso.example", DeleteThresholdEnabled: false }),
        },
        { key: "SyncAll", value: "false" },
      ],
    });
    const appRoleId = (made.servicePrincipal.appRoles ?? [])[0]?.id ?? "00000000-0000-0000-0000-000000000000";
    for (const principalId of [ENGINEERING, CAROL.id])
      await portal("POST", `/v1.0/servicePrincipals/${spId}/appRoleAssignedTo`, SOURCE, {
        principalId,
        resourceId: spId,
        appRoleId,
      });
    jobId = job.id;
    await portal("POST", `/v1.0/servicePrincipals/${spId}/synchronization/jobs/${job.id}/start`, SOURCE);
  },
  { emulator: { settings: { syncCycleOnStart: false } } as never, resetBeforeEach: false },
);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");

test("the target tenant unknown: the configuration is written commented out with the reason, the flag and the candidate", async () => {
  const since = await t.admin.lastSeq();
  const r = await cli(["export", "--stdout", "--skip-default", "--skip-policy"], emulatorEnv(t));
  expect(r.code).toBe(0);
  const calls = (await t.admin.graphCalls(since)).map((c) => `${c.method} ${bare(c.path)}`);
  expect(calls).toEqual([
    "GET /policies/crossTenantAccessPolicy/partners",
    "GET /servicePrincipals",
    `GET /servicePrincipals/${spId}/synchronization/jobs`,
    `GET /servicePrincipals/${spId}/appRoleAssignedTo`,
    `GET /servicePrincipals/${spId}/synchronization/secrets`,
    // the job's schema and its template's (the schema settings: test/cli/exportSyncSchema.test.ts)
    `GET /servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`,
    `GET /servicePrincipals/${spId}/synchronization/templates/Azure2Azure/schema`,
  ]);
  expect(r.stdout).toContain("// Sync to Fabrikam\n");
  expect(r.stdout).toContain(`// Not taken over (service principal ${spId}): its target tenant is unknown:`);
  expect(r.stdout).toContain(`--sync-target "${NAME}=<target tenant ID>"`);
  expect(r.stdout).toContain(`one of which is likely the target: ${TARGET} (Fabrikam).`);
  expect(r.stdout).toContain('// new CrossTenantSyncConfiguration("sync-to-fabrikam", {');
  expect(r.stdout).toMatch(/^\/\/ +targetTenantId: TARGET_TENANT_ID,$/m);
  expect(r.stderr).toContain(
    `warning: synchronization configuration "${NAME}" written commented out: its target tenant is unknown`,
  );
  expect(r.stderr).toContain(
    "Exported 1 partner configuration, 1 identity sync policy and 0 cross-tenant synchronization configurations (1 more written commented out)",
  );
});

test("with --sync-target: a CrossTenantSyncConfiguration with the partner's constant and the scope; unknowns flagged; it type-checks", async () => {
  const out = path.join(work, "with-target");
  const r = await cli(["export", "--out", out, "--sync-target", `${NAME}=${TARGET.toUpperCase()}`], emulatorEnv(t));
  expect(r.code).toBe(0);
  const program = fs.readFileSync(path.join(out, "index.ts"), "utf8");
  const prose = program.replace(/\n\/\/ /g, " "); // wrapped comment lines joined
  expect(program).toContain("CrossTenantSyncConfiguration,");
  expect(program).toContain(`const fabrikamTenantId = "${TARGET}";`);
  const block = program.slice(program.indexOf('new CrossTenantSyncConfiguration("sync-to-fabrikam"'));
  expect(block.split("\n").slice(0, 8).join("\n")).toBe(
    [
      'new CrossTenantSyncConfiguration("sync-to-fabrikam", {',
      `    displayName: "${NAME}",`,
      "    targetTenantId: fabrikamTenantId,",
      "    scope: {",
      `        users: ["${CAROL.id}"],`,
      `        groups: ["${ENGINEERING}"],`,
      "    },",
      "});",
    ].join("\n"),
  );
  // Read from --sync-target, not from Graph: said in the program. SyncAll cannot be read: flagged.
  expect(prose).toContain(
    "Its synchronization secrets could not be read back (GET …/synchronization/secrets answered 405 Request_BadRequest; Microsoft documents only their PUT): the target tenant, SyncAll and the notification settings are not known from Graph.",
  );
  expect(prose).toContain("Target tenant from --sync-target (its secrets could not be read).");
  expect(prose).toContain(
    "CHECK BEFORE `pulumi up`: this resource would not be taken over unchanged: whether it synchronizes all users is unknown (its secrets could not be read): the first up writes SyncAll from this program (false: only the assigned users and groups); its failure notifications and accidental-deletion threshold are unknown (its secrets could not be read): the first up writes this program's notification settings (none);",
  );
  expect(r.stderr).toContain(
    'warning: not taken over unchanged by the first pulumi up: sync-to-fabrikam (synchronization configuration "Sync to Fabrikam")',
  );
  const c = compileProgram(out);
  expect(c.programErrors).toEqual([]);
  expect(c.status).toBe(0);
}, 300_000);

test("--sync-target that names no configuration, or is malformed: nothing written", async () => {
  const r = await cli(["export", "--stdout", "--sync-target", `Sync to Nowhere=${TARGET}`], emulatorEnv(t));
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `error: --sync-target names "sync to nowhere", but this tenant has no synchronization configuration of that name (it has "${NAME}"); nothing was written.`,
  );
  expect(r.stdout).toBe("");
  const bad = await cli(["export", "--stdout", "--sync-target", NAME], emulatorEnv(t));
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--sync-target takes "<configuration display name>=<target tenant ID (a GUID)>"');
});

test("a policy-only token: the policies are exported, the configurations left out with the permission they need", async () => {
  const r = await cli(["export", "--stdout", "--skip-default", "--skip-policy"], emulatorEnv(t, "readOnly"));
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(
    /warning: synchronization configurations not exported: Graph refused GET \/v1\.0\/servicePrincipals \(403 \w+.*\): reading the synchronization configurations needs Application\.Read\.All/,
  );
  expect(r.stdout).toContain(
    "// Cross-tenant synchronization configurations (this tenant as a source) are not in this program:",
  );
  expect(r.stdout).toContain("new CrossTenantAccessPolicyConfigurationPartner(");
  const skipped = await cli(
    ["export", "--stdout", "--skip-default", "--skip-policy", "--skip-sync-configurations"],
    emulatorEnv(t, "readOnly"),
  );
  expect(skipped.code).toBe(0);
  expect(skipped.stderr).not.toContain("warning");
});
