/**
 * `POST /_emulator/sync/run` `{ tenantId?, servicePrincipalId?, jobId? }`: one job cycle now, as the provisioning
 * service's schedule would run it (every 40 minutes in a real tenant). Runs the named job, or every job of the
 * named service principal, or every job of the tenant; only jobs whose schedule is `Active` (started) run.
 */
import { renderJob } from "../handlers/sourceRecords";
import { runJobCycle } from "../handlers/syncEngine";
import { GraphStore } from "../persistence/graphStore";
import { EmulatorSettings } from "../settings";
import { isPlainObject, JsonObject } from "../util/json";
import { AdminError } from "./adminError";

export function runSyncCycles(
  store: GraphStore,
  tenantId: string,
  body: unknown,
  settings: EmulatorSettings,
): JsonObject[] {
  const b = isPlainObject(body) ? body : {};
  const unknown = Object.keys(b).find((k) => !["tenantId", "servicePrincipalId", "jobId"].includes(k));
  if (unknown)
    throw new AdminError(400, `sync/run: unknown key '${unknown}' (expected tenantId, servicePrincipalId, jobId)`);
  const dir = store.directory(tenantId);
  const sp = typeof b.servicePrincipalId === "string" ? b.servicePrincipalId.toLowerCase() : undefined;
  const jobId = typeof b.jobId === "string" ? b.jobId.toLowerCase() : undefined;
  if (sp && !dir.get("servicePrincipals", sp))
    throw new AdminError(404, `sync/run: no service principal ${sp} in tenant ${tenantId}`);
  const jobs = dir
    .list("syncJobs")
    .filter((j) => (!sp || j.servicePrincipalId === sp) && (!jobId || String(j.id).toLowerCase() === jobId));
  if (jobId && jobs.length === 0)
    throw new AdminError(404, `sync/run: no synchronization job ${jobId} in tenant ${tenantId}`);
  const inactive = jobs.find((j) => (j.schedule as JsonObject | undefined)?.state !== "Active");
  if (jobId && inactive)
    throw new AdminError(
      409,
      `sync/run: job ${jobId} is not started (schedule ${String((inactive.schedule as JsonObject)?.state)}); POST …/start first`,
    );
  const env = { store, settings, now: Date.now() + settings.clockOffsetMs };
  return jobs
    .filter((j) => (j.schedule as JsonObject | undefined)?.state === "Active")
    .map((j) => renderJob(runJobCycle(env, dir, String(j.id))));
}
