/** Which credential the settings select, in @pulumi/azuread's spirit: explicit choices first, then the chain. */
export type CredentialKind = "oidc" | "clientCertificate" | "clientSecret" | "managedIdentity" | "azureCli" | "default";
