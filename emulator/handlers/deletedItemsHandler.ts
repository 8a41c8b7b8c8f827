/**
 * Beta soft delete (graph-behaviour.md §4): `/policies/deletedItems/{crossTenantPartners|crossTenantSyncPolicyPartners}`
 * list, get, permanent DELETE (204) and `POST …/{id}/restore` (200 + object). Items older than `retentionDays`
 * on the directory clock are purged (in every tenant's directory).
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { JsonObject } from "../util/json";
import { PARTNER_TYPE, SYNC_TYPE } from "../validation/schemas";
import { BaseHandler, GraphRequest } from "./baseHandler";

export type DeletedKind = "crossTenantPartners" | "crossTenantSyncPolicyPartners";

const COLLECTION = {
  crossTenantPartners: "deletedPartners",
  crossTenantSyncPolicyPartners: "deletedPolicies",
} as const;
const LIVE = { crossTenantPartners: "partners", crossTenantSyncPolicyPartners: "policies" } as const;
const ENTITY = { crossTenantPartners: "partner", crossTenantSyncPolicyPartners: "sync" } as const;

export class DeletedItemsHandler extends BaseHandler {
  /** Removes items deleted more than `retentionDays` ago, in every directory. Returns how many were purged. */
  purge(): number {
    const limit = this.now() - this.settings.retentionDays * 24 * 3600 * 1000;
    let purged = 0;
    for (const tenantId of this.deps.store.tenantIds()) {
      const dir = this.deps.store.directory(tenantId);
      for (const c of ["deletedPartners", "deletedPolicies"] as const) {
        for (const item of dir.list(c)) {
          const at = Date.parse(String(item.deletedDateTime));
          if (!Number.isNaN(at) && at <= limit) {
            dir.remove(c, item.tenantId as string);
            purged++;
          }
        }
      }
    }
    return purged;
  }

  list(req: GraphRequest, kind: DeletedKind): HandlerResult {
    this.purge();
    const value = req.dir.list(COLLECTION[kind]).map((r) => this.entity(ENTITY[kind], "beta", r));
    return { status: 200, body: { "@odata.context": this.metadata(req, `policies/deletedItems/${kind}`), value } };
  }

  get(req: GraphRequest, kind: DeletedKind): HandlerResult {
    const item = this.find(req, kind);
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, `policies/deletedItems/${kind}/$entity`),
        ...this.entity(ENTITY[kind], "beta", item),
      },
    };
  }

  delete(req: GraphRequest, kind: DeletedKind): HandlerResult {
    this.find(req, kind);
    req.dir.remove(COLLECTION[kind], req.id);
    return { status: 204 };
  }

  restore(req: GraphRequest, kind: DeletedKind): HandlerResult {
    const item = this.find(req, kind);
    const live = LIVE[kind];
    if (req.dir.get(live, req.id)) {
      throw kind === "crossTenantPartners"
        ? GraphErrorFactory.duplicatePartner(this.settings.duplicatePartnerStatus)
        : GraphErrorFactory.syncPolicyAlreadyExists();
    }
    if (kind === "crossTenantSyncPolicyPartners" && !req.dir.get("partners", req.id)) {
      throw GraphErrorFactory.resourceNotFound(req.id, this.settings.missingPartnerError);
    }
    const restored: JsonObject = { ...item };
    delete restored.deletedDateTime;
    this.write(req, live, restored);
    req.dir.remove(COLLECTION[kind], req.id);
    const type = kind === "crossTenantPartners" ? PARTNER_TYPE : SYNC_TYPE;
    return {
      status: 200,
      body: { "@odata.context": this.metadata(req, type), ...this.entity(ENTITY[kind], "beta", restored) },
    };
  }

  private find(req: GraphRequest, kind: DeletedKind): JsonObject {
    this.purge();
    const item = req.dir.get(COLLECTION[kind], req.id);
    if (!item) throw GraphErrorFactory.resourceNotFound(req.id);
    return item as JsonObject;
  }
}
