/**
 * Bearer-token checks of the Graph endpoints: 401 `InvalidAuthenticationToken` (with `WWW-Authenticate`) for a
 * missing, malformed, badly signed, expired or wrong-audience token; 403 `Authorization_RequestDenied` when the
 * token lacks the permission ([DOC] graph-behaviour.md §8: reads need Policy.Read.All or
 * Policy.ReadWrite.CrossTenantAccess, writes need Policy.ReadWrite.CrossTenantAccess).
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { AccessTokenClaims, TokenService } from "./tokens";
import {
  ROLE_APP_ROLE_ASSIGNMENT_WRITE,
  ROLE_APPLICATION_READ,
  ROLE_APPLICATION_WRITE,
  ROLE_DIRECTORY_READ,
  ROLE_DIRECTORY_WRITE,
  ROLE_GROUP_READ,
  ROLE_READ,
  ROLE_SYNC_READ,
  ROLE_SYNC_WRITE,
  ROLE_USER_READ,
  ROLE_WRITE,
} from "./registeredApps";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface GraphAuthOptions {
  tokens: TokenService;
  /** Accepted `aud` values (lower case, no trailing slash). */
  audiences: Set<string>;
  checkAudience: boolean;
  authorityHost: string;
}

const MESSAGES = {
  missing: "Access token is empty.",
  malformed: "IDX14100: JWT is not well formed, there are no dots (.).",
  signature: "Access token validation failure. Invalid signature.",
  expired: "Lifetime validation failed, the token is expired.",
  notYetValid: "Lifetime validation failed, the token is not yet valid.",
  audience: "Access token validation failure. Invalid audience.",
} as const;

export function graphAudiences(urls: string[]): Set<string> {
  const set = new Set<string>([GRAPH_APP_ID, "https://graph.microsoft.com"]);
  for (const u of urls) set.add(u.toLowerCase().replace(/\/$/, ""));
  return set;
}

export function authenticate(authorization: string | undefined, options: GraphAuthOptions): AccessTokenClaims {
  const challenge = `Bearer realm="", authorization_uri="${options.authorityHost}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;
  const fail = (message: string): never => {
    throw GraphErrorFactory.invalidAuthenticationToken(message, challenge);
  };
  if (!authorization || !/^bearer\s+\S/i.test(authorization)) return fail(MESSAGES.missing);
  const token = authorization.replace(/^bearer\s+/i, "").trim();
  const check = options.tokens.verify(token);
  if (!check.ok) {
    if (check.reason === "malformed")
      return fail(token.includes(".") ? "IDX14102: Unable to decode the token." : MESSAGES.malformed);
    return fail(MESSAGES[check.reason]);
  }
  if (options.checkAudience && !options.audiences.has(String(check.claims.aud).toLowerCase().replace(/\/$/, ""))) {
    return fail(MESSAGES.audience);
  }
  return check.claims;
}

/** An app-only token (client credentials), as opposed to a delegated one. */
export const isAppOnly = (claims: AccessTokenClaims): boolean => claims.idtyp !== "user";

/**
 * The permissions a route accepts (any one of them), for reads and for writes, and how a refusal looks: 403
 * `Authorization_RequestDenied`, or for the synchronization API ([COMMUNITY] landscape, permissions paragraph) the
 * bare 401 `UnknownError` (switch `syncMissingPermission`).
 */
export interface RoutePermissions {
  read: readonly string[];
  write: readonly string[];
  synchronization?: boolean;
}

/** Per Graph object, least privileged first (the permission tables of each API page). */
export const PERMISSIONS = {
  policy: { read: [ROLE_READ, ROLE_WRITE], write: [ROLE_WRITE] },
  applications: {
    read: [ROLE_APPLICATION_READ, ROLE_APPLICATION_WRITE, ROLE_DIRECTORY_READ, ROLE_DIRECTORY_WRITE],
    write: [ROLE_APPLICATION_WRITE, ROLE_DIRECTORY_WRITE],
  },
  appRoleAssignments: {
    read: [ROLE_APPLICATION_READ, ROLE_APPLICATION_WRITE, ROLE_DIRECTORY_READ, ROLE_DIRECTORY_WRITE],
    write: [ROLE_APP_ROLE_ASSIGNMENT_WRITE, ROLE_DIRECTORY_WRITE],
  },
  synchronization: {
    read: [ROLE_SYNC_READ, ROLE_SYNC_WRITE],
    write: [ROLE_SYNC_WRITE],
    synchronization: true,
  },
  users: { read: [ROLE_USER_READ, ROLE_DIRECTORY_READ, ROLE_DIRECTORY_WRITE], write: [] },
  groups: { read: [ROLE_GROUP_READ, ROLE_DIRECTORY_READ, ROLE_DIRECTORY_WRITE], write: [] },
} as const satisfies Record<string, RoutePermissions>;

export function authorize(
  claims: AccessTokenClaims,
  write: boolean,
  permissions: RoutePermissions = PERMISSIONS.policy,
  syncMissingPermission: "unknownError" | "forbidden" = "unknownError",
): void {
  // Application permissions are in `roles`, delegated ones in `scp`.
  const roles = isAppOnly(claims) ? (claims.roles ?? []) : (claims.scp ?? "").split(" ").filter(Boolean);
  const accepted = write ? permissions.write : permissions.read;
  if (accepted.some((r) => roles.includes(r))) return;
  if (permissions.synchronization && syncMissingPermission === "unknownError")
    throw GraphErrorFactory.syncUnknownError();
  throw GraphErrorFactory.authorizationRequestDenied();
}

/**
 * [INFERENCE] `deletedItemsDelegatedOnly`: the deleted-items API refused to app-only tokens (its permission tables
 * list no application permission). Checked with the roles, before throttling, latency and the handler.
 */
export function authorizeDeletedItems(claims: AccessTokenClaims, delegatedOnly: boolean): void {
  if (delegatedOnly && isAppOnly(claims)) throw GraphErrorFactory.authorizationRequestDenied();
}
