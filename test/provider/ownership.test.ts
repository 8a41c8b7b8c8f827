/**
 * One owner per Graph object (provider/program/ownership.ts), under pulumi.runtime.setMocks: which claims collide
 * (kind + connection + partner tenant ID in any case; one default configuration per connection), that values unknown
 * during preview are never judged, and what the resource classes register. The real CLI is exercised in
 * test/e2e/ownership.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CrossTenantAccessPolicy,
  CrossTenantAccessPolicyConfigurationDefault,
  CrossTenantAccessPolicyConfigurationPartner,
  CrossTenantIdentitySyncPolicyPartner,
} from "../../provider";
import { claimGraphObject, OwnershipClaim, resetOwnershipRegistry } from "../../provider/program/ownership";

const A = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
const B = "0a0e0a0e-0000-4000-8000-00000000000b";

let dryRun = true;
beforeEach(async () => {
  dryRun = true;
  await mock();
  resetOwnershipRegistry();
});

function mock(): Promise<void> {
  return pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
    "project",
    "stack",
    dryRun,
  );
}

/** "ok", "unknown" (not judged), or the conflict message the claim's input carries (check() fails it with that). */
async function outcome(claim: OwnershipClaim): Promise<string> {
  const input = claimGraphObject(claim).input as unknown as {
    promise(withUnknowns?: boolean): Promise<unknown>;
    isKnown: Promise<boolean>;
  };
  const value = await input.promise(true);
  if (!(await input.isKnown)) return "unknown";
  return value === undefined ? "ok" : typeof value === "string" ? value : `unexpected value ${JSON.stringify(value)}`;
}

const policy = (
  name: string,
  tenantId: pulumi.Input<string>,
  connection?: pulumi.Input<string | undefined>,
): OwnershipClaim => ({
  kind: "identitySyncPolicy",
  type: "CrossTenantIdentitySyncPolicyPartner",
  name,
  tenantId,
  connection,
});

describe("claims", () => {
  it("the second claim of the same partner's policy fails, naming both, in any letter case", async () => {
    expect(await outcome(policy("first", A))).toBe("ok");
    const second = await outcome(policy("second", `  ${A.toUpperCase()} `));
    expect(second).toContain(
      `CrossTenantIdentitySyncPolicyPartner "second" and CrossTenantIdentitySyncPolicyPartner "first" both manage`,
    );
    expect(second).toContain(
      `the identity sync policy of partner tenant ${A} in the tenant of the top-level entra:* settings`,
    );
    expect(second).toContain("`aliases`");
  });

  it("a plain value is claimed when the resource is constructed, an Output when it resolves", async () => {
    let resolve!: (v: string) => void;
    const late = pulumi.output(new Promise<string>((r) => (resolve = r)));
    const declaredFirst = outcome(policy("declared-first", late));
    const declaredSecond = outcome(policy("declared-second", A));
    resolve(A);
    expect(await declaredSecond).toBe("ok");
    expect(await declaredFirst).toContain(
      `"declared-first" and CrossTenantIdentitySyncPolicyPartner "declared-second" both manage`,
    );
  });

  it("other partners, other kinds and other connections are other objects", async () => {
    expect(await outcome(policy("a", A))).toBe("ok");
    expect(await outcome(policy("b", B))).toBe("ok");
    expect(
      await outcome({
        ...policy("partner-a", A),
        kind: "partnerConfiguration",
        type: "CrossTenantAccessPolicyConfigurationPartner",
      }),
    ).toBe("ok");
    expect(await outcome(policy("a-in-source", A, "source"))).toBe("ok");
    expect(await outcome(policy("a-in-source-again", pulumi.output(A), pulumi.output("source")))).toContain(
      `"a-in-source-again" and CrossTenantIdentitySyncPolicyPartner "a-in-source" both manage the identity sync policy of partner tenant ${A} in the tenant of connection "source"`,
    );
    // "" and undefined both mean the top-level settings
    expect(await outcome(policy("a-top-level", A, ""))).toContain(
      `"a-top-level" and CrossTenantIdentitySyncPolicyPartner "a" both manage`,
    );
  });

  it("one default configuration per connection", async () => {
    const def = (name: string, connection?: string): OwnershipClaim => ({
      kind: "defaultConfiguration",
      type: "CrossTenantAccessPolicyConfigurationDefault",
      name,
      connection,
    });
    expect(await outcome(def("default"))).toBe("ok");
    expect(await outcome(def("source-default", "source"))).toBe("ok");
    const again = await outcome(def("another"));
    expect(again).toContain(
      `CrossTenantAccessPolicyConfigurationDefault "another" and CrossTenantAccessPolicyConfigurationDefault "default" both manage the default cross-tenant access configuration`,
    );
    expect(again).toContain("A tenant has one default configuration");
    expect(again).not.toContain("letter case");
  });

  it("one cross-tenant access policy per connection (a singleton like the default configuration, another kind)", async () => {
    const pol = (name: string, connection?: string): OwnershipClaim => ({
      kind: "crossTenantAccessPolicy",
      type: "CrossTenantAccessPolicy",
      name,
      connection,
    });
    expect(await outcome(pol("clouds"))).toBe("ok");
    expect(await outcome(pol("source-clouds", "source"))).toBe("ok");
    expect(
      await outcome({
        kind: "defaultConfiguration",
        type: "CrossTenantAccessPolicyConfigurationDefault",
        name: "default",
      }),
    ).toBe("ok");
    const again = await outcome(pol("more-clouds"));
    expect(again).toBe(
      'CrossTenantAccessPolicy "more-clouds" and CrossTenantAccessPolicy "clouds" both manage the cross-tenant access policy (allowedCloudEndpoints) in the tenant of the top-level entra:* settings. ' +
        "Each Graph object must have exactly one owner: the second resource would take over the first one's object, and deleting either would delete it for both. " +
        "A tenant has one cross-tenant access policy: declare it once per connection.",
    );
  });

  it("a tenant ID unknown during preview is not judged, and does not hold the key", async () => {
    const unknown = pulumi.output(pulumi.unknown) as unknown as pulumi.Output<string>;
    expect(await outcome(policy("not-yet-known", unknown))).toBe("unknown");
    expect(await outcome(policy("known", A))).toBe("ok");
  });

  it("a missing tenant ID is left to check()", async () => {
    expect(await outcome(policy("missing", undefined as unknown as string))).toBe("ok");
    expect(await outcome(policy("missing-too", undefined as unknown as string))).toBe("ok");
  });
});

describe("resource classes", () => {
  const urnOf = (r: pulumi.CustomResource) => new Promise<string>((resolve) => r.urn.apply(resolve));
  const probe = (kind: OwnershipClaim["kind"], tenantId?: string): OwnershipClaim => ({
    kind,
    type: "Probe",
    name: "probe",
    tenantId,
  });

  it("each resource class claims its own object when it is constructed", async () => {
    const resources = [
      new CrossTenantIdentitySyncPolicyPartner("policy", { tenantId: A, userSyncInbound: { isSyncAllowed: true } }),
      new CrossTenantAccessPolicyConfigurationPartner("partner", { tenantId: A }),
      new CrossTenantAccessPolicyConfigurationDefault("default", {}),
      new CrossTenantAccessPolicy("clouds", { allowedCloudEndpoints: ["microsoftonline.us"] }),
    ];
    for (const r of resources) await urnOf(r); // all three registered: no collision between kinds
    expect(await outcome(probe("identitySyncPolicy", A))).toContain(
      `"probe" and CrossTenantIdentitySyncPolicyPartner "policy"`,
    );
    expect(await outcome(probe("partnerConfiguration", A.toUpperCase()))).toContain(
      `"probe" and CrossTenantAccessPolicyConfigurationPartner "partner"`,
    );
    expect(await outcome(probe("defaultConfiguration"))).toContain(
      `"probe" and CrossTenantAccessPolicyConfigurationDefault "default"`,
    );
    expect(await outcome(probe("crossTenantAccessPolicy"))).toContain(`"probe" and CrossTenantAccessPolicy "clouds"`);
  });

  it("an adopted resource warns on up, attributed to the resource", async () => {
    dryRun = false;
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: args.name, state: { ...args.inputs, adopted: args.name === "inherited" } }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    try {
      const adopted = new CrossTenantIdentitySyncPolicyPartner("inherited", {
        tenantId: B,
        userSyncInbound: { isSyncAllowed: true },
      });
      const fresh = new CrossTenantIdentitySyncPolicyPartner("fresh", {
        tenantId: A,
        userSyncInbound: { isSyncAllowed: true },
      });
      await urnOf(adopted);
      await urnOf(fresh);
      await new Promise((r) => setTimeout(r, 100));
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        expect.stringMatching(
          new RegExp(
            `^CrossTenantIdentitySyncPolicyPartner "inherited" took over the identity sync policy of partner tenant ${B} .*retainOnDelete: true`,
          ),
        ),
      ]);
      expect(warn.mock.calls[0][1]).toBe(adopted);
    } finally {
      warn.mockRestore();
    }
  });

  it("no warning during preview", async () => {
    await pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: args.name, state: { ...args.inputs, adopted: true } }), call: () => ({}) },
      "project",
      "stack",
      true,
    );
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    try {
      await urnOf(
        new CrossTenantIdentitySyncPolicyPartner("inherited", {
          tenantId: B,
          userSyncInbound: { isSyncAllowed: true },
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
