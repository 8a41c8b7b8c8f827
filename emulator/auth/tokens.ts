/**
 * Access tokens: RS256 JWTs signed with the emulator's key (persisted in the data folder so tokens survive a
 * restart), carrying `tid`, `appid`, `roles`, `aud`, `iss`, `iat`, `nbf`, `exp`. Graph verifies signature and lifetime.
 */
import * as fs from "fs";
import * as path from "path";
import { createHash, createPrivateKey, createPublicKey, KeyObject, randomUUID, sign, verify } from "crypto";
import { generateRsaKeyPem } from "../tls/certificates";
import { writeFileAtomicSync } from "../util/files";
import { RegisteredApp } from "./registeredApps";

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  appid: string;
  appidacr: string;
  /** "app" for client credentials; "user" for a delegated token minted through the admin API. */
  idtyp: "app" | "user";
  oid: string;
  sub: string;
  roles?: string[];
  /** Delegated permissions (space separated), on delegated tokens only. */
  scp?: string;
  ver: "1.0";
  uti: string;
  app_displayname: string;
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: "malformed" | "signature" | "expired" | "notYetValid" };

export interface IssueOptions {
  app: RegisteredApp;
  audience: string;
  lifetimeSeconds: number;
  /** "1" for a secret, "2" for a certificate. */
  appidacr?: string;
  /** Override the roles (admin token minting). */
  roles?: string[];
  /** Issue time in seconds since the epoch; default now. */
  issuedAt?: number;
  /** A delegated (user) token: the permissions go to `scp`, `idtyp` is "user". */
  delegated?: boolean;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url");

export class TokenService {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid: string;
  /** Cache of tokens whose signature was verified (lifetime is still checked on every use). */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
    const der = this.publicKey.export({ type: "spki", format: "der" });
    this.kid = createHash("sha1").update(der).digest("base64url");
  }

  /** Loads `token-signing-key.pem` from `dataDir`, creating it when missing. */
  static fromDataDir(dataDir: string): TokenService {
    const file = path.join(dataDir, "token-signing-key.pem");
    let pem: string;
    try {
      pem = fs.readFileSync(file, "utf8");
    } catch {
      pem = generateRsaKeyPem();
      writeFileAtomicSync(file, pem, 0o600);
    }
    return new TokenService(pem);
  }

  issue(options: IssueOptions): { token: string; claims: AccessTokenClaims } {
    const nowSeconds = options.issuedAt ?? Date.now() / 1000;
    const iat = Math.floor(nowSeconds);
    // Rounded up, so a token is never valid for less than its lifetime.
    const exp = Math.ceil(nowSeconds + Math.max(1, options.lifetimeSeconds));
    const { app } = options;
    const claims: AccessTokenClaims = {
      aud: options.audience,
      iss: `https://sts.windows.net/${app.tenantId}/`,
      iat,
      nbf: iat,
      exp,
      app_displayname: app.displayName,
      appid: app.clientId,
      appidacr: options.appidacr ?? "1",
      idtyp: options.delegated ? "user" : "app",
      oid: app.objectId,
      sub: app.objectId,
      tid: app.tenantId,
      uti: b64url(randomUUID()),
      ver: "1.0",
    };
    const roles = options.roles ?? app.roles;
    if (options.delegated) claims.scp = roles.join(" ");
    else if (roles.length > 0) claims.roles = roles;
    const header = { typ: "JWT", alg: "RS256", kid: this.kid, x5t: this.kid };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign("sha256", Buffer.from(signingInput), this.privateKey).toString("base64url");
    return { token: `${signingInput}.${signature}`, claims };
  }

  verify(token: string, nowSeconds: number = Date.now() / 1000): TokenCheck {
    let claims = this.verified.get(token);
    if (!claims) {
      const parts = token.split(".");
      if (parts.length !== 3) return { ok: false, reason: "malformed" };
      let header: { alg?: string };
      try {
        header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
        claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as AccessTokenClaims;
      } catch {
        return { ok: false, reason: "malformed" };
      }
      if (typeof claims !== "object" || claims === null) return { ok: false, reason: "malformed" };
      if (header.alg !== "RS256") return { ok: false, reason: "signature" };
      const good = verify(
        "sha256",
        Buffer.from(`${parts[0]}.${parts[1]}`),
        this.publicKey,
        Buffer.from(parts[2], "base64url"),
      );
      if (!good) return { ok: false, reason: "signature" };
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(token, claims);
    }
    if (typeof claims.exp !== "number" || nowSeconds >= claims.exp) return { ok: false, reason: "expired" };
    if (typeof claims.nbf === "number" && nowSeconds + 300 < claims.nbf) return { ok: false, reason: "notYetValid" };
    return { ok: true, claims };
  }

  /** The signing key as a JSON Web Key Set (served at `/{tenant}/discovery/v2.0/keys`). */
  jwks(): { keys: object[] } {
    const jwk = this.publicKey.export({ format: "jwk" }) as { n: string; e: string };
    return { keys: [{ kty: "RSA", use: "sig", kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e, alg: "RS256" }] };
  }
}
