/**
 * Verification of a `client_assertion` (RFC 7523 private_key_jwt) as `ClientCertificateCredential` sends it:
 * RS256 or PS256, certificate named by `x5t` or `x5t#S256`, `aud` = the token endpoint, `iss` = `sub` = client id.
 */
import { constants, verify } from "crypto";
import { AadErrorFactory } from "../errors/aadError";
import { RegisteredApp, RegisteredCertificate } from "./registeredApps";

const CLOCK_SKEW_SECONDS = 300;

interface AssertionHeader {
  alg?: string;
  x5t?: string;
  "x5t#S256"?: string;
}

interface AssertionClaims {
  aud?: string | string[];
  iss?: string;
  sub?: string;
  exp?: number;
  nbf?: number;
}

function decodePart<T>(part: string): T {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as T;
}

function checkSignature(alg: string, input: Buffer, signature: Buffer, cert: RegisteredCertificate): boolean {
  if (alg === "RS256") return verify("sha256", input, cert.publicKey, signature);
  if (alg === "PS256") {
    return verify(
      "sha256",
      input,
      { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      signature,
    );
  }
  return false;
}

/** Throws the matching Entra error when the assertion is not acceptable for `app` at one of `audiences`. */
export function verifyClientAssertion(assertion: string, app: RegisteredApp, audiences: string[]): void {
  const parts = assertion.split(".");
  if (parts.length !== 3) throw AadErrorFactory.invalidAssertion("JWT is not well formed.");
  let header: AssertionHeader;
  let claims: AssertionClaims;
  try {
    header = decodePart<AssertionHeader>(parts[0]);
    claims = decodePart<AssertionClaims>(parts[1]);
  } catch {
    throw AadErrorFactory.invalidAssertion("JWT could not be decoded.");
  }
  const alg = header.alg ?? "";
  if (alg !== "RS256" && alg !== "PS256")
    throw AadErrorFactory.invalidAssertion(`Unsupported signing algorithm '${alg}'.`);

  let candidates: RegisteredCertificate[];
  if (header["x5t#S256"]) candidates = app.certificates.filter((c) => c.x5tS256 === header["x5t#S256"]);
  else if (header.x5t) candidates = app.certificates.filter((c) => c.x5t === header.x5t);
  else candidates = app.certificates;
  if (candidates.length === 0) throw AadErrorFactory.assertionCertificateNotRegistered(app.clientId);

  const input = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], "base64url");
  if (!candidates.some((c) => checkSignature(alg, input, signature, c)))
    throw AadErrorFactory.invalidAssertionSignature();

  const auds = (Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ""]).map((a) =>
    a.toLowerCase().replace(/\/$/, ""),
  );
  const allowed = audiences.map((a) => a.toLowerCase().replace(/\/$/, ""));
  if (!auds.some((a) => allowed.includes(a))) throw AadErrorFactory.assertionAudience(String(claims.aud ?? ""));

  if ((claims.iss ?? "").toLowerCase() !== app.clientId || (claims.sub ?? "").toLowerCase() !== app.clientId) {
    throw AadErrorFactory.assertionSubject();
  }
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_SKEW_SECONDS < now) throw AadErrorFactory.assertionExpired();
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_SKEW_SECONDS > now) throw AadErrorFactory.assertionExpired();
}
