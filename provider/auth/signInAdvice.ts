/**
 * What a failed sign-in means and what to change, by Entra's AADSTS code (Microsoft's published list) and the
 * credential in use. Keys are named the way the reader sets them: `entra:tenantId`, `entra:connections.<name>.…`,
 * or the command line's flags and variables (SettingNames). Advice about stacks (refresh and destroy use the
 * configuration stored by the last up) is given only where a stack is involved, never by the command line.
 */
import type { SettingNames } from "../config/settings";
import type { CredentialKind } from "./credentialKind";

export interface AdviceContext {
  kind: CredentialKind;
  names: SettingNames;
  /** True in the provider (a stack); false in the command line. */
  stackAdvice: boolean;
}

export interface SignInAdvice {
  /** A few words, e.g. "tenant not found". */
  meaning?: string;
  fix: string;
}

const ROTATED =
  "After rotating a secret set in stack config, `pulumi refresh` and `pulumi destroy` still use the one stored by the last `pulumi up`: run `pulumi up`, or add `--run-program`.";

type Rule = (c: AdviceContext, L: (key: string) => string) => SignInAdvice;

const FEDERATED =
  "a federated identity credential on the app registration whose issuer, subject and audience (api://AzureADTokenExchange) match the OIDC token";

const rules: Readonly<Record<string, Rule>> = {
  AADSTS90002: (_, L) => ({
    meaning: "tenant not found",
    fix: `${L("tenantId")} must be the ID (a GUID) or a verified domain of the tenant the app is registered in (Entra admin center > Overview > Tenant ID, or \`az account show --query tenantId\`); a tenant in a national cloud also needs ${L("environment")}.`,
  }),
  AADSTS900023: (_, L) => ({
    meaning: "the tenant identifier is not valid",
    fix: `Set ${L("tenantId")} to the tenant's ID (a GUID) or one of its verified domains.`,
  }),
  AADSTS7000215: (c, L) => ({
    meaning: "invalid client secret",
    fix: withRotation(
      c,
      `Use the secret's Value (not its Secret ID) from App registrations > the app > Certificates & secrets, or create a new one; the secret is read from ${L("clientSecret")}.`,
    ),
  }),
  AADSTS7000222: (c, _L) => ({
    meaning: "the client secret has expired",
    fix: withRotation(
      c,
      `Create a new client secret for the app (App registrations > the app > Certificates & secrets) and ${c.names.howToSet("clientSecret")}.`,
    ),
  }),
  AADSTS700016: (_, L) => ({
    meaning: "no application with this client ID in the tenant",
    fix: `Check ${L("clientId")} (the app registration's Application (client) ID, not its object ID) and ${L("tenantId")}: the app must be registered in that tenant or, if multi-tenant, have admin consent there.`,
  }),
  AADSTS7000112: () => ({
    meaning: "the application is disabled in the tenant",
    fix: "Enable the app's service principal: Entra admin center > Enterprise applications > the app > Properties > Enabled for users to sign in.",
  }),
  AADSTS7000218: (c) => ({
    meaning: "no client secret or assertion was sent",
    fix: `Configure a credential for the app: ${c.names.howToSet("clientSecret")}, or a certificate, or OIDC.`,
  }),
  AADSTS700027: (_, L) => ({
    meaning: "the client assertion's certificate is not registered or its signature is not valid",
    fix: `Upload this certificate (its public part) to the app registration (Certificates & secrets), or use the certificate registered there: ${L("clientCertificatePath")}.`,
  }),
  AADSTS700024: (c) => ({
    meaning: "the client assertion is outside its validity window",
    fix:
      c.kind === "oidc"
        ? "The OIDC token has expired or is not valid yet: use a fresh token, and check this machine's clock."
        : "Check this machine's clock.",
  }),
  AADSTS700021: () => ({
    meaning: "the client assertion's audience is not this tenant's token endpoint",
    fix: "Use the certificate or federated token of this app and tenant; a federated token's audience must be api://AzureADTokenExchange.",
  }),
  AADSTS70021: () => ({ meaning: "no federated identity credential matches the OIDC token", fix: `Add ${FEDERATED}.` }),
  AADSTS700211: () => ({
    meaning: "no federated identity credential matches the OIDC token's issuer",
    fix: `Fix the issuer of ${FEDERATED}.`,
  }),
  AADSTS700212: () => ({
    meaning: "no federated identity credential matches the OIDC token's audience",
    fix: `Fix the audience of ${FEDERATED}.`,
  }),
  AADSTS700213: () => ({
    meaning: "no federated identity credential matches the OIDC token's subject",
    fix: "Fix the federated credential's subject (e.g. repo:ORG/REPO:environment:NAME) on the app registration.",
  }),
  AADSTS53003: () => ({
    meaning: "blocked by Conditional Access",
    fix: "Ask the tenant's administrators to allow this app or workload identity.",
  }),
  AADSTS500011: (_, L) => ({
    meaning: "Microsoft Graph is not known in this tenant's cloud",
    fix: `Check ${L("graphEndpoint")} and ${L("environment")}: a token is issued only for the Graph of the tenant's own cloud.`,
  }),
};

function withRotation(c: AdviceContext, fix: string): string {
  return c.stackAdvice ? `${fix} ${ROTATED}` : fix;
}

/** What to check for a failure without a known code, by credential. */
export function genericAdvice(c: AdviceContext): string {
  const L = (key: string) => c.names.label(key);
  switch (c.kind) {
    case "clientSecret":
      return withRotation(
        c,
        `Check ${L("tenantId")} and ${L("clientId")}; that the client secret is current: ${L("clientSecret")}; and that ${L("environment")} is the tenant's cloud.`,
      );
    case "clientCertificate":
      return `Check that the certificate (${L("clientCertificatePath")}, PEM with private key) is uploaded to the app registration and not expired, and its password (${L("clientCertificatePassword")}).`;
    case "oidc":
      return "Check the federated credential on the app registration (issuer, subject, audience api://AzureADTokenExchange) and that the OIDC token is current.";
    case "managedIdentity":
      return `Check that a managed identity is assigned to this host (and ${L("clientId")} for a user-assigned one).`;
    case "azureCli":
      return "Run `az login` (with --tenant for the managed tenant) and retry.";
    default:
      return `Configure a credential: ${L("clientId")} with a client secret, a certificate, OIDC, a managed identity or the Azure CLI (see ${L("clientSecret")}, ${L("useOidc")}, ${L("useMsi")}, ${L("useCli")}).`;
  }
}

/** The advice for Entra's `code`; for a code not in the list, the credential's checklist and where to look it up. */
export function signInAdvice(code: string | undefined, c: AdviceContext): SignInAdvice {
  const rule = code ? rules[code] : undefined;
  if (rule) return rule(c, (key) => c.names.label(key));
  const lookUp = code
    ? ` Entra's explanation of ${code}: https://login.microsoftonline.com/error?code=${code.replace(/^AADSTS/, "")}.`
    : "";
  return { fix: genericAdvice(c) + lookUp };
}
