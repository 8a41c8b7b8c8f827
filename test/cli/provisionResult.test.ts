// Reading Graph's provisionOnDemand answer (both documented shapes) and saying what happened in plain words, and
// the `provision` command line's usage errors (before any sign-in). The answers below are Microsoft's published
// examples (v1.0 provisionOnDemand page, examples 1-3; the cross-tenant Graph guide, step 10), shortened.
import { parseOnDemandResult } from "../../provider/cli/provision/onDemandResult";
import { renderProvision } from "../../provider/cli/provision/renderOnDemand";
import { exitCodeOf } from "../../provider/cli/provision/provisionCommand";
import { cli } from "./cliHarness";

const ctx = {
  configuration: { displayName: "Fabrikam", id: "c8c95753-f628-48e1-9fab-76c2d4cf624c" },
  jobId: "Azure2Azure.3f7565a3fde64e4dbda81bb70aba3612.3f7565a3-fde6-4e4d-bda8-1bb70aba3612",
  ruleId: "ea807875-5618-4f0a-9125-0b46a05298ca",
  user: {
    id: "62cf7b7a-52be-4a9b-9c69-e5d4a4a14f67",
    displayName: "Bill Bob",
    userPrincipalName: "BillBob@contoso.com",
  },
};

/** v1.0 example 1: the user already matches (Skipped, RedundantExport). */
const redundant = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair",
  key: JSON.stringify({
    result: "Skipped",
    details: {
      errorCode: "RedundantExport",
      errorMessage: "The state of the user in both the source and target systems already match.",
    },
  }),
  value: JSON.stringify({
    action: "Other",
    provisioningSteps: [
      {
        name: "EntryImport",
        type: "Import",
        status: "Success",
        description: "Retrieved User 'BillBob@contoso.com' from Azure Active Directory",
        details: { objectId: "52cf7b7a-52be-4a9b-9c69-e4d4a4a14f76" },
      },
      {
        name: "EntrySynchronizationScoping",
        type: "Scoping",
        status: "Success",
        description: "Determine if User in scope by evaluating against each scoping filter",
        details: { IsActive: "True", Assigned: "True" },
      },
      {
        name: "EntrySynchronizationSkip",
        type: "Export",
        status: "Skipped",
        description:
          "The state of the user in both the source and target systems already match. No change to the User 'BillBob@contoso.com' currently needs to be made.",
        details: { SkipReason: "RedundantExport" },
      },
    ],
    reportableIdentifier: "BillBob@contoso.com",
    statusInfo: { status: "Skipped", errorCode: null, reason: null, recommendedAction: null },
    sourceIdentity: { id: "62cf7b7a-52be-4a9b-9c69-e5d4a4a14f67", type: "User" },
    targetIdentity: { id: "52507a19-96ec-4e73-9250-3e65ffd2d926", type: "User" },
  }),
};

/** v1.0 example 2: an update (Success, action Update). */
const update = {
  key: JSON.stringify({ result: "Success", details: {} }),
  value: JSON.stringify({
    provisioningSteps: [
      {
        name: "EntryImportAdd",
        type: "Import",
        status: "Success",
        description: "Received user 'adelev@chicago.com' change of type (Add) from Active Directory",
        details: {},
      },
      {
        name: "EntrySynchronizationScoping",
        type: "Scoping",
        status: "Success",
        description: "Determine if user in scope by evaluating against each scoping filter",
        details: {},
      },
      {
        name: "EntryExportUpdate",
        type: "Export",
        status: "Success",
        description: "User 'adelev@chicago.com' was updated in Azure Active Directory",
        details: {},
      },
    ],
    action: "Update",
    statusInfo: { status: "Success" },
    sourceIdentity: { id: "38a2171b-8b04-4b21-8133-ca8ae52250f3", type: "user" },
    targetIdentity: { id: "87cb2512-8e7f-4543-a9c9-e7cf8756a3ad", type: "User" },
  }),
};

/** The cross-tenant guide's shape: key names the contract, value is an array (one entry per subject). */
function guideShape(entry: Record<string, unknown>) {
  return {
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#microsoft.graph.stringKeyStringValuePair",
    key: "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo",
    value: JSON.stringify([entry]),
  };
}

test("v1.0 example 1 (Skipped, RedundantExport) is 'no change', exit 0", () => {
  const r = parseOnDemandResult(redundant, ctx.user.id);
  expect(r.outcome).toBe("noChange");
  expect(r.code).toBe("RedundantExport");
  expect(r.targetId).toBe("52507a19-96ec-4e73-9250-3e65ffd2d926");
  expect(r.steps.map((s) => `${s.type}/${s.status}`)).toEqual(["Import/Success", "Scoping/Success", "Export/Skipped"]);
  expect(exitCodeOf(r)).toBe(0);
  const text = renderProvision(r, ctx);
  expect(text).toContain(
    "NO CHANGE  Bill Bob <BillBob@contoso.com> already exists in the target tenant and matches the source (object ID 52507a19-96ec-4e73-9250-3e65ffd2d926): nothing to do.",
  );
  expect(text).toMatch(
    /^ +3\. Export +Skipped +The state of the user in both the source and target systems already match\./m,
  );
  expect(text).toMatch(/^ +SkipReason: RedundantExport$/m);
});

test("v1.0 example 2 (Success, action Update) is 'updated', exit 0", () => {
  const r = parseOnDemandResult(update);
  expect(r.outcome).toBe("updated");
  expect(exitCodeOf(r)).toBe(0);
  expect(renderProvision(r, ctx)).toContain(
    "UPDATED    Bill Bob <BillBob@contoso.com> already existed in the target tenant and was updated (object ID 87cb2512-8e7f-4543-a9c9-e7cf8756a3ad). (Graph: Success, action Update)",
  );
});

test("v1.0 example 3 (a group: result Success, value {}) is a success Graph gives no detail for", () => {
  const r = parseOnDemandResult({ key: JSON.stringify({ result: "Success", details: {} }), value: "{}" });
  expect(r.outcome).toBe("succeeded");
  expect(r.steps).toEqual([]);
  expect(exitCodeOf(r)).toBe(0);
});

test("the guide's shape (array value): a create, picked for the subject's object ID", () => {
  const created = guideShape({
    provisioningSteps: [
      {
        name: "EntryImport",
        type: "Import",
        status: "Success",
        description: "Retrieved User 'user1@fabrikam.com' from Azure Active Directory",
        details: {},
      },
      {
        name: "EntryExportAdd",
        type: "Export",
        status: "Success",
        description: "User 'user1@fabrikam.com' was created in Azure Active Directory (target tenant)",
        details: {},
      },
    ],
    statusInfo: { status: "Success" },
    sourceIdentity: { id: ctx.user.id, type: "User" },
    targetIdentity: { id: "0d6a6b7e-1f7a-4a2e-9a51-6e1c3d2b4f00", type: "User" },
  });
  const r = parseOnDemandResult(created, ctx.user.id);
  expect(r.outcome).toBe("created");
  expect(r.targetId).toBe("0d6a6b7e-1f7a-4a2e-9a51-6e1c3d2b4f00");
  expect(renderProvision(r, ctx)).toContain(
    "CREATED    Bill Bob <BillBob@contoso.com> was created in the target tenant (object ID 0d6a6b7e-1f7a-4a2e-9a51-6e1c3d2b4f00).",
  );
});

test("out of scope: skipped with Graph's reason and the fix (scope.users / scope.groups / syncAll), exit 3", () => {
  const skipped = guideShape({
    provisioningSteps: [
      {
        name: "EntryImport",
        type: "Import",
        status: "Success",
        description: "Retrieved User 'user2@fabrikam.com'",
        details: {},
      },
      {
        name: "EntrySynchronizationScoping",
        type: "Scoping",
        status: "Skipped",
        description: "User 'user2@fabrikam.com' is not in scope: not assigned to the application",
        details: { Assigned: "False", SkipReason: "NotEffectivelyEntitled" },
      },
    ],
    statusInfo: { status: "Skipped" },
    sourceIdentity: { id: ctx.user.id, type: "User" },
  });
  const r = parseOnDemandResult(skipped, ctx.user.id);
  expect(r.outcome).toBe("skipped");
  expect(r.code).toBe("NotEffectivelyEntitled");
  expect(exitCodeOf(r)).toBe(3);
  const text = renderProvision(r, ctx);
  expect(text).toContain(
    "SKIPPED    Bill Bob <BillBob@contoso.com> was not provisioned. (Graph: Skipped, NotEffectivelyEntitled)",
  );
  expect(text).toContain("Why: User 'user2@fabrikam.com' is not in scope: not assigned to the application");
  expect(text).toContain('The user is not in scope of "Fabrikam"');
  expect(text).toContain("scope.users");
  expect(text).toMatch(/^ +Assigned: False$/m);
});

test("a guest left out by the scoping filter: skipped, and assigning would not help; exit 3", () => {
  const filtered = guideShape({
    provisioningSteps: [
      {
        name: "EntrySynchronizationScoping",
        type: "Scoping",
        status: "Skipped",
        description: "Determine if User in scope by evaluating against each scoping filter",
        details: { "Assigned to the application": "True", "Scoping filter evaluation passed": "False" },
      },
    ],
    statusInfo: {
      status: "Skipped",
      errorCode: "ScopingFilter",
      reason: "The User was skipped by the scoping filter.",
    },
  });
  const r = parseOnDemandResult(filtered);
  expect(r.outcome).toBe("skipped");
  expect(exitCodeOf(r)).toBe(3);
  const text = renderProvision(r, ctx);
  expect(text).toContain('A scoping filter of the schema of "Fabrikam" leaves the user out');
  expect(text).toContain("schema.scopingFilters");
  expect(text).not.toContain("scope.users");
});

test("a failure names Graph's code, reason and recommended action, exit 1", () => {
  const failed = {
    key: JSON.stringify({ result: "Failure", details: {} }),
    value: JSON.stringify({
      provisioningSteps: [],
      statusInfo: {
        status: "Failure",
        errorCode: "AzureActiveDirectoryForbidden",
        reason: "The target tenant has not allowed inbound synchronization from this tenant.",
        recommendedAction: "Allow inbound user synchronization in the target tenant.",
      },
    }),
  };
  const r = parseOnDemandResult(failed);
  expect(r.outcome).toBe("failed");
  expect(exitCodeOf(r)).toBe(1);
  const text = renderProvision(r, ctx);
  expect(text).toContain(
    "FAILED     Bill Bob <BillBob@contoso.com> could not be provisioned. (Graph: Failure, AzureActiveDirectoryForbidden)",
  );
  expect(text).toContain("Why: The target tenant has not allowed inbound synchronization from this tenant.");
  expect(text).toContain("Graph recommends: Allow inbound user synchronization in the target tenant.");
  expect(text).toContain("userSyncInbound.isSyncAllowed");
});

test("an unreadable answer is 'unknown' (exit 1), never a guess", () => {
  const r = parseOnDemandResult({ key: "x", value: "not json" });
  expect(r.outcome).toBe("unknown");
  expect(exitCodeOf(r)).toBe(1);
});

describe("provision command line (no network)", () => {
  const env = { PATH: "" };
  test("--configuration and --user are required; exit 2", async () => {
    const r = await cli(["provision", "--user", "a@b.c"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('provision needs --configuration (e.g. --configuration "Fabrikam").');
    const u = await cli(["provision", "--configuration", "Fabrikam"], env);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("provision needs --user (e.g. --user adele@contoso.com).");
  });

  test("--connection cannot be combined with connection flags; exit 2", async () => {
    const r = await cli(
      [
        "provision",
        "--connection",
        "source",
        "--tenant-id",
        "contoso.onmicrosoft.com",
        "--configuration",
        "F",
        "--user",
        "u",
      ],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--tenant-id cannot be combined with --connection, --stack or --config-file");
  });

  test("--connection without --stack and without the Pulumi CLI says how to name the stack; exit 2", async () => {
    const r = await cli(["provision", "--connection", "source", "--configuration", "F", "--user", "u"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pass --stack NAME (or --config-file FILE)");
  });

  test("an unknown connection names the configured ones; exit 2", async () => {
    const file = JSON.stringify({
      "entra:connections": {
        value: JSON.stringify({ target: { tenantId: "11111111-1111-4111-8111-111111111111" } }),
        secret: false,
      },
    });
    const r = await cli(
      ["provision", "--config-file", "-", "--connection", "source", "--configuration", "F", "--user", "u"],
      env,
      { stdin: file },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--connection source: no connection named "source" in entra:connections; the configured connections are "target".',
    );
  });

  test("--help lists the exit codes", async () => {
    const r = await cli(["provision", "--help"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Exit codes: 0 created, updated, or already up to date; 3 skipped");
  });
});
