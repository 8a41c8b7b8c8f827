/**
 * `/policies/crossTenantAccessPolicy/partners[/{tenantId}]`: list (`$select`, `$expand=identitySynchronization`,
 * server-side paging), POST (201), GET, PATCH (204; each complex setting given replaces the stored one whole, `null`
 * = inherit the default), DELETE (204; refused while a sync policy exists) — graph-behaviour.md §3.3, landscape §2.
 */
import { isAppOnly } from "../auth/graphAuthorization";
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { isPlainObject, JsonObject } from "../util/json";
import { SCHEMAS, TENANT_RESTRICTIONS_TYPE } from "../validation/schemas";
import { ApiVersion } from "../validation/types";
import { BaseHandler, GraphRequest } from "./baseHandler";
import { nextLink, requestedPage } from "./paging";
import { applyPatch, newPartnerRecord } from "./records";

interface Projection {
  select?: string[];
  expandSync: boolean;
  expandSelect?: string[];
}

const EXPAND = /^identitySynchronization(?:\(\$select=([^)]*)\))?$/;
const PARTNERS = "policies/crossTenantAccessPolicy/partners";

/** The select list of a context URL (OData 4.0 §10): only with `$select`, expanded navigation shown as `name()`. */
function selectList(projection: Projection): string {
  if (!projection.select) return "";
  return `(${[...projection.select, ...(projection.expandSync ? ["identitySynchronization()"] : [])].join(",")})`;
}

export class PartnersHandler extends BaseHandler {
  list(req: GraphRequest): HandlerResult {
    const projection = this.projection(req);
    const page = requestedPage(req.ctx.query, this.settings.pageSize, this.settings.maxPageSize);
    const ids = new Set(req.dir.list("partners").map((p) => (p.tenantId as string).toLowerCase()));
    for (const id of this.deps.lag.laggingIds(this.lagKind(req, "partners"))) ids.add(id);
    const visible: Readonly<JsonObject>[] = [];
    for (const id of ids) {
      const partner = this.read(req, "partners", id);
      if (partner) visible.push(partner);
    }
    const value = visible.slice(page.offset, page.offset + page.size).map((p) => this.render(req, p, projection));
    const body: JsonObject = { "@odata.context": this.metadata(req, `${PARTNERS}${selectList(projection)}`) };
    if (page.offset + page.size < visible.length)
      body["@odata.nextLink"] = nextLink(req.ctx, `${req.version}/${PARTNERS}`, page);
    body.value = value;
    return { status: 200, body };
  }

  create(req: GraphRequest): HandlerResult {
    this.refuseSpecialisedTypes(req.body);
    const body = this.validBody(req, this.writability("partner", ["tenantId"]));
    const tenantId = body.tenantId;
    if (typeof tenantId !== "string") throw GraphErrorFactory.requiredProperty("tenantId");
    this.refuseAppOnlyServiceProvider(req, body);
    const id = tenantId.toLowerCase();
    const duplicate =
      req.dir.get("partners", id) !== undefined ||
      this.recentlyDeleted(req, "partners", id) ||
      (this.settings.softDeletedBlocksCreate && req.dir.get("deletedPartners", id) !== undefined);
    if (duplicate) throw GraphErrorFactory.duplicatePartner(this.settings.duplicatePartnerStatus);
    this.write(req, "partners", newPartnerRecord(id, body));
    return {
      status: 201,
      headers: { Location: `${req.ctx.baseUrl}/${req.version}/${PARTNERS}/${id}` },
      body: {
        "@odata.context": this.metadata(req, `${PARTNERS}/$entity`),
        ...this.entity("partner", req.version, req.dir.get("partners", id) as JsonObject),
      },
    };
  }

  get(req: GraphRequest): HandlerResult {
    const projection = this.projection(req);
    const partner = this.read(req, "partners", req.id);
    if (!partner) throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, `${PARTNERS}${selectList(projection)}/$entity`),
        ...this.render(req, partner, projection),
      },
    };
  }

  update(req: GraphRequest): HandlerResult {
    this.refuseSpecialisedTypes(req.body);
    const body = this.validBody(req, this.writability("partner"));
    this.refuseAppOnlyServiceProvider(req, body);
    const current = req.dir.get("partners", req.id);
    if (!current) throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
    this.write(req, "partners", applyPatch(current, body, this.settings.nestedPatch));
    return { status: 204 };
  }

  delete(req: GraphRequest): HandlerResult {
    if (!req.dir.get("partners", req.id))
      throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
    // A replica that has not seen the policy's DELETE yet still refuses (`replicationLagDependentWrites`).
    if (req.dir.get("policies", req.id) || this.seenByDependentWrite(req, "policies", req.id)) {
      if (this.settings.partnerDeleteWithSyncPolicy === "reject") {
        throw GraphErrorFactory.partnerHasSyncPolicy(req.id, this.settings.partnerDeleteWithSyncPolicyError);
      }
      this.softDelete(req, "policies", req.id); // cascade: only a policy still in the primary is there to delete
    }
    this.softDelete(req, "partners", req.id);
    return { status: 204 };
  }

  /** [INFERENCE] landscape Q3: `tenantRestrictions` with the specialised `@odata.type` is refused (switchable). */
  private refuseSpecialisedTypes(body: unknown): void {
    if (!this.settings.rejectTenantRestrictionsODataType || !isPlainObject(body)) return;
    const tr = body.tenantRestrictions;
    const type = isPlainObject(tr) ? tr["@odata.type"] : undefined;
    if (typeof type === "string" && type.replace(/^#/, "").toLowerCase() === TENANT_RESTRICTIONS_TYPE.toLowerCase()) {
      throw GraphErrorFactory.unsupportedODataType("tenantRestrictions", type);
    }
  }

  /** [INFERENCE] landscape Q2: an app-only token may not set `isServiceProvider` to true or false (switchable). */
  private refuseAppOnlyServiceProvider(req: GraphRequest, body: JsonObject): void {
    if (
      this.settings.isServiceProviderDelegatedOnly &&
      typeof body.isServiceProvider === "boolean" &&
      isAppOnly(req.claims)
    ) {
      throw GraphErrorFactory.authorizationRequestDenied();
    }
  }

  private projection(req: GraphRequest): Projection {
    const select = this.selectOf(req, "partner");
    let expandSync = false;
    let expandSelect: string[] | undefined;
    const expand = req.ctx.query.get("$expand");
    if (expand !== null) {
      for (const item of expand
        .split(/,(?![^(]*\))/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const m = EXPAND.exec(item);
        if (!m) throw GraphErrorFactory.invalidExpand(item.replace(/\(.*$/, ""));
        expandSync = true;
        if (m[1] !== undefined) {
          expandSelect = m[1]
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
          const syncFields = SCHEMAS[req.version].sync.fields;
          for (const name of expandSelect) {
            if (!(name in syncFields))
              throw GraphErrorFactory.invalidQueryProperty(
                name,
                "microsoft.graph.crossTenantIdentitySyncPolicyPartner",
              );
          }
        }
      }
    }
    return { select, expandSync, expandSelect };
  }

  private render(req: GraphRequest, partner: Readonly<JsonObject>, projection: Projection): JsonObject {
    const version: ApiVersion = req.version;
    const out = this.entity("partner", version, partner, projection.select);
    if (projection.expandSync) {
      const sync = this.read(req, "policies", partner.tenantId as string);
      if (sync) out.identitySynchronization = this.entity("sync", version, sync, projection.expandSelect);
      else if (this.settings.expandMissingSync === "null") out.identitySynchronization = null;
    }
    return out;
  }
}
