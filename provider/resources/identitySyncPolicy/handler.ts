/** The identity sync policy as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { identitySyncPolicyKind } from "./kind";
import { checkInputs } from "./schema";
import { diffPolicy } from "./diff";
import { createPolicy, deletePolicy, readPolicy, updatePolicy } from "./lifecycle";
import type { PolicyInputs, PolicyOutputs } from "./types";

export const identitySyncPolicyHandler = resourceHandler<PolicyInputs, PolicyOutputs>({
  typeName: identitySyncPolicyKind.typeName,
  check: checkInputs,
  diff: diffPolicy,
  create: createPolicy,
  read: readPolicy,
  update: (ctx, _id, olds, news) => updatePolicy(ctx, olds, news),
  delete: deletePolicy,
  objectId: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
  describe: identitySyncPolicyKind.describe,
  partnerTenant: (inputs) => (typeof inputs.tenantId === "string" ? inputs.tenantId.toLowerCase() : undefined),
});
