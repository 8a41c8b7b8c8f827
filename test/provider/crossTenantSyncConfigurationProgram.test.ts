/**
 * CrossTenantSyncConfiguration in the program (pulumi.runtime.setMocks): the one-owner claim by connection and
 * name, the take-over warning, and the warning for a job in quarantine.
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantSyncConfiguration } from "../../provider";
import { resetOwnershipRegistry } from "../../provider/program/ownership";

const TARGET = "3f1c7a2e-5b4d-4e6f-8a9b-0c1d2e3f4a5b";
const OTHER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const G1 = "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22";

let registered: { name: string; inputs: Record<string, unknown> }[];
let extraState: Record<string, unknown>;

async function mock(dryRun: boolean): Promise<void> {
  registered = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...extraState } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    dryRun,
  );
  resetOwnershipRegistry();
}

/** Lets the mocked registrations and every apply run. */
const settle = () => new Promise((r) => setTimeout(r, 50));

function config(name: string, displayName: string, targetTenantId = TARGET, connection?: string) {
  return new CrossTenantSyncConfiguration(name, {
    displayName,
    targetTenantId,
    scope: { groups: [G1] },
    ...(connection ? { connection } : {}),
  });
}

beforeEach(() => {
  extraState = {};
});

describe("one owner per configuration name", () => {
  it("a second resource with the same name (any case, any target) fails at preview, naming both", async () => {
    await mock(true);
    config("eu", "Sync to Fabrikam");
    config("us", "sync to FABRIKAM", OTHER);
    config("other-tenant", "Sync to Fabrikam", TARGET, "partner"); // another connection: another tenant
    config("other-name", "Sync to Contoso");
    await settle();
    const conflicts = registered.filter((r) => typeof r.inputs.__ownership === "string");
    expect(conflicts.map((r) => r.name)).toEqual(["us"]);
    expect(conflicts[0].inputs.__ownership).toBe(
      'CrossTenantSyncConfiguration "us" and CrossTenantSyncConfiguration "eu" both manage the cross-tenant synchronization configuration named "sync to fabrikam" ' +
        "in the tenant of the top-level entra:* settings (names are compared in any letter case, as Graph does). " +
        "Each Graph object must have exactly one owner: the second resource would take over the first one's object, and deleting either would delete it for both. " +
        "Give each configuration its own displayName: Graph finds a configuration by its template and name, so two with one name (even for different target tenants) would share one application.",
    );
  });

  it("registers every output key and the type token", async () => {
    await mock(true);
    const c = config("eu", "Sync to Fabrikam");
    await settle();
    expect(Object.keys(registered[0].inputs).sort()).toEqual(
      expect.arrayContaining(["displayName", "targetTenantId", "scope", "__provider"]),
    );
    const urn = await new Promise<string>((r) => c.urn.apply(r));
    expect(urn).toContain("pulumi-nodejs:dynamic/entra:CrossTenantSyncConfiguration");
  });
});

describe("warnings on up", () => {
  it("a take-over made by this run warns once, naming the configuration and what destroy does", async () => {
    await mock(false);
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(async () => undefined);
    try {
      extraState = { adopted: true, adoptedAt: new Date(Date.now() + 1000).toISOString() };
      config("eu", "Sync to Fabrikam");
      await settle();
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        'CrossTenantSyncConfiguration "eu" took over the cross-tenant synchronization configuration named "Sync to Fabrikam" in the tenant of the top-level entra:* settings, which already existed ' +
          "(adopted = true; its secrets, scope and job state are now the program's); " +
          'destroy pauses its job and deletes its application (onDestroy "pause": only pauses the job) unless the resource has `retainOnDelete: true`.',
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it("a job in quarantine warns with Graph's reason and what to do", async () => {
    await mock(false);
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(async () => undefined);
    try {
      extraState = {
        adopted: false,
        jobStatus: {
          state: "Active",
          code: "Quarantine",
          quarantine: {
            reason: "EncounteredQuarantineException",
            since: "2026-12-07T20:00:01Z",
            errorCode: "AzureDirectoryB2BManagementPolicyCheckFailure",
            message: "The target tenant has not allowed inbound synchronization",
          },
        },
      };
      config("eu", "Sync to Fabrikam");
      await settle();
      expect(warn.mock.calls).toHaveLength(1);
      expect(warn.mock.calls[0][0]).toMatch(
        /^entra:CrossTenantSyncConfiguration: the synchronization job of configuration "Sync to Fabrikam" is in quarantine since 2026-12-07T20:00:01Z \(EncounteredQuarantineException — AzureDirectoryB2BManagementPolicyCheckFailure: The target tenant has not allowed inbound synchronization\)/,
      );
    } finally {
      warn.mockRestore();
    }
  });
});
