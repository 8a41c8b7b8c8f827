/**
 * `/policies/crossTenantAccessPolicy/default`: GET (200), PATCH (204) and `POST …/default/resetToSystemDefault`
 * (204). There is always a default configuration: the system default (`isServiceDefault: true`) until a PATCH
 * customises it, and again after a reset. `isServiceDefault` and `automaticUserConsentSettings` are read-only [DOC].
 */
import { Directory } from "../persistence/graphStore";
import { HandlerResult } from "../http/context";
import { JsonObject, JsonValue } from "../util/json";
import { systemDefaultConfiguration } from "../validation/schemas";
import { BaseHandler, GraphRequest } from "./baseHandler";

/** The default configuration of a directory as stored: the system default unless customised. */
export function currentDefault(dir: Directory): JsonObject {
  return (dir.getDefault() as JsonObject | undefined) ?? systemDefaultConfiguration();
}

/**
 * A PATCH of the default: each top-level setting given replaces the stored one whole; `null` puts back that
 * setting's system default value ([INFERENCE]: there is nothing to inherit from). Any PATCH customises.
 */
export function patchDefault(current: Readonly<JsonObject>, body: JsonObject): JsonObject {
  const system = systemDefaultConfiguration();
  const next: JsonObject = { ...current, isServiceDefault: false };
  for (const [name, value] of Object.entries(body))
    next[name] = value === null ? (system[name] ?? null) : (value as JsonValue);
  return next;
}

export class DefaultConfigurationHandler extends BaseHandler {
  get(req: GraphRequest): HandlerResult {
    const select = this.selectOf(req, "default");
    const fragment = `policies/crossTenantAccessPolicy/default${select ? `(${select.join(",")})` : ""}/$entity`;
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, fragment),
        ...this.entity("default", req.version, currentDefault(req.dir), select),
      },
    };
  }

  update(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    req.dir.setDefault(patchDefault(currentDefault(req.dir), body));
    return { status: 204 };
  }

  reset(req: GraphRequest): HandlerResult {
    req.dir.setDefault(undefined);
    return { status: 204 };
  }
}
