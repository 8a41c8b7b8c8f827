import type { KindDescriptor } from "../kind";

export const partnerConfigurationKind = {
  typeName: "CrossTenantAccessPolicyConfigurationPartner",
  ownedKind: "partnerConfiguration",
  singleton: false,
  describe: (tenantId: string) => `the partner configuration of tenant ${tenantId}`,
  adoption: "adopted = true",
  onDelete: "destroy deletes it in Entra",
} as const satisfies KindDescriptor;
