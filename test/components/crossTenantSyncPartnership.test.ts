/**
 * CrossTenantSyncPartnership under pulumi.runtime.setMocks: which children it registers with which inputs, the
 * mutual / reverseOf pattern, and the argument errors that fail before anything is registered. The real CLI, the
 * order of the Graph calls and the tenants they land in are exercised in test/e2e/crossTenantSync*.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantSyncPartnership } from "../../provider";
import { mirrorMismatch } from "../../provider/program/components/crossTenantSyncPartnership/mirror";
import { resetPartnershipClaims } from "../../provider/program/components/crossTenantSyncPartnership/claims";
import { resetOwnershipRegistry } from "../../provider/program/ownership";

const X = "11111111-1111-4111-8111-111111111111";
const Y = "33333333-3333-4333-8333-333333333333";
const Z = "0a0e0a0e-0000-4000-8000-00000000000c";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
let registered: Registered[] = [];

/** Fresh registries, config and record for each test; one mock monitor for the file (see afterEach). */
function reset(config: Record<string, string> = {}): void {
  registered = [];
  resetOwnershipRegistry();
  resetPartnershipClaims();
  pulumi.runtime.setAllConfig(config);
}

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

/** Waits until the SDK has registered everything declared so far. */
async function settled(...outputs: pulumi.Output<unknown>[]): Promise<void> {
  await Promise.all(outputs.map((o) => (o as unknown as { promise(): Promise<unknown> }).promise()));
  await new Promise((r) => setTimeout(r, 50));
}

const byName = (name: string) => registered.find((r) => r.name === name);
const custom = () =>
  registered
    .filter((r) => !r.type.startsWith("entra:index:"))
    .map((r) => r.name)
    .sort();

beforeEach(() => reset());
// Registrations still in flight would reach the next test's mocks.
afterEach(() => pulumi.runtime.awaitStackRegistrations());

describe("children", () => {
  it("target partner with inbound consent, the sync policy, source partner with outbound consent, each in its tenant's connection", async () => {
    const p = new CrossTenantSyncPartnership("contoso-fabrikam", {
      source: { tenantId: X, connection: "source" },
      target: {
        tenantId: Y.toUpperCase(),
        connection: "target",
        partnerSettings: { b2bCollaborationInbound: undefined },
      },
      displayName: "Contoso",
      inboundTrust: { isMfaAccepted: true },
    });
    await settled(p.sourceTenantId, p.targetTenantId, p.syncPolicy.tenantId);
    expect(byName("contoso-fabrikam")?.type).toBe("entra:index:CrossTenantSyncPartnership");
    expect(custom()).toEqual([
      "contoso-fabrikam-source-partner",
      "contoso-fabrikam-sync-policy",
      "contoso-fabrikam-target-partner",
    ]);

    const target = byName("contoso-fabrikam-target-partner")!;
    expect(target.type).toBe("pulumi-nodejs:dynamic/entra:CrossTenantAccessPolicyConfigurationPartner");
    expect(target.inputs).toMatchObject({
      tenantId: X,
      connection: "target",
      automaticUserConsentSettings: { inboundAllowed: true },
      inboundTrust: { isMfaAccepted: true },
    });
    expect(target.inputs.automaticUserConsentSettings).toEqual({ inboundAllowed: true });

    const policy = byName("contoso-fabrikam-sync-policy")!;
    expect(policy.type).toBe("pulumi-nodejs:dynamic/entra:CrossTenantIdentitySyncPolicyPartner");
    expect(policy.inputs).toMatchObject({
      tenantId: X,
      connection: "target",
      displayName: "Contoso",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(policy.inputs.groupSyncInbound).toBeUndefined();

    const source = byName("contoso-fabrikam-source-partner")!;
    expect(source.inputs).toMatchObject({
      tenantId: Y.toUpperCase(),
      connection: "source",
      automaticUserConsentSettings: { outboundAllowed: true },
    });
    expect(source.inputs.automaticUserConsentSettings).toEqual({ outboundAllowed: true });
    expect(source.inputs.inboundTrust).toBeUndefined();
  });

  it("userSync false and groupSync reach the policy; adoptExisting reaches every child", async () => {
    const p = new CrossTenantSyncPartnership("p", {
      source: { tenantId: X, connection: "s" },
      target: { tenantId: Y },
      userSync: false,
      groupSync: pulumi.output(true),
      adoptExisting: true,
    });
    await settled(p.targetTenantId, p.syncPolicy.tenantId);
    expect(byName("p-sync-policy")!.inputs).toMatchObject({
      userSyncInbound: { isSyncAllowed: false },
      groupSyncInbound: { isSyncAllowed: true },
      adoptExisting: true,
    });
    expect(byName("p-target-partner")!.inputs.adoptExisting).toBe(true);
    expect(byName("p-source-partner")!.inputs.adoptExisting).toBe(true);
  });
});

describe("a relationship in both directions", () => {
  it("mutual + reverseOf: two partner configurations with both consents, two policies", async () => {
    const there = new CrossTenantSyncPartnership("x-to-y", {
      source: { tenantId: X, connection: "x" },
      target: { tenantId: Y, connection: "y" },
      mutual: true,
    });
    const back = new CrossTenantSyncPartnership("y-to-x", {
      source: { tenantId: Y, connection: "y" },
      target: { tenantId: X, connection: "x" },
      reverseOf: there,
    });
    await settled(back.syncPolicy.tenantId, back.targetTenantId, there.targetTenantId);
    expect(custom()).toEqual([
      "x-to-y-source-partner",
      "x-to-y-sync-policy",
      "x-to-y-target-partner",
      "y-to-x-sync-policy",
    ]);
    const both = { inboundAllowed: true, outboundAllowed: true };
    expect(byName("x-to-y-target-partner")!.inputs).toMatchObject({
      tenantId: X,
      connection: "y",
      automaticUserConsentSettings: both,
    });
    expect(byName("x-to-y-source-partner")!.inputs).toMatchObject({
      tenantId: Y,
      connection: "x",
      automaticUserConsentSettings: both,
    });
    expect(byName("y-to-x-sync-policy")!.inputs).toMatchObject({ tenantId: Y, connection: "x" });
    expect(back.targetPartner).toBe(there.sourcePartner);
    expect(back.sourcePartner).toBe(there.targetPartner);
  });

  it("two partnerships for the two directions without mutual/reverseOf fail, naming the pattern", () => {
    new CrossTenantSyncPartnership("x-to-y", {
      source: { tenantId: X, connection: "x" },
      target: { tenantId: Y, connection: "y" },
    });
    expect(
      () =>
        new CrossTenantSyncPartnership("y-to-x", {
          source: { tenantId: Y, connection: "y" },
          target: { tenantId: X, connection: "x" },
        }),
    ).toThrow(
      /"y-to-x" and CrossTenantSyncPartnership "x-to-y" both create the partner configuration of tenant .* declare "x-to-y" with `mutual: true` and "y-to-x" with `reverseOf: x-to-y`/,
    );
  });

  it("the same relationship twice fails", () => {
    new CrossTenantSyncPartnership("a", {
      source: { tenantId: X, connection: "x" },
      target: { tenantId: Y, connection: "y" },
    });
    expect(
      () =>
        new CrossTenantSyncPartnership("b", {
          source: { tenantId: X, connection: "x" },
          target: { tenantId: Y, connection: "y" },
        }),
    ).toThrow(/same relationship twice/);
  });

  it("reverseOf a partnership declared without mutual fails and says to add it", () => {
    const there = new CrossTenantSyncPartnership("x-to-y", {
      source: { tenantId: X, connection: "x" },
      target: { tenantId: Y, connection: "y" },
    });
    expect(
      () =>
        new CrossTenantSyncPartnership("y-to-x", {
          source: { tenantId: Y, connection: "y" },
          target: { tenantId: X, connection: "x" },
          reverseOf: there,
        }),
    ).toThrow(/declared without `mutual: true`.*Add `mutual: true` to "x-to-y"/);
  });

  it("reverseOf with settings of the shared partner configurations fails and says where they go", () => {
    const there = new CrossTenantSyncPartnership("x-to-y", {
      source: { tenantId: X, connection: "x" },
      target: { tenantId: Y, connection: "y" },
      mutual: true,
    });
    expect(
      () =>
        new CrossTenantSyncPartnership("y-to-x", {
          source: { tenantId: Y, connection: "y" },
          target: { tenantId: X, connection: "x" },
          reverseOf: there,
          inboundTrust: { isMfaAccepted: true },
        }),
    ).toThrow(/declared there.*source\.partnerSettings/);
  });

  it("reverseOf that is not the mirror image fails in the constructor when the values are plain", () => {
    const there = new CrossTenantSyncPartnership("x-to-y", {
      source: { tenantId: X, connection: "x" },
      target: { tenantId: Y, connection: "y" },
      mutual: true,
    });
    expect(
      () =>
        new CrossTenantSyncPartnership("z-to-x", {
          source: { tenantId: Z, connection: "y" },
          target: { tenantId: X, connection: "x" },
          reverseOf: there,
        }),
    ).toThrow(
      /"z-to-x" has reverseOf: x-to-y, so it must be the same relationship in the opposite direction: source\.tenantId 0a0e0a0e-0000-4000-8000-00000000000c is not the target tenant of "x-to-y"/,
    );
  });

  it("reverseOf that is not the mirror image: the message, also for Outputs (checked when they resolve)", async () => {
    const there = { source: { tenantId: X, connection: "x" }, target: { tenantId: Y, connection: "y" } };
    const value = (o: pulumi.Output<string | undefined>) =>
      (o as unknown as { promise(): Promise<string | undefined> }).promise();
    expect(
      await value(
        mirrorMismatch(
          "y-to-x",
          "x-to-y",
          {
            source: { tenantId: Y.toUpperCase(), connection: "y" },
            target: { tenantId: pulumi.output(X), connection: "x" },
          },
          there,
        ),
      ),
    ).toBeUndefined();
    const message = await value(
      mirrorMismatch("z-to-x", "x-to-y", { source: { tenantId: Z, connection: "y" }, target: { tenantId: X } }, there),
    );
    expect(message).toContain(
      'CrossTenantSyncPartnership "z-to-x" has reverseOf: x-to-y, so it must be the same relationship in the opposite direction',
    );
    expect(message).toContain(`source.tenantId ${Z} is not the target tenant of "x-to-y" (${Y})`);
    expect(message).toContain(
      'target uses the top-level entra:* settings but the source side of "x-to-y" uses connection "x"',
    );
  });
});

describe("argument errors fail before anything is registered", () => {
  const cases: [string, unknown, RegExp][] = [
    ["no target", { source: { tenantId: X } }, /"p": target is required/],
    [
      "tenantId not a GUID",
      { source: { tenantId: "contoso.com", connection: "s" }, target: { tenantId: Y } },
      /source\.tenantId must be a tenant ID as a GUID.*"contoso\.com"/,
    ],
    [
      "same tenant",
      { source: { tenantId: X, connection: "s" }, target: { tenantId: X.toUpperCase() } },
      /same tenant .* cannot synchronize into itself/,
    ],
    [
      "same connection",
      { source: { tenantId: X, connection: "c" }, target: { tenantId: Y, connection: "c" } },
      /both use connection "c", so both sides would be written into one tenant/,
    ],
    [
      "both top-level",
      { source: { tenantId: X }, target: { tenantId: Y } },
      /both use the top-level entra:\* settings/,
    ],
    [
      "inboundTrust twice",
      {
        source: { tenantId: X, connection: "s" },
        target: { tenantId: Y, partnerSettings: { inboundTrust: {} } },
        inboundTrust: {},
      },
      /same setting; give one/,
    ],
    [
      "consent in partnerSettings",
      {
        source: { tenantId: X, connection: "s", partnerSettings: { automaticUserConsentSettings: {} } },
        target: { tenantId: Y },
      },
      /set by the component/,
    ],
    [
      "mutual and reverseOf",
      { source: { tenantId: X, connection: "s" }, target: { tenantId: Y }, mutual: true, reverseOf: {} },
      /exclude each other/,
    ],
    [
      "reverseOf by name",
      { source: { tenantId: X, connection: "s" }, target: { tenantId: Y }, reverseOf: "x-to-y" },
      /the object, not its name/,
    ],
  ];
  it.each(cases)("%s", (_what, args, message) => {
    expect(() => new CrossTenantSyncPartnership("p", args as never)).toThrow(message);
    expect(registered).toEqual([]);
  });

  it("errors are RunErrors (the CLI prints the message without a stack trace)", () => {
    let caught: unknown;
    try {
      new CrossTenantSyncPartnership("p", { source: { tenantId: X }, target: { tenantId: Y } });
    } catch (e) {
      caught = e;
    }
    expect(pulumi.RunError.isInstance(caught)).toBe(true);
  });

  it("a side whose connection signs in to another tenant fails, naming the config key", async () => {
    reset({
      "entra:connections": JSON.stringify({ source: { tenantId: Z }, target: { tenantId: Y } }),
      "entra:tenantId": X,
    });
    expect(
      () =>
        new CrossTenantSyncPartnership("p", {
          source: { tenantId: X, connection: "source" },
          target: { tenantId: Y, connection: "target" },
        }),
    ).toThrow(
      /source\.tenantId is 11111111-.*but the credentials of connection "source" are for tenant 0a0e0a0e-0000-4000-8000-00000000000c \(entra:connections\.source\.tenantId/,
    );
    // the top-level settings' tenant, for a side without a connection
    expect(
      () =>
        new CrossTenantSyncPartnership("q", { source: { tenantId: Y, connection: "target" }, target: { tenantId: Z } }),
    ).toThrow(
      /target\.tenantId is 0a0e0a0e-.*but the credentials of the top-level entra:\* settings are for tenant 11111111-/,
    );
  });

  it("connections that match their sides, or give no tenant ID in config, pass", async () => {
    reset({ "entra:connections": JSON.stringify({ source: { tenantId: X }, target: { clientId: "c" } }) });
    const p = new CrossTenantSyncPartnership("p", {
      source: { tenantId: X, connection: "source" },
      target: { tenantId: Y, connection: "target" },
    });
    await settled(p.targetTenantId);
    expect(custom()).toHaveLength(3);
  });
});
