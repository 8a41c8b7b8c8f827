/** The synchronization configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { isUnknown } from "../shared/values";
import { diffSyncConfig } from "./diff";
import { crossTenantSyncConfigurationKind } from "./kind";
import { createSyncConfig, deleteSyncConfig, readSyncConfig, updateSyncConfig } from "./lifecycle";
import { checkSyncConfigInputs } from "./schema";
import type { SyncConfigInputs, SyncConfigOutputs } from "./types";

export const crossTenantSyncConfigurationHandler = resourceHandler<SyncConfigInputs, SyncConfigOutputs>({
  typeName: crossTenantSyncConfigurationKind.typeName,
  check: (news) => checkSyncConfigInputs(news),
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
});
