// Graph paths of the objects the tests and benches read and write, after the API version (`/v1.0` or `/beta`).

export const PARTNERS_PATH = "/policies/crossTenantAccessPolicy/partners";

/** The tenant's default configuration. */
export const DEFAULT_CONFIGURATION_PATH = "/policies/crossTenantAccessPolicy/default";

/** One partner configuration. */
export function partnerPath(tenantId: string): string {
  return `${PARTNERS_PATH}/${tenantId}`;
}

/** One partner's identity synchronization policy. */
export function policyPath(tenantId: string): string {
  return `${partnerPath(tenantId)}/identitySynchronization`;
}
