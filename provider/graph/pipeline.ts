/**
 * Request/response types shared by the policies, in the style of @azure/core-rest-pipeline: a policy is a plain
 * `{ name, sendRequest(request, next) }` object, and the pipeline is a fold of policies over a transport.
 */
export type HttpMethod = "GET" | "PUT" | "PATCH" | "DELETE" | "POST";

export interface PipelineRequest {
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  /** JSON-serializable body, or undefined. */
  body?: unknown;
  /** Absolute time (ms since epoch) after which no attempt may start or continue. */
  deadline: number;
  /** Timeout of a single attempt; the transport also never exceeds `deadline`. */
  timeoutMs: number;
  /** Set by the retry policy: number of attempts made so far (1-based once sent). */
  attempts: number;
  /** Set by the retry policy when it stopped retrying a retryable failure. */
  gaveUp?: "deadline" | "maxRetries";
}

export interface PipelineResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON, raw text when not JSON, undefined when empty. */
  body: unknown;
  request: PipelineRequest;
}

export type SendRequest = (request: PipelineRequest) => Promise<PipelineResponse>;

export interface PipelinePolicy {
  /** Unique within a pipeline. */
  readonly name: string;
  sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse>;
}

/** Network failure without an HTTP response; `code` is Node's (ECONNRESET, ETIMEDOUT, ...). */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** True when nothing reached the network (the deadline passed before the request was sent). */
    readonly notSent = false,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

/** Composes policies, first = outermost. The order is set in one place: `client.ts`. */
export function composePipeline(policies: readonly PipelinePolicy[], transport: SendRequest): SendRequest {
  return policies.reduceRight<SendRequest>((next, policy) => (req) => policy.sendRequest(req, next), transport);
}

/** Clock and randomness, injectable so retry tests run without real waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
