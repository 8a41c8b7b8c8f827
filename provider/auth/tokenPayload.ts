/**
 * What an access token's payload says, read without verifying it (Graph does that): for display (`check`) and to
 * refuse, before any write, a partner that is the caller's own tenant when the settings name the tenant by domain
 * or not at all. The token itself is never printed.
 */

/** Decodes the JWT payload; undefined for an opaque (non-JWT) token. */
export function decodeClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const json = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
    return typeof json === "object" && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The tenant the token was issued for (`tid`, lower case); undefined for an opaque token. */
export function tenantOfToken(token: string): string | undefined {
  const tid = decodeClaims(token)?.tid;
  return typeof tid === "string" ? tid.toLowerCase() : undefined;
}
