/**
 * Sign-in failures explained: the AADSTS code Entra returned, and what to change. Codes from Microsoft's
 * published AADSTS list; the message of the credential is kept as is (already redacted).
 */
export interface SignInHint {
  code: string;
  meaning: string;
  fix: string;
}

const hints: readonly SignInHint[] = [
  {
    code: "AADSTS7000215",
    meaning: "invalid client secret",
    fix: "Use the secret's Value (not its Secret ID) from App registrations > the app > Certificates & secrets, or create a new one; pass it through ARM_CLIENT_SECRET or --client-secret-env NAME.",
  },
  { code: "AADSTS7000222", meaning: "the client secret has expired", fix: "Create a new client secret for the app and use it." },
  {
    code: "AADSTS700016",
    meaning: "no application with this client ID in the tenant",
    fix: "Check --client-id / ARM_CLIENT_ID and --tenant-id; a multi-tenant app must be consented in this tenant first.",
  },
  { code: "AADSTS90002", meaning: "tenant not found", fix: "Check --tenant-id / ARM_TENANT_ID and --environment (the tenant's cloud)." },
  { code: "AADSTS900023", meaning: "the tenant identifier is not valid", fix: "Use the tenant's ID (a GUID) or its verified domain as --tenant-id." },
  {
    code: "AADSTS700027",
    meaning: "the client assertion (certificate) signature is not valid",
    fix: "Upload this certificate to the app registration (Certificates & secrets), or use the certificate that is there.",
  },
  { code: "AADSTS700024", meaning: "the client assertion is outside its validity window", fix: "Check this machine's clock." },
  {
    code: "AADSTS700021",
    meaning: "the client assertion names another application than the client ID",
    fix: "Use the certificate registered for this --client-id.",
  },
  {
    code: "AADSTS70021",
    meaning: "no federated identity credential matches the OIDC token",
    fix: "Add a federated credential to the app whose issuer, subject and audience (api://AzureADTokenExchange) match the token.",
  },
  {
    code: "AADSTS700213",
    meaning: "no federated identity credential matches the OIDC token's subject",
    fix: "Fix the federated credential's subject (e.g. repo:ORG/REPO:environment:NAME) on the app registration.",
  },
  { code: "AADSTS53003", meaning: "blocked by Conditional Access", fix: "Ask the tenant's administrators to allow this app or workload identity." },
  {
    code: "AADSTS500011",
    meaning: "the resource (Graph) is not known in this tenant's cloud",
    fix: "Check --graph-endpoint and --environment: tokens never cross clouds.",
  },
];

/** The hint for the first AADSTS code found in `message`, if known; otherwise the bare code when present. */
export function signInHint(message: string): SignInHint | { code: string; meaning?: undefined; fix?: undefined } | undefined {
  const m = /AADSTS\d+/.exec(message);
  if (!m) return undefined;
  return hints.find((h) => h.code === m[0]) ?? { code: m[0] };
}
