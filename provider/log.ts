/**
 * Opt-in debug logging (entra:debug / ENTRA_DEBUG). The dynamic-provider host has no engine connection, so
 * anything written here shows up as unattributed CLI diagnostics: stay silent unless asked, and redact always.
 */
export interface DebugLogger {
  readonly enabled: boolean;
  log(message: string): void;
}

export const noLogger: DebugLogger = { enabled: false, log: () => undefined };

const bearer = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const jwt = /eyJ[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*/g;
const privateKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
// OAuth fields that carry credentials. Token-endpoint failures from @azure/identity/MSAL may quote the request
// (form body, query) or the response (JSON), and the value need not be one we know (an assertion, a token).
const credentialFields =
  "client_secret|client_assertion|assertion|access_token|refresh_token|id_token|password|clientSecret|authorization";
const formField = new RegExp(`\\b(${credentialFields})=[^&\\s"']*`, "gi");
const jsonField = new RegExp(`"(${credentialFields})"\\s*:\\s*"[^"]*"`, "gi");

/** The forms a secret takes in text: as is, in a URL (encodeURIComponent) and in a form body (URLSearchParams). */
function encodings(secret: string): string[] {
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  return [...new Set([secret, encodeURIComponent(secret), form])];
}

/**
 * Removes bearer/basic credentials, JWTs, PEM private keys, credential fields of OAuth requests and responses,
 * and the given secret values (also URL- and form-encoded) from a piece of text.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(privateKey, "REDACTED-PRIVATE-KEY")
    .replace(bearer, "$1 REDACTED")
    .replace(jwt, "REDACTED-JWT")
    .replace(formField, "$1=REDACTED")
    .replace(jsonField, '"$1":"REDACTED"');
  // Longest first, so that a secret containing another is removed whole.
  const forms = secrets
    .filter((s) => s.length >= 4)
    .flatMap(encodings)
    .sort((a, b) => b.length - a.length);
  for (const s of forms) out = out.split(s).join("REDACTED");
  return out;
}

/** A logger that writes redacted lines to stderr (or `sink`, for tests). */
export function createDebugLogger(
  enabled: boolean,
  secrets: readonly string[] = [],
  sink: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): DebugLogger {
  if (!enabled) return noLogger;
  return { enabled: true, log: (message) => sink(`[entra] ${redact(message, secrets)}`) };
}
