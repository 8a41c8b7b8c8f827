/**
 * `/policies/crossTenantAccessPolicy`, the tenant's top-level cross-tenant access policy: GET (200) and PATCH (204)
 * of `displayName` and `allowedCloudEndpoints` (crosstenantaccesspolicy-get.md / -update.md, v1.0 and beta). It
 * always exists; until changed it shows the service's values (`CrossTenantAccessPolicy`, no other cloud).
 */
import { Directory } from "../persistence/graphStore";
import { HandlerResult } from "../http/context";
import { JsonObject } from "../util/json";
import { serviceAccessPolicy } from "../validation/schemas";
import { BaseHandler, GraphRequest } from "./baseHandler";

/** The policy of a directory as stored over the service's values. */
export function currentAccessPolicy(dir: Directory): JsonObject {
  return { ...serviceAccessPolicy(), ...(dir.getAccessPolicy() as JsonObject | undefined) };
}

export class AccessPolicyHandler extends BaseHandler {
  get(req: GraphRequest): HandlerResult {
    const select = this.selectOf(req, "policy");
    const fragment = `policies/crossTenantAccessPolicy${select ? `(${select.join(",")})` : ""}/$entity`;
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, fragment),
        ...this.entity("policy", req.version, currentAccessPolicy(req.dir), select),
      },
    };
  }

  /** Each property given replaces the stored one (a list whole); the others stay. */
  update(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    req.dir.setAccessPolicy({ ...(req.dir.getAccessPolicy() as JsonObject | undefined), ...body });
    return { status: 204 };
  }
}
