/**
 * What a user reads when a configuration's step fails or its job needs attention: Graph's failures turned into the
 * cause and the fix (the synchronization endpoints' bare 401, a target tenant that does not allow sync, a job in
 * quarantine). Every text carries Graph's code and request-id; secrets are scrubbed (errorsFor).
 */
import { isGraphError } from "../../graph/errors";
import type { GraphError } from "../../graph/errors";
import type { LifecycleContext } from "../handler";
import { errorsFor, Subject } from "../shared/errors";
import { graphDetail } from "../shared/graphCalls";
import { PARTNER_CONFIGURATION, SYNC_POLICY } from "../shared/typeNames";
import { crossTenantSyncConfigurationKind } from "./kind";

export const TYPE = crossTenantSyncConfigurationKind.typeName;
export { quarantineNotice } from "./quarantine";

export const PERMISSIONS = [
  "Synchronization.ReadWrite.All",
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
];

export function subject(displayName: string, servicePrincipalId?: string): Subject {
  return {
    typeName: TYPE,
    describe: `the cross-tenant synchronization configuration "${displayName}"${servicePrincipalId ? ` (service principal ${servicePrincipalId})` : ""}`,
  };
}

function permissionFix(e: GraphError): string {
  return (
    `Grant the application Microsoft Graph application permissions ${PERMISSIONS.join(", ")} with admin consent in this (source) tenant ` +
    `(Entra admin center > App registrations > the app > API permissions), then run pulumi up again. ` +
    `Graph: ${e.statusCode} ${e.code}${e.graphMessage && !/^HTTP \d+$/.test(e.graphMessage) ? `: ${e.graphMessage.replace(/\.$/, "")}` : ""} ` +
    `on ${e.method} ${e.path}; request-id: ${e.requestId ?? "none"}, client-request-id: ${e.clientRequestId ?? "none"}.`
  );
}

/** The synchronization endpoints answer a missing permission with a bare 401 UnknownError, not a 403 naming it. */
function isSyncPermissionError(e: GraphError): boolean {
  return e.statusCode === 401 && /\/synchronization(\/|$)/.test(e.path);
}

/** Errors of one configuration, with the permission failures explained. */
export function errorsOf(ctx: LifecycleContext, s: Subject) {
  const base = errorsFor(ctx, s);
  return {
    message: base.message,
    failed(action: string, e: unknown): Error {
      if (isGraphError(e) && isSyncPermissionError(e)) {
        return base.message(
          `cannot ${action} ${s.describe}: Graph answered 401 ${e.code} on a synchronization endpoint, which is how it reports a missing permission there (not as a 403 naming it). ` +
            permissionFix(e),
        );
      }
      if (isGraphError(e) && e.statusCode === 403) {
        return base.message(`cannot ${action} ${s.describe}: the application lacks a permission. ${permissionFix(e)}`);
      }
      return base.failed(action, e);
    },
  };
}

/** validateCredentials refused: the target tenant has not (yet) allowed this tenant to synchronize users in. */
export function targetRefused(
  ctx: LifecycleContext,
  s: Subject,
  targetTenantId: string,
  e: GraphError,
  kept: string,
): Error {
  return errorsFor(ctx, s).message(
    `the target tenant ${targetTenantId} does not accept synchronization from this tenant, so the credentials of ${s.describe} do not validate ${graphDetail(e)}. ` +
      `In the target tenant ${targetTenantId} (its connection), add for this (source) tenant: a ${SYNC_POLICY} with userSyncInbound: { isSyncAllowed: true } ` +
      `and a ${PARTNER_CONFIGURATION} with automaticUserConsentSettings: { inboundAllowed: true }; in this tenant, a ${PARTNER_CONFIGURATION} for ${targetTenantId} ` +
      `with automaticUserConsentSettings: { outboundAllowed: true }. CrossTenantSyncPartnership declares all of them in the order that validates. ` +
      `Then run pulumi up again: ${kept}`,
  );
}
