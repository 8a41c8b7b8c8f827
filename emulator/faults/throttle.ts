/**
 * Throttle mode: a token bucket of Graph writes. An empty bucket answers 429 with an honest `Retry-After`: the
 * whole seconds until a token is available again (graph-behaviour.md §5.3).
 */
import { ThrottleSettings } from "../settings";

export class WriteTokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly config: ThrottleSettings,
    now = Date.now(),
  ) {
    this.tokens = Math.max(1, config.burst);
    this.last = now;
  }

  /** Takes a token, or returns how long until one is available. */
  take(now = Date.now()): { ok: true } | { ok: false; waitMs: number } {
    const capacity = Math.max(1, this.config.burst);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * this.config.writesPerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: ((1 - this.tokens) / this.config.writesPerSecond) * 1000 };
  }

  /** How much of the bucket is used, as of the last `take`: 0 = full, 1 = empty. */
  usedFraction(): number {
    const capacity = Math.max(1, this.config.burst);
    return (capacity - this.tokens) / capacity;
  }
}
