/** The stored provider of entra:CrossTenantSyncConfiguration: state holds `require("pulumi-entra-cross-tenant/providers/CrossTenantSyncConfiguration")`. Never rename. */
import { moduleProvider } from "../moduleProvider";

export = moduleProvider("CrossTenantSyncConfiguration");
