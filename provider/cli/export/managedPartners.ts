/**
 * Partners this tenant did not configure itself (cross-tenant-landscape.md §2.3 Q7): managed by Microsoft or by
 * another service, so an export writes them commented out with the reason, unless `--include-managed`.
 */
import type { GraphObject } from "./readTenant";

/**
 * The Microsoft Support tenant (Office365ConciergeSupport.onmicrosoft.com). Microsoft 365 adds it as a service
 * provider partner while a support request with diagnostic-data consent is open (Microsoft 365 documentation
 * "Understanding Microsoft 365 case creation and data access"; Entra audit event "Add a partner to cross-tenant
 * access setting").
 */
export const MICROSOFT_SUPPORT_TENANT_ID = "b4c546a4-7dac-46a6-a7dd-ed822a11efd3";

/** Why a partner is not managed by the exported program, or undefined when the tenant configured it itself. */
export function managedReason(partner: GraphObject): string | undefined {
  const id = String(partner.tenantId ?? "").toLowerCase();
  if (id === MICROSOFT_SUPPORT_TENANT_ID) {
    return "Microsoft Support tenant: Microsoft 365 adds it while a support request is open and removes it afterwards.";
  }
  if (partner.isInMultiTenantOrganization === true) {
    return "created by the multi-tenant organization: its templates change it when tenants join or leave.";
  }
  if (partner.isServiceProvider === true) {
    return "service provider (GDAP/CSP) partner: Partner Center manages it.";
  }
  return undefined;
}
