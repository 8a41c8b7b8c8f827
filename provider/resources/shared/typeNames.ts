/**
 * Type names of this package's resources (the part after `entra:` in the type token
 * `pulumi-nodejs:dynamic/entra:<typeName>`). Kept apart so one kind can name another (replication keys, error
 * pointers) without importing it.
 */
export const SYNC_POLICY = "CrossTenantIdentitySyncPolicyPartner";
export const PARTNER_CONFIGURATION = "CrossTenantAccessPolicyConfigurationPartner";
export const DEFAULT_CONFIGURATION = "CrossTenantAccessPolicyConfigurationDefault";
export const CROSS_TENANT_ACCESS_POLICY = "CrossTenantAccessPolicy";
