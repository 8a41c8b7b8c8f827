/** The standalone CrossTenantSyncSchema as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { containsUnknown, isUnknown } from "../shared/values";
import { previewFailures } from "./apply";
import { diffSyncSchema, settingsOf } from "./diff";
import { syncSchemaKind } from "./kind";
import { createSyncSchema, deleteSyncSchema, readSyncSchema, schemaId, updateSyncSchema } from "./lifecycle";
import { schemaNotices } from "./notices";
import { checkSyncSchemaInputs } from "./schema";
import { DEFAULT_RULE_NAME } from "./types";
import type { SyncSchemaInputs, SyncSchemaOutputs } from "./types";
import { operationDeadline } from "../handler";

const known = (v: unknown): v is string => typeof v === "string" && !isUnknown(v);

export const syncSchemaHandler = resourceHandler<SyncSchemaInputs, SyncSchemaOutputs>({
  typeName: syncSchemaKind.typeName,
  check(news, _apiVersion, _key, olds) {
    const out = checkSyncSchemaInputs(news);
    if (out.failures.length > 0) return out;
    // Another job is another object: its settings are all new to it.
    const sameJob =
      olds !== undefined &&
      known(olds.servicePrincipalId) &&
      String(olds.servicePrincipalId).toLowerCase() === out.inputs.servicePrincipalId &&
      olds.jobId === out.inputs.jobId;
    const notices = schemaNotices(sameJob ? settingsOf(olds) : undefined, settingsOf(out.inputs), true);
    return { ...out, notices };
  },
  diff: diffSyncSchema,
  create: createSyncSchema,
  read: readSyncSchema,
  update: updateSyncSchema,
  delete: deleteSyncSchema,
  objectId: (inputs) =>
    known(inputs.servicePrincipalId) && known(inputs.jobId)
      ? schemaId(inputs.servicePrincipalId, inputs.jobId)
      : undefined,
  describe: (id) => syncSchemaKind.describe(id),
  // The job's own attribute definitions and parseExpression, for settings that changed (check covers create too).
  async liveCheck(ctx, step, olds, news) {
    if (step !== "check" || !known(news.servicePrincipalId) || !known(news.jobId) || containsUnknown(settingsOf(news)))
      return [];
    const sameJob =
      String(olds.servicePrincipalId ?? "").toLowerCase() === news.servicePrincipalId && olds.jobId === news.jobId;
    const target = {
      spId: news.servicePrincipalId,
      jobId: news.jobId,
      ruleName: String(news.ruleName ?? DEFAULT_RULE_NAME),
    };
    return previewFailures(
      ctx,
      target,
      settingsOf(news),
      sameJob ? settingsOf(olds) : undefined,
      operationDeadline(ctx),
      "",
    );
  },
});
