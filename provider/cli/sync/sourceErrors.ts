/**
 * A refused Graph call of the source side, explained. The synchronization endpoints answer a token without
 * Synchronization.ReadWrite.All with a bare `401 {"error":{"code":"UnknownError","message":""}}` (a long-standing
 * complaint, cross-tenant-landscape.md §1.1 permissions), which the generic advice would blame on the token
 * itself; service principal, assignment and user reads answer 403 Authorization_RequestDenied. Both name the
 * permissions the token lacks (from its roles, when it is a JWT) and how to grant them.
 */
import { decodeClaims } from "../../auth/tokenPayload";
import { GraphError, isGraphError } from "../../graph/errors";
import { identityOf, TokenIdentity } from "../check/tokenClaims";
import {
  APPLICATION_WRITE,
  ASSIGNMENT_WRITE,
  SOURCE_PERMISSIONS_TEXT,
  SYNCHRONIZATION_WRITE,
} from "./sourcePermissions";

export const USER_READ = "User.Read.All";

function ids(g: GraphError): string {
  return `request-id ${g.requestId ?? "none"}${g.date ? `, date ${g.date}` : ""}`;
}

function heldText(identity: TokenIdentity | undefined, wanted: readonly string[]): string {
  if (!identity) return "";
  const granted = identity.kind === "app" ? identity.roles : identity.scopes;
  const missing = wanted.filter((w) => !granted.includes(w));
  const who = identity.appId ? `app ${identity.appId}` : "the app";
  return ` The token of ${who}${identity.tenantId ? ` in tenant ${identity.tenantId}` : ""} carries ${granted.length ? granted.join(", ") : "no permissions"}${missing.length ? `; missing: ${missing.join(", ")}` : ""}.`;
}

/** What each kind of source-side path needs, for a 403. */
function neededFor(path: string): string[] {
  if (/\/synchronization\//.test(path)) return [SYNCHRONIZATION_WRITE];
  if (/\/appRoleAssignedTo/.test(path)) return [ASSIGNMENT_WRITE];
  if (/^\/(v1\.0|beta)\/users\b/.test(path)) return [USER_READ];
  return [APPLICATION_WRITE];
}

/**
 * The command-line text for a refused source-side call, or undefined when `e` is not one (then the generic
 * advice applies). `token` (optional) lets the message list what the token carries; it is never printed.
 */
export function sourceRefusalText(e: unknown, token?: string): string | undefined {
  if (!isGraphError(e)) return undefined;
  const g = e as GraphError;
  const claims = token ? decodeClaims(token) : undefined;
  const identity = claims ? identityOf(claims) : undefined;
  const grant =
    "Grant them as Microsoft Graph application permissions to the app and grant admin consent (`pulumi-entra-cross-tenant check` shows the commands), then run this again.";
  if (g.statusCode === 401 && g.code === "UnknownError" && /\/synchronization\//.test(g.path)) {
    return `Graph ${g.method} ${g.path.split("?")[0]} failed: 401 UnknownError${g.graphMessage && g.graphMessage !== "HTTP 401" ? `: ${g.graphMessage}` : " with no message"} (${ids(g)}). This is how the synchronization endpoints refuse a token without ${SYNCHRONIZATION_WRITE}: a source tenant's synchronization configuration needs ${SOURCE_PERMISSIONS_TEXT}.${heldText(identity, [SYNCHRONIZATION_WRITE, APPLICATION_WRITE, ASSIGNMENT_WRITE])} ${grant}`;
  }
  if (g.statusCode === 403) {
    const needed = neededFor(g.path);
    return `Graph ${g.method} ${g.path.split("?")[0]} failed: 403 ${g.code}: ${g.graphMessage} (${ids(g)}). This call needs ${needed.join(", ")} (a source tenant's synchronization configuration needs ${SOURCE_PERMISSIONS_TEXT}${needed.includes(USER_READ) ? `, and \`provision\` reads the user with ${USER_READ}` : ""}).${heldText(identity, needed)} ${grant}`;
  }
  return undefined;
}
