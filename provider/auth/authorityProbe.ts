/**
 * Why MSAL could not even ask for a token. MSAL first fetches the tenant's OpenID metadata
 * (`{authority}/{tenant}/v2.0/.well-known/openid-configuration`); when that answer is not a metadata document it
 * throws away the body and reports only `endpoints_resolution_error` (msal-common's AuthorityFactory), although
 * Entra answered there with its own error, e.g. 400 `invalid_tenant` / AADSTS90002 for a tenant that does not
 * exist. One GET of the same document, made only after such a failure and carrying no credential, recovers that
 * answer, or the network or TLS error that kept the login host from answering at all.
 */
import * as https from "https";
import { trustContext } from "../graph/trust";
import { EntraError, entraErrorFromBody } from "./entraError";

export type AuthorityProbe =
  | { reachable: true; status: number; entra?: EntraError }
  | {
      reachable: false;
      /** e.g. "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1234". */
      detail: string;
      tls: boolean;
    };

export interface AuthorityProbeOptions {
  /** Trusted CAs; undefined = Node's defaults. Verification is never turned off. */
  ca?: string[];
  timeoutMs?: number;
  userAgent?: string;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;
/** Entra's error documents are well under a kilobyte; a metadata document a few. */
const BODY_LIMIT = 64 * 1024;

/** The metadata document MSAL reads for `tenant` (the same URL, so the answer is the one MSAL got). */
export function metadataUrl(authorityHost: string, tenant: string): URL {
  return new URL(
    `${authorityHost.replace(/\/+$/, "")}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`,
  );
}

export function probeAuthority(
  authorityHost: string,
  tenant: string,
  options: AuthorityProbeOptions = {},
): Promise<AuthorityProbe> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = metadataUrl(authorityHost, tenant);
  return new Promise((resolve) => {
    const req = https.get(
      url,
      {
        // One connection, closed after the answer; the configured CAs join the system roots (trust.ts).
        agent: new https.Agent({
          keepAlive: false,
          rejectUnauthorized: true,
          secureContext: options.ca ? trustContext(options.ca) : undefined,
        }),
        timeout: timeoutMs,
        headers: { accept: "application/json", ...(options.userAgent ? { "user-agent": options.userAgent } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= BODY_LIMIT) chunks.push(c);
        });
        res.on("end", () => {
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            body = undefined;
          }
          const status = res.statusCode ?? 0;
          resolve({ reachable: true, status, entra: status >= 400 ? entraErrorFromBody(body) : undefined });
        });
        res.on("error", () => resolve({ reachable: true, status: res.statusCode ?? 0 }));
      },
    );
    req.on("timeout", () =>
      req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })),
    );
    req.on("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "ERROR";
      resolve({ reachable: false, detail: `${code}: ${e.message}`, tls: TLS_CODES.test(code) });
    });
  });
}
