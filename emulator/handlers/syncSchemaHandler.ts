/**
 * A synchronization job's schema (Graph v1.0 synchronizationSchema; sync-schema.md §1, §5): GET, PUT (replaces the
 * whole document after validation: 400 `schemaInvalid: <reason>`), DELETE (back to the template), PATCH and POST
 * (404 `UnknownError`, as the service answers), the template's schema, `filterOperators`, `functions` and
 * `parseExpression`. A saved change restarts the job: its next cycle is an initial one ([DOC] export-import guide).
 */
import { GraphError } from "../errors/graphError";
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { Directory } from "../persistence/graphStore";
import { cloneJson, isPlainObject, JsonObject, JsonValue } from "../util/json";
import { requireServicePrincipal } from "./applicationsHandler";
import { BaseHandler, GraphRequest } from "./baseHandler";
import { AZURE2AZURE_TEMPLATE_ID } from "./sourceRecords";
import { runJobCycle } from "./syncEngine";
import { evaluateSource, ExpressionSyntaxError, FUNCTIONS, parseExpression } from "./syncExpressions";
import { FILTER_OPERATORS } from "./syncScoping";
import { jobSchema } from "./syncSchemaFixture";
import {
  effectiveSchema,
  newDirectoryStamp,
  newSchemaState,
  nextVersion,
  renderSchema,
  sameSchema,
  saveSchemaState,
  SchemaState,
  schemaStateOf,
  templateSchemaOf,
  upsertUserMappings,
  withoutComputed,
} from "./syncSchemaState";
import { flowTypeFlags, schemaInvalidReason } from "./syncSchemaValidation";

/** The steady-state times of a job that has not reached steady state ([DOC] Entra guide step 7 response). */
const NEVER = "0001-01-01T00:00:00Z";

export class SyncSchemaHandler extends BaseHandler {
  get(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    const now = this.now();
    const state = schemaStateOf(job, now);
    const lagging =
      state.previous && state.changedAt !== undefined && now - state.changedAt < this.settings.schemaReadLagMs;
    // The stamp is kept across GETs (a GET writes only to renew it or to play a concurrent edit).
    let save = false;
    if (this.settings.volatileDirectoryVersion) {
      state.directoryStamp = newDirectoryStamp(now);
      save = true;
    }
    const shown = lagging ? (state.previous as JsonObject) : renderSchema(effectiveSchema(job), state, String(job.id));
    const edit = state.faults?.concurrentEdit;
    if (edit) {
      // "Someone in the portal" saves right after this client's read: its later PUT overwrites them (no ETag).
      delete state.faults!.concurrentEdit;
      const base = edit.schema ? withoutComputed(edit.schema) : effectiveSchema(job);
      this.store(req.dir, job, state, upsertUserMappings(base, edit.attributeMappings ?? []), now);
      save = false;
    }
    if (save) saveSchemaState(req.dir, job, state);
    return { status: 200, body: { "@odata.context": this.schemaContext(req, String(job.id)), ...shown } };
  }

  put(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    const now = this.now();
    const state = schemaStateOf(job, now);
    const fail = state.faults?.failNextPut;
    if (fail) {
      delete state.faults!.failNextPut;
      saveSchemaState(req.dir, job, state);
      if (fail.body) return { status: fail.status, body: fail.body };
      throw new GraphError(fail.status, fail.code ?? "UnknownError", fail.message ?? "");
    }
    const body = this.validBody(req);
    const doc = withoutComputed(body);
    doc.id = String(job.id);
    const reason = schemaInvalidReason(doc, templateSchemaOf(job));
    if (reason) throw GraphErrorFactory.schemaInvalid(reason, this.settings.schemaInvalidError);
    const { flowTypesFormat, reverseScopeGroupsOnPut } = this.settings;
    for (const rule of doc.synchronizationRules as JsonObject[]) {
      for (const om of (rule.objectMappings ?? []) as JsonObject[]) {
        if (flowTypesFormat !== "asSent")
          om.flowTypes = flowTypeFlags(om.flowTypes).join(flowTypesFormat === "compact" ? "," : ", ");
        const scope = om.scope as JsonObject | null;
        if (reverseScopeGroupsOnPut && Array.isArray(scope?.groups)) scope.groups = [...scope.groups].reverse();
      }
    }
    this.store(req.dir, job, state, doc, now, this.settings.bumpVersionOnPut);
    return { status: 204 };
  }

  delete(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    const now = this.now();
    this.store(req.dir, job, schemaStateOf(job, now), undefined, now);
    return { status: 204 };
  }

  /** PATCH / POST on `…/schema`: 404 `UnknownError` once the job exists (unknown jobs are 404 anyway). */
  unsupported(req: GraphRequest): HandlerResult {
    const job = this.requireJob(req);
    throw GraphErrorFactory.schemaVerbNotFound(req.id, String(job.id));
  }

  /** `GET …/synchronization/templates/Azure2Azure/schema`: the template's default schema. */
  template(req: GraphRequest): HandlerResult {
    this.requireTemplate(req);
    const schema = jobSchema(AZURE2AZURE_TEMPLATE_ID, {});
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(
          req,
          `servicePrincipals('${req.id}')/synchronization/templates('${AZURE2AZURE_TEMPLATE_ID}')/schema/$entity`,
        ),
        ...schema,
      },
    };
  }

  filterOperators(req: GraphRequest): HandlerResult {
    this.requireJobOrTemplate(req);
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, "Collection(microsoft.graph.filterOperatorSchema)"),
        value: cloneJson(FILTER_OPERATORS) as unknown as JsonValue,
      },
    };
  }

  functions(req: GraphRequest): HandlerResult {
    this.requireJobOrTemplate(req);
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, "Collection(microsoft.graph.attributeMappingFunctionSchema)"),
        value: cloneJson(FUNCTIONS) as unknown as JsonValue,
      },
    };
  }

  /**
   * Parses the expression: `parsingSucceeded` with the normalized `parsedExpression`, or false with `error`. With a
   * `testInputObject` (`properties: [{key, value}]`) it is also evaluated ([DOC] parseexpression.md example).
   */
  parseExpression(req: GraphRequest): HandlerResult {
    this.requireJobOrTemplate(req);
    const body = this.validBody(req);
    if (typeof body.expression !== "string") throw GraphErrorFactory.requiredProperty("expression");
    const context = this.metadata(req, "microsoft.graph.parseExpressionResponse");
    try {
      const parsed = parseExpression(body.expression);
      const input = body.testInputObject as JsonObject | null | undefined;
      const values = new Map<string, string[]>();
      for (const p of (Array.isArray(input?.properties) ? input.properties : []) as JsonObject[]) {
        if (!isPlainObject(p)) continue;
        const v = p.value;
        values.set(String(p.key), Array.isArray(v) ? v.map(String) : v === null || v === undefined ? [] : [String(v)]);
      }
      const evaluated = input ? evaluateSource(parsed, (name) => values.get(name) ?? []) : undefined;
      return {
        status: 200,
        body: {
          "@odata.context": context,
          error: null,
          evaluationSucceeded: evaluated !== undefined,
          evaluationResult: evaluated ?? null,
          parsedExpression: parsed as unknown as JsonObject,
          parsingSucceeded: true,
        },
      };
    } catch (e) {
      if (!(e instanceof ExpressionSyntaxError)) throw e;
      return {
        status: 200,
        body: {
          "@odata.context": context,
          error: { code: "ExpressionParsingFailed", message: e.message, target: "expression", details: [] },
          evaluationSucceeded: false,
          evaluationResult: null,
          parsedExpression: null,
          parsingSucceeded: false,
        },
      };
    }
  }

  /**
   * Saves a new document (`undefined` = back to the template), remembering the served one for `schemaReadLagMs`;
   * a change of the effective schema restarts the job (the next cycle is an initial cycle).
   */
  private store(
    dir: Directory,
    job: Readonly<JsonObject>,
    state: SchemaState,
    doc: JsonObject | undefined,
    now: number,
    bumpVersion = false,
  ): void {
    const before = effectiveSchema(job);
    state.previous = renderSchema(before, state, String(job.id));
    if (bumpVersion) state.version = nextVersion(state.version);
    state.changedAt = now;
    state.customized = doc !== undefined;
    if (doc) state.current = doc;
    else delete state.current;
    const saved = saveSchemaState(dir, job, state);
    const after = effectiveSchema(saved);
    if (!sameSchema(before, after)) this.restart(dir, saved);
  }

  /** [DOC] "Changing your provisioning configuration restarts the service and triggers an initial cycle." */
  private restart(dir: Directory, job: Readonly<JsonObject>): void {
    const active = (job.schedule as JsonObject | undefined)?.state === "Active";
    const status = job.status as JsonObject;
    dir.put("syncJobs", {
      ...(job as JsonObject),
      initialCycleDue: true,
      status: active ? { ...status, code: "NotRun", steadyStateFirstAchievedTime: NEVER } : status,
    });
    if (active && this.settings.schemaChangeRunsCycle)
      runJobCycle({ store: this.deps.store, settings: this.settings, now: this.now() }, dir, String(job.id));
  }

  private requireJob(req: GraphRequest): Readonly<JsonObject> {
    const sp = requireServicePrincipal(req);
    const jobId = req.params.jobId;
    const job = req.dir.get("syncJobs", jobId);
    if (!job || job.servicePrincipalId !== sp.id)
      throw GraphErrorFactory.resourceNotFound(jobId, this.settings.syncJobNotFoundError);
    if (!isPlainObject(job.schemaState)) return saveSchemaState(req.dir, job, newSchemaState(this.now()));
    return job;
  }

  private requireTemplate(req: GraphRequest): void {
    requireServicePrincipal(req);
    const templateId = req.params.templateId ?? "";
    if (templateId.toLowerCase() !== AZURE2AZURE_TEMPLATE_ID.toLowerCase())
      throw GraphErrorFactory.resourceNotFound(templateId);
  }

  private requireJobOrTemplate(req: GraphRequest): void {
    if (req.params.jobId !== undefined) this.requireJob(req);
    else this.requireTemplate(req);
  }

  private schemaContext(req: GraphRequest, jobId: string): string {
    return this.metadata(req, `servicePrincipals('${req.id}')/synchronization/jobs('${jobId}')/schema/$entity`);
  }
}
