import type { TokenCredential } from "@azure/identity";
import type { ProviderSettings } from "../config/settings";
import { ConfigError, secretValues, topLevelNames } from "../config/settings";
import { redact } from "../log";
import { probeAuthority } from "./authorityProbe";
import {
  chooseCredential,
  createCredential,
  CredentialDeps,
  CredentialError,
  CredentialKind,
  SignInFailure,
} from "./credential";
import { entraErrorFromText } from "./entraError";
import { createTokenCache, TokenCacheOptions, TokenProvider } from "./tokenCache";

export interface GraphTokenOptions extends CredentialDeps, TokenCacheOptions {
  /** Bound of one token acquisition. Defaults to 60000 ms. */
  timeoutMs?: number;
  /** Replaces credential creation (tests). */
  credentialFactory?: (settings: ProviderSettings) => TokenCredential;
  /** Advice about stacks in sign-in errors; the command line turns it off (default true). */
  stackAdvice?: boolean;
}

/** Credentials that sign in through MSAL against `{authorityHost}/{tenantId}` (and so resolve its metadata first). */
const AUTHORITY_KINDS: ReadonlySet<CredentialKind> = new Set(["clientSecret", "clientCertificate", "oidc"]);

/**
 * What is known about a failed acquisition. Entra's AADSTS answer is in the credential's text when the token
 * endpoint refused; when MSAL failed before that (endpoints_resolution_error: the metadata request was answered
 * with an error, or not at all), one probe of the metadata document finds Entra's answer or the network error.
 */
async function diagnose(
  e: unknown,
  settings: ProviderSettings,
  options: GraphTokenOptions,
  secrets: readonly string[],
): Promise<SignInFailure> {
  const text = redact(String((e as Error)?.message ?? e), secrets);
  const failure: SignInFailure = { cause: text.split("\n")[0], entra: entraErrorFromText(text) };
  const tenant = settings.credential.tenantId;
  if (failure.entra || !tenant || !AUTHORITY_KINDS.has(chooseCredential(settings).kind)) return failure;
  const probe = await probeAuthority(settings.authorityHost, tenant, {
    ca: options.ca,
    timeoutMs: Math.min(10_000, options.timeoutMs ?? 60_000),
    userAgent: options.userAgent,
  });
  if (!probe.reachable) failure.unreachable = { detail: redact(probe.detail, secrets), tls: probe.tls };
  else if (probe.entra) failure.entra = probe.entra;
  return failure;
}

/** The Graph scope of a cloud or endpoint: `<graph root>/.default`. */
export function graphScope(settings: Pick<ProviderSettings, "graphEndpoint">): string {
  return `${new URL(settings.graphEndpoint).origin}/.default`;
}

/**
 * The process-wide token provider for Graph. The credential is created on first use; a "fresh" acquisition
 * (after Graph answered 401) builds a new credential, because MSAL would otherwise return its cached token.
 */
export function createGraphTokenProvider(settings: ProviderSettings, options: GraphTokenOptions = {}): TokenProvider {
  const scope = graphScope(settings);
  const choice = chooseCredential(settings);
  const factory = options.credentialFactory ?? ((s: ProviderSettings) => createCredential(s, options));
  const secrets = secretValues(settings);
  let credential: TokenCredential | undefined;

  return createTokenCache(async (fresh) => {
    if (!credential || fresh) credential = factory(settings);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 60_000);
    try {
      const token = await credential.getToken(scope, { abortSignal: abort.signal });
      if (!token) throw new Error("the credential returned no token");
      return {
        token: token.token,
        expiresOnTimestamp: token.expiresOnTimestamp,
        refreshAfterTimestamp: token.refreshAfterTimestamp,
      };
    } catch (e) {
      if (e instanceof CredentialError || e instanceof ConfigError) throw e;
      clearTimeout(timer);
      throw new CredentialError(choice, scope, await diagnose(e, settings, options, secrets), {
        names: options.names ?? topLevelNames,
        stackAdvice: options.stackAdvice ?? true,
        authorityHost: settings.authorityHost,
      });
    } finally {
      clearTimeout(timer);
    }
  }, options);
}
