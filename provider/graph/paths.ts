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
