/**
 * `/policies/crossTenantAccessPolicy/partners/{tenantId}/identitySynchronization`: PUT (204; 409 when it exists),
 * GET (200 with `@odata.context`), PATCH (204, partial), DELETE (204) — graph-behaviour.md §2, §2.1, §9.1.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { isGuid } from "../validation/validateBody";
import { BaseHandler, GraphRequest } from "./baseHandler";
import { applyPatch, newPartnerRecord } from "./records";

export class IdentitySyncHandler extends BaseHandler {
  get(req: GraphRequest): HandlerResult {
    this.requirePartner(req, false);
    const select = this.selectOf(req, "sync");
    const sync = this.read(req, "policies", req.id);
    if (!sync) throw GraphErrorFactory.resourceNotFound(req.id, this.settings.syncNotFoundError);
    const fragment = `policies/crossTenantAccessPolicy/partners('${req.id}')/identitySynchronization${select ? `(${select.join(",")})` : ""}/$entity`;
    return {
      status: 200,
      body: { "@odata.context": this.metadata(req, fragment), ...this.entity("sync", req.version, sync, select) },
    };
  }

  put(req: GraphRequest): HandlerResult {
    const body = this.validBody(req, this.writability("sync"));
    this.requirePartner(req, true);
    if (req.dir.get("policies", req.id) || this.recentlyDeleted(req, "policies", req.id))
      throw GraphErrorFactory.syncPolicyAlreadyExists();
    if (this.settings.softDeletedBlocksCreate && req.dir.get("deletedPolicies", req.id))
      throw GraphErrorFactory.syncPolicyAlreadyExists();
    this.write(req, "policies", { ...body, tenantId: req.id });
    return { status: 204 };
  }

  update(req: GraphRequest): HandlerResult {
    const body = this.validBody(req, this.writability("sync"));
    this.requirePartner(req, false);
    const current = req.dir.get("policies", req.id);
    if (!current) throw GraphErrorFactory.directoryObjectNotFound(this.settings.patchMissingSyncStatus);
    this.write(req, "policies", applyPatch(current, body, this.settings.nestedPatch));
    return { status: 204 };
  }

  delete(req: GraphRequest): HandlerResult {
    this.requirePartner(req, false);
    if (!req.dir.get("policies", req.id))
      throw GraphErrorFactory.resourceNotFound(req.id, this.settings.syncNotFoundError);
    this.softDelete(req, "policies", req.id);
    return { status: 204 };
  }

  /**
   * 404 when the partner configuration does not exist; with `missingPartner: "autoCreate"` a PUT creates it. A PUT
   * also needs the partner replicated (`replicationLagDependentWrites`): right after its POST it may still be 404.
   */
  private requirePartner(req: GraphRequest, forPut: boolean): void {
    const exists = req.dir.get("partners", req.id) !== undefined;
    if (exists && (!forPut || this.seenByDependentWrite(req, "partners", req.id))) return;
    if (!exists && forPut && this.settings.missingPartner === "autoCreate") {
      // The id comes from the URL here, not from a validated body: never create a partner keyed by a non-GUID.
      if (!isGuid(req.id)) throw GraphErrorFactory.invalidValue("tenantId", "Edm.Guid", req.id);
      this.write(req, "partners", newPartnerRecord(req.id));
      return;
    }
    throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
  }
}
