/** The authority-host side of the chain: the token endpoint and the discovery documents. */
import { AadErrorFactory } from "../errors/aadError";
import { readBody } from "../server/body";
import { HandlerResult, RequestContext } from "../server/context";
import { sleep } from "../util/time";
import { handleDiscovery } from "./discovery";
import { AppRegistry } from "./registeredApps";
import { handleTokenRequest, TokenEndpointDeps } from "./tokenEndpoint";
import { TokenService } from "./tokens";

export interface AuthPipelineDeps extends TokenEndpointDeps {
  apps: AppRegistry;
  tokens: TokenService;
  latencyMs(): number;
  stopSignal: AbortSignal;
}

/** True for `/{tenant}/oauth2/v2.0/token` (and the v1 `/{tenant}/oauth2/token`). */
export function isTokenPath(segments: readonly string[]): boolean {
  const s = segments.map((x) => x.toLowerCase());
  return (s.length === 4 && s[1] === "oauth2" && s[2] === "v2.0" && s[3] === "token") || (s.length === 3 && s[1] === "oauth2" && s[2] === "token");
}

export async function handleAuthRequest(ctx: RequestContext, segments: readonly string[], deps: AuthPipelineDeps): Promise<HandlerResult> {
  const raw = await readBody(ctx.req, 64 * 1024);
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
