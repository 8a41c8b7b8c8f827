/** The identity sync policy as a ResourceHandler (the runtime dispatches to it by type name). */
import type { ResourceHandler } from "../handler";
import { checkInputs } from "./schema";
import { diffPolicy } from "./diff";
import { createPolicy, deletePolicy, readPolicy, updatePolicy } from "./lifecycle";
import { stripUndefined } from "./payload";
import type { PolicyInputs, PolicyOutputs } from "./types";

export const identitySyncPolicyHandler: ResourceHandler = {
  typeName: "CrossTenantIdentitySyncPolicyPartner",
  check(news, apiVersion, apiVersionKey) {
    const { inputs, failures } = checkInputs(news, apiVersion, apiVersionKey);
    return { inputs: stripUndefined(inputs), failures };
  },
  diff: (olds, news) => diffPolicy(olds, news),
  async create(ctx, inputs) {
    const { id, outs } = await createPolicy(ctx, inputs as unknown as PolicyInputs);
    return { id, outs: stripUndefined(outs) };
  },
  async read(ctx, id, props) {
    const r = await readPolicy(ctx, id, props as Partial<PolicyOutputs>);
    return stripUndefined(r);
  },
  async update(ctx, _id, olds, news) {
    const { outs } = await updatePolicy(ctx, olds as Partial<PolicyOutputs>, news as unknown as PolicyInputs);
    return { outs: stripUndefined(outs) };
  },
  delete: (ctx, id, props) => deletePolicy(ctx, id, props as Partial<PolicyOutputs>),
  objectId: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
  describe: (id) => `the identity sync policy of partner tenant ${id}`,
  partnerTenant: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
};
