/** The resource classes under pulumi.runtime.setMocks: outputs exist even for omitted inputs, inputs pass through. */
import * as pulumi from "@pulumi/pulumi";
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
    const r = new CrossTenantIdentitySyncPolicyPartner("minimal", { tenantId: "90e29127-71ad-49c7-9ce8-db3f41ea06f1", userSyncInbound: { isSyncAllowed: true } });
    for (const o of [r.tenantId, r.displayName, r.userSyncInbound, r.groupSyncInbound, r.adoptExisting, r.apiVersion, r.adopted]) {
      expect(pulumi.Output.isInstance(o)).toBe(true);
    }
    expect(await value(r.userSyncInbound)).toEqual({ isSyncAllowed: true });
    expect(await value(r.apiVersion)).toBe("v1.0");
    expect(await value(r.displayName)).toBeUndefined();
  });

  it("sends only the given inputs (plus any unknown key, so check can name a typo)", async () => {
    // Another partner than the test above: one program may not declare two owners of one policy (ownership.ts).
    const args = { tenantId: "5f1c0a8e-3b0d-4f7e-9a51-2b6e8d4c7a10", userSyncInbound: { isSyncAllowed: true }, displayname: "typo" };
    const r = new CrossTenantIdentitySyncPolicyPartner("typo", args as never);
    await value(r.urn);
    const inputs = registered[registered.length - 1];
    expect(Object.keys(inputs).sort()).toEqual(["__provider", "displayname", "tenantId", "userSyncInbound"]);
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
    expect(Object.keys(registered[registered.length - 1]).sort()).toEqual(["__provider", "automaticUserConsentSettings", "inboundtrust", "tenantId"]);
    expect(await value(r.automaticUserConsentSettings)).toEqual({ inboundAllowed: true });
    expect(await value(r.b2bCollaborationInbound)).toBeUndefined();
  });
});

describe("CrossTenantAccessPolicyConfigurationDefault", () => {
  it("takes no arguments and declares every output", async () => {
    const r = new CrossTenantAccessPolicyConfigurationDefault("default");
    for (const o of [r.b2bCollaborationInbound, r.b2bCollaborationOutbound, r.b2bDirectConnectInbound, r.b2bDirectConnectOutbound, r.tenantRestrictions, r.inboundTrust, r.connection, r.isServiceDefault]) {
      expect(pulumi.Output.isInstance(o)).toBe(true);
    }
    await value(r.urn);
    expect(Object.keys(registered[registered.length - 1]).sort()).toEqual(["__provider"]);
  });
});
