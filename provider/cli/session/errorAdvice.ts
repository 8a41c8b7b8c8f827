/**
 * A Graph failure's advice, worded for the command line. The Graph client's hints are written for a stack
 * (`entra:graphEndpoint`, `entra:operationTimeoutSeconds`, `pulumi up --parallel`); a command has flags instead,
 * and nothing of a stack applies to it.
 */
import { GraphError, isGraphError } from "../../graph/errors";

const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

export function cliGraphHint(g: GraphError): string {
  const until = g.deadlineExceeded ? "until the command's deadline" : "through every retry";
  if (g.networkCode && TLS.test(g.networkCode)) {
    return "TLS verification of the Graph endpoint failed. If it uses a private CA (e.g. the local emulator), pass that CA's PEM file with --ca-cert (ENTRA_CA_CERT_PATH); verification is never turned off.";
  }
  if (g.statusCode === undefined) {
    return g.deadlineExceeded
      ? "Graph could not be reached before the command's deadline. Check network access and proxy settings (HTTPS_PROXY/NO_PROXY) and --graph-endpoint, or raise --timeout."
      : "Graph could not be reached. Check network access and proxy settings (HTTPS_PROXY/NO_PROXY) and --graph-endpoint.";
  }
  switch (g.statusCode) {
    case 400:
      return "Graph rejected the request. Check --graph-endpoint (a Microsoft Graph root) and --api-version.";
    case 401:
      return "Graph rejected the access token even after a fresh one was requested. Check that --tenant-id and --client-id belong to the tenant being read, that the credential is for the same cloud as the Graph endpoint (--environment, --graph-endpoint), and that the app's admin consent was not revoked.";
    case 409:
      return g.code === "Directory_ConcurrencyViolation"
        ? `Another change to the same partner was in progress ${until}. Run the command again, or raise --timeout.`
        : g.hint;
    case 429:
      return `Graph kept throttling the requests ${until}. Run the command again later, or raise --timeout.`;
    default:
      return g.hint; // 403, 404, 5xx: nothing in them is about a stack
  }
}

/** The text of any failure for the command line: a Graph failure with the command line's advice. */
export function cliErrorText(e: unknown): string {
  if (isGraphError(e)) {
    const g = e as GraphError;
    return g.hint && g.message.endsWith(g.hint)
      ? g.message.slice(0, g.message.length - g.hint.length) + cliGraphHint(g)
      : g.message;
  }
  return e instanceof Error ? e.message : String(e);
}
