/**
 * One connection to Microsoft Graph built from resolved settings: the token provider (one credential, one cached
 * token, single-flight) and the Graph client (request id, retry, auth, redacted logging) over them. The provider's
 * runtime builds one per named connection and process; the package's CLI commands build one per command, so both
 * behave the same with the same settings. Nothing here needs the Pulumi runtime.
 */
import * as fs from "fs";
import * as tls from "tls";
import { createGraphTokenProvider, GraphTokenOptions } from "../auth/tokens";
import type { TokenProvider } from "../auth/tokenCache";
import { ConfigError, ProviderSettings, secretValues, topLevelNames, SettingNames } from "../config/settings";
import { createGraphClient, GraphClient } from "../graph/client";
import { Clock, systemClock } from "../graph/pipeline";
import { createDebugLogger, DebugLogger } from "../log";
import { userAgent as providerUserAgent } from "../version";

export interface ConnectionOptions {
  /** User-Agent of every Graph and login request; defaults to the provider's. */
  userAgent?: string;
  /** Where debug lines go when `settings.debug` is on (default stderr). */
  logSink?: (line: string) => void;
  clock?: Clock;
  /** Injected randomness for retry jitter (tests). */
  random?: () => number;
  /** Extra values to scrub from errors and logs (e.g. other connections' secrets). */
  extraSecrets?: readonly string[];
  /** Credential test hooks and token-cache timings. */
  tokenOptions?: GraphTokenOptions;
  /** How keys are named in errors (a named connection's keys live under `entra:connections.<name>`). */
  names?: SettingNames;
}

export interface Connection {
  readonly settings: ProviderSettings;
  readonly graph: GraphClient;
  readonly tokens: TokenProvider;
  /** Values scrubbed from every error and log line of this connection. */
  readonly secrets: readonly string[];
  readonly logger: DebugLogger;
}

/** System roots plus the configured PEM (added to, never replacing, the roots); undefined = Node's defaults. */
export function trustedCas(settings: ProviderSettings, names: SettingNames = topLevelNames): string[] | undefined {
  if (!settings.caCertPath) return undefined;
  try {
    return [...tls.rootCertificates, fs.readFileSync(settings.caCertPath, "utf8")];
  } catch (e) {
    throw new ConfigError(
      "caCertPath",
      `cannot read "${settings.caCertPath}": ${(e as Error).message}`,
      names.label("caCertPath"),
    );
  }
}

/** Creates nothing on the network: the credential and token are acquired on the first Graph call. */
export function createConnection(settings: ProviderSettings, options: ConnectionOptions = {}): Connection {
  const clock = options.clock ?? systemClock;
  const userAgent = options.userAgent ?? providerUserAgent();
  const secrets = [...new Set([...secretValues(settings), ...(options.extraSecrets ?? [])])];
  const logger = createDebugLogger(settings.debug, secrets, options.logSink);
  const ca = trustedCas(settings, options.names);
  const tokens = createGraphTokenProvider(settings, {
    ca,
    userAgent,
    timeoutMs: settings.requestTimeoutMs,
    clock,
    names: options.names,
    ...options.tokenOptions,
  });
  const graph = createGraphClient({
    graphEndpoint: settings.graphEndpoint,
    apiVersion: settings.apiVersion,
    tokens,
    userAgent,
    ca,
    requestTimeoutMs: settings.requestTimeoutMs,
    retryBaseDelayMs: settings.retryBaseDelayMs,
    maxRetries: settings.maxRetries,
    logger,
    clock,
    random: options.random,
  });
  return { settings, graph, tokens, secrets, logger };
}
