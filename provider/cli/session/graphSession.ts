/**
 * One Graph connection for a command, built by the same code as the provider's runtime (provider/connection:
 * credential choice, token cache, retry pipeline, redaction), so the CLI is bounded and behaves like `pulumi up`
 * would with the same settings.
 */
import { Connection, createConnection, trustedCas as connectionCas } from "../../connection/connection";
import type { ProviderSettings, SettingNames } from "../../config/settings";
import { PACKAGE_NAME, VERSION } from "../../version";
import { cliNames } from "../args/connectionFlags";

export type GraphSession = Connection;

export function cliUserAgent(): string {
  return `${PACKAGE_NAME}/${VERSION} (cli; node ${process.version}; ${process.platform})`;
}

/** System roots plus the configured PEM; undefined = Node's defaults. */
export function trustedCas(settings: ProviderSettings): string[] | undefined {
  return connectionCas(settings, cliNames);
}

/**
 * `names`: how errors name settings: the flags and variables (default), or a stack's keys for `check --stack`.
 * Sign-in errors carry no advice about stacks' stored configuration: a command stores nothing.
 */
export function openGraphSession(
  settings: ProviderSettings,
  logSink?: (line: string) => void,
  names: SettingNames = cliNames,
): GraphSession {
  return createConnection(settings, {
    userAgent: cliUserAgent(),
    logSink,
    names,
    tokenOptions: { stackAdvice: false },
  });
}
