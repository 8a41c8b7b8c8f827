import { Clock, systemClock } from "../graph/pipeline";
import { SettingNames, topLevelNames } from "../config/settings";

export interface AcquiredToken {
  token: string;
  /** Absolute expiry, ms since epoch. */
  expiresOnTimestamp: number;
  /** Optional hint from the credential of when to refresh. */
  refreshAfterTimestamp?: number;
}

/** Gets a token; `fresh` asks for one that bypasses any cache of the credential (after a 401). */
export type AcquireToken = (fresh: boolean) => Promise<AcquiredToken>;

export interface TokenProvider {
  /**
   * A valid token, acquiring or refreshing it if needed. Concurrent callers share one acquisition. `deadline`
   * (ms since epoch) bounds this caller's wait only: the shared acquisition goes on for callers with more time.
   */
  getToken(deadline?: number): Promise<string>;
  /** Drops `token` (Graph rejected it); the next getToken acquires a fresh one. */
  invalidate(token: string): void;
  /** Number of acquisitions started (for tests and the bench). */
  readonly acquisitions: number;
}

export interface TokenCacheOptions {
  /** Refresh this long before expiry (or at half the lifetime if shorter). Defaults to 120000 ms. */
  refreshWindowInMs?: number;
  /** A token closer to expiry than this is never used, even if a refresh failed. Defaults to 1000 ms. */
  forcedRefreshWindowInMs?: number;
  clock?: Clock;
  /** How keys are named in errors (a named connection's, the command line's); default `entra:<key>`. */
  names?: SettingNames;
}

/** The operation deadline passed while waiting for a token (the login endpoint was slow or unreachable). */
export class TokenDeadlineError extends Error {
  constructor(names: SettingNames = topLevelNames) {
    super(
      "no access token could be obtained before the operation deadline: the login endpoint did not answer in time. " +
        `Check network access to the login host (${names.label("environment")} / ${names.label("authorityHost")}, proxy settings), or raise ${names.label("operationTimeoutSeconds")}.`,
    );
    this.name = "TokenDeadlineError";
  }
}

/** `p`, or TokenDeadlineError once `deadline` passes; the timer never outlives the wait. */
function beforeDeadline<T>(p: Promise<T>, deadline: number, clock: Clock, names?: SettingNames): Promise<T> {
  if (!Number.isFinite(deadline)) return p;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TokenDeadlineError(names)), Math.max(0, deadline - clock.now()));
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

interface Cached {
  token: string;
  expiresOn: number;
  refreshAt: number;
}

/**
 * One token per provider process: cached, refreshed ahead of expiry, single-flight under concurrency.
 * If a refresh fails while the current token is still usable, the current token is returned.
 */
export function createTokenCache(acquire: AcquireToken, options: TokenCacheOptions = {}): TokenProvider {
  const { refreshWindowInMs = 120_000, forcedRefreshWindowInMs = 1000, clock = systemClock } = options;
  let current: Cached | undefined;
  let inflight: Promise<Cached> | undefined;
  let wantFresh = false;
  let acquisitions = 0;

  function start(): Promise<Cached> {
    if (!inflight) {
      const fresh = wantFresh;
      const startedAt = clock.now();
      acquisitions++;
      inflight = acquire(fresh)
        .then((t) => {
          const lifetime = Math.max(0, t.expiresOnTimestamp - startedAt);
          let refreshAt = t.expiresOnTimestamp - Math.min(refreshWindowInMs, lifetime / 2);
          if (t.refreshAfterTimestamp !== undefined) refreshAt = Math.min(refreshAt, t.refreshAfterTimestamp);
          current = { token: t.token, expiresOn: t.expiresOnTimestamp, refreshAt };
          if (fresh) wantFresh = false;
          return current;
        })
        .finally(() => {
          inflight = undefined;
        });
    }
    return inflight;
  }

  return {
    get acquisitions() {
      return acquisitions;
    },
    async getToken(deadline = Infinity) {
      const now = clock.now();
      if (current && now < current.refreshAt) return current.token;
      const previous = current;
      try {
        return (await beforeDeadline(start(), deadline, clock, options.names)).token;
      } catch (e) {
        if (previous && clock.now() < previous.expiresOn - forcedRefreshWindowInMs) return previous.token;
        throw e;
      }
    },
    invalidate(token) {
      if (current?.token === token) {
        current = undefined;
        wantFresh = true;
      }
    },
  };
}
