import { DebugLogger, noLogger } from "../log";
import { GraphError } from "./errors";
import {
  Clock,
  composePipeline,
  HttpMethod,
  PipelineRequest,
  PipelineResponse,
  SendRequest,
  systemClock,
  TransportError,
} from "./pipeline";
import { authPolicy, BearerTokenSource } from "./policies/authPolicy";
import { logPolicy } from "./policies/logPolicy";
import { requestIdPolicy } from "./policies/requestIdPolicy";
import { retryPolicy } from "./policies/retryPolicy";
import { concurrencyViolationStrategy, exponentialStrategy, throttlingStrategy } from "./retry/strategies";
import { axiosTransport } from "./transport";

/** Graph API version of a request. */
export type ApiVersion = "v1.0" | "beta";

export interface GraphClientOptions {
  /** Graph root without version, e.g. `https://graph.microsoft.com`. */
  graphEndpoint: string;
  apiVersion: ApiVersion;
  tokens: BearerTokenSource;
  userAgent: string;
  /** Trusted CAs for Graph; undefined = Node's defaults. */
  ca?: string[];
  /** Per attempt. Defaults to 60000 ms. */
  requestTimeoutMs?: number;
  /** Defaults to 1000 ms. */
  retryBaseDelayMs?: number;
  /** Defaults to 10. */
  maxRetries?: number;
  logger?: DebugLogger;
  clock?: Clock;
  random?: () => number;
  /** Replaces the axios transport (tests of the pipeline only). */
  transport?: SendRequest;
}

export interface GraphCallOptions {
  /** Absolute deadline (ms since epoch) for this call, retries included. */
  deadline: number;
  /** Overrides the client's API version for this call. */
  apiVersion?: ApiVersion;
}

export interface GraphResult<T> {
  status: number;
  body: T | undefined;
  requestId?: string;
  clientRequestId: string;
  /** Attempts the retry policy made (2 or more: an earlier attempt may have landed although it failed). */
  attempts: number;
}

export interface GraphClient {
  readonly apiVersion: ApiVersion;
  /** Resolves for 2xx; throws GraphError for anything else, after the retries the pipeline allows. */
  request<T = unknown>(
    method: HttpMethod,
    path: string,
    body: unknown,
    options: GraphCallOptions,
  ): Promise<GraphResult<T>>;
}

/**
 * The pipeline order lives here and only here:
 * requestId (outermost: one client-request-id for all attempts) → retry (each attempt re-signed) →
 * auth (token per attempt, one re-send on 401) → log (sees every attempt incl. the 401 re-send) → axios.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? noLogger;
  const send = composePipeline(
    [
      requestIdPolicy({ userAgent: options.userAgent }),
      retryPolicy(
        [
          throttlingStrategy({ random: options.random }),
          concurrencyViolationStrategy({ retryDelayInMs: options.retryBaseDelayMs ?? 1000, random: options.random }),
          exponentialStrategy({ retryDelayInMs: options.retryBaseDelayMs ?? 1000, random: options.random }),
        ],
        { maxRetries: options.maxRetries ?? 10, clock, logger },
      ),
      authPolicy({ tokens: options.tokens }),
      logPolicy({ logger, clock }),
    ],
    options.transport ?? axiosTransport({ ca: options.ca, clock }),
  );
  const root = options.graphEndpoint.replace(/\/+$/, "");

  return {
    apiVersion: options.apiVersion,
    async request<T>(method: HttpMethod, path: string, body: unknown, call: GraphCallOptions): Promise<GraphResult<T>> {
      const version = call.apiVersion ?? options.apiVersion;
      const request: PipelineRequest = {
        method,
        url: `${root}/${version}${path}`,
        headers: {},
        body,
        deadline: call.deadline,
        timeoutMs: options.requestTimeoutMs ?? 60_000,
        attempts: 0,
      };
      let response: PipelineResponse;
      try {
        response = await send(request);
      } catch (e) {
        if (e instanceof TransportError) throw fromTransportError(e, request, `/${version}${path}`, clock.now());
        throw e;
      }
      if (response.status >= 200 && response.status < 300) {
        return {
          status: response.status,
          body: response.body as T | undefined,
          requestId: response.headers["request-id"],
          clientRequestId: request.headers["client-request-id"],
          attempts: request.attempts,
        };
      }
      throw fromResponse(response, `/${version}${path}`);
    },
  };
}

interface GraphErrorBody {
  error?: {
    code?: unknown;
    message?: unknown;
    innerError?: Record<string, unknown>;
    innererror?: Record<string, unknown>;
  };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Graph's JSON error envelope, falling back to the HTTP status for gateway errors without a body. */
export function fromResponse(response: PipelineResponse, path: string): GraphError {
  const req = response.request;
  const err = (typeof response.body === "object" && response.body !== null ? (response.body as GraphErrorBody) : {})
    .error;
  const inner = err?.innerError ?? err?.innererror ?? {};
  return new GraphError({
    statusCode: response.status,
    code: str(err?.code) ?? "HttpError",
    message:
      str(err?.message) ??
      (typeof response.body === "string" ? response.body.slice(0, 200) : `HTTP ${response.status}`),
    method: req.method,
    path,
    requestId: response.headers["request-id"] ?? str(inner["request-id"]),
    clientRequestId:
      response.headers["client-request-id"] ?? str(inner["client-request-id"]) ?? req.headers["client-request-id"],
    date: str(inner["date"]) ?? response.headers["date"],
    attempts: req.attempts,
    deadlineExceeded: req.gaveUp === "deadline",
    response,
  });
}

function fromTransportError(e: TransportError, request: PipelineRequest, path: string, now: number): GraphError {
  const timeout = e.code === "ETIMEDOUT" || e.code === "ECONNABORTED";
  return new GraphError({
    code: timeout ? "Timeout" : "NetworkError",
    networkCode: e.code,
    message: e.message,
    method: request.method,
    path,
    clientRequestId: request.headers["client-request-id"],
    attempts: request.attempts,
    deadlineExceeded: request.gaveUp === "deadline" || request.deadline <= now,
  });
}
