/** The cross-tenant access policy as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { crossTenantAccessPolicyKind } from "./kind";
import { diffAccessPolicy } from "./diff";
import { createAccessPolicy, deleteAccessPolicy, readAccessPolicy, updateAccessPolicy } from "./lifecycle";
import { checkAccessPolicyInputs } from "./schema";
import { type AccessPolicyInputs, type AccessPolicyOutputs, POLICY_ID } from "./types";

export const crossTenantAccessPolicyHandler = resourceHandler<AccessPolicyInputs, AccessPolicyOutputs>({
  typeName: crossTenantAccessPolicyKind.typeName,
  check: (news) => checkAccessPolicyInputs(news),
  diff: diffAccessPolicy,
  create: createAccessPolicy,
  read: (ctx, _id, props) => readAccessPolicy(ctx, props),
  update: (ctx, _id, olds, news) => updateAccessPolicy(ctx, olds, news),
  delete: (ctx) => deleteAccessPolicy(ctx),
  objectId: () => POLICY_ID,
  describe: crossTenantAccessPolicyKind.describe,
});
