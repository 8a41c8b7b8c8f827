/**
 * What every Graph handler is given: the store (one directory per tenant), the replication-lag view, the settings
 * and the directory clock. A request works on the directory of its token's tenant (`req.dir`).
 */
import { AccessTokenClaims } from "../auth/tokens";
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { GraphStore, Directory } from "../persistence/graphStore";
import { ReplicationLag } from "../faults/replicationLag";
import { EmulatorSettings } from "../settings";
import { RequestContext } from "../http/context";
import { ApiVersion } from "../validation/types";
import { JsonObject } from "../util/json";
import { graphDateTimeOffset } from "../util/time";
import { renderEntity } from "../validation/render";
import { SchemaKind, SCHEMAS } from "../validation/schemas";
import { validateBody, ValidateOptions } from "../validation/validateBody";

export type EntityKind = SchemaKind;
type LiveCollection = "partners" | "policies";

export interface HandlerDeps {
  store: GraphStore;
  lag: ReplicationLag;
  settings(): EmulatorSettings;
}

/** A routed Graph request. */
export interface GraphRequest {
  ctx: RequestContext;
  version: ApiVersion;
  /** Partner tenant id from the URL (lower case). */
  id: string;
  /** The path's keys by name (lower case). */
  params: Readonly<Record<string, string>>;
  body?: unknown;
  /** The schema validating the body, as the route table names it (none for operations without a body). */
  bodySchema?: SchemaKind;
  /** The directory of the caller's tenant (the token's `tid`). */
  dir: Directory;
  /** The verified token. */
  claims: AccessTokenClaims;
}

export abstract class BaseHandler {
  constructor(protected readonly deps: HandlerDeps) {}

  protected get settings(): EmulatorSettings {
    return this.deps.settings();
  }

  /** The directory clock (shifted by `clockOffsetMs`), ms since the epoch. */
  protected now(): number {
    return Date.now() + this.settings.clockOffsetMs;
  }

  /** DateTimeOffset as Graph writes it, e.g. `2026-11-23T13:01:28Z`. */
  protected timestamp(): string {
    return graphDateTimeOffset(this.now());
  }

  /**
   * A record as `version` returns it: the version's properties (unset ones null, or objects of nulls for partners
   * with `inheritedSettingShape: "nullLeaves"`), restricted to `select`, plus the configured
   * `undocumentedProperties` when nothing was selected (Graph returns fields outside its schema,
   * graph-behaviour.md §3.1; clients must tolerate them).
   */
  protected entity(kind: EntityKind, version: ApiVersion, record: Readonly<JsonObject>, select?: string[]): JsonObject {
    const inherited = kind === "partner" ? this.settings.inheritedSettingShape : "null";
    const out = renderEntity(SCHEMAS[version][kind], record as JsonObject, select, inherited);
    if (select || (kind !== "partner" && kind !== "sync")) return out;
    // `out` is a fresh object: extend it in place (lists render many entities; no second copy each).
    return Object.assign(out, this.settings.undocumentedProperties[kind]);
  }

  /**
   * Validation options for a partner or sync body, from the switches for properties whose writability is
   * undocumented ([INFERENCE] graph-behaviour.md §1.3, §3.1).
   */
  protected writability(kind: EntityKind, allowReadOnly: string[] = []): ValidateOptions {
    const s = this.settings;
    if (kind === "partner") {
      return {
        allowReadOnly: s.isInMultiTenantOrganizationReadOnly
          ? allowReadOnly
          : [...allowReadOnly, "isInMultiTenantOrganization"],
      };
    }
    return {
      allowReadOnly,
      alsoReadOnly: s.externalCloudAuthorizedApplicationIdReadOnly ? ["externalCloudAuthorizedApplicationId"] : [],
    };
  }

  /** The request's `$select`, each name checked against the version's schema of `kind` (400 naming the type). */
  protected selectOf(req: GraphRequest, kind: EntityKind): string[] | undefined {
    const select = parseSelect(req.ctx.query);
    const schema = SCHEMAS[req.version][kind];
    for (const name of select ?? []) {
      if (!(name in schema.fields)) throw GraphErrorFactory.invalidQueryProperty(name, schema.typeName);
    }
    return select;
  }

  /** The request body validated against the schema its route names, in the request's version. */
  protected validBody(req: GraphRequest, options?: ValidateOptions): JsonObject {
    if (!req.bodySchema) throw new Error(`${req.ctx.method} ${req.ctx.pathname}: the route table names no body schema`);
    return validateBody(SCHEMAS[req.version][req.bodySchema], req.body, options);
  }

  protected metadata(req: GraphRequest, fragment: string): string {
    return `${req.ctx.baseUrl}/${req.version}/$metadata#${fragment}`;
  }

  /** Replication-lag key of a collection in the caller's directory. */
  protected lagKind(req: GraphRequest, kind: LiveCollection): string {
    return `${req.dir.tenantId}/${kind}`;
  }

  /** What a read in the caller's directory sees (replication lag applied). */
  protected read(req: GraphRequest, kind: LiveCollection, id: string): Readonly<JsonObject> | undefined {
    return this.deps.lag.view(this.lagKind(req, kind), id, req.dir.get(kind, id));
  }

  /**
   * Whether a write that depends on another object sees it, as the replica serving the write would: through the
   * replication-lag view with `replicationLagDependentWrites`, else in the primary. Callers combine it with the
   * primary (a PUT needs its partner in both; a DELETE is refused while its policy is in either).
   */
  protected seenByDependentWrite(req: GraphRequest, kind: LiveCollection, id: string): boolean {
    if (!this.settings.replicationLagDependentWrites) return req.dir.get(kind, id) !== undefined;
    return this.read(req, kind, id) !== undefined;
  }

  /** True while a create of `id` must still meet the copy a replica has not seen deleted (409). */
  protected recentlyDeleted(req: GraphRequest, kind: LiveCollection, id: string): boolean {
    return this.deps.lag.recentlyDeleted(this.lagKind(req, kind), id);
  }

  /** Writes a record, recording the previous value for replication lag. */
  protected write(req: GraphRequest, kind: LiveCollection, record: JsonObject): void {
    const id = record.tenantId as string;
    this.deps.lag.recordWrite(this.lagKind(req, kind), id, req.dir.get(kind, id));
    req.dir.put(kind, record);
  }

  protected removeLive(req: GraphRequest, kind: LiveCollection, id: string): void {
    this.deps.lag.recordWrite(this.lagKind(req, kind), id, req.dir.get(kind, id), Date.now(), true);
    req.dir.remove(kind, id);
  }

  /** Soft delete: moves the live record to deleted items with `deletedDateTime` (or drops it when disabled). */
  protected softDelete(req: GraphRequest, kind: LiveCollection, id: string): void {
    const record = req.dir.get(kind, id);
    if (!record) return;
    this.removeLive(req, kind, id);
    if (req.version === "v1.0" && !this.settings.softDeleteFromV1) return;
    const deletedKind = kind === "partners" ? "deletedPartners" : "deletedPolicies";
    req.dir.put(deletedKind, { ...(record as JsonObject), deletedDateTime: this.timestamp() });
  }
}

/** Parses `$select` into property names (undefined when absent). */
export function parseSelect(query: URLSearchParams, key = "$select"): string[] | undefined {
  const raw = query.get(key);
  if (raw === null) return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
