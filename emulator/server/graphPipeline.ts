/**
 * The Graph side of the request chain, in order: version → OPTIONS (no auth) → authentication (401) → route (400/405) →
 * permission (403) → body decoding (`Content-Encoding`: 415/413/400) → throttle (429) → concurrency window (409) →
 * latency → body parse/validation (400) → handler → durable flush (file store). Each step throws a GraphError; the listener's error middleware writes it.
 */
import { authenticate, authorize, GraphAuthOptions } from "../auth/graphAuthorization";
import { AccessTokenClaims } from "../auth/tokens";
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { WriteWindows } from "../faults/concurrency";
import { WriteTokenBucket } from "../faults/throttle";
import { HandlerDeps } from "../handlers/baseHandler";
import { EmulatorSettings } from "../settings";
import { sleep } from "../util/time";
import { ApiVersion } from "../validation/types";
import { parseGraphJson, readBody } from "../http/body";
import { decodeBody } from "../http/contentEncoding";
import { HandlerResult, RequestContext } from "../http/context";
import { GraphRoute, routeGraph, routeMethods } from "./graphRouter";
import { createGraphHandlers, GraphHandlers } from "./graphRoutes";

const EMPTY = Buffer.alloc(0);

/** Whether the request announces a body (GETs normally do not: skip the extra event-loop turn of reading it). */
function hasBody(ctx: RequestContext): boolean {
  const h = ctx.req.headers;
  return h["transfer-encoding"] !== undefined || (h["content-length"] !== undefined && h["content-length"] !== "0");
}

/**
 * Resource units of a request, as Graph's identity limits count them ([DOC] graph-behaviour.md §5.3): 1 per
 * request, `$select` −1, `$expand` +1, never below 1.
 */
export function resourceUnits(route: GraphRoute, query: URLSearchParams): number {
  if (route.write) return 1;
  return Math.max(1, 1 - (query.has("$select") ? 1 : 0) + (query.has("$expand") ? 1 : 0));
}

/** `x-ms-throttle-limit-percentage` ([DOC] §5.3): sent only above 80% of the limit, as a fraction 0.8–1.8. */
export function throttleLimitHeader(usedFraction: number): Record<string, string> {
  if (usedFraction < 0.8) return {};
  return { "x-ms-throttle-limit-percentage": Math.min(1.8, usedFraction).toFixed(1) };
}

/**
 * The partner a write touches, for the concurrency window: from the URL, or for a create from the body property
 * its route names (`createsKey`; peeked here, the body is validated later, inside the window).
 */
function partnerOf(route: GraphRoute, raw: Buffer): string | undefined {
  if (route.id) return route.id;
  const key = route.row.createsKey;
  if (key === undefined) return undefined;
  try {
    const value = (JSON.parse(raw.toString("utf8")) as Record<string, unknown> | null)?.[key];
    return typeof value === "string" ? value.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export interface GraphPipelineDeps extends HandlerDeps {
  auth(): GraphAuthOptions;
  windows: WriteWindows;
  /** Aborted when the emulator stops (ends latency waits early). */
  stopSignal: AbortSignal;
}

export class GraphPipeline {
  readonly handlers: GraphHandlers;
  /** One write bucket per tenant and application, as Graph's limits are scoped (`Tenant_Application`). */
  private readonly buckets = new Map<string, WriteTokenBucket>();
  private throttleConfig: string = "null";

  constructor(private readonly deps: GraphPipelineDeps) {
    this.handlers = createGraphHandlers(deps);
  }

  /**
   * Drops the throttle buckets when their configuration changed (only then: an unrelated settings change, e.g.
   * latency, must not refill a bucket a test is draining).
   */
  settingsChanged(settings: EmulatorSettings): void {
    const config = JSON.stringify(settings.throttle);
    if (config === this.throttleConfig) return;
    this.throttleConfig = config;
    this.buckets.clear();
  }

  /** Full buckets again (admin reset), whatever the configuration. */
  refillThrottle(): void {
    this.buckets.clear();
    this.settingsChanged(this.deps.settings());
  }

  async handle(ctx: RequestContext, segments: readonly string[]): Promise<HandlerResult> {
    const sent = hasBody(ctx) ? await readBody(ctx.req) : EMPTY;
    const version = ctx.apiVersion as ApiVersion;
    const settings = this.deps.settings();

    // A CORS preflight carries no credentials: answer it before authentication, with the resource's methods.
    if (ctx.method === "OPTIONS")
      return { status: 204, headers: { Allow: routeMethods(segments, version).join(", ") } };

    const claims = authenticate(ctx.req.headers.authorization, this.deps.auth());
    const tenantId = String(claims.tid).toLowerCase();
    ctx.tenantId = tenantId;
    const route = routeGraph(ctx.method, segments, version);
    authorize(claims, route.write, route.row.permissions, settings.syncMissingPermission);
    route.row.authorize?.(claims, settings);
    // Like Graph's gateway, decode a compressed body before anything reads it; bodies of operations that take none
    // are ignored whatever their coding.
    const raw = route.bodyRequired ? await decodeBody(sent, ctx.req.headers["content-encoding"]) : sent;

    const headers: Record<string, string> = {
      "x-ms-resource-unit": String(resourceUnits(route, ctx.query)),
      ...(route.write ? this.throttle(claims) : {}),
    };

    const partner = route.write && settings.concurrencyViolation ? partnerOf(route, raw) : undefined;
    const windowKey = partner !== undefined ? `${tenantId}/${partner}` : undefined;
    if (windowKey !== undefined && !this.deps.windows.tryEnter(windowKey))
      throw GraphErrorFactory.concurrencyViolation();
    try {
      const hold = settings.latencyMs + (windowKey !== undefined ? settings.concurrencyWindowMs : 0);
      await sleep(hold, this.deps.stopSignal);

      // Operations without a body (GET, DELETE, restore) ignore whatever a client sends along, as Graph does.
      const body = route.bodyRequired
        ? parseGraphJson(raw, ctx.req.headers["content-type"], settings.wrongContentTypeStatus)
        : undefined;
      ctx.body = body;
      const dir = this.deps.store.directory(tenantId);
      const { id, params } = route;
      const result = route.row.handle(this.handlers, {
        ctx,
        version,
        id,
        params,
        body,
        bodySchema: route.row.body,
        claims,
        dir,
      });
      if (route.write) await this.deps.store.flush();
      return { ...result, headers: { ...headers, ...result.headers } };
    } finally {
      if (windowKey !== undefined) this.deps.windows.leave(windowKey);
    }
  }

  /** Takes a write token: the throttle headers to send, or 429 with the honest `Retry-After` when the bucket is empty. */
  private throttle(claims: AccessTokenClaims): Record<string, string> {
    const config = this.deps.settings().throttle;
    if (!config) return {};
    const key = `${claims.tid}/${claims.appid}`.toLowerCase();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new WriteTokenBucket(config);
      this.buckets.set(key, bucket);
    }
    const taken = bucket.take();
    // A refused write is over the limit by definition, even when part of a token has refilled.
    const headers = throttleLimitHeader(taken.ok ? bucket.usedFraction() : Math.max(1, bucket.usedFraction()));
    if (taken.ok) return headers;
    throw GraphErrorFactory.tooManyRequests(String(Math.max(1, Math.ceil(taken.waitMs / 1000))), {
      ...headers,
      "x-ms-throttle-information": "WriteLimitExceeded",
      "x-ms-throttle-scope": `Tenant_Application/Write/${claims.appid}/${claims.tid}`,
    });
  }
}
