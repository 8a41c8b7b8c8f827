/**
 * One Graph client and one token provider for a command, built from resolved settings exactly as the provider's
 * runtime builds them (same credential choice, token cache, retry pipeline, redaction), so the CLI is bounded and
 * behaves like `pulumi up` would with the same settings.
 */
import * as fs from "fs";
import * as tls from "tls";
import { createGraphTokenProvider } from "../../auth/tokens";
import type { TokenProvider } from "../../auth/tokenCache";
import { ConfigError, ProviderSettings, secretValues } from "../../config/settings";
import { createGraphClient, GraphClient } from "../../graph/client";
import { createDebugLogger, DebugLogger } from "../../log";
import { PACKAGE_NAME, VERSION } from "../../version";

export interface GraphSession {
  settings: ProviderSettings;
  tokens: TokenProvider;
  graph: GraphClient;
  /** Secret values of the settings, scrubbed from everything the command prints. */
  secrets: readonly string[];
  logger: DebugLogger;
}

export function cliUserAgent(): string {
  return `${PACKAGE_NAME}/${VERSION} (cli; node ${process.version}; ${process.platform})`;
}

/** System roots plus the configured PEM (never a replacement of the roots); undefined = Node's defaults. */
export function trustedCas(settings: ProviderSettings): string[] | undefined {
  if (!settings.caCertPath) return undefined;
  try {
    return [...tls.rootCertificates, fs.readFileSync(settings.caCertPath, "utf8")];
  } catch (e) {
    throw new ConfigError("caCertPath", `cannot read "${settings.caCertPath}": ${(e as Error).message}`);
  }
}

export function openGraphSession(settings: ProviderSettings, logSink?: (line: string) => void): GraphSession {
  const secrets = secretValues(settings);
  const logger = createDebugLogger(settings.debug, secrets, logSink);
  const ca = trustedCas(settings);
  const tokens = createGraphTokenProvider(settings, { ca, userAgent: cliUserAgent(), timeoutMs: settings.requestTimeoutMs });
  const graph = createGraphClient({
    graphEndpoint: settings.graphEndpoint,
    apiVersion: settings.apiVersion,
    tokens,
    userAgent: cliUserAgent(),
    ca,
    requestTimeoutMs: settings.requestTimeoutMs,
    retryBaseDelayMs: settings.retryBaseDelayMs,
    maxRetries: settings.maxRetries,
    logger,
  });
  return { settings, tokens, graph, secrets, logger };
}
