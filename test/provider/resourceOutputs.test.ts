/** The resource classes under pulumi.runtime.setMocks: outputs exist even for omitted inputs, inputs pass through. */
import * as pulumi from "@pulumi/pulumi";
import { resetOwnershipRegistry } from "../../provider/program/ownership";
import {
  CrossTenantAccessPolicyConfigurationDefault,
  CrossTenantAccessPolicyConfigurationPartner,
  CrossTenantIdentitySyncPolicyPartner,
} from "../../provider";

const registered: Record<string, unknown>[] = [];
beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args.inputs);
        return { id: `${args.name}-id`, state: { ...args.inputs, apiVersion: "v1.0", adopted: false } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

const value = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

describe("CrossTenantIdentitySyncPolicyPartner", () => {
  it("declares every output, including those of omitted inputs", async () => {
    const r = new CrossTenantIdentitySyncPolicyPartner("minimal", {
      tenantId: "90e29127-71ad-49c7-9ce8-db3f41ea06f1",
      userSyncInbound: { isSyncAllowed: true },
    });
    for (const o of [
      r.tenantId,
      r.displayName,
      r.userSyncInbound,
      r.groupSyncInbound,
      r.adoptExisting,
      r.apiVersion,
      r.adopted,
    ]) {
      expect(pulumi.Output.isInstance(o)).toBe(true);
    }
    expect(await value(r.userSyncInbound)).toEqual({ isSyncAllowed: true });
    expect(await value(r.apiVersion)).toBe("v1.0");
    expect(await value(r.displayName)).toBeUndefined();
  });

  it("sends only the given inputs (plus any unknown key, so check can name a typo)", async () => {
    // Another partner than the test above: one program may not declare two owners of one policy (ownership.ts).
    const args = {
      tenantId: "5f1c0a8e-3b0d-4f7e-9a51-2b6e8d4c7a10",
      userSyncInbound: { isSyncAllowed: true },
      displayname: "typo",
    };
    const r = new CrossTenantIdentitySyncPolicyPartner("typo", args as never);
    await value(r.urn);
    const inputs = registered[registered.length - 1];
    expect(Object.keys(inputs).sort()).toEqual(["__owner", "__provider", "displayname", "tenantId", "userSyncInbound"]);
  });
});

describe("CrossTenantAccessPolicyConfigurationPartner", () => {
  it("declares every output, sends only the given inputs (plus unknown keys), and reports read-only values", async () => {
    const r = new CrossTenantAccessPolicyConfigurationPartner("partner", {
      tenantId: "0b7e1a34-52f4-4d0a-8c53-3f1f1a2b9c01",
      automaticUserConsentSettings: { inboundAllowed: true },
      inboundtrust: {},
    } as never);
    const outs = [
      r.tenantId,
      r.automaticUserConsentSettings,
      r.b2bCollaborationInbound,
      r.b2bCollaborationOutbound,
      r.b2bDirectConnectInbound,
      r.b2bDirectConnectOutbound,
      r.tenantRestrictions,
      r.inboundTrust,
      r.adoptExisting,
      r.connection,
      r.isServiceProvider,
      r.isInMultiTenantOrganization,
      r.adopted,
    ];
    for (const o of outs) expect(pulumi.Output.isInstance(o)).toBe(true);
    await value(r.urn);
    expect(Object.keys(registered[registered.length - 1]).sort()).toEqual([
      "__owner",
      "__provider",
      "automaticUserConsentSettings",
      "inboundtrust",
      "tenantId",
    ]);
    expect(await value(r.automaticUserConsentSettings)).toEqual({ inboundAllowed: true });
    expect(await value(r.b2bCollaborationInbound)).toBeUndefined();
  });
});

describe("CrossTenantAccessPolicyConfigurationDefault", () => {
  it("takes no arguments and declares every output", async () => {
    const r = new CrossTenantAccessPolicyConfigurationDefault("default");
    for (const o of [
      r.b2bCollaborationInbound,
      r.b2bCollaborationOutbound,
      r.b2bDirectConnectInbound,
      r.b2bDirectConnectOutbound,
      r.tenantRestrictions,
      r.inboundTrust,
      r.connection,
      r.isServiceDefault,
    ]) {
      expect(pulumi.Output.isInstance(o)).toBe(true);
    }
    await value(r.urn);
    expect(Object.keys(registered[registered.length - 1]).sort()).toEqual(["__owner", "__provider"]); // __owner: the label for messages, removed by check()
  });
});

describe("the take-over warning fires on the run whose create took the object over, never on later runs", () => {
  /** Registers `make()` under mocks whose create returns `state`, and returns the warnings printed. */
  async function warningsOf(
    state: (inputs: Record<string, unknown>) => Record<string, unknown>,
    make: () => pulumi.CustomResource,
  ): Promise<string[]> {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, ...state(args.inputs) } }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    resetOwnershipRegistry();
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    try {
      await value(make().urn);
      await new Promise((r) => setTimeout(r, 100));
      return warn.mock.calls.map((c) => String(c[0]));
    } finally {
      warn.mockRestore();
    }
  }
  const T1 = "7d1f0c2e-5a4b-4c3d-8e2f-1a0b9c8d7e61";
  const now = () => ({ adopted: true, adoptedAt: new Date().toISOString() }); // create runs after the constructor
  const earlier = { adopted: true, adoptedAt: "2026-01-02T03:04:05.678Z" }; // an earlier run's take-over, from state

  it("identity sync policy and partner configuration: this run warns, an earlier run's adoptedAt does not", async () => {
    const policy = () =>
      new CrossTenantIdentitySyncPolicyPartner("p", { tenantId: T1, userSyncInbound: { isSyncAllowed: true } });
    const partner = () => new CrossTenantAccessPolicyConfigurationPartner("c", { tenantId: T1 });
    expect(await warningsOf(now, policy)).toEqual([
      expect.stringMatching(
        /^CrossTenantIdentitySyncPolicyPartner "p" took over the identity sync policy .*adopted = true.*retainOnDelete: true/,
      ),
    ]);
    expect(await warningsOf(() => earlier, policy)).toEqual([]);
    expect(await warningsOf(now, partner)).toEqual([
      expect.stringMatching(
        /^CrossTenantAccessPolicyConfigurationPartner "c" took over the partner configuration of tenant .*deletes it in Entra/,
      ),
    ]);
    expect(await warningsOf(() => earlier, partner)).toEqual([]);
    expect(await warningsOf(() => ({ adopted: false }), partner)).toEqual([]);
  });

  it("several take-overs in one run: one summary warning naming them all, each object's detail as an info line on its resource", async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({
          id: `${args.name}-id`,
          state: { ...args.inputs, ...(args.name === "fresh" ? { adopted: false } : now()) },
        }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    resetOwnershipRegistry();
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    const info = jest.spyOn(pulumi.log, "info").mockImplementation(() => Promise.resolve());
    try {
      const tenants = [
        "1d1f0c2e-5a4b-4c3d-8e2f-1a0b9c8d7e61",
        "2d1f0c2e-5a4b-4c3d-8e2f-1a0b9c8d7e61",
        "3d1f0c2e-5a4b-4c3d-8e2f-1a0b9c8d7e61",
      ];
      const taken = tenants
        .slice(0, 2)
        .map((tenantId, i) => new CrossTenantAccessPolicyConfigurationPartner(`taken-${i}`, { tenantId }));
      const fresh = new CrossTenantAccessPolicyConfigurationPartner("fresh", { tenantId: tenants[2] });
      const defaults = new CrossTenantAccessPolicyConfigurationDefault("defaults", {});
      await Promise.all([...taken, fresh, defaults].map((r) => value(r.urn)));
      await new Promise((r) => setTimeout(r, 100));
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        'this update took over 3 objects that already existed in Entra (each resource\'s info line names its object): CrossTenantAccessPolicyConfigurationPartner "taken-0", ' +
          'CrossTenantAccessPolicyConfigurationPartner "taken-1", CrossTenantAccessPolicyConfigurationDefault "defaults". Destroy deletes them (the default configuration: resets it; the cross-tenant access policy: empties its list) ' +
          "unless the resource has `retainOnDelete: true`. Expected after `export`; otherwise check that each one was meant to be managed here.",
      ]);
      expect(warn.mock.calls[0][1]).toBeUndefined(); // a stack-level line
      expect(info.mock.calls.map((c) => [String(c[0]).split(" took over ")[0], c[1]])).toEqual([
        ['CrossTenantAccessPolicyConfigurationPartner "taken-0"', taken[0]],
        ['CrossTenantAccessPolicyConfigurationPartner "taken-1"', taken[1]],
        ['CrossTenantAccessPolicyConfigurationDefault "defaults"', defaults],
      ]);
    } finally {
      warn.mockRestore();
      info.mockRestore();
    }
  });

  it("default configuration: a customised one taken over in this run warns that destroy resets it; later runs do not", async () => {
    const make = () => new CrossTenantAccessPolicyConfigurationDefault("default", {});
    expect(await warningsOf(() => ({ adoptedAt: new Date().toISOString() }), make)).toEqual([
      expect.stringMatching(
        /^CrossTenantAccessPolicyConfigurationDefault "default" took over the default cross-tenant access configuration .*customised, not the system default.*resets it to Microsoft's system default.*retainOnDelete: true/,
      ),
    ]);
    expect(await warningsOf(() => ({ adoptedAt: earlier.adoptedAt }), make)).toEqual([]);
    expect(await warningsOf(() => ({}), make)).toEqual([]); // the system default: nothing was taken from anyone
  });
});

describe("registration cost (debugTraces.ts)", () => {
  it("leaves the program's Error.stackTraceLimit as it was, and an error thrown while registering keeps a stack", () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 25;
    try {
      new CrossTenantIdentitySyncPolicyPartner("limit", {
        tenantId: "0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e62",
        userSyncInbound: { isSyncAllowed: true },
      });
      new CrossTenantAccessPolicyConfigurationPartner("limit", { tenantId: "0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e63" });
      expect(Error.stackTraceLimit).toBe(25);
      // The SDK rejects a missing name inside the constructor: the error says so and points at this file.
      let thrown: Error | undefined;
      try {
        new CrossTenantAccessPolicyConfigurationPartner(undefined as unknown as string, {
          tenantId: "0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e64",
        });
      } catch (e) {
        thrown = e as Error;
      }
      expect(thrown?.message).toMatch(/^Missing resource name argument/);
      expect(thrown?.stack).toContain("resourceOutputs.test.ts");
      expect(Error.stackTraceLimit).toBe(25);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});
