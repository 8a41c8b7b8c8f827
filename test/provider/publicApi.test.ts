/** Pins the public API: the package entry exports, and the Args type (compile-time checks via @ts-expect-error). */
import * as pulumi from "@pulumi/pulumi";
import * as pkg from "../../provider";
import { CrossTenantIdentitySyncPolicyPartner, CrossTenantIdentitySyncPolicyPartnerArgs } from "../../provider";

// Type-checked by `tsc -p test/tsconfig.json`; never executed.
export function typeOnly(): void {
  const ok: CrossTenantIdentitySyncPolicyPartnerArgs = {
    tenantId: "90e29127-71ad-49c7-9ce8-db3f41ea06f1",
    displayName: pulumi.output("Fabrikam"),
    userSyncInbound: { isSyncAllowed: pulumi.output(true) },
    groupSyncInbound: pulumi.output({ isSyncAllowed: false }),
    adoptExisting: true,
  };
  // @ts-expect-error userSyncInbound is required
  const missing: CrossTenantIdentitySyncPolicyPartnerArgs = { tenantId: "x" };
  // @ts-expect-error typo in a nested key
  const typo: CrossTenantIdentitySyncPolicyPartnerArgs = { tenantId: "x", userSyncInbound: { isSyncAlowed: true } };
  const r = new CrossTenantIdentitySyncPolicyPartner("p", ok);
  const outs: pulumi.Output<unknown>[] = [r.tenantId, r.displayName, r.userSyncInbound, r.groupSyncInbound, r.adoptExisting, r.apiVersion, r.adopted];
  void [missing, typo, outs];
}

describe("package entry", () => {
  it("exports the resource class", () => {
    expect(typeof pkg.CrossTenantIdentitySyncPolicyPartner).toBe("function");
    expect(pkg.CrossTenantIdentitySyncPolicyPartner.prototype).toBeInstanceOf(pulumi.dynamic.Resource);
  });

  it("resolves the runtime by package name, as the serialized provider does", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const runtime = require("pulumi-entra-cross-tenant/runtime");
    for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"]) expect(typeof runtime[m]).toBe("function");
  });
});
