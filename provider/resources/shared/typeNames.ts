/**
 * Type names of this package's resources (the part after `entra:` in the type token
 * `pulumi-nodejs:dynamic/entra:<typeName>`). Kept apart so one kind can name another (replication keys, error
 * pointers) without importing it; each is its kind's descriptor's (`<kind>/kind.ts`).
 */
import { crossTenantAccessPolicyKind } from "../crossTenantAccessPolicy/kind";
import { defaultConfigurationKind } from "../defaultConfiguration/kind";
import { identitySyncPolicyKind } from "../identitySyncPolicy/kind";
import { partnerConfigurationKind } from "../partnerConfiguration/kind";

export const SYNC_POLICY = identitySyncPolicyKind.typeName;
export const PARTNER_CONFIGURATION = partnerConfigurationKind.typeName;
export const DEFAULT_CONFIGURATION = defaultConfigurationKind.typeName;
export const CROSS_TENANT_ACCESS_POLICY = crossTenantAccessPolicyKind.typeName;
