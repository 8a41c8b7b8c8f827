/** What every Graph handler is given: the store, the replication-lag view, the settings and the directory clock. */
import { GraphStore } from "../persistence/graphStore";
import { ReplicationLag } from "../faults/replicationLag";
import { EmulatorSettings } from "../settings";
import { RequestContext } from "../server/context";
import { ApiVersion } from "../validation/types";
import { JsonObject } from "../util/json";
import { graphDateTimeOffset } from "../util/time";
import { renderEntity } from "../validation/render";
import { SCHEMAS } from "../validation/schemas";
import { ValidateOptions } from "../validation/validateBody";

export type EntityKind = "partner" | "sync";

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
  body?: unknown;
}

export abstract class BaseHandler {
  constructor(protected readonly deps: HandlerDeps) {}

  protected get store(): GraphStore {
    return this.deps.store;
  }

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
   * A record as `version` returns it: the version's properties (unset ones null), restricted to `select`, plus
   * the configured `undocumentedProperties` when nothing was selected (Graph returns fields outside its schema,
   * graph-behaviour.md §3.1; clients must tolerate them).
   */
  protected entity(kind: EntityKind, version: ApiVersion, record: Readonly<JsonObject>, select?: string[]): JsonObject {
    const out = renderEntity(SCHEMAS[version][kind], record as JsonObject, select);
    // `out` is a fresh object: extend it in place (lists render many entities; no second copy each).
    return select ? out : Object.assign(out, this.settings.undocumentedProperties[kind]);
  }

  /**
   * Validation options for a partner or sync body, from the switches for properties whose writability is
   * undocumented ([INFERENCE] graph-behaviour.md §1.3, §3.1).
   */
  protected writability(kind: EntityKind, allowReadOnly: string[] = []): ValidateOptions {
    const s = this.settings;
    if (kind === "partner") {
      return { allowReadOnly: s.isInMultiTenantOrganizationReadOnly ? allowReadOnly : [...allowReadOnly, "isInMultiTenantOrganization"] };
    }
    return { allowReadOnly, alsoReadOnly: s.externalCloudAuthorizedApplicationIdReadOnly ? ["externalCloudAuthorizedApplicationId"] : [] };
  }

  protected metadata(req: GraphRequest, fragment: string): string {
    return `${req.ctx.baseUrl}/${req.version}/$metadata#${fragment}`;
  }

  /** Writes a record, recording the previous value for replication lag. */
  protected write(kind: "partners" | "policies", record: JsonObject): void {
    const id = record.tenantId as string;
    this.deps.lag.recordWrite(kind, id, this.store.get(kind, id));
    this.store.put(kind, record);
  }

  protected removeLive(kind: "partners" | "policies", id: string): void {
    this.deps.lag.recordWrite(kind, id, this.store.get(kind, id));
    this.store.remove(kind, id);
  }

  /** Soft delete: moves the live record to deleted items with `deletedDateTime` (or drops it when disabled). */
  protected softDelete(kind: "partners" | "policies", id: string, version: ApiVersion): void {
    const record = this.store.get(kind, id);
    if (!record) return;
    this.removeLive(kind, id);
    if (version === "v1.0" && !this.settings.softDeleteFromV1) return;
    const deletedKind = kind === "partners" ? "deletedPartners" : "deletedPolicies";
    this.store.put(deletedKind, { ...(record as JsonObject), deletedDateTime: this.timestamp() });
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
