/**
 * One static method per Microsoft Graph error the emulator produces, with the status code and message text of
 * the real service where graph-behaviour.md knows them (§2.1, §3.3, §5.2). Handlers and the store throw these;
 * the error middleware turns them into Graph's envelope.
 */
import { ErrorShape } from "../settings";
import { GraphError } from "./graphError";

export class GraphErrorFactory {
  // ---- 400 ------------------------------------------------------------------------------------------------
  /** Unknown or miscased property ([COMMUNITY] message `Invalid property '<name>'`). */
  static invalidProperty(name: string): GraphError {
    return new GraphError(400, "Request_BadRequest", `Invalid property '${name}'.`);
  }

  static readOnlyProperty(name: string): GraphError {
    return new GraphError(400, "Request_BadRequest", `Property '${name}' is read-only and cannot be set.`);
  }

  static requiredProperty(name: string): GraphError {
    return new GraphError(400, "Request_BadRequest", `Property '${name}' is required and must have a value.`);
  }

  /** Wrong JSON type for a property, e.g. `"true"` for an `Edm.Boolean`. */
  static invalidValue(name: string, edmType: string, literal: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Invalid value for property '${name}': cannot convert the literal '${literal}' to the expected type '${edmType}'.`,
    );
  }

  /**
   * A member of the property's enum type that the property does not take, e.g. `microsoftAccount` as a primary
   * identity provider ([INFERENCE] wording: the documentation restricts the values, not the error).
   */
  static valueNotAllowed(name: string, value: string, allowed: readonly string[]): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Invalid value for property '${name}': '${value}' is not allowed here. Allowed values: ${allowed.join(", ")}.`,
    );
  }

  /** `null` for a non-nullable property (OData's reader wording). */
  static nullNotAllowed(name: string, edmType: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `A null value was found for the property named '${name}', which has the expected type '${edmType}[Nullable=False]'. The expected type '${edmType}[Nullable=False]' does not allow null values.`,
    );
  }

  static malformedJson(): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  }

  /** The same property twice in one object (OData's reader refuses it; JSON.parse would keep the last). */
  static duplicateProperty(name: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Multiple properties with the name '${name}' were detected in a resource or a complex value. In OData, duplicate property names are not allowed.`,
    );
  }

  static emptyPayload(): GraphError {
    return new GraphError(400, "Request_BadRequest", "Empty Payload. JSON content expected.");
  }

  /** A body sent with a content type other than JSON (status switchable: 400 default, or 415). */
  static unsupportedContentType(contentType: string, status: number): GraphError {
    return new GraphError(
      status,
      status === 415 ? "UnsupportedMediaType" : "Request_BadRequest",
      `Content-Type '${contentType || "(none)"}' is not supported for this request. Use 'application/json'.`,
    );
  }

  /**
   * A `Content-Encoding` the gateway does not decode ([INFERENCE] wording and code; 415 is what Microsoft's SDKs
   * take as "send it uncompressed", and RFC 7694 asks for `Accept-Encoding` on it).
   */
  static unsupportedContentEncoding(coding: string, supported: readonly string[]): GraphError {
    return new GraphError(
      415,
      "UnsupportedMediaType",
      `Content-Encoding '${coding}' is not supported for the request body. Send it uncompressed or with ${supported.map((s) => `'${s}'`).join(" or ")}.`,
      { headers: { "Accept-Encoding": supported.join(", ") } },
    );
  }

  /** A body whose bytes are not valid data of its declared `Content-Encoding` ([INFERENCE] wording). */
  static undecodableBody(coding: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `The request body could not be decoded as '${coding}' (Content-Encoding).`,
    );
  }

  static invalidQueryProperty(name: string, typeName: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Could not find a property named '${name}' on type '${typeName}'.`,
    );
  }

  static invalidExpand(name: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.crossTenantAccessPolicyConfigurationPartner'.`,
    );
  }

  /** `$top` outside 1…max (the directory service's wording). */
  static invalidPageSize(value: string, max: number): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Invalid page size specified: '${value}'. Must be between 1 and ${max} inclusive.`,
    );
  }

  static invalidSkipToken(): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      "The specified page token value has expired or is invalid. Please restart the request from the first page.",
    );
  }

  /**
   * A partner's `tenantRestrictions` sent with the specialised `@odata.type` (landscape Q3: the partner endpoint
   * refuses it; the wording is the emulator's).
   */
  static unsupportedODataType(property: string, type: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Invalid value for property '${property}': the type '${type}' is not supported here. Send '${property}' without '@odata.type'.`,
    );
  }

  /** Unknown URL segment (Graph's own wording). */
  static segmentNotFound(segment: string): GraphError {
    return new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
  }

  static invalidVersion(version: string): GraphError {
    return new GraphError(400, "BadRequest", `Invalid version: ${version}`);
  }

  /** 405 with the `Allow` header RFC 9110 requires; message as the directory service words it. */
  static methodNotAllowed(method: string, allow: string[]): GraphError {
    return new GraphError(
      405,
      "Request_BadRequest",
      `Specified HTTP method '${method}' is not allowed for the request target.`,
      {
        headers: { Allow: allow.join(", ") },
      },
    );
  }

  /** Body over the emulator's limit. The connection is closed so an unread remainder is never parsed as a request. */
  static payloadTooLarge(limit: number): GraphError {
    return new GraphError(413, "Request_BadRequest", `The request payload is too large (limit ${limit} bytes).`, {
      headers: { Connection: "close" },
    });
  }

  /** Partner DELETE while its sync policy exists ([DOC] rule, [INFERENCE] status/code). */
  static partnerHasSyncPolicy(tenantId: string, shape: ErrorShape): GraphError {
    return new GraphError(
      shape.status,
      shape.code,
      `The partner configuration for tenant '${tenantId}' cannot be deleted while its identitySynchronization policy exists. Delete the identitySynchronization policy first.`,
    );
  }

  // ---- 401 / 403 --------------------------------------------------------------------------------------------
  static invalidAuthenticationToken(message: string, wwwAuthenticate: string): GraphError {
    return new GraphError(401, "InvalidAuthenticationToken", message, {
      headers: { "WWW-Authenticate": wwwAuthenticate },
    });
  }

  static authorizationRequestDenied(): GraphError {
    return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }

  // ---- 404 ------------------------------------------------------------------------------------------------
  static resourceNotFound(
    id: string,
    shape: ErrorShape = { status: 404, code: "Request_ResourceNotFound" },
  ): GraphError {
    return new GraphError(
      shape.status,
      shape.code,
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }

  /** PATCH of a missing sync policy ([DOC] code and message, [INFERENCE] status). */
  static directoryObjectNotFound(status: number): GraphError {
    return new GraphError(
      status,
      "Directory_ObjectNotFound",
      "Unable to read the company information from the directory.",
    );
  }

  // ---- 409 ------------------------------------------------------------------------------------------------
  /** PUT identitySynchronization when it already exists ([DOC] S-ENTRA). */
  static syncPolicyAlreadyExists(): GraphError {
    return new GraphError(
      409,
      "Request_MultipleObjectsWithSameKeyValue",
      "A conflicting object with one or more of the specified property values is present in the directory.",
      {
        details: [
          {
            code: "ConflictingObjects",
            message:
              "A conflicting object with one or more of the specified property values is present in the directory.",
            target: "tenantId",
          },
        ],
      },
    );
  }

  /** POST of a partner whose tenantId exists ([DOC] code and message, [INFERENCE] status). */
  static duplicatePartner(status: number): GraphError {
    return new GraphError(
      status,
      "Request_MultipleObjectsWithSameKeyValue",
      "Another object with the same value for property tenantId already exists.",
    );
  }

  static concurrencyViolation(): GraphError {
    return new GraphError(
      409,
      "Directory_ConcurrencyViolation",
      "Error due to concurrent requests being made to the tenant. Please wait briefly and retry.",
    );
  }

  // ---- The source side of cross-tenant synchronization (issue 16) ------------------------------------------------
  /**
   * A synchronization call without the synchronization permission: the bare 401 `UnknownError` with an empty
   * message that callers report ([COMMUNITY] landscape, permissions paragraph), no `WWW-Authenticate` challenge.
   */
  static syncUnknownError(): GraphError {
    return new GraphError(401, "UnknownError", "");
  }

  /** An unsupported or malformed `$filter` ([INFERENCE] wording). */
  static invalidFilter(filter: string, supported: string): GraphError {
    return new GraphError(
      400,
      "Request_UnsupportedQuery",
      `Unsupported or invalid query filter clause specified for property '${filter}'. Supported: ${supported}.`,
    );
  }

  /** `instantiate` of a template the emulator does not know ([INFERENCE]: 404 as for any unknown object). */
  static unknownApplicationTemplate(id: string): GraphError {
    return GraphErrorFactory.resourceNotFound(id);
  }

  /** An app role assignment naming an app role the resource does not define (the directory's wording). */
  static appRoleNotFound(appId: string): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      `Permission being assigned was not found on application '${appId}'.`,
    );
  }

  /** The same principal and app role assigned twice. */
  static duplicateAppRoleAssignment(shape: ErrorShape): GraphError {
    return new GraphError(shape.status, shape.code, "Permission being assigned already exists on the object.");
  }

  /** `resourceId` in an assignment body that is not the service principal of the URL ([INFERENCE] wording). */
  static assignmentResourceMismatch(): GraphError {
    return new GraphError(
      400,
      "Request_BadRequest",
      "The resourceId of the app role assignment must be the service principal in the request URL.",
    );
  }

  /**
   * `validateCredentials` refused by the cross-tenant policy check (`code` is the documented
   * `AzureDirectoryB2BManagementPolicyCheckFailure`; status, envelope code and wording are [INFERENCE], switch
   * `validateCredentialsError`).
   */
  static syncPolicyCheckFailed(code: string, detail: string, shape: ErrorShape): GraphError {
    return new GraphError(
      shape.status,
      shape.code,
      `Failed to validate credentials. Error code: ${code}. Details: ${detail}`,
    );
  }

  /** `validateCredentials` or a job operation with credentials that name no usable target ([INFERENCE] wording). */
  static invalidSyncCredentials(detail: string): GraphError {
    return new GraphError(400, "BadRequest", `Failed to validate credentials: ${detail}`);
  }

  /** A synchronization template other than the one this application offers ([INFERENCE] wording). */
  static unknownSyncTemplate(templateId: string): GraphError {
    return new GraphError(
      400,
      "BadRequest",
      `The synchronization template '${templateId}' is not available for this service principal. Available: Azure2Azure.`,
    );
  }

  /** A schema PUT that fails validation ([DOC] the word `schemaInvalid`; status, code and wording [INFERENCE]). */
  static schemaInvalid(reason: string, shape: ErrorShape = { status: 400, code: "BadRequest" }): GraphError {
    return new GraphError(shape.status, shape.code, `schemaInvalid: ${reason}`);
  }

  /**
   * PATCH or POST on a job's schema: the synchronization service has no such route and answers 404 `UnknownError`
   * whose message is its own JSON ([COMMUNITY] msgraph-sdk-python#820, msgraph-sdk-powershell#1134, #2643).
   */
  static schemaVerbNotFound(servicePrincipalId: string, jobId: string): GraphError {
    const uri = `https://syncfabric.windowsazure.com/api/servicePrincipals('${servicePrincipalId}')/synchronization/jobs('${jobId}')/schema?api-version=2.0`;
    return new GraphError(
      404,
      "UnknownError",
      JSON.stringify({ Message: `No HTTP resource was found that matches the request URI '${uri}'.` }),
    );
  }

  /** `provisionOnDemand` with a rule id the job's schema does not have, or no subject ([INFERENCE] wording). */
  static invalidProvisionOnDemand(detail: string): GraphError {
    return new GraphError(400, "BadRequest", `Invalid provisionOnDemand request: ${detail}`);
  }

  // ---- 429 / 5xx --------------------------------------------------------------------------------------------
  static tooManyRequests(retryAfter: string, headers: Record<string, string> = {}): GraphError {
    return new GraphError(
      429,
      "TooManyRequests",
      "Too many requests. Retry after the time given in the Retry-After header.",
      {
        headers: { "Retry-After": retryAfter, ...headers },
      },
    );
  }

  /** A scheduled status fault; code and message default to Graph's generic ones for that status. */
  static injected(
    status: number,
    code?: string,
    message?: string,
    headers: Record<string, string> = {},
    noBody = false,
  ): GraphError {
    const generic = GENERIC[status] ?? ["UnknownError", "An error was injected by the emulator."];
    return new GraphError(status, code ?? generic[0], message ?? generic[1], { headers, noBody });
  }

  static internalServerError(): GraphError {
    return new GraphError(500, "generalException", "An unspecified error has occurred.");
  }
}

const GENERIC: Record<number, [string, string]> = {
  400: ["Request_BadRequest", "Bad request."],
  409: [
    "Directory_ConcurrencyViolation",
    "Error due to concurrent requests being made to the tenant. Please wait briefly and retry.",
  ],
  429: ["TooManyRequests", "Too many requests. Retry after the time given in the Retry-After header."],
  500: ["generalException", "An unspecified error has occurred."],
  502: ["BadGateway", "The server received an invalid response from an upstream server."],
  503: [
    "serviceNotAvailable",
    "The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, which may be specified in a Retry-After header.",
  ],
  504: [
    "GatewayTimeout",
    "The server, while acting as a proxy, did not receive a timely response from the upstream server it needed to access in attempting to complete the request.",
  ],
};
