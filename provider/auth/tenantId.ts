/**
 * What a tenant to sign in to may look like: its ID (a GUID) or one of its verified domains
 * (contoso.onmicrosoft.com). Anything else cannot name a tenant, so it fails before any sign-in instead of as
 * Entra's AADSTS90002 (or MSAL's endpoints_resolution_error) after one.
 */
import { GUID_PATTERN } from "../text/guid";

const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Why `value` cannot name a tenant, or undefined when it can. */
export function tenantIdProblem(value: string): string | undefined {
  const v = value.trim();
  if (GUID_PATTERN.test(v) || DOMAIN.test(v)) return undefined;
  const generic = ["common", "organizations", "consumers"].includes(v.toLowerCase());
  return (
    `"${value}" is ${generic ? "a multi-tenant alias, which app-only sign-in cannot use" : "neither a tenant ID (a GUID) nor a domain name"}: ` +
    "use the tenant's ID (Entra admin center > Overview > Tenant ID, or `az account show --query tenantId`), e.g. 11111111-1111-4111-8111-111111111111, or one of its verified domains, e.g. contoso.onmicrosoft.com."
  );
}
