/** The cross-tenant access policy as a ResourceHandler (the runtime dispatches to it by type name). */
import type { ResourceHandler } from "../handler";
import { CROSS_TENANT_ACCESS_POLICY } from "../shared/typeNames";
import { stripUndefined } from "../shared/values";
import { diffAccessPolicy } from "./diff";
import { createAccessPolicy, deleteAccessPolicy, readAccessPolicy, updateAccessPolicy } from "./lifecycle";
import { checkAccessPolicyInputs } from "./schema";
import { AccessPolicyInputs, POLICY_ID } from "./types";

export const crossTenantAccessPolicyHandler: ResourceHandler = {
  typeName: CROSS_TENANT_ACCESS_POLICY,
  check(news) {
    const { inputs, failures } = checkAccessPolicyInputs(news);
    return { inputs: stripUndefined(inputs), failures };
  },
  diff: (olds, news) => diffAccessPolicy(olds, news),
  async create(ctx, inputs) {
    const { id, outs } = await createAccessPolicy(ctx, inputs as unknown as AccessPolicyInputs);
    return { id, outs: stripUndefined(outs) };
  },
  async read(ctx, _id, props) {
    return stripUndefined(await readAccessPolicy(ctx, props));
  },
  async update(ctx, _id, olds, news) {
    const { outs } = await updateAccessPolicy(ctx, olds, news as unknown as AccessPolicyInputs);
    return { outs: stripUndefined(outs) };
  },
  delete: (ctx) => deleteAccessPolicy(ctx),
  objectId: () => POLICY_ID,
  describe: () => "the cross-tenant access policy (allowedCloudEndpoints)",
};
