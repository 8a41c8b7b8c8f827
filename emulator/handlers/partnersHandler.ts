/**
 * `/policies/crossTenantAccessPolicy/partners[/{tenantId}]`: list (`$select`, `$expand=identitySynchronization`),
 * POST (201), GET, PATCH (204), DELETE (204; refused while a sync policy exists) — graph-behaviour.md §3.3.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../server/context";
import { JsonObject } from "../util/json";
import { PARTNER_TYPE, SCHEMAS } from "../validation/schemas";
import { validateBody } from "../validation/validateBody";
import { BaseHandler, GraphRequest, parseSelect } from "./baseHandler";
import { applyPatch, newPartnerRecord } from "./records";
import { ApiVersion } from "../validation/types";

interface Projection {
  select?: string[];
  expandSync: boolean;
  expandSelect?: string[];
}

const EXPAND = /^identitySynchronization(?:\(\$select=([^)]*)\))?$/;

/** The select list of a context URL (OData 4.0 §10): only with `$select`, expanded navigation shown as `name()`. */
function selectList(projection: Projection): string {
  if (!projection.select) return "";
  return `(${[...projection.select, ...(projection.expandSync ? ["identitySynchronization()"] : [])].join(",")})`;
}

export class PartnersHandler extends BaseHandler {
  list(req: GraphRequest): HandlerResult {
    const projection = this.projection(req);
    const ids = new Set(this.store.list("partners").map((p) => (p.tenantId as string).toLowerCase()));
    for (const id of this.deps.lag.laggingIds("partners")) ids.add(id);
    const value: JsonObject[] = [];
    for (const id of ids) {
      const partner = this.deps.lag.view("partners", id, this.store.get("partners", id));
      if (partner) value.push(this.render(req.version, partner, projection));
    }
    return { status: 200, body: { "@odata.context": this.metadata(req, `policies/crossTenantAccessPolicy/partners${selectList(projection)}`), value } };
  }

  create(req: GraphRequest): HandlerResult {
    const schema = SCHEMAS[req.version].partner;
    const body = validateBody(schema, req.body, this.writability("partner", ["tenantId"]));
    const tenantId = body.tenantId;
    if (typeof tenantId !== "string") throw GraphErrorFactory.requiredProperty("tenantId");
    const id = tenantId.toLowerCase();
    if (this.store.get("partners", id)) throw GraphErrorFactory.duplicatePartner(this.settings.duplicatePartnerStatus);
    this.write("partners", newPartnerRecord(id, body));
    const base = `${req.ctx.baseUrl}/${req.version}/policies/crossTenantAccessPolicy/partners`;
    return {
      status: 201,
      headers: { Location: `${base}/${id}` },
      body: {
        "@odata.context": this.metadata(req, "policies/crossTenantAccessPolicy/partners/$entity"),
        ...this.entity("partner", req.version, this.store.get("partners", id) as JsonObject),
      },
    };
  }

  get(req: GraphRequest): HandlerResult {
    const projection = this.projection(req);
    const partner = this.deps.lag.view("partners", req.id, this.store.get("partners", req.id));
    if (!partner) throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, `policies/crossTenantAccessPolicy/partners${selectList(projection)}/$entity`),
        ...this.render(req.version, partner, projection),
      },
    };
  }

  update(req: GraphRequest): HandlerResult {
    const body = validateBody(SCHEMAS[req.version].partner, req.body, this.writability("partner"));
    const current = this.store.get("partners", req.id);
    if (!current) throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
    this.write("partners", applyPatch(current, body, this.settings.nestedPatch));
    return { status: 204 };
  }

  delete(req: GraphRequest): HandlerResult {
    if (!this.store.get("partners", req.id)) throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
    if (this.store.get("policies", req.id)) {
      if (this.settings.partnerDeleteWithSyncPolicy === "reject") {
        throw GraphErrorFactory.partnerHasSyncPolicy(req.id, this.settings.partnerDeleteWithSyncPolicyError);
      }
      this.softDelete("policies", req.id, req.version);
    }
    this.softDelete("partners", req.id, req.version);
    return { status: 204 };
  }

  private projection(req: GraphRequest): Projection {
    const schema = SCHEMAS[req.version].partner;
    const select = parseSelect(req.ctx.query);
    for (const name of select ?? []) {
      if (!(name in schema.fields)) throw GraphErrorFactory.invalidQueryProperty(name, PARTNER_TYPE);
    }
    let expandSync = false;
    let expandSelect: string[] | undefined;
    const expand = req.ctx.query.get("$expand");
    if (expand !== null) {
      for (const item of expand.split(/,(?![^(]*\))/).map((s) => s.trim()).filter(Boolean)) {
        const m = EXPAND.exec(item);
        if (!m) throw GraphErrorFactory.invalidExpand(item.replace(/\(.*$/, ""));
        expandSync = true;
        if (m[1] !== undefined) {
          expandSelect = m[1].split(",").map((s) => s.trim()).filter(Boolean);
          const syncFields = SCHEMAS[req.version].sync.fields;
          for (const name of expandSelect) {
            if (!(name in syncFields)) throw GraphErrorFactory.invalidQueryProperty(name, "microsoft.graph.crossTenantIdentitySyncPolicyPartner");
          }
        }
      }
    }
    return { select, expandSync, expandSelect };
  }

  private render(version: ApiVersion, partner: Readonly<JsonObject>, projection: Projection): JsonObject {
    const out = this.entity("partner", version, partner, projection.select);
    if (projection.expandSync) {
      const id = partner.tenantId as string;
      const sync = this.deps.lag.view("policies", id, this.store.get("policies", id));
      if (sync) out.identitySynchronization = this.entity("sync", version, sync, projection.expandSelect);
      else if (this.settings.expandMissingSync === "null") out.identitySynchronization = null;
    }
    return out;
  }
}
