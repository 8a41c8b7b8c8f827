/** The identity sync policy as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { partnerTenantIdOf } from "../shared/values";
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
  objectId: partnerTenantIdOf,
  describe: identitySyncPolicyKind.describe,
  partnerTenant: partnerTenantIdOf,
});
