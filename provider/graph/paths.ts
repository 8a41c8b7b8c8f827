/**
 * Microsoft Graph paths of the cross-tenant access policy and its parts, relative to the API version root
 * (`/v1.0` or `/beta`). The one place they are written out; resources, export and check build on these.
 */
const POLICY = "/policies/crossTenantAccessPolicy";
const PARTNERS = `${POLICY}/partners`;
const DEFAULT = `${POLICY}/default`;

export const graphPaths = {
  /** The tenant's cross-tenant access policy itself (a singleton). */
  policy: POLICY,
  /** The default configuration (a singleton). */
  defaultConfiguration: DEFAULT,
  /** The action that resets the default configuration. */
  resetDefaultConfiguration: `${DEFAULT}/resetToSystemDefault`,
  /** The collection of partner configurations. */
  partners: PARTNERS,
  /** One partner configuration. */
  partner: (tenantId: string): string => `${PARTNERS}/${encodeURIComponent(tenantId)}`,
  /** The identity synchronization policy of one partner. */
  identitySync: (tenantId: string): string => `${PARTNERS}/${encodeURIComponent(tenantId)}/identitySynchronization`,
  /** Beta soft-delete container of partner configurations (graph-behaviour.md §4). */
  deletedPartner: (tenantId: string): string =>
    `/policies/deletedItems/crossTenantPartners/${encodeURIComponent(tenantId)}`,
} as const;

/**
 * `@odata.nextLink` → a path under the same Graph root and version. A link to another host is refused: following
 * it would send the bearer token there. Every list that pages (export, the command line, resources) uses this one.
 */
export function nextPath(link: string, graphEndpoint: string, apiVersion: string): string {
  const root = graphEndpoint.replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(link, `${root}/${apiVersion}/`);
  } catch {
    throw new Error(`Graph returned an @odata.nextLink that is not a URL: ${JSON.stringify(link.slice(0, 200))}`);
  }
  const base = new URL(`${root}/${apiVersion}`);
  const prefix = base.pathname.replace(/\/+$/, "");
  if (url.origin !== base.origin || !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) {
    throw new Error(
      `Graph returned an @odata.nextLink outside ${root}/${apiVersion} (${url.origin}${url.pathname}); it is not followed, so the token is not sent there.`,
    );
  }
  return `${url.pathname.slice(prefix.length)}${url.search}`;
}
