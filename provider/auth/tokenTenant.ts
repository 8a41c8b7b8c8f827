/**
 * The tenant an access token was issued for (`tid`), read from its payload without verifying it (Graph does
 * that); undefined for an opaque token. Used to refuse, before any write, a partner that is the caller's own tenant
 * when the settings name the tenant by domain or not at all.
 */
export function tenantOfToken(token: string): string | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { tid?: unknown };
    return typeof claims?.tid === "string" ? claims.tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
