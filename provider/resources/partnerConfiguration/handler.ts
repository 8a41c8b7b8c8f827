/** The partner configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { PARTNER_CONFIGURATION } from "../shared/typeNames";
import { diffPartner } from "./diff";
import { createPartner, deletePartner, readPartner, updatePartner } from "./lifecycle";
import { checkPartnerInputs } from "./schema";
import type { PartnerInputs, PartnerOutputs } from "./types";

export const partnerConfigurationHandler = resourceHandler<PartnerInputs, PartnerOutputs>({
  typeName: PARTNER_CONFIGURATION,
  check: checkPartnerInputs,
  diff: diffPartner,
  create: createPartner,
  read: readPartner,
  update: (ctx, _id, olds, news) => updatePartner(ctx, olds, news),
  delete: deletePartner,
  objectId: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
  describe: (id) => `the partner configuration of tenant ${id}`,
  partnerTenant: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
});
