import type { KindDescriptor } from "../kind";

export const identitySyncPolicyKind = {
  typeName: "CrossTenantIdentitySyncPolicyPartner",
  ownedKind: "identitySyncPolicy",
  singleton: false,
  describe: (tenantId: string) => `the identity sync policy of partner tenant ${tenantId}`,
  adoption: "adopted = true",
  onDelete: "destroy deletes it in Entra",
} as const satisfies KindDescriptor;
