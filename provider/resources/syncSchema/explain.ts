/**
 * Errors of schema settings as the person running Pulumi reads them: the job not found, settings the job's schema
 * refuses (each naming its property), the rule missing, and Graph's failures with the synchronization endpoints'
 * bare 401 explained as the missing permission (crossTenantSyncConfiguration/messages.ts).
 */
import { isGraphError } from "../../graph/errors";
import type { LifecycleContext } from "../handler";
import type { Subject } from "../shared/errors";
import { errorsOf } from "../crossTenantSyncConfiguration/messages";
import { graphDetail } from "../shared/graphCalls";
import { SchemaJobGone, SchemaSettingsRefused } from "./apply";
import { SchemaShapeError } from "./locate";

/** The error for a failure while `action` (e.g. "apply the schema settings to") on `s`. */
export function schemaError(ctx: LifecycleContext, s: Subject, action: string, e: unknown): Error {
  const errors = errorsOf(ctx, s);
  if (e instanceof SchemaSettingsRefused)
    return errors.message(
      `cannot ${action} ${s.describe}: the settings do not fit the job's schema, and nothing was written. ${e.failures
        .map((f) => f.reason)
        .join(" ")}`,
    );
  if (e instanceof SchemaJobGone)
    return errors.message(
      `cannot ${action} ${s.describe}: ${e.message} (Graph answered 404 to the schema's GET). Check servicePrincipalId and jobId (the job must exist before its schema settings), then run pulumi up again.`,
    );
  if (e instanceof SchemaShapeError) return errors.message(`cannot ${action} ${s.describe}: ${e.message}`);
  // The generic 400 advice (property names, beta) does not fit a schema Graph refused as a whole.
  if (isGraphError(e) && e.statusCode === 400 && e.method === "PUT" && /\/schema$/.test(e.path))
    return errors.message(
      `cannot ${action} ${s.describe}: Graph refused the merged schema ${graphDetail(e)}, so the job's schema is unchanged. ` +
        `The merge changes only the declared parts: check the settings Graph's message names (an attribute the directory does not define, ` +
        `an operator, the matching attribute), or whether the schema was edited in the portal into a state Graph no longer accepts; then run pulumi up again.`,
    );
  if (isGraphError(e)) return errors.failed(action, e);
  return e instanceof Error ? e : new Error(String(e));
}
