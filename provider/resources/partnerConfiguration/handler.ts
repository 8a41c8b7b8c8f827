/** The partner configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { partnerTenantIdOf } from "../shared/values";
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
  objectId: partnerTenantIdOf,
  describe: partnerConfigurationKind.describe,
  partnerTenant: partnerTenantIdOf,
});
