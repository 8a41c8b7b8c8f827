/** The authority-host side of the chain: the token endpoint and the discovery documents. */
import { AadErrorFactory } from "../errors/aadError";
import { isGraphError } from "../errors/graphError";
import { readBody } from "../http/body";
import { HandlerResult, RequestContext } from "../http/context";
import { sleep } from "../util/time";
import { handleDiscovery } from "./discovery";
import { AppRegistry } from "./registeredApps";
import { handleTokenRequest, TokenEndpointDeps } from "./tokenEndpoint";
import { TokenService } from "./tokens";

/** A token request is a short form; 64 KiB leaves room for a client assertion with a certificate chain. */
const TOKEN_BODY_LIMIT = 64 * 1024;

export interface AuthPipelineDeps extends TokenEndpointDeps {
  apps: AppRegistry;
  tokens: TokenService;
  latencyMs(): number;
  stopSignal: AbortSignal;
}

/** True for `/{tenant}/oauth2/v2.0/token` (and the v1 `/{tenant}/oauth2/token`). */
export function isTokenPath(segments: readonly string[]): boolean {
  const s = segments.map((x) => x.toLowerCase());
  return (
    (s.length === 4 && s[1] === "oauth2" && s[2] === "v2.0" && s[3] === "token") ||
    (s.length === 3 && s[1] === "oauth2" && s[2] === "token")
  );
}

export async function handleAuthRequest(
  ctx: RequestContext,
  segments: readonly string[],
  deps: AuthPipelineDeps,
): Promise<HandlerResult> {
  const raw = await readBody(ctx.req, TOKEN_BODY_LIMIT).catch((e: unknown) => {
    // The authority host answers in Entra's OAuth shape, never Graph's envelope.
    throw isGraphError(e) ? AadErrorFactory.requestTooLarge(e.options.headers ?? {}) : e;
  });
  await sleep(deps.latencyMs(), deps.stopSignal);
  if (isTokenPath(segments)) {
    if (ctx.method !== "POST") throw AadErrorFactory.notFound(ctx.pathname);
    return handleTokenRequest(ctx, segments[0], raw, deps);
  }
  if (ctx.method === "GET" && segments.length > 0) {
    const doc = handleDiscovery(ctx, segments, deps.apps, deps.tokens);
    if (doc) return doc;
  }
  throw AadErrorFactory.notFound(ctx.pathname);
}
