/**
 * Everything about a credential that can be known without a network call, checked at `check` time so that a
 * configuration mistake fails the preview naming the key and the fix, before any Graph or login call: the keys the
 * chosen credential needs, a tenant that can name one (an ID or a domain), the OIDC token source, the certificate
 * (readable PEM with certificate and private key), and the extra CA file.
 */
import * as fs from "fs";
import type { ProviderSettings, SettingNames } from "../config/settings";
import { ConfigError, topLevelNames } from "../config/settings";
import { chooseCredential, loadCertificatePem, need, noOidcSource, oidcSource } from "./credential";
import { tenantIdProblem } from "./tenantId";

/** Throws ConfigError for the first problem found. Reads the certificate, token and CA files once. */
export function validateSettings(settings: ProviderSettings, names: SettingNames = topLevelNames): void {
  const choice = chooseCredential(settings);
  const c = settings.credential;
  const tenantProblem = c.tenantId === undefined ? undefined : tenantIdProblem(c.tenantId);
  if (tenantProblem) throw new ConfigError("tenantId", tenantProblem, names.label("tenantId"));
  switch (choice.kind) {
    case "oidc": {
      need(settings, "OIDC", "tenantId", names);
      need(settings, "OIDC", "clientId", names);
      const source = oidcSource(settings);
      if (!source) throw noOidcSource(names);
      if (source === "file")
        readable("oidcTokenFilePath", c.oidcTokenFilePath as string, names, "a readable file with the federated token");
      break;
    }
    case "clientCertificate": {
      need(settings, "Client certificate", "tenantId", names);
      need(settings, "Client certificate", "clientId", names);
      const pem = loadCertificatePem(settings, names);
      const key = c.clientCertificatePath ? "clientCertificatePath" : "clientCertificate";
      if (!/-----BEGIN CERTIFICATE-----/.test(pem) || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
        throw new ConfigError(
          key,
          `holds no ${/-----BEGIN CERTIFICATE-----/.test(pem) ? "private key" : "certificate"}; give one PEM with the certificate and its private key (e.g. cat cert.pem key.pem > client.pem).`,
          names.label(key),
        );
      }
      break;
    }
    case "clientSecret":
      need(settings, "Client secret", "tenantId", names);
      need(settings, "Client secret", "clientId", names);
      break;
    default:
      break; // managed identity, Azure CLI and the default chain need nothing more
  }
  if (settings.caCertPath) {
    const pem = readable(
      "caCertPath",
      settings.caCertPath,
      names,
      "a readable PEM file of the CA that signs the Graph endpoint",
    );
    if (!/-----BEGIN CERTIFICATE-----/.test(pem)) {
      throw new ConfigError(
        "caCertPath",
        `"${settings.caCertPath}" holds no PEM certificate; give the CA certificate in PEM form.`,
        names.label("caCertPath"),
      );
    }
  }
}

function readable(key: string, file: string, names: SettingNames, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(
      key,
      `cannot read "${file}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give ${what}.`,
      names.label(key),
    );
  }
}
