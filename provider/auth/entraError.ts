/**
 * Entra's own answer to a failed sign-in: the AADSTS code, its sentence and the IDs support asks for. Read from the
 * JSON the login host answers (`{ error, error_description: "AADSTSnnn: …\r\nTrace ID: …", error_codes, trace_id,
 * correlation_id, timestamp }`) or from the text MSAL makes of it (`invalid_client: Error(s): nnn - Timestamp: … -
 * Description: AADSTSnnn: …\r\nTrace ID: …`).
 */
import { GUID_SOURCE } from "../text/guid";
export interface EntraError {
  /** e.g. "AADSTS90002". */
  code: string;
  /** OAuth error, e.g. "invalid_tenant". */
  error?: string;
  /** Entra's sentences after the code, without the trace lines. */
  description: string;
  traceId?: string;
  correlationId?: string;
  timestamp?: string;
}

function field(text: string, label: string): string | undefined {
  return new RegExp(`${label}: (${GUID_SOURCE})`, "i").exec(text)?.[1];
}

/** From the text of an error (MSAL's message, or an `error_description`); undefined without an AADSTS code. */
export function entraErrorFromText(text: string): EntraError | undefined {
  const m = /AADSTS(\d+): ?([^\r\n]*)/.exec(text);
  if (!m) return undefined;
  // MSAL appends " - Correlation ID: … - Trace ID: …" on the same line when the description has no line breaks.
  const description = m[2].replace(/ - (?:Correlation ID|Trace ID|Timestamp): .*$/, "").trim();
  const error = /^([a-z_]+): /.exec(text)?.[1];
  return {
    code: `AADSTS${m[1]}`,
    error,
    description,
    traceId: field(text, "Trace ID"),
    correlationId: field(text, "Correlation ID"),
    timestamp: /Timestamp: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)/.exec(text)?.[1],
  };
}

/** From the JSON body of the token or metadata endpoint; undefined when it is not Entra's error shape. */
export function entraErrorFromBody(body: unknown): EntraError | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const description = str(b.error_description);
  const fromText = description ? entraErrorFromText(description) : undefined;
  const codes = Array.isArray(b.error_codes) ? b.error_codes.filter((c): c is number => typeof c === "number") : [];
  const code = fromText?.code ?? (codes.length ? `AADSTS${codes[0]}` : undefined);
  if (!code) return undefined;
  return {
    code,
    error: str(b.error),
    description: fromText?.description ?? (description ?? "").split(/\r?\n/)[0],
    traceId: str(b.trace_id) ?? fromText?.traceId,
    correlationId: str(b.correlation_id) ?? fromText?.correlationId,
    timestamp: str(b.timestamp) ?? fromText?.timestamp,
  };
}

/** "AADSTS90002: Tenant '…' not found. … (invalid_tenant, trace ID …, correlation ID …, 2024-05-01 10:00:00Z)". */
export function formatEntraError(e: EntraError): string {
  const ids = [
    e.error,
    e.traceId ? `trace ID ${e.traceId}` : undefined,
    e.correlationId && e.correlationId !== e.traceId ? `correlation ID ${e.correlationId}` : undefined,
    e.timestamp,
  ].filter(Boolean);
  const text = `${e.code}: ${e.description}`.trim().replace(/[\s.]+$/, "");
  return `${text}.${ids.length ? ` (${ids.join(", ")})` : ""}`;
}
