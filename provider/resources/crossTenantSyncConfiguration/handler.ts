/** The synchronization configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import { operationDeadline, resourceHandler } from "../handler";
import { containsUnknown, isPlainObject, isUnknown } from "../shared/values";
import { previewFailures } from "../syncSchema/apply";
import { schemaNotices } from "../syncSchema/notices";
import type { SyncSchemaSettings } from "../syncSchema/types";
import { diffSyncConfig } from "./diff";
import { crossTenantSyncConfigurationKind } from "./kind";
import { createSyncConfig, deleteSyncConfig, readSyncConfig, updateSyncConfig } from "./lifecycle";
import { checkSyncConfigInputs } from "./schema";
import { USER_RULE_NAME } from "./types";
import type { SyncConfigInputs, SyncConfigOutputs } from "./types";

const settings = (v: unknown) => (isPlainObject(v) ? (v as SyncSchemaSettings) : undefined);

export const crossTenantSyncConfigurationHandler = resourceHandler<SyncConfigInputs, SyncConfigOutputs>({
  typeName: crossTenantSyncConfigurationKind.typeName,
  check(news, _apiVersion, _key, olds) {
    const out = checkSyncConfigInputs(news);
    if (out.failures.length > 0) return out;
    // An update (old inputs exist) changes a running job's schema; a new configuration's first cycle is initial anyway.
    const update = olds !== undefined && typeof olds.displayName === "string";
    return {
      ...out,
      notices: schemaNotices(update ? settings(olds.schema) : undefined, settings(out.inputs.schema), update),
    };
  },
  diff: diffSyncConfig,
  create: createSyncConfig,
  read: readSyncConfig,
  update: updateSyncConfig,
  delete: deleteSyncConfig,
  describe: (id) => `the cross-tenant synchronization configuration with service principal ${id}`,
  // The runtime refuses the connection's own tenant as the target.
  partnerTenant: (inputs) =>
    typeof inputs.targetTenantId === "string" && !isUnknown(inputs.targetTenantId)
      ? inputs.targetTenantId.toLowerCase()
      : undefined,
  partnerProperty: "targetTenantId",
  // The schema settings against the job's own definitions and parseExpression, when they change (diff: old outputs).
  async liveCheck(ctx, step, olds, news) {
    const schema = settings(news.schema);
    if (step !== "diff" || !schema || containsUnknown(schema)) return [];
    if (typeof olds.servicePrincipalId !== "string" || typeof olds.jobId !== "string") return [];
    const target = { spId: olds.servicePrincipalId, jobId: olds.jobId, ruleName: USER_RULE_NAME };
    return previewFailures(ctx, target, schema, settings(olds.schema), operationDeadline(ctx), "schema.");
  },
});
