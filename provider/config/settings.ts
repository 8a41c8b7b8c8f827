import { allKeys, SettingKey, secretKeyNames } from "./keys";
import { CloudName, clouds, findCloud } from "../graph/clouds";
import type { ApiVersion } from "../graph/client";

export type { ApiVersion };

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
  /** Values of every key flagged `secret` in keys.ts, for scrubbing (see secretValues). */
  readonly secrets: readonly string[];
}

/** A configuration value that cannot be used; the message names the key and the fix. */
export class ConfigError extends Error {
  /** `label` is where the key is set, e.g. `entra:clientId` or `entra:connections.source.clientId`. */
  constructor(
    readonly key: string,
    message: string,
    readonly label: string = `entra:${key}`,
  ) {
    super(`Invalid setting ${label}: ${message}`);
    this.name = "ConfigError";
  }
}

/**
 * How keys are named in messages: the top-level settings (`entra:<key>`), or a named connection whose keys
 * live under `entra:connections.<name>`.
 */
export interface SettingNames {
  /** Where a key's value came from, or should be set. */
  label(key: string): string;
  /** How to set a missing key, e.g. "set entra:clientId (or azuread:clientId, ARM_CLIENT_ID / AZURE_CLIENT_ID)". */
  howToSet(key: string): string;
}

export const topLevelNames: SettingNames = {
  label: (key) => `entra:${key}`,
  howToSet(key) {
    const k = allKeys.find((x) => x.key === key);
    const alternatives = [k?.azuread ? `azuread:${key}` : undefined, ...(k?.env ?? [])].filter(Boolean);
    return `set entra:${key}${alternatives.length ? ` (or ${alternatives.join(", ")})` : ""}`;
  },
};

export type RawConfig = Readonly<Record<string, string | undefined>>;

/**
 * Copies the strings this provider may use out of a Pulumi config accessor (`configure(req)` gives one).
 * Synchronous and side-effect free: configure() must not await anything (the host does not wait for it).
 */
export function readStackConfig(get: (key: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const full of [...allKeys.flatMap((k) => [`entra:${k.key}`, `azuread:${k.key}`]), CONNECTIONS_CONFIG_KEY]) {
    const v = get(full);
    if (typeof v === "string" && v !== "") out[full] = v;
  }
  return out;
}

/** Stack config key of the named connections (a JSON object: name → settings), see connections.ts. */
export const CONNECTIONS_CONFIG_KEY = "entra:connections";

function lookup(raw: RawConfig, env: NodeJS.ProcessEnv, k: SettingKey): string | undefined {
  const candidates = [raw[`entra:${k.key}`], raw[k.key], k.azuread ? raw[`azuread:${k.key}`] : undefined];
  for (const c of candidates) if (c !== undefined && c !== "") return c;
  for (const name of k.env) {
    const v = env[name];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

function parseBool(names: SettingNames, key: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  const s = v.trim().toLowerCase();
  if (["true", "1", "yes"].includes(s)) return true;
  if (["false", "0", "no"].includes(s)) return false;
  throw new ConfigError(key, `expected true or false, got "${v}".`, names.label(key));
}

function parseNumber(names: SettingNames, key: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min)
    throw new ConfigError(key, `expected a number ≥ ${min}, got "${v}".`, names.label(key));
  return n;
}

function parseUrl(names: SettingNames, key: string, v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(key, `"${v}" is not an absolute URL (e.g. https://graph.microsoft.com).`, names.label(key));
  }
  if (u.protocol !== "https:") throw new ConfigError(key, `"${v}" must use https.`, names.label(key));
  return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
}

/**
 * Resolves settings from a flat map (`entra:x`, `azuread:x` or bare `x` keys) and the environment.
 * Pure apart from reading `env`; throws ConfigError on a value it cannot use.
 */
export function resolveSettings(
  raw: RawConfig,
  env: NodeJS.ProcessEnv = process.env,
  names: SettingNames = topLevelNames,
): ProviderSettings {
  return settingsFromValues(lookupValues(raw, env), names);
}

/** One value per key (keys.ts) by the top-level lookup order; undefined where nothing is set. */
export function lookupValues(raw: RawConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const k of allKeys) values[k.key] = lookup(raw, env, k);
  return values;
}

/** Builds the settings from one resolved value per key (keys.ts); throws ConfigError naming the key and the fix. */
export function settingsFromValues(
  values: Readonly<Record<string, string | undefined>>,
  names: SettingNames = topLevelNames,
): ProviderSettings {
  const cloudName = values.environment ?? "global";
  const cloud = findCloud(cloudName);
  if (!cloud) {
    throw new ConfigError(
      "environment",
      `unknown cloud "${cloudName}"; use one of ${Object.keys(clouds).join(", ")}.`,
      names.label("environment"),
    );
  }
  const apiVersion = values.apiVersion ?? "v1.0";
  if (apiVersion !== "v1.0" && apiVersion !== "beta") {
    throw new ConfigError("apiVersion", `expected "v1.0" or "beta", got "${apiVersion}".`, names.label("apiVersion"));
  }
  const graphEndpoint = parseUrl(names, "graphEndpoint", values.graphEndpoint ?? cloud.graphEndpoint);
  const authorityHost = parseUrl(names, "authorityHost", values.authorityHost ?? cloud.authorityHost);

  return {
    cloud: cloud.name,
    graphEndpoint,
    authorityHost,
    customAuthorityHost: values.authorityHost !== undefined,
    apiVersion,
    caCertPath: values.caCertPath,
    operationTimeoutMs: parseNumber(names, "operationTimeoutSeconds", values.operationTimeoutSeconds, 300, 1) * 1000,
    requestTimeoutMs: parseNumber(names, "requestTimeoutSeconds", values.requestTimeoutSeconds, 60, 1) * 1000,
    retryBaseDelayMs: parseNumber(names, "retryBaseDelayMs", values.retryBaseDelayMs, 1000, 0),
    maxRetries: Math.floor(parseNumber(names, "maxRetries", values.maxRetries, 10, 0)),
    replicationWaitMs: parseNumber(names, "replicationWaitSeconds", values.replicationWaitSeconds, 30, 0) * 1000,
    debug: parseBool(names, "debug", values.debug, false),
    credential: {
      tenantId: values.tenantId,
      clientId: values.clientId,
      clientSecret: values.clientSecret,
      clientCertificatePath: values.clientCertificatePath,
      clientCertificate: values.clientCertificate,
      clientCertificatePassword: values.clientCertificatePassword,
      useOidc: parseBool(names, "useOidc", values.useOidc, false),
      oidcToken: values.oidcToken,
      oidcTokenFilePath: values.oidcTokenFilePath,
      oidcRequestUrl: values.oidcRequestUrl,
      oidcRequestToken: values.oidcRequestToken,
      useMsi: parseBool(names, "useMsi", values.useMsi, false),
      useCli: parseBool(names, "useCli", values.useCli, false),
    },
    secrets: secretKeyNames.map((k) => values[k]).filter((v): v is string => typeof v === "string" && v.length >= 4),
  };
}

/**
 * Secret values present in the settings, for scrubbing error and log text: the value of every key flagged `secret`
 * in keys.ts (a new secret key is covered without touching this function).
 */
export function secretValues(s: ProviderSettings): string[] {
  return [...s.secrets];
}
