/** Small time helpers shared by the emulator. */

/** Graph's `innerError.date` format: ISO 8601 without fractional seconds and without `Z` (graph-behaviour.md §5.1). */
export function graphDate(ms: number = Date.now()): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Entra's token-endpoint `timestamp` format, e.g. `2026-11-23 13:01:28Z`. */
export function aadTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ") + "Z";
}

/** Resolves after `ms`, or early (without error) when `signal` aborts, so a stopping server never waits on a hang. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** DateTimeOffset as Graph writes it (`deletedDateTime`), e.g. `2026-11-23T13:01:28Z`: whole seconds, UTC. */
export function graphDateTimeOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Monotonic milliseconds, for durations. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
