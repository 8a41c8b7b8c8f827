/** The partner configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { partnerConfigurationKind } from "./kind";
import { diffPartner } from "./diff";
import { createPartner, deletePartner, readPartner, updatePartner } from "./lifecycle";
import { checkPartnerInputs } from "./schema";
import type { PartnerInputs, PartnerOutputs } from "./types";

export const partnerConfigurationHandler = resourceHandler<PartnerInputs, PartnerOutputs>({
  typeName: partnerConfigurationKind.typeName,
  check: checkPartnerInputs,
  diff: diffPartner,
  create: createPartner,
  read: readPartner,
  update: (ctx, _id, olds, news) => updatePartner(ctx, olds, news),
  delete: deletePartner,
  objectId: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
  describe: partnerConfigurationKind.describe,
  partnerTenant: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
});
