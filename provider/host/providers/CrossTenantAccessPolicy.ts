/** The stored provider of entra:CrossTenantAccessPolicy: state holds `require("pulumi-entra-cross-tenant/providers/CrossTenantAccessPolicy")`. Never rename. */
import { moduleProvider } from "../moduleProvider";

export = moduleProvider("CrossTenantAccessPolicy");
