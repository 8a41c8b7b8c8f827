/**
 * CrossTenantSyncPartnership with `sourceConfiguration` (issue 16 §2) under pulumi.runtime.setMocks: the fourth
 * child, its inputs (the source side's connection, the target tenant) and the argument errors that fail before
 * anything is registered. The Graph calls, their order and tenants: test/e2e/sourceSync*.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantSyncPartnership } from "../../provider";
import { resetPartnershipClaims } from "../../provider/program/components/crossTenantSyncPartnership/claims";
import { resetOwnershipRegistry } from "../../provider/program/ownership";

const X = "11111111-1111-4111-8111-111111111111";
const Y = "33333333-3333-4333-8333-333333333333";
const GROUP = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const USER = "0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
let registered: Registered[] = [];

beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  ),
);

beforeEach(() => {
  registered = [];
  resetOwnershipRegistry();
  resetPartnershipClaims();
  pulumi.runtime.setAllConfig({});
});
afterEach(() => pulumi.runtime.awaitStackRegistrations());

async function settled(...outputs: pulumi.Output<unknown>[]): Promise<void> {
  await Promise.all(outputs.map((o) => (o as unknown as { promise(): Promise<unknown> }).promise()));
  await new Promise((r) => setTimeout(r, 50));
}

const byName = (name: string) => registered.find((r) => r.name === name);
const sides = { source: { tenantId: X, connection: "source" }, target: { tenantId: Y, connection: "target" } };

describe("the source configuration", () => {
  it("is a fourth child in the source tenant, pointed at the target, registered after the other three", async () => {
    const p = new CrossTenantSyncPartnership("contoso-fabrikam", {
      ...sides,
      displayName: "Contoso",
      sourceConfiguration: {
        displayName: "Sync to Fabrikam",
        scope: { groups: [GROUP], users: [USER] },
        notificationEmail: "admin@contoso.com",
        accidentalDeletionThreshold: 50,
      },
    });
    expect(p.sourceConfiguration).toBeDefined();
    await settled(p.targetTenantId, p.sourceConfiguration!.urn);
    const config = byName("contoso-fabrikam-source-configuration")!;
    expect(config.type).toBe("pulumi-nodejs:dynamic/entra:CrossTenantSyncConfiguration");
    expect(config.inputs).toMatchObject({
      connection: "source",
      targetTenantId: Y,
      displayName: "Sync to Fabrikam",
      scope: { groups: [GROUP], users: [USER] },
      notificationEmail: "admin@contoso.com",
      accidentalDeletionThreshold: 50,
    });
    // dependsOn: the SDK registers it only once the partners and the policy are registered
    const order = registered.map((r) => r.name);
    for (const child of ["target-partner", "sync-policy", "source-partner"])
      expect(order.indexOf(`contoso-fabrikam-${child}`)).toBeLessThan(order.indexOf(config.name));
  });

  it("is not declared without sourceConfiguration (the three children as before)", async () => {
    const p = new CrossTenantSyncPartnership("p", sides);
    await settled(p.targetTenantId);
    expect(p.sourceConfiguration).toBeUndefined();
    expect(registered.filter((r) => r.type.includes("CrossTenantSyncConfiguration"))).toEqual([]);
  });

  it("each direction of a mutual relationship can have its own, in its own source tenant", async () => {
    const there = new CrossTenantSyncPartnership("x-to-y", {
      ...sides,
      mutual: true,
      sourceConfiguration: { displayName: "To Y", scope: { syncAll: true } },
    });
    const back = new CrossTenantSyncPartnership("y-to-x", {
      source: sides.target,
      target: sides.source,
      reverseOf: there,
      sourceConfiguration: { displayName: "To X", scope: { groups: [GROUP] }, provisioningEnabled: false },
    });
    await settled(there.sourceConfiguration!.urn, back.sourceConfiguration!.urn);
    expect(byName("x-to-y-source-configuration")!.inputs).toMatchObject({ connection: "source", targetTenantId: Y });
    expect(byName("y-to-x-source-configuration")!.inputs).toMatchObject({
      connection: "target",
      targetTenantId: X,
      provisioningEnabled: false,
    });
  });

  it("a scope whose only ID is an Output is not taken for an empty one", async () => {
    const p = new CrossTenantSyncPartnership("p", {
      ...sides,
      sourceConfiguration: { displayName: "Sync", scope: { groups: [pulumi.output(GROUP)] } },
    });
    await settled(p.sourceConfiguration!.urn);
    expect(byName("p-source-configuration")!.inputs).toMatchObject({ scope: { groups: [GROUP] } });
  });

  it("Outputs in the scope are passed on (checked by the resource when they resolve)", async () => {
    const p = new CrossTenantSyncPartnership("p", {
      ...sides,
      sourceConfiguration: { displayName: pulumi.output("Sync"), scope: pulumi.output({ groups: [GROUP] }) },
    });
    await settled(p.sourceConfiguration!.urn);
    expect(byName("p-source-configuration")!.inputs).toMatchObject({ displayName: "Sync", scope: { groups: [GROUP] } });
  });
});

describe("argument errors of sourceConfiguration fail before anything is registered", () => {
  const ok = { displayName: "Sync", scope: { groups: [GROUP] } };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["not an object", { sourceConfiguration: "Sync" }, /sourceConfiguration must be \{ displayName, scope/],
    ["no displayName", { sourceConfiguration: { scope: ok.scope } }, /sourceConfiguration\.displayName is required/],
    [
      "empty displayName",
      { sourceConfiguration: { ...ok, displayName: " " } },
      /sourceConfiguration\.displayName must not be blank/,
    ],
    ["no scope", { sourceConfiguration: { displayName: "Sync" } }, /sourceConfiguration\.scope is required/],
    [
      "empty scope with syncAll off",
      { sourceConfiguration: { ...ok, scope: { syncAll: false, groups: [] } } },
      /sourceConfiguration\.scope is empty: with syncAll false only assigned users and groups are synchronized, and none are listed/,
    ],
    ["empty scope object", { sourceConfiguration: { ...ok, scope: {} } }, /sourceConfiguration\.scope is empty/],
    [
      "a group ID that is not a GUID",
      { sourceConfiguration: { ...ok, scope: { groups: [GROUP, "Engineering"] } } },
      /sourceConfiguration\.scope\.groups\[1\] must be a group object ID, a GUID like .*, got "Engineering"/,
    ],
    [
      "a user given by UPN",
      { sourceConfiguration: { ...ok, scope: { users: ["alice@contoso.com"] } } },
      /sourceConfiguration\.scope\.users\[0\] must be a user object ID.*a user principal name is not accepted here/,
    ],
    [
      "scope typo",
      { sourceConfiguration: { ...ok, scope: { group: [GROUP] } } },
      /sourceConfiguration\.scope\.group: unknown property "scope\.group"; did you mean "scope\.groups"\?/,
    ],
    [
      "syncAll not a boolean",
      { sourceConfiguration: { ...ok, scope: { syncAll: "yes" } } },
      /sourceConfiguration\.scope\.syncAll must be a boolean/,
    ],
    [
      "targetTenantId given",
      { sourceConfiguration: { ...ok, targetTenantId: Y } },
      /sourceConfiguration\.targetTenantId is set by the partnership \(it is the partnership's target\.tenantId\); remove it/,
    ],
    [
      "connection given",
      { sourceConfiguration: { ...ok, connection: "source" } },
      /sourceConfiguration\.connection is set by the partnership \(it is the source side's connection/,
    ],
    [
      "argument typo",
      { sourceConfiguration: { ...ok, notificationEmial: "a@b.c" } },
      /did you mean "notificationEmail"/,
    ],
    [
      "notificationEmail not an address",
      { sourceConfiguration: { ...ok, notificationEmail: "admins" } },
      /sourceConfiguration\.notificationEmail must be one e-mail address/,
    ],
    [
      "threshold not a whole number",
      { sourceConfiguration: { ...ok, accidentalDeletionThreshold: 0 } },
      /sourceConfiguration\.accidentalDeletionThreshold must be a positive whole number/,
    ],
    [
      "onDestroy unknown",
      { sourceConfiguration: { ...ok, onDestroy: "keep" } },
      /sourceConfiguration\.onDestroy must be "delete".*or "pause"/,
    ],
    [
      "provisioningEnabled not a boolean",
      { sourceConfiguration: { ...ok, provisioningEnabled: "on" } },
      /sourceConfiguration\.provisioningEnabled must be a boolean/,
    ],
    [
      "userSync false",
      { userSync: false, sourceConfiguration: ok },
      /userSync: false keeps the target tenant from allowing synchronization.*sourceConfiguration could not run/,
    ],
  ];
  it.each(cases)("%s", (_what, extra, message) => {
    let caught: unknown;
    try {
      new CrossTenantSyncPartnership("p", { ...sides, ...extra } as never);
    } catch (e) {
      caught = e;
    }
    expect(pulumi.RunError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/^CrossTenantSyncPartnership "p": /);
    expect((caught as Error).message).toMatch(message);
    expect(registered).toEqual([]);
  });

  it("the same tenant on both sides still fails first (a tenant cannot synchronize into itself)", () => {
    expect(
      () =>
        new CrossTenantSyncPartnership("p", {
          source: { tenantId: X, connection: "source" },
          target: { tenantId: X, connection: "target" },
          sourceConfiguration: ok,
        }),
    ).toThrow(/cannot synchronize into itself/);
  });
});
