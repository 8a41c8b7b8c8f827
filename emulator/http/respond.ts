/** Writing responses: handler results, Graph's error envelope, and Entra's OAuth error shape. */
import { RequestContext, HandlerResult } from "./context";
import { GraphError } from "../errors/graphError";
import { AadError } from "../errors/aadError";
import { aadTimestamp, graphDate } from "../util/time";

export const GRAPH_JSON =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
export const PLAIN_JSON = "application/json; charset=utf-8";

export function send(ctx: RequestContext, result: HandlerResult): void {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) return;
  if (result.headers) for (const [k, v] of Object.entries(result.headers)) res.setHeader(k, v);
  if (result.body === undefined) {
    res.statusCode = result.status;
    res.setHeader("Content-Length", "0");
    res.end();
    return;
  }
  // A string (not a Buffer) lets Node put headers and body into one socket write, i.e. one TLS record.
  const payload = JSON.stringify(result.body);
  res.statusCode = result.status;
  res.setHeader("Content-Type", result.contentType ?? (ctx.kind === "graph" ? GRAPH_JSON : PLAIN_JSON));
  res.setHeader("Content-Length", String(Buffer.byteLength(payload)));
  res.end(ctx.method === "HEAD" ? undefined : payload, "utf8");
}

export function graphErrorBody(ctx: RequestContext, err: GraphError): object {
  const error: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.options.details) error.details = err.options.details;
  error.innerError = {
    date: graphDate(),
    "request-id": ctx.requestId,
    "client-request-id": ctx.clientRequestId,
  };
  return { error };
}

export function sendGraphError(ctx: RequestContext, err: GraphError): void {
  send(ctx, {
    status: err.statusCode,
    headers: { "Cache-Control": "no-cache", ...err.options.headers },
    body: err.options.noBody ? undefined : graphErrorBody(ctx, err),
    contentType: "application/json",
  });
}

export function sendAadError(ctx: RequestContext, err: AadError): void {
  const traceId = ctx.requestId;
  const correlationId = ctx.clientRequestId;
  const timestamp = aadTimestamp();
  send(ctx, {
    status: err.statusCode,
    headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache", "x-ms-request-id": traceId, ...err.headers },
    body: {
      error: err.error,
      error_description: `AADSTS${err.aadsts}: ${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [err.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${ctx.baseUrl}/error?code=${err.aadsts}`,
    },
  });
}
