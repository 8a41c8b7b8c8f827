/** The stored provider of entra:CrossTenantSyncSchema: state holds `require("pulumi-entra-cross-tenant/providers/CrossTenantSyncSchema")`. Never rename. */
import { moduleProvider } from "../moduleProvider";

export = moduleProvider("CrossTenantSyncSchema");
