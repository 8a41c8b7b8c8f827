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

/**
 * The server's own wait for a throttled answer: 429, or 503 with a Retry-After (0 for a past date); undefined when
 * the answer is not throttled in that sense. The one rule both the throttling and the exponential strategy use, so
 * which of them handles an answer never depends on their order in the list.
 */
export function throttledRetryAfterMs(response: PipelineResponse | undefined, now: number): number | undefined {
  if (!response || (response.status !== 429 && response.status !== 503)) return undefined;
  return getRetryAfterMs(response.headers, now);
}

/** 429, and 503 with a Retry-After: wait what the server asked (0 for a past date), plus a small spread. */
export function throttlingStrategy(options: ThrottlingStrategyOptions = {}): RetryStrategy {
  const { maxSpreadInMs = 1000, random = Math.random } = options;
  return {
    name: "throttlingStrategy",
    retry({ response, now }) {
      const ms = throttledRetryAfterMs(response, now);
      if (ms === undefined || !response) return undefined;
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

function backoffDecision(
  retryCount: number,
  options: Required<ExponentialStrategyOptions>,
  reason: string,
): RetryDecision {
  const { retryDelayInMs, maxRetryDelayInMs, random } = options;
  return {
    retryAfterInMs: backoffMs(retryCount, retryDelayInMs, maxRetryDelayInMs, random),
    minRetryAfterInMs: backoffFloorMs(retryCount, retryDelayInMs, maxRetryDelayInMs),
    reason,
  };
}

const withDefaults = (o: ExponentialStrategyOptions): Required<ExponentialStrategyOptions> => ({
  retryDelayInMs: o.retryDelayInMs ?? 1000,
  maxRetryDelayInMs: o.maxRetryDelayInMs ?? 30000,
  random: o.random ?? Math.random,
});

/**
 * 409 `Directory_ConcurrencyViolation`: another write to the same object was in progress; it is over soon. Honours a
 * Retry-After if sent, else backs off exponentially. Any other 409 (a real conflict) is not retried.
 */
export function concurrencyViolationStrategy(options: ExponentialStrategyOptions = {}): RetryStrategy {
  const o = withDefaults(options);
  return {
    name: "concurrencyViolationStrategy",
    retry({ retryCount, response, now }) {
      if (response?.status !== 409) return undefined;
      const code = graphErrorCode(response.body);
      if (code !== "Directory_ConcurrencyViolation") return undefined;
      const asked = getRetryAfterMs(response.headers, now);
      return asked !== undefined
        ? { retryAfterInMs: asked, minRetryAfterInMs: asked, reason: `409 ${code}` }
        : backoffDecision(retryCount, o, `409 ${code}`);
    },
  };
}

/**
 * 5xx/408/429 without a server-given wait, and connection resets/timeouts. Throttled answers with Retry-After are
 * the throttling strategy's (`throttledRetryAfterMs`), whatever the order of the strategies.
 */
export function exponentialStrategy(options: ExponentialStrategyOptions = {}): RetryStrategy {
  const o = withDefaults(options);
  return {
    name: "exponentialStrategy",
    retry({ retryCount, response, error, now }) {
      if (response) {
        if (!retryableStatus.has(response.status) || throttledRetryAfterMs(response, now) !== undefined)
          return undefined;
        return backoffDecision(retryCount, o, `${response.status}`);
      }
      if (error instanceof TransportError && retryableNetworkCodes.has(error.code)) {
        return backoffDecision(retryCount, o, error.code);
      }
      return undefined;
    },
  };
}
