/**
 * CrossTenantSyncConfiguration without Graph: check (validation at preview), diff, and the Graph bodies and
 * answers (payload). Integration against the emulator: crossTenantSyncConfiguration.test.ts.
 */
import { checkSyncConfigInputs } from "../../provider/resources/crossTenantSyncConfiguration/schema";
import { diffSyncConfig } from "../../provider/resources/crossTenantSyncConfiguration/diff";
import {
  accessRoleIdOf,
  assignmentPlan,
  assignmentsOf,
  jobStatusOf,
  notificationSettings,
  objectIdOf,
  secretsBody,
  userRuleIdOf,
  validateBody,
} from "../../provider/resources/crossTenantSyncConfiguration/payload";
import { quarantineNotice } from "../../provider/resources/crossTenantSyncConfiguration/quarantine";
import { UNKNOWN } from "../../provider/resources/shared/values";

const TARGET = "3f1c7a2e-5b4d-4e6f-8a9b-0c1d2e3f4a5b";
const U1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const G1 = "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22";

const program = (over: Record<string, unknown> = {}) => ({
  displayName: "Sync to Fabrikam",
  targetTenantId: TARGET,
  scope: { groups: [G1] },
  ...over,
});

describe("check", () => {
  it("normalizes: defaults filled in, IDs lower-cased, sorted and unique, names trimmed", () => {
    const out = checkSyncConfigInputs(
      program({
        displayName: "  Sync to Fabrikam ",
        targetTenantId: TARGET.toUpperCase(),
        scope: { users: [U1.toUpperCase(), U1], groups: [G1] },
        notificationEmail: " ops@contoso.com ",
      }),
    );
    expect(out.failures).toEqual([]);
    expect(out.inputs).toEqual({
      displayName: "Sync to Fabrikam",
      targetTenantId: TARGET,
      scope: { syncAll: false, users: [U1], groups: [G1] },
      provisioningEnabled: true,
      notificationEmail: "ops@contoso.com",
      onDestroy: "delete",
    });
  });

  it("refuses a target that is not a GUID, naming targetTenantId", () => {
    expect(checkSyncConfigInputs(program({ targetTenantId: "fabrikam.onmicrosoft.com" })).failures).toEqual([
      {
        property: "targetTenantId",
        reason:
          'targetTenantId must be the target tenant\'s ID (the tenant users are synchronized to) as a GUID like "90e29127-71ad-49c7-9ce8-db3f41ea06f1", got "fabrikam.onmicrosoft.com".',
      },
    ]);
    expect(checkSyncConfigInputs(program({ targetTenantId: undefined })).failures[0].property).toBe("targetTenantId");
  });

  it("refuses a group or user ID that is not a GUID, and a UPN with the way to its object ID", () => {
    const out = checkSyncConfigInputs(program({ scope: { groups: ["sales"], users: ["adele@contoso.com"] } }));
    expect(out.failures).toEqual([
      {
        property: "scope.users[0]",
        reason:
          'scope.users[0] must be a user object ID, a GUID like "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11", got "adele@contoso.com"; a user principal name is not accepted here: use the user\'s object ID (e.g. `azuread.getUser({ userPrincipalName }).objectId`, or Entra admin center > Users > the user > Object ID).',
      },
      {
        property: "scope.groups[0]",
        reason:
          'scope.groups[0] must be a group object ID, a GUID like "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11", got "sales".',
      },
    ]);
  });

  it("refuses an empty scope with syncAll false, and accepts syncAll alone", () => {
    expect(checkSyncConfigInputs(program({ scope: {} })).failures).toEqual([
      {
        property: "scope",
        reason:
          "scope is empty: with syncAll false only assigned users and groups are synchronized, and none are listed. List user or group object IDs in scope.users / scope.groups, or set scope.syncAll to true to synchronize every user of this tenant.",
      },
    ]);
    expect(checkSyncConfigInputs(program({ scope: { syncAll: false, users: [], groups: [] } })).failures).toHaveLength(
      1,
    );
    const all = checkSyncConfigInputs(program({ scope: { syncAll: true } }));
    expect(all.failures).toEqual([]);
    expect(all.inputs.scope).toEqual({ syncAll: true, users: [], groups: [] });
    expect(checkSyncConfigInputs(program({ scope: undefined })).failures[0].property).toBe("scope");
  });

  it("checks the e-mail shape, a positive whole threshold, onDestroy and unknown keys", () => {
    const bad = checkSyncConfigInputs(
      program({
        notificationEmail: "ops.contoso.com",
        accidentalDeletionThreshold: 0,
        onDestroy: "keep",
        tenantId: TARGET,
        provisioningEnabeld: true,
      }),
    );
    expect(bad.failures.map((f) => f.property)).toEqual([
      "tenantId",
      "provisioningEnabeld",
      "notificationEmail",
      "accidentalDeletionThreshold",
      "onDestroy",
    ]);
    expect(bad.failures[0].reason).toBe(
      '"tenantId" is not a property of this resource: the tenant this configuration synchronizes to is `targetTenantId`.',
    );
    expect(bad.failures[1].reason).toBe('unknown property "provisioningEnabeld"; did you mean "provisioningEnabled"?');
    expect(bad.failures[3].reason).toMatch(/^accidentalDeletionThreshold must be a positive whole number/);
    for (const t of [1.5, -3, "10"]) {
      expect(checkSyncConfigInputs(program({ accidentalDeletionThreshold: t })).failures).toHaveLength(1);
    }
    const ok = checkSyncConfigInputs(program({ accidentalDeletionThreshold: 25, onDestroy: "pause" }));
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toMatchObject({ accidentalDeletionThreshold: 25, onDestroy: "pause" });
  });

  it("lets values unknown at preview through", () => {
    const out = checkSyncConfigInputs({
      displayName: UNKNOWN,
      targetTenantId: UNKNOWN,
      scope: { groups: [UNKNOWN] },
      notificationEmail: UNKNOWN,
    });
    expect(out.failures).toEqual([]);
    expect(out.inputs).toMatchObject({ displayName: UNKNOWN, targetTenantId: UNKNOWN, scope: { groups: [UNKNOWN] } });
    expect(checkSyncConfigInputs(program({ scope: UNKNOWN })).failures).toEqual([]);
  });
});

describe("diff", () => {
  const outs = {
    ...(checkSyncConfigInputs(program({ scope: { users: [U1], groups: [G1] } })).inputs as Record<string, unknown>),
    applicationObjectId: "a",
    servicePrincipalId: "s",
    appId: "x",
    jobId: "j",
    assignments: { [U1]: "a1", [G1]: "a2" },
    jobStatus: { state: "Active", code: "Active" },
    adopted: false,
  };
  const news = (over: Record<string, unknown> = {}) =>
    checkSyncConfigInputs(program({ scope: { users: [U1], groups: [G1] }, ...over })).inputs;

  it("no change: nothing (outputs-only fields never count)", () => {
    expect(diffSyncConfig(outs, news())).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
      changed: [],
    });
  });

  it("a new target replaces, deleting the old configuration first", () => {
    const d = diffSyncConfig(outs, news({ targetTenantId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }));
    expect(d).toMatchObject({ changes: true, replaces: ["targetTenantId"], deleteBeforeReplace: true });
    expect(diffSyncConfig(outs, { ...news(), targetTenantId: UNKNOWN }).replaces).toEqual(["targetTenantId"]);
  });

  it("other changes update: name, scope, state, notifications, threshold, onDestroy", () => {
    const d = diffSyncConfig(
      outs,
      news({
        displayName: "Renamed",
        scope: { users: [U1] },
        provisioningEnabled: false,
        notificationEmail: "ops@contoso.com",
        accidentalDeletionThreshold: 5,
        onDestroy: "pause",
      }),
    );
    expect(d).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      changed: [
        "displayName",
        "scope",
        "provisioningEnabled",
        "notificationEmail",
        "accidentalDeletionThreshold",
        "onDestroy",
      ],
    });
  });

  it("a partial create, or a job deleted in the portal, is a change so up finishes it", () => {
    expect(diffSyncConfig({ ...outs, pending: ["validate", "start"] }, news()).changed).toEqual(["pending"]);
    expect(diffSyncConfig({ ...outs, jobId: undefined }, news()).changed).toEqual(["jobId"]);
  });
});

describe("payload", () => {
  const inputs = checkSyncConfigInputs(
    program({ notificationEmail: "ops@contoso.com", accidentalDeletionThreshold: 10 }),
  ).inputs as unknown as Parameters<typeof secretsBody>[0];

  it("secrets: the whole set the Entra guide writes, notification settings as Graph's JSON string", () => {
    expect(secretsBody(inputs)).toEqual({
      value: [
        { key: "AuthenticationType", value: "SyncPolicy" },
        { key: "CompanyId", value: TARGET },
        {
          key: "SyncNotificationSettings",
          value:
            '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":10}',
        },
        { key: "SyncAll", value: "false" },
      ],
    });
    expect(notificationSettings({})).toBe('{"Enabled":false,"DeleteThresholdEnabled":false}');
    expect(validateBody(TARGET)).toEqual({
      useSavedCredentials: false,
      templateId: "Azure2Azure",
      credentials: [
        { key: "CompanyId", value: TARGET },
        { key: "AuthenticationType", value: "SyncPolicy" },
      ],
    });
  });

  it("reads both id shapes, the msiam_access role and the USER_INBOUND_USER rule", () => {
    expect(objectIdOf({ id: "ABC" })).toBe("abc");
    expect(objectIdOf({ objectId: "DEF" })).toBe("def");
    expect(
      accessRoleIdOf({
        appRoles: [
          { id: "11111111-1111-1111-1111-111111111111", displayName: "User", isEnabled: true },
          { id: "22222222-2222-2222-2222-222222222222", displayName: "msiam_access", isEnabled: true },
        ],
      }),
    ).toBe("22222222-2222-2222-2222-222222222222");
    expect(accessRoleIdOf({})).toBe("00000000-0000-0000-0000-000000000000");
    expect(
      userRuleIdOf({
        synchronizationRules: [
          { id: "r0", name: "GROUP_X" },
          { id: "r1", name: "USER_INBOUND_USER" },
        ],
      }),
    ).toBe("r1");
  });

  it("job status: schedule state, code, last cycle with its error, quarantine with Graph's reason", () => {
    expect(
      jobStatusOf({
        schedule: { state: "Disabled" },
        status: { code: "Paused", lastExecution: null, quarantine: null },
      }),
    ).toEqual({ state: "Disabled", code: "Paused" });
    expect(
      jobStatusOf({
        schedule: { state: "Active" },
        status: {
          code: "Quarantine",
          lastExecution: {
            state: "Failed",
            timeEnded: "2026-12-07T20:00:00Z",
            error: { code: "AzureDirectoryB2BManagementPolicyCheckFailure", message: "not allowed" },
          },
          quarantine: {
            reason: "EncounteredQuarantineException",
            currentBegan: "2026-12-07T20:00:01Z",
            error: { code: "AzureDirectoryB2BManagementPolicyCheckFailure", message: "not allowed" },
          },
        },
      }),
    ).toEqual({
      state: "Active",
      code: "Quarantine",
      lastCycle: {
        state: "Failed",
        timeEnded: "2026-12-07T20:00:00Z",
        error: { code: "AzureDirectoryB2BManagementPolicyCheckFailure", message: "not allowed" },
      },
      quarantine: {
        reason: "EncounteredQuarantineException",
        since: "2026-12-07T20:00:01Z",
        errorCode: "AzureDirectoryB2BManagementPolicyCheckFailure",
        message: "not allowed",
      },
    });
    // The Entra guide's first cycle shows error code "None": no error.
    expect(
      jobStatusOf({
        schedule: { state: "Active" },
        status: { code: "NotRun", lastExecution: { state: "Failed", error: { code: "None", message: "" } } },
      }).lastCycle,
    ).toEqual({ state: "Failed" });
  });

  it("assignments: principal → assignment, users and groups apart; the plan adds and removes individually", () => {
    const listed = assignmentsOf(
      [
        { id: "a1", principalId: U1.toUpperCase(), principalType: "User", appRoleId: "r" },
        { id: "a2", principalId: G1, principalType: "Group", appRoleId: "r" },
        { id: "a3", principalId: "other", principalType: "User", appRoleId: "another-role" },
      ],
      "r",
    );
    expect(listed).toEqual({ assignments: { [U1]: "a1", [G1]: "a2" }, users: [U1], groups: [G1] });
    expect(assignmentPlan(listed.assignments, { syncAll: false, users: ["new"], groups: [G1] })).toEqual({
      add: ["new"],
      remove: [{ principalId: U1, assignmentId: "a1" }],
    });
  });

  it("a quarantine notice names Graph's reason, the target's two objects and where to look", () => {
    expect(quarantineNotice("Sync", TARGET, { state: "Active", code: "Active" })).toBeUndefined();
    expect(
      quarantineNotice("Sync", TARGET, {
        state: "Active",
        code: "Quarantine",
        quarantine: {
          reason: "EncounteredQuarantineException",
          since: "2026-12-07T20:00:01Z",
          errorCode: "E",
          message: "m",
        },
      }),
    ).toBe(
      'entra:CrossTenantSyncConfiguration: the synchronization job of configuration "Sync" is in quarantine since 2026-12-07T20:00:01Z (EncounteredQuarantineException — E: m): ' +
        "Graph retries it less often and provisions no one until the cause is fixed. " +
        `If the target tenant stopped allowing synchronization, restore in ${TARGET} its CrossTenantIdentitySyncPolicyPartner for this tenant (userSyncInbound.isSyncAllowed true) ` +
        "and its CrossTenantAccessPolicyConfigurationPartner (automaticUserConsentSettings.inboundAllowed true), e.g. with pulumi up of the program that manages them; " +
        "for too many deletions, check the scope and raise accidentalDeletionThreshold. The job leaves quarantine on its next successful cycle; " +
        'Entra admin center > Cross-tenant synchronization > Configurations > "Sync" > Provisioning logs shows each failure.',
    );
  });
});
