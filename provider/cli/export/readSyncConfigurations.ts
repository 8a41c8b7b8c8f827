/**
 * Reads what an export needs of the tenant's cross-tenant synchronization configurations (the tenant as a
 * synchronization source): every configuration service principal in one listing, then per configuration its job,
 * its app role assignments (the scope) and its synchronization secrets (target tenant, SyncAll, notifications),
 * and, when it has a job, the job's schema and its template's schema (what the schema settings are exported from).
 *
 * The secrets may not be readable: Microsoft documents only their PUT; a GET that fails (other than for a missing
 * permission) or a value that comes back masked leaves that value unknown, and the program says so instead of
 * guessing. A token that may not read service principals at all (a policy-only app) exports the policies and says
 * which permission the configurations need.
 */
import { GraphError, isGraphError } from "../../graph/errors";
import type { GraphSyncSchema } from "../../resources/syncSchema/types";
import {
  Assignment,
  ConfigurationSp,
  jobPath,
  listAssignments,
  listConfigurations,
  listJobs,
  readSecrets,
  SecretPair,
  servicePrincipalPath,
  SourceReader,
  SyncJob,
  SYNC_JOB_TEMPLATE,
} from "../sync/sourceGraph";

export interface SyncConfigurationSnapshot {
  servicePrincipal: ConfigurationSp;
  /** The Azure2Azure job; undefined when the configuration has none (set-up not finished). */
  job?: SyncJob;
  /** More than one Azure2Azure job (a configuration has one). */
  extraJobs: number;
  assignments: Assignment[];
  /** The secrets Graph returned (values may be "*"); undefined when they could not be read, with why. */
  secrets?: SecretPair[];
  secretsUnreadable?: string;
  /** The job's schema and its template's (`…/synchronization/templates/Azure2Azure/schema`), when both were read. */
  schema?: { live: GraphSyncSchema; template: GraphSyncSchema };
  /** Why they were not (a Graph refusal or a 4xx answer). */
  schemaUnreadable?: string;
}

export interface SyncConfigurationsRead {
  configurations: SyncConfigurationSnapshot[];
  /** Set when the token may not list the configurations: what it lacks (the export goes on without them). */
  refused?: string;
  requests: number;
}

function describe(g: GraphError): string {
  return `${g.statusCode ?? g.code} ${g.code}${g.graphMessage && g.graphMessage !== `HTTP ${g.statusCode}` ? `: ${g.graphMessage}` : ""} (request-id ${g.requestId ?? "none"})`;
}

/** A refusal for want of a permission (403, or the synchronization endpoints' bare 401 UnknownError). */
function isRefusal(e: unknown): boolean {
  return isGraphError(e) && (e.statusCode === 403 || (e.statusCode === 401 && e.code === "UnknownError"));
}

/** What the refused call needs, by its path. */
function neededFor(path: string): string {
  if (/\/synchronization\//.test(path)) return "Synchronization.Read.All (or Synchronization.ReadWrite.All)";
  if (/\/appRoleAssignedTo/.test(path)) return "Application.Read.All (or AppRoleAssignment.ReadWrite.All)";
  return "Application.Read.All (or Application.ReadWrite.All)";
}

/** A job's schema and its template's: two GETs (the template's path is documented by Graph's schema GET page). */
async function readSchemas(
  r: SourceReader,
  spId: string,
  job: SyncJob,
): Promise<Pick<SyncConfigurationSnapshot, "schema" | "schemaUnreadable"> & { requests: number }> {
  const template = job.templateId ?? SYNC_JOB_TEMPLATE;
  const paths = [
    `${jobPath(spId, job.id)}/schema`,
    `${servicePrincipalPath(spId)}/synchronization/templates/${encodeURIComponent(template)}/schema`,
  ];
  const docs: GraphSyncSchema[] = [];
  for (const p of paths) {
    const requests = docs.length + 1;
    try {
      const res = await r.graph.request<GraphSyncSchema>("GET", p, undefined, {
        deadline: r.deadline,
        apiVersion: r.apiVersion,
      });
      if (!res.body || typeof res.body !== "object")
        return { requests, schemaUnreadable: `GET ${schemaPathText(p)} answered without a schema` };
      docs.push(res.body);
    } catch (e) {
      // Only the schema settings are lost: the rest of the configuration is exported.
      if (!isGraphError(e) || e.statusCode === undefined || e.statusCode >= 500) throw e;
      // Status and code only: the program must not change from one export to the next (no request-id).
      return {
        requests,
        schemaUnreadable: `GET ${schemaPathText(p)} answered ${e.statusCode} ${e.code}${isRefusal(e) ? ` (it needs ${neededFor(p)})` : ""}`,
      };
    }
  }
  return { requests: docs.length, schema: { live: docs[0], template: docs[1] } };
}

/** A schema path without the IDs, for messages that stay the same from one export to the next. */
const schemaPathText = (p: string) =>
  p.includes("/templates/") ? p.replace(/^.*\/synchronization\//, "…/synchronization/") : "…/jobs/{jobId}/schema";

export async function readSyncConfigurations(r: SourceReader): Promise<SyncConfigurationsRead> {
  let requests = 0;
  const configurations: SyncConfigurationSnapshot[] = [];
  try {
    requests++;
    const sps = await listConfigurations(r);
    for (const sp of sps) {
      requests += 3;
      const jobs = (await listJobs(r, sp.id)).filter((j) => (j.templateId ?? SYNC_JOB_TEMPLATE) === SYNC_JOB_TEMPLATE);
      const assignments = await listAssignments(r, sp.id);
      let secrets: SecretPair[] | undefined;
      let secretsUnreadable: string | undefined;
      try {
        secrets = await readSecrets(r, sp.id);
      } catch (e) {
        // The GET is not part of Microsoft's documented API: an answer other than a refusal or a failure of
        // Graph's side (404, 405, 400) only leaves the secrets unknown.
        if (!isGraphError(e) || isRefusal(e) || e.statusCode === undefined || e.statusCode >= 500) throw e;
        // Status and code only: the program must not change from one export to the next (no request-id).
        secretsUnreadable = `GET …/synchronization/secrets answered ${e.statusCode} ${e.code}`;
      }
      let schemas: Pick<SyncConfigurationSnapshot, "schema" | "schemaUnreadable"> = {};
      if (jobs[0]) {
        const { requests: made, ...read } = await readSchemas(r, sp.id, jobs[0]);
        requests += made;
        schemas = read;
      }
      configurations.push({
        servicePrincipal: sp,
        job: jobs[0],
        extraJobs: Math.max(0, jobs.length - 1),
        assignments,
        secrets,
        secretsUnreadable,
        ...schemas,
      });
    }
  } catch (e) {
    // A token that may not read them: the export goes on without any configuration (never half of one).
    if (!isRefusal(e)) throw e;
    const g = e as GraphError;
    return {
      configurations: [],
      requests,
      refused: `Graph refused ${g.method} ${g.path.split("?")[0]} (${describe(g)}): reading the synchronization configurations needs ${neededFor(g.path)}`,
    };
  }
  return { configurations, requests };
}
