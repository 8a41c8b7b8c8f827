/** The partner configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import type { ResourceHandler } from "../handler";
import { PARTNER_CONFIGURATION } from "../shared/typeNames";
import { stripUndefined } from "../shared/values";
import { diffPartner } from "./diff";
import { createPartner, deletePartner, readPartner, updatePartner } from "./lifecycle";
import { checkPartnerInputs } from "./schema";
import type { PartnerInputs, PartnerOutputs } from "./types";

export const partnerConfigurationHandler: ResourceHandler = {
  typeName: PARTNER_CONFIGURATION,
  check(news, apiVersion, apiVersionKey) {
    const { inputs, failures } = checkPartnerInputs(news, apiVersion, apiVersionKey);
    return { inputs: stripUndefined(inputs), failures };
  },
  diff: (olds, news) => diffPartner(olds, news),
  async create(ctx, inputs) {
    const { id, outs } = await createPartner(ctx, inputs as unknown as PartnerInputs);
    return { id, outs: stripUndefined(outs) };
  },
  async read(ctx, id, props) {
    return stripUndefined(await readPartner(ctx, id, props as Partial<PartnerOutputs>));
  },
  async update(ctx, _id, olds, news) {
    const { outs } = await updatePartner(ctx, olds as Partial<PartnerOutputs>, news as unknown as PartnerInputs);
    return { outs: stripUndefined(outs) };
  },
  delete: (ctx, id, props) => deletePartner(ctx, id, props as Partial<PartnerOutputs>),
  objectId: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
  describe: (id) => `the partner configuration of tenant ${id}`,
  partnerTenant: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
};
