/** The resource class under pulumi.runtime.setMocks: outputs exist even for omitted inputs, inputs pass through. */
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantIdentitySyncPolicyPartner } from "../../provider";

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
    const args = { tenantId: "90e29127-71ad-49c7-9ce8-db3f41ea06f1", userSyncInbound: { isSyncAllowed: true }, displayname: "typo" };
    const r = new CrossTenantIdentitySyncPolicyPartner("typo", args as never);
    await value(r.urn);
    const inputs = registered[registered.length - 1];
    expect(Object.keys(inputs).sort()).toEqual(["__provider", "displayname", "tenantId", "userSyncInbound"]);
  });
});
