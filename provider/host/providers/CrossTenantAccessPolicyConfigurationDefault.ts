/** The stored provider of entra:CrossTenantAccessPolicyConfigurationDefault: state holds `require("pulumi-entra-cross-tenant/providers/CrossTenantAccessPolicyConfigurationDefault")`. Never rename. */
import { moduleProvider } from "../moduleProvider";

export = moduleProvider("CrossTenantAccessPolicyConfigurationDefault");
