/**
 * The whole request chain, in one place. Order matters:
 *   1. request id (first): `request-id`, echoed `client-request-id`, diagnostic headers;
 *   2. admin API (`/_emulator/…`): no auth, no faults, no latency, not logged;
 *   3. classification (graph | token | discovery) and the request log (written when the response ends or the
 *      connection closes);
 *   4. fault injection (status / reset / hang), before anything else, like a gateway would;
 *   5. dispatch: the Graph pipeline or the authority (token + discovery) pipeline;
 *   6. error middleware (last): GraphError → Graph envelope, AadError → Entra OAuth error, AdminError → JSON,
 *      anything else → 500 `generalException` plus a console line (every such case is an emulator bug).
 */
import { IncomingMessage, RequestListener, ServerResponse } from "http";
import { randomUUID } from "crypto";
import { AdminError } from "../admin/adminError";
import { AdminHandler } from "../admin/adminHandler";
import { isGraphError } from "../errors/graphError";
import { AadErrorFactory, isAadError } from "../errors/aadError";
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { FaultQueue, retryAfterHeader } from "../faults/faultQueue";
import { RequestLog } from "../requestLog";
import { handleAuthRequest, isTokenPath, AuthPipelineDeps } from "../auth/authPipeline";
import { monotonicMs, sleep } from "../util/time";
import { RequestContext } from "../http/context";
import { safeDecode, splitPath } from "../http/path";
import { GraphPipeline } from "./graphPipeline";
import { send, sendAadError, sendGraphError } from "../http/respond";

export interface ListenerDeps {
  admin: AdminHandler;
  graph: GraphPipeline;
  auth: AuthPipelineDeps;
  faults: FaultQueue;
  log: RequestLog;
  stopSignal: AbortSignal;
  /** Print unexpected errors (default console.error). */
  onInternalError?(e: unknown, ctx: RequestContext): void;
}

const DIAGNOSTIC = JSON.stringify({
  ServerInfo: {
    DataCenter: "Emulator",
    Slice: "E",
    Ring: "0",
    ScaleUnit: "000",
    RoleInstance: "emulator",
    ADSiteName: "EMU",
  },
});

function createContext(req: IncomingMessage, res: ServerResponse): RequestContext {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const requestId = randomUUID();
  const header = req.headers["client-request-id"];
  const clientRequestId = (Array.isArray(header) ? header[0] : header) || requestId;
  return {
    req,
    res,
    requestId,
    clientRequestId,
    startedAt: monotonicMs(),
    method: (req.method ?? "GET").toUpperCase(),
    pathname: safeDecode(rawPath),
    segments: splitPath(rawPath),
    query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
    baseUrl: `https://${req.headers.host ?? "localhost"}`,
    kind: "graph",
  };
}

function trackInLog(ctx: RequestContext, log: RequestLog): void {
  const time = new Date().toISOString();
  let done = false;
  const finish = (sent: boolean): void => {
    if (done) return;
    done = true;
    const q = ctx.req.url?.indexOf("?") ?? -1;
    const header = ctx.req.headers["content-encoding"];
    const encoding = Array.isArray(header) ? header.join(", ") : header;
    log.add({
      time,
      kind: ctx.kind,
      method: ctx.method,
      path: ctx.pathname,
      query: q < 0 ? "" : (ctx.req.url ?? "").slice(q + 1),
      apiVersion: ctx.apiVersion,
      tenantId: ctx.tenantId,
      status: sent ? ctx.res.statusCode : 0,
      durationMs: Math.round((monotonicMs() - ctx.startedAt) * 1000) / 1000,
      requestId: ctx.requestId,
      clientRequestId: ctx.clientRequestId,
      body: ctx.body,
      fault: ctx.fault,
      ...(encoding ? { contentEncoding: encoding } : {}),
    });
  };
  ctx.res.once("finish", () => finish(true));
  ctx.res.once("close", () => finish(ctx.res.writableFinished));
}

/** Applies a scheduled fault. Returns true when the fault answered the request (nothing more to do). */
async function applyFault(ctx: RequestContext, deps: ListenerDeps): Promise<boolean> {
  const fault = deps.faults.take({ kind: ctx.kind, method: ctx.method, path: ctx.req.url ?? ctx.pathname });
  if (!fault) return false;
  const a = fault.action;
  ctx.fault = a.type === "status" ? `status:${a.status}` : a.type;
  if (a.type === "reset") {
    ctx.req.socket.destroy();
    return true;
  }
  if (a.type === "hang") {
    await sleep(a.ms, deps.stopSignal);
    // A client that gave up meanwhile gets nothing, and the request has no effect.
    return ctx.req.socket.destroyed || ctx.res.destroyed || deps.stopSignal.aborted;
  }
  const headers: Record<string, string> = {};
  if (a.retryAfter !== undefined) headers["Retry-After"] = retryAfterHeader(a.retryAfter);
  if (ctx.kind === "graph") throw GraphErrorFactory.injected(a.status, a.code, a.message, headers, a.noBody);
  throw AadErrorFactory.injected(a.status, a.code, a.message, headers);
}

function writeError(ctx: RequestContext, e: unknown, deps: ListenerDeps): void {
  // Nobody to answer (client gone, or a fault already reset the socket).
  if (ctx.res.headersSent || ctx.res.destroyed || ctx.req.socket.destroyed) return;
  if (isGraphError(e)) return sendGraphError(ctx, e);
  if (isAadError(e)) return sendAadError(ctx, e);
  if (e instanceof AdminError)
    return send(ctx, { status: e.statusCode, body: { error: { code: "EmulatorAdmin", message: e.message } } });
  (
    deps.onInternalError ??
    ((err: unknown) => console.error(`[emulator] internal error for ${ctx.method} ${ctx.pathname}:`, err))
  )(e, ctx);
  sendGraphError(ctx, GraphErrorFactory.internalServerError());
}

export function createRequestListener(deps: ListenerDeps): RequestListener {
  return (req, res) => {
    // 1. Request id, first.
    const ctx = createContext(req, res);
    res.setHeader("request-id", ctx.requestId);
    res.setHeader("client-request-id", ctx.clientRequestId);
    res.setHeader("x-ms-ags-diagnostic", DIAGNOSTIC);
    res.setHeader("Strict-Transport-Security", "max-age=31536000");
    void run(ctx, deps)
      .catch((e) => writeError(ctx, e, deps))
      // Last line of defence: a failure while writing an error must cost this request only, never the process.
      .catch(() => res.destroy());
  };
}

async function run(ctx: RequestContext, deps: ListenerDeps): Promise<void> {
  const segments = ctx.segments;

  // 2. Admin API.
  if (segments[0] === "_emulator") {
    ctx.kind = "admin";
    send(ctx, await deps.admin.handle(ctx));
    return;
  }

  // 3. Classification and request log.
  const first = (segments[0] ?? "").toLowerCase();
  if (first === "v1.0" || first === "beta") {
    ctx.kind = "graph";
    ctx.apiVersion = first;
  } else if (isTokenPath(segments)) {
    ctx.kind = "token";
    ctx.tenantId = first;
  } else if (segments.length > 1 && !/^v\d/i.test(first)) {
    ctx.kind = "discovery";
    ctx.tenantId = first;
  } else {
    ctx.kind = "graph";
  }
  trackInLog(ctx, deps.log);

  // 4. Faults.
  if (await applyFault(ctx, deps)) return;

  // 5. Dispatch.
  if (ctx.kind === "graph") {
    if (!ctx.apiVersion) throw GraphErrorFactory.invalidVersion(segments[0] ?? "");
    send(ctx, await deps.graph.handle(ctx, segments.slice(1)));
  } else {
    send(ctx, await handleAuthRequest(ctx, segments, deps.auth));
  }
}
