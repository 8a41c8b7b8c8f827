/**
 * Reads of a source tenant's cross-tenant synchronization configurations, for `provision` and `export`: the
 * configuration service principals (gallery template 518e5f48-…), their Azure2Azure job, the job's schema (the
 * user rule), their app role assignments (the scope), their synchronization secrets, and a user. Graph v1.0
 * paths (cross-tenant-landscape.md §1.1 S3-S9); every call shares the command's deadline and the Graph client's
 * retries. Lists follow `@odata.nextLink` within the same Graph root only.
 */
import type { ApiVersion } from "../../config/settings";
import type { GraphClient } from "../../graph/client";
import { GUID_PATTERN } from "../../text/guid";
import { nextPath } from "../../graph/paths";
import { syncPaths } from "../../resources/crossTenantSyncConfiguration/paths";
import {
  CONFIGURATION_TEMPLATE_ID as SYNC_APP_TEMPLATE_ID,
  SYNC_TEMPLATE_ID as SYNC_JOB_TEMPLATE,
  USER_RULE_NAME,
} from "../../resources/crossTenantSyncConfiguration/types";

// The resource kind's constants and paths: the command line reads what the resource writes.
export { SYNC_APP_TEMPLATE_ID, SYNC_JOB_TEMPLATE, USER_RULE_NAME };

export type GraphObject = Record<string, unknown>;

export interface SourceReader {
  graph: GraphClient;
  graphEndpoint: string;
  apiVersion: ApiVersion;
  deadline: number;
}

export interface ConfigurationSp {
  id: string;
  appId?: string;
  displayName: string;
  applicationTemplateId?: string;
  raw: GraphObject;
}

export interface SyncJob {
  id: string;
  templateId?: string;
  /** schedule.state: Active, Paused or Disabled. */
  scheduleState?: string;
  /** status.code: NotRun, Paused, Active, Quarantine, … */
  statusCode?: string;
  raw: GraphObject;
}

export interface Assignment {
  id: string;
  principalId: string;
  principalType?: string;
  principalDisplayName?: string;
  appRoleId?: string;
}

/** One synchronization secret as Graph lists it; a sensitive value may come back masked ("*"). */
export interface SecretPair {
  key: string;
  value: string;
}

export interface SourceUser {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  userType?: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const isObject = (v: unknown): v is GraphObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function isGuid(s: string): boolean {
  return GUID_PATTERN.test(s.trim());
}

async function get<T>(r: SourceReader, path: string): Promise<T | undefined> {
  const res = await r.graph.request<T>("GET", path, undefined, { deadline: r.deadline, apiVersion: r.apiVersion });
  return res.body;
}

/** Every item of a Graph collection, page by page. */
export async function listAll(r: SourceReader, firstPath: string): Promise<GraphObject[]> {
  const items: GraphObject[] = [];
  const seen = new Set<string>();
  let path: string | undefined = firstPath;
  while (path !== undefined) {
    const body = await get<{ value?: unknown; "@odata.nextLink"?: unknown }>(r, path);
    if (!Array.isArray(body?.value))
      throw new Error(
        `Graph answered GET /${r.apiVersion}${path} without a "value" array; is --graph-endpoint a Microsoft Graph root?`,
      );
    for (const item of body.value) if (isObject(item)) items.push(item);
    const link = body["@odata.nextLink"];
    if (typeof link === "string" && link !== "") {
      if (seen.has(link)) throw new Error("Graph returned the same @odata.nextLink twice; stopped paging.");
      seen.add(link);
      path = nextPath(link, r.graphEndpoint, r.apiVersion);
    } else path = undefined;
  }
  return items;
}

function configurationOf(o: GraphObject): ConfigurationSp | undefined {
  const id = str(o.id) ?? str(o.objectId); // the Entra guide's older sample says objectId
  if (!id) return undefined;
  return {
    id,
    appId: str(o.appId),
    displayName: str(o.displayName) ?? str(o.appDisplayName) ?? "",
    applicationTemplateId: str(o.applicationTemplateId),
    raw: o,
  };
}

export const servicePrincipalPath = syncPaths.servicePrincipal;
export const jobsPath = syncPaths.jobs;
export const jobPath = syncPaths.job;

/** The configurations: service principals from the cross-tenant synchronization template, sorted by name. */
export async function listConfigurations(r: SourceReader): Promise<ConfigurationSp[]> {
  const items = await listAll(r, syncPaths.configurations);
  return items
    .map(configurationOf)
    .filter((c): c is ConfigurationSp => c !== undefined)
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
}

/** One service principal by object ID (throws the Graph client's error, e.g. 404). */
export async function getServicePrincipal(r: SourceReader, id: string): Promise<ConfigurationSp> {
  const body = await get<GraphObject>(r, servicePrincipalPath(id));
  const sp = isObject(body) ? configurationOf(body) : undefined;
  if (!sp) throw new Error(`Graph answered GET /${r.apiVersion}${servicePrincipalPath(id)} without an object id.`);
  return sp;
}

function jobOf(o: GraphObject): SyncJob | undefined {
  const id = str(o.id);
  if (!id) return undefined;
  const schedule = isObject(o.schedule) ? o.schedule : {};
  const status = isObject(o.status) ? o.status : {};
  return {
    id,
    templateId: str(o.templateId),
    scheduleState: str(schedule.state),
    statusCode: str(status.code),
    raw: o,
  };
}

/** The configuration's synchronization jobs (a configuration has one, from the Azure2Azure template). */
export async function listJobs(r: SourceReader, spId: string): Promise<SyncJob[]> {
  return (await listAll(r, jobsPath(spId))).map(jobOf).filter((j): j is SyncJob => j !== undefined);
}

/** The ID of the schema rule named USER_INBOUND_USER; undefined when the schema has none. */
export async function userRuleId(r: SourceReader, spId: string, jobId: string): Promise<string | undefined> {
  const schema = await get<GraphObject>(r, syncPaths.schema(spId, jobId));
  const rules = isObject(schema) && Array.isArray(schema.synchronizationRules) ? schema.synchronizationRules : [];
  const rule = rules.find((x): x is GraphObject => isObject(x) && x.name === USER_RULE_NAME);
  return rule ? str(rule.id) : undefined;
}

/** Who is assigned to the configuration (its scope when SyncAll is off). */
export async function listAssignments(r: SourceReader, spId: string): Promise<Assignment[]> {
  const items = await listAll(r, syncPaths.assignments(spId));
  const out: Assignment[] = [];
  for (const a of items) {
    const id = str(a.id);
    const principalId = str(a.principalId);
    if (!id || !principalId) continue;
    out.push({
      id,
      principalId: principalId.toLowerCase(),
      principalType: str(a.principalType),
      principalDisplayName: str(a.principalDisplayName),
      appRoleId: str(a.appRoleId),
    });
  }
  return out;
}

/**
 * `GET …/synchronization/secrets`. Microsoft's API reference documents only the PUT; the GET exists (the
 * Graph metadata allows GET and PUT, msgraph-metadata#347, and the azuread Terraform provider reads the secrets
 * back with it, treating a value of "*" as masked). Whatever is masked or absent is unknown to the caller.
 */
export async function readSecrets(r: SourceReader, spId: string): Promise<SecretPair[]> {
  const body = await get<{ value?: unknown }>(r, `${servicePrincipalPath(spId)}/synchronization/secrets`);
  const value = Array.isArray(body?.value) ? body.value : Array.isArray(body) ? (body as unknown[]) : [];
  const out: SecretPair[] = [];
  for (const p of value) {
    if (isObject(p) && typeof p.key === "string" && typeof p.value === "string")
      out.push({ key: p.key, value: p.value });
  }
  return out;
}

/** `GET /users/{id or userPrincipalName}` (a UPN with `#EXT#` is URL-encoded). */
export async function getUser(r: SourceReader, idOrUpn: string): Promise<SourceUser> {
  const path = `/users/${encodeURIComponent(idOrUpn)}?$select=id,displayName,userPrincipalName,userType`;
  const body = await get<GraphObject>(r, path);
  const id = isObject(body) ? str(body.id) : undefined;
  if (!isObject(body) || !id) throw new Error(`Graph answered GET /${r.apiVersion}/users/… without a user id.`);
  return {
    id: id.toLowerCase(),
    displayName: str(body.displayName),
    userPrincipalName: str(body.userPrincipalName),
    userType: str(body.userType),
  };
}
