/**
 * The metadata documents MSAL fetches from the authority host: OpenID configuration (v2.0 and v1), instance
 * discovery, and the token signing keys. Every endpoint points back at this server (the request's Host).
 */
import { AadErrorFactory } from "../errors/aadError";
import { HandlerResult, RequestContext } from "../http/context";
import { AppRegistry } from "./registeredApps";
import { TokenService } from "./tokens";

const GENERIC_TENANTS = new Set(["common", "organizations", "consumers"]);

export function openIdConfiguration(base: string, tenant: string, v2: boolean): object {
  const t = GENERIC_TENANTS.has(tenant.toLowerCase()) ? "{tenantid}" : tenant;
  const p = v2 ? "oauth2/v2.0" : "oauth2";
  return {
    token_endpoint: `${base}/${tenant}/${p}/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/${tenant}/discovery/${v2 ? "v2.0/" : ""}keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2 ? `${base}/${t}/v2.0` : `https://sts.windows.net/${t}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${tenant}/${p}/authorize`,
    device_authorization_endpoint: `${base}/${tenant}/${p}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${tenant}/${p}/logout`,
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
    ],
    kerberos_endpoint: `${base}/${tenant}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: "emulator.local",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: new URL(base).host,
    rbac_url: "https://pas.windows.net",
  };
}

/**
 * Returns the discovery document for `segments` (path split on "/"), or undefined when the path is not a
 * discovery path. Throws `invalid_tenant` (AADSTS90002) for an unknown tenant.
 */
export function handleDiscovery(
  ctx: RequestContext,
  segments: readonly string[],
  apps: AppRegistry,
  tokens: TokenService,
): HandlerResult | undefined {
  const base = ctx.baseUrl;
  const [tenant, ...rest] = segments;
  const tail = rest.join("/").toLowerCase();
  const knownTenant = (): void => {
    if (!GENERIC_TENANTS.has(tenant.toLowerCase()) && !apps.hasTenant(tenant))
      throw AadErrorFactory.tenantNotFound(tenant, true);
  };
  if (tail === "v2.0/.well-known/openid-configuration" || tail === ".well-known/openid-configuration") {
    knownTenant();
    return { status: 200, body: openIdConfiguration(base, tenant, tail.startsWith("v2.0")) };
  }
  if (tail === "discovery/instance") {
    const host = new URL(base).host;
    return {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${base}/${tenant}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }
  if (tail === "discovery/v2.0/keys" || tail === "discovery/keys") {
    knownTenant();
    return { status: 200, body: tokens.jwks() };
  }
  return undefined;
}
