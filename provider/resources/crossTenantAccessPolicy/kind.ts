import type { KindDescriptor } from "../kind";

export const crossTenantAccessPolicyKind = {
  typeName: "CrossTenantAccessPolicy",
  ownedKind: "crossTenantAccessPolicy",
  singleton: true,
  describe: () => "the cross-tenant access policy (allowedCloudEndpoints)",
  adoption: "its allowedCloudEndpoints were not empty; see adoptedAt",
  onDelete: "destroy empties allowedCloudEndpoints (no other Microsoft cloud), also values this program does not list",
  duplicateFix: "A tenant has one cross-tenant access policy: declare it once per connection.",
} as const satisfies KindDescriptor;
