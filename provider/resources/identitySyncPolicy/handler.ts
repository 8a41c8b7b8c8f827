/** The identity sync policy as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { SYNC_POLICY } from "../shared/typeNames";
import { checkInputs } from "./schema";
import { diffPolicy } from "./diff";
import { createPolicy, deletePolicy, readPolicy, updatePolicy } from "./lifecycle";
import type { PolicyInputs, PolicyOutputs } from "./types";

export const identitySyncPolicyHandler = resourceHandler<PolicyInputs, PolicyOutputs>({
  typeName: SYNC_POLICY,
  check: checkInputs,
  diff: diffPolicy,
  create: createPolicy,
  read: readPolicy,
  update: (ctx, _id, olds, news) => updatePolicy(ctx, olds, news),
  delete: deletePolicy,
  objectId: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
  describe: (id) => `the identity sync policy of partner tenant ${id}`,
  partnerTenant: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
});
