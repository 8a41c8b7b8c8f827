/** The stored provider of entra:CrossTenantAccessPolicyConfigurationPartner: state holds `require("pulumi-entra-cross-tenant/providers/CrossTenantAccessPolicyConfigurationPartner")`. Never rename. */
import { moduleProvider } from "../moduleProvider";

export = moduleProvider("CrossTenantAccessPolicyConfigurationPartner");
