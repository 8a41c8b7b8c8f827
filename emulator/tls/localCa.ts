/**
 * The emulator's local CA and server certificate, created in (or reused from) the data folder:
 * `ca.pem`, `ca-key.pem`, `server.pem`, `server-key.pem`. Clients trust `ca.pem` through `NODE_EXTRA_CA_CERTS` or
 * an explicit CA option; TLS verification is never turned off.
 */
import * as fs from "fs";
import * as path from "path";
import { X509Certificate } from "crypto";
import { isIP } from "net";
import { createCa, createServerCertificate, KeyAndCert } from "./certificates";
import { writeFileAtomicSync } from "../util/files";

export interface LocalTls {
  caCertPath: string;
  caCertPem: string;
  serverKeyPem: string;
  serverCertPem: string;
}

const DEFAULT_DNS = ["localhost"];
const DEFAULT_IPS = ["127.0.0.1", "::1"];

function readPair(certFile: string, keyFile: string): KeyAndCert | undefined {
  try {
    return { certPem: fs.readFileSync(certFile, "utf8"), keyPem: fs.readFileSync(keyFile, "utf8") };
  } catch {
    return undefined;
  }
}

function serverCertUsable(server: KeyAndCert, ca: KeyAndCert, dnsNames: string[], ips: string[]): boolean {
  try {
    const cert = new X509Certificate(server.certPem);
    const caCert = new X509Certificate(ca.certPem);
    if (!cert.verify(caCert.publicKey)) return false;
    if (Date.parse(cert.validTo) - Date.now() < 7 * 24 * 3600 * 1000) return false;
    return dnsNames.every((d) => cert.checkHost(d) !== undefined) && ips.every((ip) => cert.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}

/** Loads or creates the CA and a server certificate that covers localhost, 127.0.0.1, ::1 and `host`. */
export function ensureLocalTls(dataDir: string, host: string): LocalTls {
  fs.mkdirSync(dataDir, { recursive: true });
  const caCertPath = path.join(dataDir, "ca.pem");
  const caKeyPath = path.join(dataDir, "ca-key.pem");
  const serverCertPath = path.join(dataDir, "server.pem");
  const serverKeyPath = path.join(dataDir, "server-key.pem");

  const dnsNames = [...DEFAULT_DNS];
  const ips = [...DEFAULT_IPS];
  if (host && host !== "0.0.0.0" && host !== "::") {
    if (isIP(host)) {
      if (!ips.includes(host)) ips.push(host);
    } else if (!dnsNames.includes(host)) {
      dnsNames.push(host);
    }
  }

  let ca = readPair(caCertPath, caKeyPath);
  let caCreated = false;
  if (!ca) {
    ca = createCa();
    writeFileAtomicSync(caKeyPath, ca.keyPem, 0o600);
    writeFileAtomicSync(caCertPath, ca.certPem);
    caCreated = true;
  }
  let server = caCreated ? undefined : readPair(serverCertPath, serverKeyPath);
  if (!server || !serverCertUsable(server, ca, dnsNames, ips)) {
    server = createServerCertificate(ca, dnsNames, ips);
    writeFileAtomicSync(serverKeyPath, server.keyPem, 0o600);
    writeFileAtomicSync(serverCertPath, server.certPem);
  }
  return { caCertPath, caCertPem: ca.certPem, serverKeyPem: server.keyPem, serverCertPem: server.certPem };
}
