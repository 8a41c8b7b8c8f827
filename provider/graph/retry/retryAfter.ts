/**
 * Parses how long the server asked us to wait: `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds), then
 * `Retry-After` as delta-seconds or as an HTTP-date. A past date gives 0; anything unparseable gives undefined.
 */
export function getRetryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const v = headers[name];
    if (v !== undefined) {
      const ms = Number(v);
      if (Number.isFinite(ms) && ms >= 0) return ms;
    }
  }
  const v = headers["retry-after"];
  if (v === undefined) return undefined;
  const trimmed = v.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
