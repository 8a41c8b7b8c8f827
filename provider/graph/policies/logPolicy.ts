import { Clock, PipelinePolicy, systemClock } from "../pipeline";
import { DebugLogger } from "../../log";

export const logPolicyName = "logPolicy";

export interface LogPolicyOptions {
  logger: DebugLogger;
  clock?: Clock;
}

/** Header values that may appear in logs; every other value is written as REDACTED. Bodies are never logged. */
const allowedHeaders = new Set([
  "client-request-id",
  "request-id",
  "retry-after",
  "retry-after-ms",
  "x-ms-retry-after-ms",
  "x-ms-ags-diagnostic",
  "x-ms-throttle-scope",
  "x-ms-throttle-information",
  "date",
  "content-type",
  "content-length",
  "user-agent",
]);

export function sanitizeHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = allowedHeaders.has(k.toLowerCase()) ? v : "REDACTED";
  return out;
}

/** Path only: the query could carry anything. */
export function sanitizeUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? "?REDACTED" : ""}`;
}

/** Placed after auth so that it sees every attempt, including the 401 re-send; free when logging is off. */
export function logPolicy(options: LogPolicyOptions): PipelinePolicy {
  const { logger, clock = systemClock } = options;
  return {
    name: logPolicyName,
    async sendRequest(request, next) {
      if (!logger.enabled) return next(request);
      const started = clock.now();
      logger.log(
        `--> ${request.method} ${sanitizeUrl(request.url)} ${JSON.stringify(sanitizeHeaders(request.headers))}`,
      );
      try {
        const response = await next(request);
        logger.log(
          `<-- ${response.status} ${request.method} ${sanitizeUrl(request.url)} in ${clock.now() - started} ms ${JSON.stringify(sanitizeHeaders(response.headers))}`,
        );
        return response;
      } catch (e) {
        const code = (e as { code?: string }).code ?? "error";
        logger.log(`<-- ${code} ${request.method} ${sanitizeUrl(request.url)} after ${clock.now() - started} ms`);
        throw e;
      }
    },
  };
}
