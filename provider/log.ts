/**
 * Opt-in debug logging (entra:debug / ENTRA_DEBUG). The dynamic-provider host has no engine connection, so
 * anything written here shows up as unattributed CLI diagnostics: stay silent unless asked, and redact always.
 */
export interface DebugLogger {
  readonly enabled: boolean;
  log(message: string): void;
}

export const noLogger: DebugLogger = { enabled: false, log: () => undefined };

const bearer = /Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
const jwt = /eyJ[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*/g;

/** Removes bearer tokens, JWTs and the given secret values from a piece of text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(bearer, "Bearer REDACTED").replace(jwt, "REDACTED-JWT");
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join("REDACTED");
  }
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
