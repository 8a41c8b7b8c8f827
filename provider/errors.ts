import { isGraphError } from "./graph/errors";
import { redact } from "./log";

export const RESOURCE_TYPE = "entra:CrossTenantIdentitySyncPolicyPartner";

/**
 * The single place that turns any failure into the text Pulumi shows: what failed, for which partner, the Graph
 * details (code, message, request-id, client-request-id, hint) carried by GraphError, and never a secret.
 */
export function userError(e: unknown, action: string, tenantId: string, secrets: readonly string[] = []): Error {
  const detail = e instanceof Error ? e.message : String(e);
  const err = new Error(redact(`${RESOURCE_TYPE}: cannot ${action} the identity sync policy of partner tenant ${tenantId}: ${detail}`, secrets));
  err.name = isGraphError(e) ? "GraphError" : e instanceof Error ? e.name : "Error";
  return err;
}

/** Same, for a message we compose ourselves (partner missing, conflicting policy). */
export function plainError(message: string, secrets: readonly string[] = []): Error {
  return new Error(redact(`${RESOURCE_TYPE}: ${message}`, secrets));
}

/**
 * A create whose object exists in Graph although a later step failed. The host turns an error carrying `id` into
 * a partial failure (ErrorResourceInitFailed): the engine keeps the resource in state with these properties,
 * so it is never lost, and the next `pulumi up` retries the remaining change.
 */
export class ResourceInitFailure extends Error {
  readonly reasons: string[];
  constructor(readonly id: string, readonly properties: object, cause: Error) {
    super(cause.message);
    this.name = "ResourceInitFailure";
    this.reasons = [cause.message];
  }
}
