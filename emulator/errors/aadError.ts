/**
 * Errors of the token and discovery endpoints, in Entra's OAuth error shape:
 * `{ error, error_description: "AADSTSnnn: ...\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ...",
 *    error_codes: [nnn], timestamp, trace_id, correlation_id, error_uri }`.
 */
export class AadError extends Error {
  override readonly name = "AadError";
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
    /** Extra response headers (an injected 429/503 carries `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

export function isAadError(e: unknown): e is AadError {
  return e instanceof Error && e.name === "AadError";
}

/** One static method per Entra error the emulator produces (AADSTS codes and wording as Entra gives them). */
export class AadErrorFactory {
  static tenantNotFound(tenant: string, forDiscovery = false): AadError {
    return new AadError(
      400,
      forDiscovery ? "invalid_tenant" : "invalid_request",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    );
  }

  static applicationNotFound(clientId: string, tenant: string): AadError {
    return new AadError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }

  static invalidClientSecret(clientId: string): AadError {
    return new AadError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }

  static missingClientCredential(): AadError {
    return new AadError(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }

  static invalidAssertionSignature(): AadError {
    return new AadError(401, "invalid_client", 700027, "Client assertion contains an invalid signature.");
  }

  static assertionCertificateNotRegistered(clientId: string): AadError {
    return new AadError(
      401,
      "invalid_client",
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    );
  }

  static assertionExpired(): AadError {
    return new AadError(401, "invalid_client", 700024, "Client assertion is not within its valid time range.");
  }

  static assertionAudience(aud: string): AadError {
    return new AadError(
      401,
      "invalid_client",
      700021,
      `Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials. Audience: '${aud}'.`,
    );
  }

  static assertionSubject(): AadError {
    return new AadError(
      401,
      "invalid_client",
      700023,
      "Client assertion 'iss' and 'sub' claims must both be the client id of the application.",
    );
  }

  static invalidAssertion(reason: string): AadError {
    return new AadError(400, "invalid_request", 50027, `Invalid JWT token. ${reason}`);
  }

  static unsupportedAssertionType(): AadError {
    return new AadError(
      400,
      "invalid_request",
      700025,
      "The client_assertion_type must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
    );
  }

  /** A scheduled status fault on the token or discovery endpoint (Entra's transient-error shape). */
  static injected(
    status: number,
    code: string | undefined,
    message: string | undefined,
    headers: Record<string, string>,
  ): AadError {
    return new AadError(
      status,
      code ?? (status === 429 ? "temporarily_unavailable" : "server_error"),
      90033,
      message ?? "A transient error has occurred. Please try again.",
      headers,
    );
  }

  /** Over the token endpoint's body limit. No AADSTS code is known (Entra's front door refuses such requests): 90005 is ours. */
  static requestTooLarge(headers: Record<string, string>): AadError {
    return new AadError(413, "invalid_request", 90005, "The request body is too large.", headers);
  }

  static missingParameter(name: string): AadError {
    return new AadError(
      400,
      "invalid_request",
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    );
  }

  static unsupportedGrantType(grantType: string): AadError {
    return new AadError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grantType}'. This emulator supports only 'client_credentials'.`,
    );
  }

  static invalidScope(scope: string): AadError {
    return new AadError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }

  static badContentType(): AadError {
    return new AadError(
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  }

  static notFound(path: string): AadError {
    return new AadError(
      404,
      "not_found",
      90056,
      `The endpoint '${path}' does not exist on the emulator's authority host.`,
    );
  }
}
