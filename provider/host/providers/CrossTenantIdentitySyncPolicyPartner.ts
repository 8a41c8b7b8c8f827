/** The stored provider of entra:CrossTenantIdentitySyncPolicyPartner: state holds `require("pulumi-entra-cross-tenant/providers/CrossTenantIdentitySyncPolicyPartner")`. Never rename. */
import { moduleProvider } from "../moduleProvider";

export = moduleProvider("CrossTenantIdentitySyncPolicyPartner");
