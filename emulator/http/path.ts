/**
 * Splitting and decoding request paths. Each segment is decoded exactly once, after splitting, so `%2F` stays
 * inside an id and `%25` is not decoded twice. A malformed escape (`%zz`, a lone `%`) is kept as written: it then
 * simply matches nothing (404/400 from the router) instead of failing the request.
 */

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Non-empty segments of a raw path; empty ones (`//`, a trailing `/`) are ignored, as Graph's front door does. */
export function splitPath(rawPath: string): string[] {
  return rawPath.split("/").filter(Boolean).map(safeDecode);
}
