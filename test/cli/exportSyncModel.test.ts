// A synchronization configuration as Graph shows it → the program's CrossTenantSyncConfiguration, for the secrets
// Graph may or may not give back: readable (taken over as is, no problem), masked "*" (target unknown: commented
// out), --sync-target agreeing or disagreeing with Graph, notification settings, several recipients, a job never
// started, two configurations with one name. No network: snapshots as readSyncConfigurations returns them.
import type { SyncConfigurationSnapshot } from "../../provider/cli/export/readSyncConfigurations";
import { parseSyncTargets, syncConfigurationEntries } from "../../provider/cli/export/syncConfigurationModel";

const TARGET = "33333333-3333-4333-8333-333333333333";
const GROUP = "e4612000-0000-4000-8000-00000000000e";
const USER = "ca401000-0000-4000-8000-000000000003";
const ROLE = "18d14569-c3bd-439b-9a66-3a2aee01d14f";

function snapshot(
  over: Partial<SyncConfigurationSnapshot> & { name?: string; spId?: string } = {},
): SyncConfigurationSnapshot {
  const { name = "Sync to Fabrikam", spId = "5f2c0000-0000-4000-8000-000000000001", ...rest } = over;
  return {
    servicePrincipal: {
      id: spId,
      displayName: name,
      applicationTemplateId: "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7",
      raw: { id: spId, appRoles: [{ id: ROLE, value: "msiam_access", isEnabled: true }] },
    },
    job: { id: "Azure2Azure.x.y", templateId: "Azure2Azure", scheduleState: "Active", statusCode: "Active", raw: {} },
    extraJobs: 0,
    assignments: [
      { id: "a1", principalId: GROUP, principalType: "Group", appRoleId: ROLE },
      { id: "a2", principalId: USER, principalType: "User", appRoleId: ROLE },
    ],
    secrets: [
      { key: "AuthenticationType", value: "SyncPolicy" },
      { key: "CompanyId", value: TARGET },
      {
        key: "SyncNotificationSettings",
        value: JSON.stringify({
          Enabled: true,
          Recipients: "ops@contoso.example",
          DeleteThresholdEnabled: true,
          DeleteThresholdValue: 50,
        }),
      },
      { key: "SyncAll", value: "false" },
    ],
    ...rest,
  };
}

const options = { targets: new Map<string, string>(), outboundPartners: [] };

test("readable secrets: everything from Graph, no problem, nothing flagged", () => {
  const [e] = syncConfigurationEntries([snapshot()], options);
  expect(e).toEqual({
    resourceName: "sync-to-fabrikam",
    displayName: "Sync to Fabrikam",
    servicePrincipalId: "5f2c0000-0000-4000-8000-000000000001",
    args: {
      displayName: "Sync to Fabrikam",
      targetTenantId: TARGET,
      scope: { users: [USER], groups: [GROUP] },
      notificationEmail: "ops@contoso.example",
      accidentalDeletionThreshold: 50,
    },
    targetFrom: "secrets",
    blocked: undefined,
    problems: [],
    notes: [],
  });
});

test("CompanyId masked: commented out, naming the flag and the candidate partners; with --sync-target it is used and said so", () => {
  const masked = snapshot({
    secrets: [
      { key: "CompanyId", value: "*" },
      { key: "SyncAll", value: "false" },
    ],
  });
  const [blocked] = syncConfigurationEntries([masked], {
    ...options,
    outboundPartners: [{ tenantId: TARGET, label: "Fabrikam" }],
  });
  expect(blocked.blocked).toContain("its target tenant is unknown: Graph returned its CompanyId secret masked");
  expect(blocked.blocked).toContain('--sync-target "Sync to Fabrikam=<target tenant ID>"');
  expect(blocked.blocked).toContain(`one of which is likely the target: ${TARGET} (Fabrikam).`);

  const [given] = syncConfigurationEntries([masked], {
    ...options,
    targets: parseSyncTargets([`sync to fabrikam=${TARGET.toUpperCase()}`]),
  });
  expect(given.blocked).toBeUndefined();
  expect(given.targetFrom).toBe("--sync-target");
  expect(given.args.targetTenantId).toBe(TARGET);
  expect(given.notes[0]).toContain("Target tenant from --sync-target (Graph returned its CompanyId secret masked).");
  // Readable secrets without SyncNotificationSettings: notifications were never set; nothing to flag.
  expect(given.problems).toEqual([]);
});

test("--sync-target contradicting Graph's CompanyId: commented out (a different target would replace it)", () => {
  const [e] = syncConfigurationEntries([snapshot()], {
    ...options,
    targets: parseSyncTargets(["Sync to Fabrikam=44444444-4444-4444-8444-444444444444"]),
  });
  expect(e.blocked).toBe(
    `--sync-target gives 44444444-4444-4444-8444-444444444444 as its target, but its synchronization secrets say ${TARGET}: a different target replaces the configuration. Drop or correct --sync-target and export again.`,
  );
});

test("several recipients, a job never started, SyncAll true: what the first up keeps is flagged or noted", () => {
  const [e] = syncConfigurationEntries(
    [
      snapshot({
        job: { id: "j", templateId: "Azure2Azure", scheduleState: "Disabled", statusCode: "Paused", raw: {} },
        assignments: [],
        secrets: [
          { key: "CompanyId", value: TARGET },
          { key: "SyncAll", value: "true" },
          {
            key: "SyncNotificationSettings",
            value: '{"Enabled":true,"Recipients":"a@contoso.example;b@contoso.example"}',
          },
        ],
      }),
    ],
    options,
  );
  expect(e.args).toEqual({
    displayName: "Sync to Fabrikam",
    targetTenantId: TARGET,
    scope: { syncAll: true },
    provisioningEnabled: false,
    notificationEmail: "a@contoso.example",
  });
  expect(e.problems).toEqual([
    "failure notifications go to 2 addresses (a@contoso.example, b@contoso.example); notificationEmail takes one, so the first up keeps only a@contoso.example",
  ]);
  expect(e.notes).toEqual([
    "Its job has never been started (schedule Disabled); the first up pauses it (Paused): it stays off.",
  ]);
});

test("two configurations with one name: both commented out; resource names told apart by their IDs", () => {
  const entries = syncConfigurationEntries(
    [snapshot(), snapshot({ spId: "9a000000-0000-4000-8000-000000000002" })],
    options,
  );
  expect(entries.map((e) => e.resourceName)).toEqual(["sync-to-fabrikam-5f2c0000", "sync-to-fabrikam-9a000000"]);
  for (const e of entries) expect(e.blocked).toContain('2 configurations are named "Sync to Fabrikam"');
});

test("--sync-target values: NAME=GUID, the last = splits; anything else is refused", () => {
  expect([...parseSyncTargets([`A=B=${TARGET}`])]).toEqual([["a=b", TARGET]]);
  expect(() => parseSyncTargets(["Fabrikam"])).toThrow(/--sync-target takes "<configuration display name>=/);
  expect(() => parseSyncTargets(["Fabrikam=contoso.com"])).toThrow(/a GUID/);
  expect(() => parseSyncTargets([`X=${TARGET}`, "X=44444444-4444-4444-8444-444444444444"])).toThrow(/twice/);
});
