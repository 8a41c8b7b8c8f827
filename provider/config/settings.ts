import { allKeys, SettingKey } from "./keys";
import { CloudName, clouds, findCloud } from "../graph/clouds";

export type ApiVersion = "v1.0" | "beta";

/** Credential settings, exactly as configured; which credential is used is decided in `auth/credential.ts`. */
export interface CredentialSettings {
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly clientCertificatePath?: string;
  readonly clientCertificate?: string;
  readonly clientCertificatePassword?: string;
  readonly useOidc: boolean;
  readonly oidcToken?: string;
  readonly oidcTokenFilePath?: string;
  readonly oidcRequestUrl?: string;
  readonly oidcRequestToken?: string;
  readonly useMsi: boolean;
  readonly useCli: boolean;
}

/** Everything the provider needs at run time. Holds secrets: never log it, never return it to Pulumi. */
export interface ProviderSettings {
  readonly cloud: CloudName;
  /** Graph root without version, e.g. `https://graph.microsoft.com`. */
  readonly graphEndpoint: string;
  /** Login host for @azure/identity, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  /** True when `authorityHost` was set explicitly (emulator, private clouds): skips MSAL instance discovery. */
  readonly customAuthorityHost: boolean;
  readonly apiVersion: ApiVersion;
  /** Extra trusted CA (PEM file) for both Graph and login; added to, never replacing, the system roots. */
  readonly caCertPath?: string;
  /** Total deadline of one lifecycle step, retries included. Default 300 s. */
  readonly operationTimeoutMs: number;
  /** Deadline of one HTTP attempt. Default 60 s. */
  readonly requestTimeoutMs: number;
  /** First backoff step for retries without Retry-After. Default 1000 ms. */
  readonly retryBaseDelayMs: number;
  /** Retries per request, on top of the deadline. Default 10. */
  readonly maxRetries: number;
  /** How long a read right after our own write waits for the directory to catch up. Default 30 s. */
  readonly replicationWaitMs: number;
  /** Redacted request/response logging to stderr. */
  readonly debug: boolean;
  readonly credential: CredentialSettings;
}

/** A configuration value that cannot be used; the message names the key and the fix. */
export class ConfigError extends Error {
  constructor(readonly key: string, message: string) {
    super(`Invalid setting entra:${key}: ${message}`);
    this.name = "ConfigError";
  }
}

export type RawConfig = Readonly<Record<string, string | undefined>>;

/**
 * Copies the strings this provider may use out of a Pulumi config accessor (`configure(req)` gives one).
 * Synchronous and side-effect free: configure() must not await anything (the host does not wait for it).
 */
export function readStackConfig(get: (key: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of allKeys) {
    for (const full of [`entra:${k.key}`, `azuread:${k.key}`]) {
      const v = get(full);
      if (typeof v === "string" && v !== "") out[full] = v;
    }
  }
  return out;
}

function lookup(raw: RawConfig, env: NodeJS.ProcessEnv, k: SettingKey): string | undefined {
  const candidates = [raw[`entra:${k.key}`], raw[k.key], k.azuread ? raw[`azuread:${k.key}`] : undefined];
  for (const c of candidates) if (c !== undefined && c !== "") return c;
  for (const name of k.env) {
    const v = env[name];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

function parseBool(key: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  const s = v.trim().toLowerCase();
  if (["true", "1", "yes"].includes(s)) return true;
  if (["false", "0", "no"].includes(s)) return false;
  throw new ConfigError(key, `expected true or false, got "${v}".`);
}

function parseNumber(key: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new ConfigError(key, `expected a number ≥ ${min}, got "${v}".`);
  return n;
}

function parseUrl(key: string, v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(key, `"${v}" is not an absolute URL (e.g. https://graph.microsoft.com).`);
  }
  if (u.protocol !== "https:") throw new ConfigError(key, `"${v}" must use https.`);
  return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
}

/**
 * Resolves settings from a flat map (`entra:x`, `azuread:x` or bare `x` keys) and the environment.
 * Pure apart from reading `env`; throws ConfigError on a value it cannot use.
 */
export function resolveSettings(raw: RawConfig, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const values: Record<string, string | undefined> = {};
  for (const k of allKeys) values[k.key] = lookup(raw, env, k);

  const cloudName = values.environment ?? "global";
  const cloud = findCloud(cloudName);
  if (!cloud) {
    throw new ConfigError(
      "environment",
      `unknown cloud "${cloudName}"; use one of ${Object.keys(clouds).join(", ")}.`,
    );
  }
  const apiVersion = values.apiVersion ?? "v1.0";
  if (apiVersion !== "v1.0" && apiVersion !== "beta") {
    throw new ConfigError("apiVersion", `expected "v1.0" or "beta", got "${apiVersion}".`);
  }
  const graphEndpoint = parseUrl("graphEndpoint", values.graphEndpoint ?? cloud.graphEndpoint);
  const authorityHost = parseUrl("authorityHost", values.authorityHost ?? cloud.authorityHost);

  return {
    cloud: cloud.name,
    graphEndpoint,
    authorityHost,
    customAuthorityHost: values.authorityHost !== undefined,
    apiVersion,
    caCertPath: values.caCertPath,
    operationTimeoutMs: parseNumber("operationTimeoutSeconds", values.operationTimeoutSeconds, 300, 1) * 1000,
    requestTimeoutMs: parseNumber("requestTimeoutSeconds", values.requestTimeoutSeconds, 60, 1) * 1000,
    retryBaseDelayMs: parseNumber("retryBaseDelayMs", values.retryBaseDelayMs, 1000, 0),
    maxRetries: Math.floor(parseNumber("maxRetries", values.maxRetries, 10, 0)),
    replicationWaitMs: parseNumber("replicationWaitSeconds", values.replicationWaitSeconds, 30, 0) * 1000,
    debug: parseBool("debug", values.debug, false),
    credential: {
      tenantId: values.tenantId,
      clientId: values.clientId,
      clientSecret: values.clientSecret,
      clientCertificatePath: values.clientCertificatePath,
      clientCertificate: values.clientCertificate,
      clientCertificatePassword: values.clientCertificatePassword,
      useOidc: parseBool("useOidc", values.useOidc, false),
      oidcToken: values.oidcToken,
      oidcTokenFilePath: values.oidcTokenFilePath,
      oidcRequestUrl: values.oidcRequestUrl,
      oidcRequestToken: values.oidcRequestToken,
      useMsi: parseBool("useMsi", values.useMsi, false),
      useCli: parseBool("useCli", values.useCli, false),
    },
  };
}

/** Secret values present in the settings, for scrubbing error and log text. */
export function secretValues(s: ProviderSettings): string[] {
  const c = s.credential;
  return [c.clientSecret, c.clientCertificate, c.clientCertificatePassword, c.oidcToken, c.oidcRequestToken].filter(
    (v): v is string => typeof v === "string" && v.length >= 4,
  );
}
