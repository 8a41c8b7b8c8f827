import type { KindDescriptor } from "../kind";

export const defaultConfigurationKind = {
  typeName: "CrossTenantAccessPolicyConfigurationDefault",
  ownedKind: "defaultConfiguration",
  singleton: true,
  describe: () => "the default cross-tenant access configuration",
  adoption: "customised, not the system default; see adoptedAt",
  onDelete: "destroy resets it to Microsoft's system default, also settings this program does not list",
  duplicateFix: "A tenant has one default configuration: declare it once per connection.",
} as const satisfies KindDescriptor;
