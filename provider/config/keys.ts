/**
 * Every setting the provider reads, and where it may come from.
 *
 * Lookup order for each key: stack config `entra:<key>`, then `azuread:<key>` (credential keys only, so a stack
 * that already configures @pulumi/azuread works unchanged), then the listed environment variables in order
 * (`ARM_*` before `AZURE_*`, as @pulumi/azuread does; our own keys use `ENTRA_*`).
 */
export interface SettingKey {
  /** Key name under the `entra:` namespace. */
  readonly key: string;
  /** Also read from `azuread:<key>`. */
  readonly azuread: boolean;
  /** Environment variables, first match wins. */
  readonly env: readonly string[];
  /** Never logged, never copied into errors, never captured. */
  readonly secret?: boolean;
}

export const credentialKeys: readonly SettingKey[] = [
  { key: "tenantId", azuread: true, env: ["ARM_TENANT_ID", "AZURE_TENANT_ID"] },
  { key: "clientId", azuread: true, env: ["ARM_CLIENT_ID", "AZURE_CLIENT_ID"] },
  { key: "clientSecret", azuread: true, env: ["ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"], secret: true },
  {
    key: "clientCertificatePath",
    azuread: true,
    env: ["ARM_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"],
  },
  // Inline PEM (certificate + private key). @pulumi/azuread calls this key `clientCertificate` too.
  {
    key: "clientCertificate",
    azuread: true,
    env: ["ARM_CLIENT_CERTIFICATE", "AZURE_CLIENT_CERTIFICATE"],
    secret: true,
  },
  {
    key: "clientCertificatePassword",
    azuread: true,
    env: ["ARM_CLIENT_CERTIFICATE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"],
    secret: true,
  },
  { key: "useOidc", azuread: true, env: ["ARM_USE_OIDC", "AZURE_USE_OIDC"] },
  { key: "oidcToken", azuread: true, env: ["ARM_OIDC_TOKEN", "AZURE_OIDC_TOKEN"], secret: true },
  { key: "oidcTokenFilePath", azuread: true, env: ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"] },
  // GitHub Actions: the runner exposes these two when the job has `permissions: id-token: write`.
  { key: "oidcRequestUrl", azuread: true, env: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"] },
  {
    key: "oidcRequestToken",
    azuread: true,
    env: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
    secret: true,
  },
  { key: "useMsi", azuread: true, env: ["ARM_USE_MSI", "AZURE_USE_MSI"] },
  { key: "useCli", azuread: true, env: ["ARM_USE_CLI", "AZURE_USE_CLI"] },
  { key: "environment", azuread: true, env: ["ARM_ENVIRONMENT", "AZURE_ENVIRONMENT"] },
];

/** Keys that only this package defines. */
export const ownKeys: readonly SettingKey[] = [
  { key: "graphEndpoint", azuread: false, env: ["ENTRA_GRAPH_ENDPOINT"] },
  { key: "authorityHost", azuread: false, env: ["ENTRA_AUTHORITY_HOST", "AZURE_AUTHORITY_HOST"] },
  { key: "apiVersion", azuread: false, env: ["ENTRA_API_VERSION"] },
  { key: "caCertPath", azuread: false, env: ["ENTRA_CA_CERT_PATH"] },
  { key: "operationTimeoutSeconds", azuread: false, env: ["ENTRA_OPERATION_TIMEOUT_SECONDS"] },
  { key: "requestTimeoutSeconds", azuread: false, env: ["ENTRA_REQUEST_TIMEOUT_SECONDS"] },
  { key: "retryBaseDelayMs", azuread: false, env: ["ENTRA_RETRY_BASE_DELAY_MS"] },
  { key: "maxRetries", azuread: false, env: ["ENTRA_MAX_RETRIES"] },
  { key: "replicationWaitSeconds", azuread: false, env: ["ENTRA_REPLICATION_WAIT_SECONDS"] },
  { key: "debug", azuread: false, env: ["ENTRA_DEBUG"] },
];

export const allKeys: readonly SettingKey[] = [...credentialKeys, ...ownKeys];

export const secretKeyNames: readonly string[] = allKeys.filter((k) => k.secret).map((k) => k.key);
