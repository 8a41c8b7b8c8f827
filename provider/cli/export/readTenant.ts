/**
 * Reads what an export needs: every partner configuration with its identity sync policy in one listing
 * (`$expand=identitySynchronization`, following `@odata.nextLink`: one request per page, never one per partner),
 * the default configuration and the cross-tenant access policy itself (its allowedCloudEndpoints). All calls share
 * one deadline; retries and Retry-After are the Graph client's.
 */
import type { ApiVersion } from "../../config/settings";
import type { GraphClient } from "../../graph/client";
import { isGraphError } from "../../graph/errors";
import { graphPaths, nextPath } from "../../graph/paths";

export const PARTNERS_PATH = graphPaths.partners;
export const DEFAULT_PATH = graphPaths.defaultConfiguration;
export const POLICY_PATH = graphPaths.policy;
export const LIST_QUERY = "?$expand=identitySynchronization";

export type GraphObject = Record<string, unknown>;

export interface PageRead {
  /** Path and query as requested (no host). */
  path: string;
  items: number;
  durationMs: number;
}

export interface TenantSnapshot {
  apiVersion: ApiVersion;
  /** Partner configurations as Graph returned them (with `identitySynchronization` expanded), in Graph's order. */
  partners: GraphObject[];
  /** The default configuration; null when Graph has none (404). */
  defaultConfiguration: GraphObject | null;
  /** The cross-tenant access policy (allowedCloudEndpoints); null when skipped or Graph has none (404). */
  accessPolicy?: GraphObject | null;
  pages: PageRead[];
  /** Graph requests made (pages + the default configuration), retries not counted. */
  requests: number;
}

export interface ReadTenantOptions {
  graph: GraphClient;
  graphEndpoint: string;
  apiVersion: ApiVersion;
  deadline: number;
  /** Skip the default configuration. */
  skipDefault?: boolean;
  /** Skip the cross-tenant access policy. */
  skipPolicy?: boolean;
  now?: () => number;
}

export async function readTenant(o: ReadTenantOptions): Promise<TenantSnapshot> {
  const now = o.now ?? Date.now;
  const pages: PageRead[] = [];
  const partners: GraphObject[] = [];
  const seenIds = new Set<string>();
  const seenLinks = new Set<string>();
  let path: string | undefined = `${PARTNERS_PATH}${LIST_QUERY}`;
  while (path !== undefined) {
    const started = now();
    const res = await o.graph.request<{ value?: unknown; "@odata.nextLink"?: unknown }>("GET", path, undefined, {
      deadline: o.deadline,
      apiVersion: o.apiVersion,
    });
    const value = res.body?.value;
    if (!Array.isArray(value))
      throw new Error(
        `Graph answered GET /${o.apiVersion}${path} without a "value" array; is --graph-endpoint a Microsoft Graph root?`,
      );
    pages.push({ path, items: value.length, durationMs: now() - started });
    for (const item of value) {
      if (typeof item !== "object" || item === null || typeof (item as GraphObject).tenantId !== "string") continue;
      const id = ((item as GraphObject).tenantId as string).toLowerCase();
      // A partner listed twice (a page boundary moved under a concurrent change) is exported once.
      if (seenIds.has(id)) continue;
      seenIds.add(id);
      partners.push(item as GraphObject);
    }
    const link = res.body?.["@odata.nextLink"];
    if (typeof link === "string" && link !== "") {
      if (seenLinks.has(link))
        throw new Error(
          `Graph returned the same @odata.nextLink twice; stopped paging to avoid a loop (${pages.length} pages read).`,
        );
      seenLinks.add(link);
      path = nextPath(link, o.graphEndpoint, o.apiVersion);
    } else {
      path = undefined;
    }
  }

  let defaultConfiguration: GraphObject | null = null;
  let requests = pages.length;
  if (!o.skipDefault) {
    requests++;
    try {
      const res = await o.graph.request<GraphObject>("GET", DEFAULT_PATH, undefined, {
        deadline: o.deadline,
        apiVersion: o.apiVersion,
      });
      defaultConfiguration = res.body ?? null;
    } catch (e) {
      if (!(isGraphError(e) && e.statusCode === 404)) throw e;
    }
  }
  let accessPolicy: GraphObject | null = null;
  if (!o.skipPolicy) {
    requests++;
    try {
      const res = await o.graph.request<GraphObject>("GET", POLICY_PATH, undefined, {
        deadline: o.deadline,
        apiVersion: o.apiVersion,
      });
      accessPolicy = res.body ?? null;
    } catch (e) {
      if (!(isGraphError(e) && e.statusCode === 404)) throw e;
    }
  }
  return { apiVersion: o.apiVersion, partners, defaultConfiguration, accessPolicy, pages, requests };
}
