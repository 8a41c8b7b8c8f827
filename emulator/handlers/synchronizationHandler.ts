/**
 * A service principal's synchronization (Graph v1.0 synchronization API; the Entra guide steps 6-12): jobs (create
 * from the `Azure2Azure` template, list, get, delete, start, pause, restart), `PUT …/synchronization/secrets`
 * (Microsoft documents no GET), `POST …/jobs/validateCredentials` and `POST …/jobs/{jobId}/provisionOnDemand`. The
 * job's schema is `syncSchemaHandler.ts`; provisioning itself is `syncEngine.ts`, which writes into the TARGET
 * tenant's directory (the secrets' `CompanyId`) as the job's schema says.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { isPlainObject, JsonObject } from "../util/json";
import { isGuid } from "../validation/validateBody";
import { requireServicePrincipal } from "./applicationsHandler";
import { BaseHandler, GraphRequest } from "./baseHandler";
import { findUser } from "./directoryObjectsHandler";
import { AZURE2AZURE_TEMPLATE_ID, jobsOf, newJobId, newJobStatus, renderJob } from "./sourceRecords";
import { checkPolicies, provisionOnDemand, runJobCycle, SyncEnvironment } from "./syncEngine";
import { newRuleIds } from "./syncSchemaFixture";
import { newSchemaState } from "./syncSchemaState";

export class SynchronizationHandler extends BaseHandler {
  /** provisionOnDemand call times (directory clock) per tenant, for `provisionOnDemandRateLimit`. */
  private readonly onDemandCalls = new Map<string, number[]>();

  createJob(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    const sp = requireServicePrincipal(req);
    if (typeof body.templateId !== "string") throw GraphErrorFactory.requiredProperty("templateId");
    if (body.templateId !== AZURE2AZURE_TEMPLATE_ID) throw GraphErrorFactory.unknownSyncTemplate(body.templateId);
    const job: JsonObject = {
      id: newJobId(),
      servicePrincipalId: String(sp.id),
      templateId: AZURE2AZURE_TEMPLATE_ID,
      schedule: { expiration: null, interval: "PT40M", state: "Disabled" },
      status: newJobStatus(),
      synchronizationJobSettings: [
        { name: "AzureIngestionAttributeOptimization", value: "False" },
        { name: "LookaheadQueryEnabled", value: "False" },
      ],
      ruleIds: newRuleIds(),
      schemaState: newSchemaState(this.now()) as unknown as JsonObject,
    };
    req.dir.put("syncJobs", job);
    return { status: 201, body: { "@odata.context": this.jobContext(req, "/$entity"), ...renderJob(job) } };
  }

  listJobs(req: GraphRequest): HandlerResult {
    const sp = requireServicePrincipal(req);
    const value = jobsOf(req.dir, String(sp.id)).map(renderJob);
    return { status: 200, body: { "@odata.context": this.jobContext(req, ""), value } };
  }

  getJob(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    return { status: 200, body: { "@odata.context": this.jobContext(req, "/$entity"), ...renderJob(job) } };
  }

  deleteJob(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    req.dir.remove("syncJobs", String(job.id));
    return { status: 204 };
  }

  /** Schedule Active; the initial cycle runs right away (`syncCycleOnStart`), else the status is `NotRun`. */
  start(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    this.activate(req, job, { ...(job.status as JsonObject), code: "NotRun" });
    return { status: 204 };
  }

  pause(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    req.dir.put("syncJobs", {
      ...(job as JsonObject),
      schedule: { ...(job.schedule as JsonObject), state: "Paused" },
      status: { ...(job.status as JsonObject), code: "Paused" },
    });
    return { status: 204 };
  }

  /** Clears the quarantine and starts again (the body's `criteria.resetScope` is accepted and not modelled). */
  restart(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    this.activate(req, job, { ...(job.status as JsonObject), code: "NotRun", quarantine: null });
    return { status: 204 };
  }

  putSecrets(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    const sp = requireServicePrincipal(req);
    if (!Array.isArray(body.value)) throw GraphErrorFactory.requiredProperty("value");
    req.dir.put("syncSecrets", { id: String(sp.id), value: body.value });
    return { status: 204 };
  }

  /**
   * Checks the credentials (given, or saved with `useSavedCredentials`) the way the service does for Azure2Azure:
   * `AuthenticationType` SyncPolicy, `CompanyId` a tenant other than the caller's, and the target allowing it
   * (`checkPolicies`); a refusal is `validateCredentialsError` naming the documented error code.
   */
  validateCredentials(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    const sp = requireServicePrincipal(req);
    if (body.templateId !== undefined && body.templateId !== null && body.templateId !== AZURE2AZURE_TEMPLATE_ID)
      throw GraphErrorFactory.unknownSyncTemplate(String(body.templateId));
    const pairs = (
      body.useSavedCredentials === true
        ? (req.dir.get("syncSecrets", String(sp.id))?.value ?? [])
        : (body.credentials ?? [])
    ) as JsonObject[];
    const credentials = Object.fromEntries(
      pairs.filter(isPlainObject).map((p) => [String(p.key), String(p.value ?? "")]),
    ) as Record<string, string>;
    const target = credentials.CompanyId?.toLowerCase();
    if (!target || !isGuid(target))
      throw GraphErrorFactory.invalidSyncCredentials("CompanyId must be the target tenant's id (a GUID).");
    if (credentials.AuthenticationType !== "SyncPolicy")
      throw GraphErrorFactory.invalidSyncCredentials("AuthenticationType must be 'SyncPolicy' for Azure2Azure.");
    if (target === req.dir.tenantId)
      throw GraphErrorFactory.invalidSyncCredentials("CompanyId names this tenant; it must be another tenant.");
    const check = checkPolicies(this.deps.store, req.dir.tenantId, target);
    if (!check.ok) {
      throw GraphErrorFactory.syncPolicyCheckFailed(check.code, check.message, this.settings.validateCredentialsError);
    }
    return { status: 204 };
  }

  provisionOnDemand(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    const job = this.requireJob(req);
    this.rateLimitOnDemand(req);
    const parameters = (body.parameters ?? []) as JsonObject[];
    if (parameters.length === 0) throw GraphErrorFactory.invalidProvisionOnDemand("'parameters' is empty.");
    const ruleIds = Object.values(job.ruleIds as Record<string, string>);
    const results: JsonObject[] = [];
    for (const p of parameters) {
      if (typeof p.ruleId !== "string" || !ruleIds.includes(p.ruleId.toLowerCase()))
        throw GraphErrorFactory.invalidProvisionOnDemand(
          `ruleId '${String(p.ruleId)}' is not a rule of this job's schema (GET …/jobs/{jobId}/schema: synchronizationRules[].id).`,
        );
      const subjects = (p.subjects ?? []) as JsonObject[];
      if (subjects.length === 0) throw GraphErrorFactory.invalidProvisionOnDemand("'subjects' is empty.");
      for (const s of subjects) {
        if (String(s.objectTypeName ?? "").toLowerCase() !== "user")
          throw GraphErrorFactory.invalidProvisionOnDemand(
            `objectTypeName '${String(s.objectTypeName)}' is not supported; use 'User'.`,
          );
        const user = findUser(req, String(s.objectId ?? ""));
        if (!user) throw GraphErrorFactory.resourceNotFound(String(s.objectId));
        results.push(provisionOnDemand(this.environment(), req.dir, job, user));
      }
    }
    // One subject per call in practice; several are joined into one StatusInfo array.
    const first = results[0];
    const value =
      this.settings.provisionOnDemandShape === "statusInfo" && results.length > 1
        ? JSON.stringify(results.flatMap((r) => JSON.parse(String(r.value)) as JsonObject[]))
        : first.value;
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, "microsoft.graph.stringKeyStringValuePair"),
        key: first.key,
        value,
      },
    };
  }

  /** [DOC] 5 requests per 10 seconds, when `provisionOnDemandRateLimit` is set: 429 with an honest `Retry-After`. */
  private rateLimitOnDemand(req: GraphRequest): void {
    const limit = this.settings.provisionOnDemandRateLimit;
    if (!limit) return;
    const now = this.now();
    const recent = (this.onDemandCalls.get(req.dir.tenantId) ?? []).filter((t) => now - t < limit.windowMs);
    if (recent.length >= limit.requests) {
      this.onDemandCalls.set(req.dir.tenantId, recent);
      const waitMs = limit.windowMs - (now - recent[0]);
      throw GraphErrorFactory.tooManyRequests(String(Math.max(1, Math.ceil(waitMs / 1000))));
    }
    this.onDemandCalls.set(req.dir.tenantId, [...recent, now]);
  }

  private environment(): SyncEnvironment {
    return { store: this.deps.store, settings: this.settings, now: this.now() };
  }

  private activate(req: GraphRequest, job: Readonly<JsonObject>, status: JsonObject): void {
    req.dir.put("syncJobs", {
      ...(job as JsonObject),
      schedule: { ...(job.schedule as JsonObject), state: "Active" },
      status,
    });
    if (this.settings.syncCycleOnStart) runJobCycle(this.environment(), req.dir, String(job.id));
  }

  private requireJob(req: GraphRequest): Readonly<JsonObject> {
    const sp = requireServicePrincipal(req);
    const jobId = req.params.jobId;
    const job = req.dir.get("syncJobs", jobId);
    if (!job || job.servicePrincipalId !== sp.id)
      throw GraphErrorFactory.resourceNotFound(jobId, this.settings.syncJobNotFoundError);
    return job;
  }

  private jobContext(req: GraphRequest, suffix: string): string {
    return this.metadata(req, `servicePrincipals('${req.id}')/synchronization/jobs${suffix}`);
  }
}
