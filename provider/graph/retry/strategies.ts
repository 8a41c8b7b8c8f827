import { PipelineResponse, TransportError } from "../pipeline";
import { getRetryAfterMs } from "./retryAfter";

/** What a strategy sees after one attempt. `retryCount` is 0 after the first attempt. */
export interface RetryState {
  retryCount: number;
  response?: PipelineResponse;
  error?: unknown;
  now: number;
}

/** `undefined` = not my case (next strategy decides); otherwise how long to wait before the next attempt. */
export interface RetryDecision {
  retryAfterInMs: number;
  /**
   * The shortest wait the strategy can accept (Retry-After without our spread, backoff without jitter). Spread and
   * jitter only keep parallel clients apart; near the deadline the retry policy drops them rather than give up.
   */
  minRetryAfterInMs: number;
  reason: string;
}

export interface RetryStrategy {
  readonly name: string;
  retry(state: RetryState): RetryDecision | undefined;
}

/** Graph error code from a JSON error envelope, if any. */
export function graphErrorCode(body: unknown): string | undefined {
  const err = (body as { error?: { code?: unknown } } | undefined)?.error;
  return typeof err?.code === "string" ? err.code : undefined;
}

export interface ThrottlingStrategyOptions {
  /**
   * Upper bound of the random delay added after the server's Retry-After. Many resources of one provider process
   * are throttled by the same answer; waiting exactly Retry-After would send them back in lockstep into the same
   * full bucket. Never waits less than asked. Defaults to 1000 ms (and at most half the Retry-After).
   */
  maxSpreadInMs?: number;
  /** Returns [0, 1); defaults to Math.random. Injected by tests. */
  random?: () => number;
}

/** 429, and 503 with a Retry-After: wait what the server asked (0 for a past date), plus a small spread. */
export function throttlingStrategy(options: ThrottlingStrategyOptions = {}): RetryStrategy {
  const { maxSpreadInMs = 1000, random = Math.random } = options;
  return {
    name: "throttlingStrategy",
    retry({ response, now }) {
      if (!response || (response.status !== 429 && response.status !== 503)) return undefined;
      const ms = getRetryAfterMs(response.headers, now);
      if (ms === undefined) return undefined;
      const spread = Math.round(random() * Math.min(maxSpreadInMs, ms / 2));
      return { retryAfterInMs: ms + spread, minRetryAfterInMs: ms, reason: `${response.status} with Retry-After` };
    },
  };
}

export interface ExponentialStrategyOptions {
  /** First delay; doubles per retry. Defaults to 1000 ms. */
  retryDelayInMs?: number;
  /** Upper bound of one delay. Defaults to 30000 ms. */
  maxRetryDelayInMs?: number;
  /** Returns [0, 1); defaults to Math.random. Injected by tests. */
  random?: () => number;
}

const retryableStatus = new Set([408, 429, 500, 502, 503, 504]);
/** Closed list of Node network errors that are worth another attempt (not DNS or TLS failures: those are config). */
const retryableNetworkCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ESOCKETTIMEDOUT",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

/** The un-jittered half of the backoff: base·2^n capped, halved. */
export function backoffFloorMs(retryCount: number, base: number, max: number): number {
  return Math.round(Math.min(max, base * Math.pow(2, retryCount)) / 2);
}

/** base·2^n capped, then jittered to 50–100 % so that parallel clients spread out. */
export function backoffMs(retryCount: number, base: number, max: number, random: () => number): number {
  const floor = backoffFloorMs(retryCount, base, max);
  return Math.round(floor + floor * random());
}

/**
 * 5xx/408/429 without Retry-After, 409 Directory_ConcurrencyViolation (honouring Retry-After if sent), and
 * connection resets/timeouts. Responses the throttling strategy handles are skipped so nothing is counted twice.
 */
export function exponentialStrategy(options: ExponentialStrategyOptions = {}): RetryStrategy {
  const { retryDelayInMs = 1000, maxRetryDelayInMs = 30000, random = Math.random } = options;
  return {
    name: "exponentialStrategy",
    retry({ retryCount, response, error, now }) {
      const backoff = (reason: string): RetryDecision => ({
        retryAfterInMs: backoffMs(retryCount, retryDelayInMs, maxRetryDelayInMs, random),
        minRetryAfterInMs: backoffFloorMs(retryCount, retryDelayInMs, maxRetryDelayInMs),
        reason,
      });
      if (response) {
        const code = graphErrorCode(response.body);
        if (response.status === 409 && code === "Directory_ConcurrencyViolation") {
          const asked = getRetryAfterMs(response.headers, now);
          return asked !== undefined ? { retryAfterInMs: asked, minRetryAfterInMs: asked, reason: `409 ${code}` } : backoff(`409 ${code}`);
        }
        if (!retryableStatus.has(response.status)) return undefined;
        return backoff(`${response.status}`);
      }
      if (error instanceof TransportError && retryableNetworkCodes.has(error.code)) {
        return backoff(error.code);
      }
      return undefined;
    },
  };
}
