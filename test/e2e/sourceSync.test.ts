// From two empty tenants to a user provisioned (issue 16), end to end with the real Pulumi CLI on
// examples/cross-tenant-sync (copied unchanged) against the two-tenant emulator: one `up` of the partnership with its
// source configuration, `provision` of an in-scope and an out-of-scope user with the command line, a no-change
// preview with no Graph call, the target's sync policy switched off in the portal (the next job cycle quarantines,
// refresh shows it, up restores the policy and the job recovers), and a destroy that leaves both tenants as they
// were. The source is the emulator's home tenant, the target its second tenant, both reached by the multi-tenant app
// of the top-level settings (each connection gives its tenantId). The steps share one stack and run in order.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../emulator";
import type { TenantState } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { copyExampleDir } from "../../testkit/e2eStack";
import { entraConfig, entraSecrets } from "../../testkit/entraConfig";
import { findPulumiCli, opsFor, PulumiCli, PulumiWorkspace, REPO_ROOT } from "../../testkit/pulumiCli";

const CONFIGURATION = "CrossTenantSyncConfiguration";
const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";
const NAME = "Sync to Fabrikam";

// The source tenant's directory: Alice is a direct member of Engineering (assigned), Carol is assigned herself,
// Bob is in no assigned group (out of scope), Dave is in a group nested in Engineering (nested groups are not followed).
const DOMAIN = "fabrikam.example";
const user = (id: string, displayName: string, local: string) => ({
  id,
  displayName,
  userPrincipalName: `${local}@${DOMAIN}`,
});
const ALICE = user("a11ce000-0000-4000-8000-000000000001", "Alice Adams", "alice");
const BOB = user("b0b00000-0000-4000-8000-000000000002", "Bob Brown", "bob");
const CAROL = user("ca401000-0000-4000-8000-000000000003", "Carol Clark", "carol");
const DAVE = user("da7e0000-0000-4000-8000-000000000004", "Dave Davis", "dave");
const ENGINEERING = "e4612000-0000-4000-8000-00000000000e";
const PLATFORM = "f1a7f000-0000-4000-8000-00000000000f";

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;
let SOURCE: string; // the home tenant
let TARGET: string; // the second tenant
/** Both directories before the first up. */
let before: { source: TenantState; target: TenantState };
const started = Date.now();

const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");
const line = (c: LoggedRequest) =>
  `${c.tenantId === SOURCE ? "source" : c.tenantId === TARGET ? "target" : c.tenantId} ${c.method} ${bare(c.path)}${c.query ? `?${decodeURIComponent(c.query)}` : ""} ${c.status}`;
const writes = (calls: LoggedRequest[]) => calls.filter((c) => c.method !== "GET").map(line);

async function during<T>(fn: () => Promise<T>): Promise<{ result: T; graph: LoggedRequest[] }> {
  const mark = await admin.lastSeq();
  const result = await fn();
  return { result, graph: await admin.graphCalls(mark) };
}

/** `pulumi-entra-cross-tenant provision` of the built package, with the stack's `source` connection. */
function provision(user: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const main = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  const args = [main, "provision", "--connection", "source", "--stack", ws.stack, "--cwd", ws.programDir];
  args.push("--configuration", NAME, "--user", user);
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: ws.env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The target tenant's users, as Graph lists them. */
async function targetUsers(): Promise<Record<string, unknown>[]> {
  const select = "id,displayName,userPrincipalName,userType,creationType,identities";
  const r = await admin.graph("GET", `/v1.0/users?$select=${select}`, undefined, { tenantId: TARGET });
  expect(r.status).toBe(200);
  return (r.body as { value: Record<string, unknown>[] }).value;
}

/** The configuration's job, as Graph shows it. */
async function job(): Promise<Record<string, any>> {
  const [sp] = (await ws.resources(CONFIGURATION)).map((r) => r.outputs as Record<string, string>);
  const r = await admin.graph(
    "GET",
    `/v1.0/servicePrincipals/${sp.servicePrincipalId}/synchronization/jobs/${sp.jobId}`,
    undefined,
    { tenantId: SOURCE },
  );
  expect(r.status).toBe(200);
  return r.body as Record<string, any>;
}

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  const built = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  if (!fs.existsSync(built))
    throw new Error(`${built} is missing: run \`npm run build\` (npm run test:e2e builds first).`);
  // No cycle on start: the first provisioning of a user is the command line's (a cycle is run explicitly later).
  emu = await startEmulator({ port: 0, settings: { syncCycleOnStart: false } });
  SOURCE = emu.defaults.tenantId;
  TARGET = emu.defaults.second.tenantId;
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  await admin.seedDirectory(
    {
      defaultDomain: DOMAIN,
      users: [ALICE, BOB, CAROL, DAVE],
      groups: [
        { id: ENGINEERING, displayName: "Engineering", members: [ALICE.id, PLATFORM] },
        { id: PLATFORM, displayName: "Platform", members: [DAVE.id] },
      ],
    },
    SOURCE,
  );
  before = { source: await admin.state(SOURCE), target: await admin.state(TARGET) };

  ws = new PulumiWorkspace(cli, { project: "cross-tenant-sync" });
  copyExampleDir(ws, path.join(REPO_ROOT, "examples", "cross-tenant-sync"));
  const { "entra:tenantId": _home, ...topLevel } = entraConfig(emu);
  await ws.init(
    {
      ...topLevel,
      "cross-tenant-sync:sourceTenantId": SOURCE,
      "cross-tenant-sync:targetTenantId": TARGET,
      "cross-tenant-sync:displayName": "Contoso",
      "cross-tenant-sync:configurationName": NAME,
      "cross-tenant-sync:notificationEmail": "identity@contoso.example",
    },
    entraSecrets(emu),
  );
  await ws.setPathConfig({
    "entra:connections.source.tenantId": SOURCE,
    "entra:connections.target.tenantId": TARGET,
    "cross-tenant-sync:syncGroups[0]": ENGINEERING,
    "cross-tenant-sync:syncUsers[0]": CAROL.id,
  });
});

afterAll(async () => {
  console.log(`sourceSync e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await ws?.dispose();
  await emu?.stop();
});

test("preview: the four children to create, the configuration among them, with no Graph call", async () => {
  const { result, graph } = await during(() => ws.previewJson());
  expect(opsFor(result, PARTNER)).toEqual(["create", "create"]);
  expect(opsFor(result, POLICY)).toEqual(["create"]);
  expect(opsFor(result, CONFIGURATION)).toEqual(["create"]);
  expect(graph).toEqual([]);
});

test("one up from empty tenants: the target side, the source partner, then the configuration, started", async () => {
  const { graph } = await during(() => ws.up());
  console.log(`Graph calls of the one up (${graph.length}):\n${graph.map(line).join("\n")}`);
  const w = writes(graph);
  const at = (prefix: string) => w.findIndex((l) => l.startsWith(prefix));
  const partners = "/policies/crossTenantAccessPolicy/partners";
  // the policy side in the order that validates, then the configuration's steps, in the source tenant
  expect(w.slice(0, 3)).toEqual([
    `target POST ${partners} 201`,
    `target PUT ${partners}/${SOURCE}/identitySynchronization 204`,
    `source POST ${partners} 201`,
  ]);
  const steps = [
    "source POST /applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate 201",
    "source POST /servicePrincipals/",
    "source PUT /servicePrincipals/",
    "source POST /servicePrincipals/",
  ];
  for (const s of steps) expect(at(s)).toBeGreaterThan(2);
  expect(w.filter((l) => l.includes("/instantiate"))).toHaveLength(1);
  expect(w.filter((l) => / [45]\d\d$/.test(l))).toEqual([]);
  expect(graph.filter((c) => c.tenantId === TARGET && !bare(c.path).startsWith(partners))).toEqual([]);

  const source = await admin.state(SOURCE);
  expect(source.applications).toEqual([expect.objectContaining({ displayName: NAME })]);
  const sp = source.servicePrincipals.find((s) => s.displayName === NAME)!;
  expect(sp).toBeDefined();
  expect(source.appRoleAssignments.map((a) => a.principalId).sort()).toEqual([CAROL.id, ENGINEERING].sort());
  const outputs = await ws.outputs();
  expect(outputs).toMatchObject({
    sourceTenantId: SOURCE,
    targetTenantId: TARGET,
    userSyncAllowed: true,
    configurationName: NAME,
    servicePrincipalId: sp.id,
    jobState: "Active",
  });
  expect((await job()).schedule.state).toBe("Active");
  const [config] = await ws.resources(CONFIGURATION);
  expect(config.outputs).toMatchObject({
    connection: "source",
    targetTenantId: TARGET,
    scope: { syncAll: false, groups: [ENGINEERING], users: [CAROL.id] },
    notificationEmail: "identity@contoso.example",
  });
  expect(config.outputs?.pending).toBeUndefined();
});

test("a second preview: no changes, no Graph call", async () => {
  const { result, graph } = await during(() => ws.preview(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(graph).toEqual([]);
});

test("provision: an in-scope user is created in the target tenant; an out-of-scope one is skipped with the reason", async () => {
  expect((await targetUsers()).map((u) => u.displayName)).not.toContain(ALICE.displayName);

  const alice = await provision(ALICE.userPrincipalName);
  console.log(`provision ${ALICE.userPrincipalName} (exit ${alice.code}):\n${alice.stdout}${alice.stderr}`);
  expect(alice.code).toBe(0);
  expect(alice.stdout).toMatch(/^CREATED /m);
  const synced = (await targetUsers()).filter((u) => u.displayName === ALICE.displayName);
  expect(synced).toEqual([
    expect.objectContaining({
      userType: "Member",
      userPrincipalName: expect.stringMatching(new RegExp(`^alice_${DOMAIN.replace(/\./g, "\\.")}#EXT#@`, "i")),
    }),
  ]);
  expect(synced[0].id).not.toBe(ALICE.id);

  const bob = await provision(BOB.userPrincipalName);
  console.log(`provision ${BOB.userPrincipalName} (exit ${bob.code}):\n${bob.stdout}${bob.stderr}`);
  expect(bob.code).toBe(3); // skipped
  expect(bob.stdout).toMatch(/^SKIPPED /m);
  expect(bob.stdout).toMatch(/scope/i);
  expect((await targetUsers()).map((u) => u.displayName)).not.toContain(BOB.displayName);
});

test("the target's sync policy switched off in the portal: the job quarantines, refresh shows it, up restores and the job recovers", async () => {
  const policy = `/v1.0/policies/crossTenantAccessPolicy/partners/${SOURCE}/identitySynchronization`;
  const off = await admin.graph("PATCH", policy, { userSyncInbound: { isSyncAllowed: false } }, { tenantId: TARGET });
  expect(off.status).toBe(204);
  const [config] = await ws.resources(CONFIGURATION);
  await admin.runSyncCycle({ tenantId: SOURCE, servicePrincipalId: config.outputs!.servicePrincipalId as string });
  const quarantined = await job();
  expect(quarantined.status.code).toBe("Quarantine");
  expect(quarantined.status.quarantine).toMatchObject({ reason: expect.any(String) });

  const refresh = await ws.refresh(["--diff"]);
  console.log(`refresh of the quarantined job:\n${refresh.output}`);
  expect(refresh.output).toMatch(/Quarantine/);
  const [refreshed] = await ws.resources(CONFIGURATION);
  expect(refreshed.outputs?.jobStatus).toMatchObject({
    code: "Quarantine",
    quarantine: { reason: expect.any(String) },
  });
  const [syncPolicy] = await ws.resources(POLICY);
  expect(syncPolicy.outputs?.userSyncInbound).toEqual({ isSyncAllowed: false });

  const { graph } = await during(() => ws.up());
  expect(writes(graph)).toContain(
    `target PATCH /policies/crossTenantAccessPolicy/partners/${SOURCE}/identitySynchronization 204`,
  );
  expect((await admin.state(TARGET)).policies).toEqual([
    expect.objectContaining({ tenantId: SOURCE, userSyncInbound: { isSyncAllowed: true } }),
  ]);
  await admin.runSyncCycle({ tenantId: SOURCE, servicePrincipalId: config.outputs!.servicePrincipalId as string });
  const recovered = await job();
  expect(recovered.status.code).not.toBe("Quarantine");
  expect(recovered.status.quarantine ?? null).toBeNull();
  // the cycle provisioned every user in scope: Alice (group member) and Carol (assigned); not Bob, not Dave (nested)
  const names = (await targetUsers()).map((u) => u.displayName);
  expect(names).toEqual(expect.arrayContaining([ALICE.displayName, CAROL.displayName]));
  expect(names).not.toContain(BOB.displayName);
  expect(names).not.toContain(DAVE.displayName);

  await ws.refresh();
  const [after] = await ws.resources(CONFIGURATION);
  expect((after.outputs?.jobStatus as { quarantine?: unknown }).quarantine).toBeUndefined();
  await ws.preview(["--expect-no-changes"]);
});

test("destroy: the configuration first, then the source partner, the policy, its partner; both tenants as they were", async () => {
  const { graph } = await during(() => ws.destroy());
  console.log(`Graph calls of destroy (${graph.length}):\n${graph.map(line).join("\n")}`);
  const w = writes(graph);
  const partners = "/policies/crossTenantAccessPolicy/partners";
  const appDelete = w.findIndex((l) => /^source DELETE \/applications\/[^/]+ 204$/.test(l));
  expect(appDelete).toBeGreaterThanOrEqual(1);
  expect(w[appDelete - 1]).toMatch(/^source POST \/servicePrincipals\/[^ ]+\/synchronization\/jobs\/[^ ]+\/pause 204$/);
  expect(w.slice(appDelete + 1)).toEqual([
    `source DELETE ${partners}/${TARGET} 204`,
    `target DELETE ${partners}/${SOURCE}/identitySynchronization 204`,
    `target DELETE ${partners}/${SOURCE} 204`,
  ]);
  expect(await ws.resources()).toEqual([]);

  // Both tenants as they were, but for Graph's deleted items (a deleted partner configuration stays restorable
  // there) and, in the target, the users synchronization created (Entra keeps them when a configuration is deleted).
  const now = { source: await admin.state(SOURCE), target: await admin.state(TARGET) };
  const { deletedPartners: sourceBin, deletedPolicies: sourcePolicyBin, ...source } = now.source;
  const { deletedPartners: _a, deletedPolicies: _b, ...sourceBefore } = before.source;
  expect(source).toEqual(sourceBefore);
  expect([sourceBin.map((p) => p.tenantId), sourcePolicyBin]).toEqual([[TARGET], []]);
  const { deletedPartners: targetBin, deletedPolicies: targetPolicyBin, users, ...target } = now.target;
  const { deletedPartners: _c, deletedPolicies: _d, users: usersBefore, ...targetBefore } = before.target;
  expect(target).toEqual(targetBefore);
  expect([targetBin.map((p) => p.tenantId), targetPolicyBin.map((p) => p.tenantId)]).toEqual([[SOURCE], [SOURCE]]);
  expect(users.length - usersBefore.length).toBe(2); // Alice and Carol
});
