/**
 * `POST /{tenant}/oauth2/v2.0/token` for the `client_credentials` grant, with a client secret (post body or HTTP
 * Basic) or a client assertion. Answers Entra's success and error shapes.
 */
import { timingSafeEqual } from "crypto";
import { AadErrorFactory } from "../errors/aadError";
import { HandlerResult, RequestContext } from "../http/context";
import { AppRegistry, RegisteredApp } from "./registeredApps";
import { TokenService } from "./tokens";
import { verifyClientAssertion } from "./clientAssertion";
import { safeDecode } from "../http/path";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

export interface TokenEndpointDeps {
  apps: AppRegistry;
  tokens: TokenService;
  tokenLifetimeSeconds(): number;
  /** Base URLs the server is known by (configured URL plus the Host header's), for the assertion audience. */
  baseUrls(ctx: RequestContext): string[];
}

function secretMatches(app: RegisteredApp, secret: string): boolean {
  const given = Buffer.from(secret);
  return app.clientSecrets.some((s) => {
    const expected = Buffer.from(s);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return undefined;
  // RFC 6749 §2.3.1 form-encodes both parts; a malformed escape is taken literally (it then fails as a wrong secret).
  return { id: safeDecode(decoded.slice(0, i)), secret: safeDecode(decoded.slice(i + 1)) };
}

/** Resource (token `aud`) of a client-credentials scope list: exactly one `<resource>/.default`. */
export function resourceFromScope(scope: string): string {
  const scopes = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  if (scopes.length !== 1 || !scopes[0].endsWith("/.default") || scopes[0].length <= "/.default".length) {
    throw AadErrorFactory.invalidScope(scope);
  }
  return scopes[0].slice(0, -"/.default".length);
}

export function handleTokenRequest(
  ctx: RequestContext,
  tenant: string,
  raw: Buffer,
  deps: TokenEndpointDeps,
): HandlerResult {
  if (!deps.apps.hasTenant(tenant)) throw AadErrorFactory.tenantNotFound(tenant);
  const contentType = (ctx.req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/x-www-form-urlencoded") throw AadErrorFactory.badContentType();
  const form = new URLSearchParams(raw.toString("utf8"));

  const grantType = form.get("grant_type");
  if (!grantType) throw AadErrorFactory.missingParameter("grant_type");
  if (grantType !== "client_credentials") throw AadErrorFactory.unsupportedGrantType(grantType);

  const basic = basicCredentials(ctx.req.headers.authorization);
  const clientId = form.get("client_id") ?? basic?.id;
  if (!clientId) throw AadErrorFactory.missingParameter("client_id");
  const app = deps.apps.find(tenant, clientId);
  if (!app) throw AadErrorFactory.applicationNotFound(clientId, tenant);

  const secret = form.get("client_secret") ?? basic?.secret;
  const assertion = form.get("client_assertion");
  let appidacr: string;
  if (assertion) {
    if (form.get("client_assertion_type") !== JWT_BEARER) throw AadErrorFactory.unsupportedAssertionType();
    const audiences = deps
      .baseUrls(ctx)
      .flatMap((b) => [`${b}/${tenant}/oauth2/v2.0/token`, `${b}/${tenant}/v2.0`, `${b}/${tenant}/oauth2/token`]);
    verifyClientAssertion(assertion, app, audiences);
    appidacr = "2";
  } else if (secret !== undefined && secret !== null) {
    if (!secretMatches(app, secret)) throw AadErrorFactory.invalidClientSecret(app.clientId);
    appidacr = "1";
  } else {
    throw AadErrorFactory.missingClientCredential();
  }

  const scope = form.get("scope");
  if (!scope) throw AadErrorFactory.missingParameter("scope");
  const audience = resourceFromScope(scope);
  const lifetime = deps.tokenLifetimeSeconds();
  const { token } = deps.tokens.issue({ app, audience, lifetimeSeconds: lifetime, appidacr });
  ctx.body = {
    grant_type: grantType,
    client_id: app.clientId,
    scope,
    credential: assertion ? "client_assertion" : "client_secret",
  };
  return {
    status: 200,
    headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache", "x-ms-request-id": ctx.requestId },
    body: { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: token },
  };
}
