/** Which directory an admin call means. */
import { AdminError } from "./adminError";

/** Which tenants have a directory the admin API may address, and which one is meant when none is named. */
export interface TenantResolver {
  home: string;
  known(tenantId: string): boolean;
  list(): string[];
}

/** The tenant an admin call means: `given` (checked against the registered tenants) or the home tenant. */
export function resolveTenant(tenants: TenantResolver, given: unknown, where = "tenant"): string {
  if (given === undefined || given === null || given === "") return tenants.home;
  if (typeof given !== "string" || !tenants.known(given)) {
    throw new AdminError(
      400,
      `${where}: unknown tenant '${String(given)}'; registered tenants: ${tenants.list().join(", ")}`,
    );
  }
  return given.toLowerCase();
}
