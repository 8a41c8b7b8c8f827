import type { TokenCredential } from "@azure/identity";
import type { ProviderSettings } from "../config/settings";
import { ConfigError, secretValues } from "../config/settings";
import { redact } from "../log";
import { chooseCredential, createCredential, CredentialDeps, CredentialError } from "./credential";
import { createTokenCache, TokenCacheOptions, TokenProvider } from "./tokenCache";

export interface GraphTokenOptions extends CredentialDeps, TokenCacheOptions {
  /** Bound of one token acquisition. Defaults to 60000 ms. */
  timeoutMs?: number;
  /** Replaces credential creation (tests). */
  credentialFactory?: (settings: ProviderSettings) => TokenCredential;
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
      const msg = redact(String((e as Error)?.message ?? e).split("\n")[0], secrets);
      throw new CredentialError(choice, scope, msg);
    } finally {
      clearTimeout(timer);
    }
  }, options);
}
