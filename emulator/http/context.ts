/** Per-request context: the ids given at the door and what the log needs to know afterwards. */
import { IncomingMessage, ServerResponse } from "http";

export type RequestKind = "graph" | "token" | "discovery" | "admin";

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Our id for this request (`request-id` header and `innerError`). */
  readonly requestId: string;
  /** The caller's `client-request-id`, echoed; our request id when none was sent (as Graph does). */
  readonly clientRequestId: string;
  /** Monotonic start time, ms. */
  readonly startedAt: number;
  readonly method: string;
  /** The path, percent-decoded (for the log and messages). */
  readonly pathname: string;
  /** Non-empty path segments, each percent-decoded once (so an encoded "/" stays inside its segment). */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  /** `https://<Host header>`: base of URLs we hand back (@odata.context, discovery endpoints). */
  readonly baseUrl: string;
  kind: RequestKind;
  apiVersion?: string;
  /** The tenant of the call: the token's `tid` (Graph) or the tenant in the path (token, discovery). */
  tenantId?: string;
  /** Set when an injected fault answered this request. */
  fault?: string;
  /** Parsed request body, kept for the request log. */
  body?: unknown;
}

/** What a handler returns; the listener writes it. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}
