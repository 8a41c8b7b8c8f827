/**
 * What an access token says about who is calling: read from its payload for display only. The token is never
 * verified here (Graph does that) and never printed.
 */
export interface TokenIdentity {
  tenantId?: string;
  /** Application (client) ID: `appid` (v1 tokens) or `azp` (v2). */
  appId?: string;
  appDisplayName?: string;
  /** Application permissions (`roles`) of an app-only token. */
  roles: string[];
  /** Delegated permissions (`scp`) of a user token. */
  scopes: string[];
  /** Signed-in user of a delegated token (`upn`, `unique_name` or `preferred_username`). */
  user?: string;
  audience?: string;
  /** Expiry, ms since epoch. */
  expiresAt?: number;
  /** "app" when the token carries no user. */
  kind: "app" | "user";
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export { decodeClaims } from "../../auth/tokenPayload";

export function identityOf(claims: Record<string, unknown>): TokenIdentity {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  const scopes = typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
  const user = str(claims.upn) ?? str(claims.unique_name) ?? str(claims.preferred_username);
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  return {
    tenantId: str(claims.tid),
    appId: str(claims.appid) ?? str(claims.azp),
    appDisplayName: str(claims.app_displayname),
    roles: [...roles].sort(),
    scopes: [...scopes].sort(),
    user,
    audience: str(claims.aud),
    expiresAt: exp,
    kind: user || scopes.length > 0 || claims.idtyp === "user" ? "user" : "app",
  };
}
