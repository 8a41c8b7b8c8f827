/**
 * When sign-in fails without an Entra error code, MSAL often reports only "endpoints_resolution_error". One direct
 * request to the login host's metadata document tells what really happened: refused, timed out, TLS, or HTTP.
 * Used only after a failure; carries no credential.
 */
import * as https from "https";

export interface LoginProbe {
  reachable: boolean;
  /** e.g. "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1234", or "HTTP 404". */
  detail: string;
  tls: boolean;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

export function probeLoginHost(authorityHost: string, tenant: string, ca: string[] | undefined, timeoutMs = 10_000): Promise<LoginProbe> {
  const url = new URL(`${authorityHost.replace(/\/+$/, "")}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`);
  return new Promise((resolve) => {
    const req = https.get(url, { ca, timeout: timeoutMs, rejectUnauthorized: true }, (res) => {
      res.resume();
      resolve({ reachable: true, detail: `HTTP ${res.statusCode}`, tls: false });
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "ERROR";
      resolve({ reachable: false, detail: `${code}: ${e.message}`, tls: TLS_CODES.test(code) });
    });
  });
}
