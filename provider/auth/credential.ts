import * as fs from "fs";
import type * as tls from "tls";
import { trustContext } from "../graph/trust";
import type { TokenCredential } from "@azure/identity";
import type { ProviderSettings, SettingNames } from "../config/settings";
import { ConfigError, topLevelNames } from "../config/settings";
import type { CredentialKind } from "./credentialKind";
import { EntraError, formatEntraError } from "./entraError";
import { genericAdvice, signInAdvice } from "./signInAdvice";

export type { CredentialKind };

export interface CredentialChoice {
  kind: CredentialKind;
  /** Human description without secrets, used in errors and debug logs. */
  description: string;
}

export interface CredentialDeps {
  /** Fetches the GitHub Actions OIDC token; injectable for tests. */
  fetchGitHubToken?: (url: string, bearer: string) => Promise<string>;
  userAgent?: string;
  /** Trusted CAs for the login host; undefined = Node's defaults. */
  ca?: string[];
}

export function need(
  settings: ProviderSettings,
  kind: string,
  key: "tenantId" | "clientId",
  names: SettingNames = topLevelNames,
): string {
  const v = settings.credential[key];
  if (!v) throw new ConfigError(key, `${kind} authentication needs ${key}: ${names.howToSet(key)}.`, names.label(key));
  return v;
}

/**
 * Order: useOidc → client certificate → client secret → useMsi → useCli → DefaultAzureCredential.
 * Pure: decides without creating anything, so the choice can be unit-tested and described in errors.
 */
export function chooseCredential(settings: ProviderSettings): CredentialChoice {
  const c = settings.credential;
  const who = `tenant ${c.tenantId ?? "(default)"}, client ${c.clientId ?? "(default)"}`;
  if (c.useOidc) return { kind: "oidc", description: `OIDC federated token (${who})` };
  if (c.clientCertificatePath || c.clientCertificate)
    return { kind: "clientCertificate", description: `client certificate (${who})` };
  if (c.clientSecret) return { kind: "clientSecret", description: `client secret (${who})` };
  if (c.useMsi)
    return { kind: "managedIdentity", description: `managed identity (client ${c.clientId ?? "system-assigned"})` };
  if (c.useCli)
    return { kind: "azureCli", description: `Azure CLI (tenant ${c.tenantId ?? "of the signed-in account"})` };
  return {
    kind: "default",
    description: "DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...)",
  };
}

/** Reads a PEM certificate+key; PFX is refused with the conversion command (@azure/identity takes PEM only). */
export function loadCertificatePem(settings: ProviderSettings, names: SettingNames = topLevelNames): string {
  const c = settings.credential;
  if (c.clientCertificatePath) {
    const key = "clientCertificatePath";
    if (/\.(pfx|p12)$/i.test(c.clientCertificatePath)) {
      throw new ConfigError(
        key,
        `"${c.clientCertificatePath}" looks like PKCS#12; provide a PEM file with the certificate and private key (convert with: openssl pkcs12 -in cert.pfx -out cert.pem -nodes).`,
        names.label(key),
      );
    }
    try {
      return fs.readFileSync(c.clientCertificatePath, "utf8");
    } catch (e) {
      throw new ConfigError(
        key,
        `cannot read "${c.clientCertificatePath}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; give the path of a readable PEM file with the certificate and its private key.`,
        names.label(key),
      );
    }
  }
  const inline = c.clientCertificate ?? "";
  if (inline.includes("-----BEGIN")) return inline;
  const decoded = Buffer.from(inline, "base64").toString("utf8");
  if (decoded.includes("-----BEGIN")) return decoded;
  throw new ConfigError(
    "clientCertificate",
    "expected PEM text (certificate and private key), or base64 of it.",
    names.label("clientCertificate"),
  );
}

async function fetchGitHubTokenDefault(url: string, bearer: string): Promise<string> {
  const axios = (await import("axios")).default;
  const sep = url.includes("?") ? "&" : "?";
  const res = await axios.get<{ value?: string }>(`${url}${sep}audience=api://AzureADTokenExchange`, {
    headers: { authorization: `Bearer ${bearer}`, accept: "application/json" },
    timeout: 30_000,
  });
  if (!res.data?.value) throw new Error("the GitHub OIDC endpoint returned no token");
  return res.data.value;
}

/** Where the OIDC assertion comes from, if anywhere. */
export function oidcSource(settings: ProviderSettings): "token" | "file" | "github" | undefined {
  const c = settings.credential;
  if (c.oidcToken) return "token";
  if (c.oidcTokenFilePath) return "file";
  if (c.oidcRequestUrl && c.oidcRequestToken) return "github";
  return undefined;
}

export function noOidcSource(names: SettingNames = topLevelNames): ConfigError {
  return new ConfigError(
    "useOidc",
    `useOidc is true but no token source is set: set ${names.label("oidcToken")} or ${names.label("oidcTokenFilePath")} (ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH, AZURE_FEDERATED_TOKEN_FILE), or run in GitHub Actions with \`permissions: id-token: write\`.`,
    names.label("useOidc"),
  );
}

/** Where the OIDC assertion comes from: literal token, token file, or the GitHub Actions endpoint. */
function oidcAssertion(settings: ProviderSettings, deps: CredentialDeps): () => Promise<string> {
  const c = settings.credential;
  if (c.oidcToken) {
    const token = c.oidcToken;
    return async () => token;
  }
  if (c.oidcTokenFilePath) {
    const path = c.oidcTokenFilePath;
    // Re-read each time: federated token files are rotated by the platform.
    return async () => fs.readFileSync(path, "utf8").trim();
  }
  if (c.oidcRequestUrl && c.oidcRequestToken) {
    const { oidcRequestUrl: url, oidcRequestToken: bearer } = c;
    const fetch = deps.fetchGitHubToken ?? fetchGitHubTokenDefault;
    return () => fetch(url, bearer);
  }
  throw noOidcSource();
}

/**
 * @azure/identity spreads these into its https.Agent options: `secureContext` (the Graph client's, see
 * trustContext) spares it parsing every CA again per connection; `ca` stays for an SDK that would not pass it on.
 */
function tlsOptions(ca: string[]): { ca: string[] } {
  const options: { ca: string[]; secureContext: tls.SecureContext } = { ca, secureContext: trustContext(ca) };
  return options;
}

/** Creates the @azure/identity credential the settings select. Loaded lazily: check/diff never pay for it. */
export function createCredential(settings: ProviderSettings, deps: CredentialDeps = {}): TokenCredential {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, so check/diff never load @azure/identity
  const identity: typeof import("@azure/identity") = require("@azure/identity");
  const c = settings.credential;
  const common = {
    authorityHost: settings.authorityHost,
    // A custom login host (emulator, sovereign test clouds) is not in MSAL's instance-discovery list.
    disableInstanceDiscovery: settings.customAuthorityHost,
    tlsOptions: deps.ca ? tlsOptions(deps.ca) : undefined,
    userAgentOptions: deps.userAgent ? { userAgentPrefix: deps.userAgent } : undefined,
  };
  const choice = chooseCredential(settings);
  switch (choice.kind) {
    case "oidc":
      return new identity.ClientAssertionCredential(
        need(settings, "OIDC", "tenantId"),
        need(settings, "OIDC", "clientId"),
        oidcAssertion(settings, deps),
        common,
      );
    case "clientCertificate":
      return new identity.ClientCertificateCredential(
        need(settings, "Client certificate", "tenantId"),
        need(settings, "Client certificate", "clientId"),
        { certificate: loadCertificatePem(settings), certificatePassword: c.clientCertificatePassword },
        common,
      );
    case "clientSecret":
      return new identity.ClientSecretCredential(
        need(settings, "Client secret", "tenantId"),
        need(settings, "Client secret", "clientId"),
        c.clientSecret as string,
        common,
      );
    case "managedIdentity":
      return c.clientId
        ? new identity.ManagedIdentityCredential({ ...common, clientId: c.clientId })
        : new identity.ManagedIdentityCredential(common);
    case "azureCli":
      return new identity.AzureCliCredential({ tenantId: c.tenantId });
    default:
      return new identity.DefaultAzureCredential({
        ...common,
        tenantId: c.tenantId,
        managedIdentityClientId: c.clientId,
      });
  }
}

/** Why no token was obtained, as far as it is known. */
export interface SignInFailure {
  /** The credential's own text (MSAL's, @azure/identity's), redacted, one line. */
  cause: string;
  /** Entra's answer: from the credential's text, or from the metadata document MSAL could not use. */
  entra?: EntraError;
  /** The login host did not answer at all. */
  unreachable?: { detail: string; tls: boolean };
}

export interface CredentialErrorContext {
  /** How keys are named in the fix (default: the top-level `entra:*` keys). */
  names?: SettingNames;
  /** Advice about stacks (refresh/destroy use the stored config): true in the provider, false in the CLI. */
  stackAdvice?: boolean;
  /** Login host, named when it could not be reached. */
  authorityHost?: string;
}

/**
 * A token could not be obtained. The message says with which credential, what Entra answered (AADSTS code, its
 * text, trace and correlation IDs) or why the login host did not answer, and what to change.
 */
export class CredentialError extends Error {
  readonly entra?: EntraError;
  readonly unreachable?: { detail: string; tls: boolean };
  /** A few words for Entra's code, when it is a known one. */
  readonly meaning?: string;
  readonly fix: string;

  constructor(
    readonly choice: CredentialChoice,
    readonly scope: string,
    failure: SignInFailure | string,
    context: CredentialErrorContext = {},
  ) {
    const f: SignInFailure = typeof failure === "string" ? { cause: failure } : failure;
    const names = context.names ?? topLevelNames;
    const advice = { kind: choice.kind, names, stackAdvice: context.stackAdvice ?? true };
    let what: string;
    let meaning: string | undefined;
    let fix: string;
    if (f.entra) {
      ({ meaning, fix } = signInAdvice(f.entra.code, advice));
      what = `Entra answered ${formatEntraError(f.entra)}`;
    } else if (f.unreachable) {
      const host = context.authorityHost ? new URL(context.authorityHost).host : "the login host";
      what = `the login host ${host} did not answer (${f.unreachable.detail.replace(/[\s.]+$/, "")}).`;
      fix = f.unreachable.tls
        ? `TLS verification of the login host failed: if it uses a private CA (e.g. the local emulator), ${names.howToSet("caCertPath")} to that CA's PEM file; verification is never turned off.`
        : `Check network access to the login host (proxy settings HTTPS_PROXY/NO_PROXY), ${names.label("authorityHost")} and ${names.label("environment")}.`;
    } else {
      // MSAL's text may end in a period and a CR/LF: one sentence end, whatever it brings.
      what = `${f.cause.trim().replace(/[\s.]+$/, "")}.`;
      fix = genericAdvice(advice);
    }
    super(`Could not get an access token for ${scope} with ${choice.description}: ${what} Fix: ${fix}`);
    this.name = "CredentialError";
    this.entra = f.entra;
    this.unreachable = f.unreachable;
    this.meaning = meaning;
    this.fix = fix;
  }
}
