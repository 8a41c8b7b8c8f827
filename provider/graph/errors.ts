/**
 * The one error type of the Graph client. `request`/`response` are non-enumerable so that JSON.stringify,
 * console.log and Pulumi's error printing never show headers (Authorization) or bodies.
 */
export interface GraphErrorInit {
  statusCode?: number;
  code: string;
  message: string;
  method: string;
  /** Path and API version, never the query or host credentials. */
  path: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
  attempts?: number;
  /** Network error code (ECONNRESET, ETIMEDOUT, ...) when no HTTP response arrived. */
  networkCode?: string;
  deadlineExceeded?: boolean;
  response?: unknown;
}

/** Marks GraphError instances; a registered symbol, so the check also works across two copies of the package. */
const GRAPH_ERROR = Symbol.for("pulumi-entra-cross-tenant.GraphError");

export class GraphError extends Error {
  readonly statusCode?: number;
  /** Graph `error.code`, or a synthetic code: `NetworkError`, `Timeout`, `HttpError`. */
  readonly code: string;
  readonly graphMessage: string;
  readonly method: string;
  readonly path: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly date?: string;
  readonly attempts?: number;
  readonly networkCode?: string;
  readonly deadlineExceeded?: boolean;
  /** What the user should do; filled in by `hintFor`. */
  readonly hint: string;
  declare readonly response?: unknown;

  constructor(init: GraphErrorInit) {
    const hint = hintFor(init);
    super(formatGraphError(init, hint));
    this.name = "GraphError";
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.graphMessage = init.message;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.date = init.date;
    this.attempts = init.attempts;
    this.networkCode = init.networkCode;
    this.deadlineExceeded = init.deadlineExceeded;
    this.hint = hint;
    Object.defineProperty(this, "response", { value: init.response, enumerable: false });
    Object.defineProperty(this, GRAPH_ERROR, { value: true, enumerable: false });
  }
}

/**
 * True for an error the Graph client threw (also from another copy of the package), false for anything else,
 * including an error that only wraps one or copies its name.
 */
export function isGraphError(e: unknown): e is GraphError {
  return (
    e instanceof GraphError || (e instanceof Error && (e as unknown as Record<symbol, unknown>)[GRAPH_ERROR] === true)
  );
}

export const WRITE_PERMISSION = "Policy.ReadWrite.CrossTenantAccess";
export const READ_PERMISSION = "Policy.Read.All";

const tlsCodes = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The action to take for a failure, by status and Graph code (never by message). */
export function hintFor(
  e: Pick<GraphErrorInit, "statusCode" | "code" | "method" | "networkCode" | "deadlineExceeded">,
): string {
  const write = e.method !== "GET";
  const until = e.deadlineExceeded ? "until the operation deadline" : "through every retry";
  if (e.networkCode && tlsCodes.has(e.networkCode)) {
    return "TLS verification of the Graph endpoint failed. If it uses a private CA (e.g. the local emulator), set entra:caCertPath to that CA's PEM file; verification is never turned off.";
  }
  if (e.statusCode === undefined) {
    return e.deadlineExceeded
      ? "Graph could not be reached before the operation deadline. Check network access and proxy settings, entra:graphEndpoint, or raise entra:operationTimeoutSeconds."
      : "Graph could not be reached. Check network access and proxy settings (HTTPS_PROXY/NO_PROXY) and entra:graphEndpoint.";
  }
  switch (e.statusCode) {
    case 400:
      return "Graph rejected the request body. Check the resource's property names and values; if you use groupSyncInbound, set apiVersion to beta for the resource's connection (entra:apiVersion, or entra:connections.<name>.apiVersion for a named connection).";
    case 401:
      return "Graph rejected the access token even after a fresh one was requested. Check that tenantId and clientId belong to the tenant being managed, that the credential is for the same cloud as the Graph endpoint (entra:environment), and that the app's admin consent was not revoked.";
    case 403:
      return write
        ? `The caller lacks permission. Grant the application permission ${WRITE_PERMISSION} (Microsoft Graph, with admin consent); for a signed-in user (Azure CLI), use an account with the Security Administrator role.`
        : `The caller lacks permission. Grant ${READ_PERMISSION} or ${WRITE_PERMISSION} (Microsoft Graph, with admin consent); for a signed-in user, the Security Administrator or Security Reader role.`;
    case 404:
      return "The object does not exist in this tenant.";
    case 409:
      return e.code === "Directory_ConcurrencyViolation"
        ? `Another change to the same partner was in progress ${until}. Run the operation again, or raise entra:operationTimeoutSeconds.`
        : "An object with the same key already exists.";
    case 429:
      return `Graph kept throttling the requests ${until}. Run again later, lower parallelism (pulumi up --parallel), or raise entra:operationTimeoutSeconds.`;
    default:
      if (e.statusCode >= 500) {
        return `Graph kept failing on its side ${until}. Run again later; quote the request-id when contacting Microsoft support.`;
      }
      return "Unexpected Graph response.";
  }
}

function formatGraphError(e: GraphErrorInit, hint: string): string {
  const status =
    e.statusCode !== undefined ? `${e.statusCode} ${e.code}` : `${e.code}${e.networkCode ? ` (${e.networkCode})` : ""}`;
  const ids = [
    e.requestId ? `request-id: ${e.requestId}` : "request-id: none (no response)",
    e.clientRequestId ? `client-request-id: ${e.clientRequestId}` : undefined,
    e.date ? `date: ${e.date}` : undefined,
    e.attempts && e.attempts > 1 ? `attempts: ${e.attempts}` : undefined,
  ].filter(Boolean);
  return `Graph ${e.method} ${e.path} failed: ${status}: ${e.message} (${ids.join(", ")}). ${hint}`;
}
