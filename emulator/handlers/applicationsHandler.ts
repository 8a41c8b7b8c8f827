/**
 * Applications and service principals as the cross-tenant synchronization flows use them: `instantiate` of the
 * gallery template (application + service principal, [DOC] applicationtemplate-instantiate.md and the Entra guide
 * step 5), `GET/PATCH/DELETE /applications/{id}` (a delete also removes its service principal, the service
 * principal's jobs, secrets and app role assignments), `GET /applications` and `GET /servicePrincipals` with
 * `$filter`, `GET/PATCH /servicePrincipals/{id}`. A new service principal is unreadable for
 * `servicePrincipalReadLagMs` ([INFERENCE] of the guide's "up to 15 seconds").
 */
import { randomUUID } from "crypto";
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { matchesEq, parseEqFilter } from "../http/filter";
import { Directory } from "../persistence/graphStore";
import { JsonObject } from "../util/json";
import { BaseHandler, GraphRequest } from "./baseHandler";
import {
  assignmentsOf,
  CROSS_TENANT_SYNC_TEMPLATE_ID,
  defaultDomainOf,
  jobsOf,
  msiamAccessRole,
  renderApplication,
  renderServicePrincipal,
  servicePrincipalOf,
} from "./sourceRecords";

const SP_FILTERS = ["applicationTemplateId", "displayName", "appId", "id"];
const APP_FILTERS = ["applicationTemplateId", "displayName", "appId", "id"];

export class ApplicationsHandler extends BaseHandler {
  /** Service principal id → creation time (directory clock), for the read lag. */
  private readonly created = new Map<string, number>();

  instantiate(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    if (req.id !== CROSS_TENANT_SYNC_TEMPLATE_ID) throw GraphErrorFactory.unknownApplicationTemplate(req.id);
    if (typeof body.displayName !== "string" || body.displayName === "")
      throw GraphErrorFactory.requiredProperty("displayName");
    const displayName = body.displayName;
    const appId = randomUUID();
    const role = msiamAccessRole();
    const now = this.timestamp();
    const application: JsonObject = {
      id: randomUUID(),
      appId,
      applicationTemplateId: req.id,
      displayName,
      createdDateTime: now,
      publisherDomain: defaultDomainOf(req.dir),
      signInAudience: "AzureADMyOrg",
      appRoles: [role],
      tags: [],
    };
    const servicePrincipal: JsonObject = {
      id: randomUUID(),
      appId,
      applicationTemplateId: req.id,
      displayName,
      appDisplayName: displayName,
      appOwnerOrganizationId: req.dir.tenantId,
      appRoleAssignmentRequired: true,
      accountEnabled: true,
      appRoles: [role],
      servicePrincipalNames: [appId],
      servicePrincipalType: "Application",
      publisherName: defaultDomainOf(req.dir),
      tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    };
    req.dir.put("applications", application);
    req.dir.put("servicePrincipals", servicePrincipal);
    this.created.set(servicePrincipal.id as string, this.now());
    return {
      status: 201,
      body: {
        "@odata.context": this.metadata(req, "microsoft.graph.applicationServicePrincipal"),
        application: renderApplication(application),
        servicePrincipal: renderServicePrincipal(servicePrincipal),
      },
    };
  }

  listApplications(req: GraphRequest): HandlerResult {
    const filter = parseEqFilter(req.ctx.query, APP_FILTERS);
    const value = req.dir
      .list("applications")
      .filter((a) => matchesEq(a, filter))
      .map(renderApplication);
    return { status: 200, body: { "@odata.context": this.metadata(req, "applications"), value } };
  }

  getApplication(req: GraphRequest): HandlerResult {
    const app = this.requireApplication(req);
    return {
      status: 200,
      body: { "@odata.context": this.metadata(req, "applications/$entity"), ...renderApplication(app) },
    };
  }

  updateApplication(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    const app = this.requireApplication(req);
    req.dir.put("applications", { ...(app as JsonObject), ...body });
    return { status: 204 };
  }

  /** Deletes the application, its service principal and everything hanging off the service principal. */
  deleteApplication(req: GraphRequest): HandlerResult {
    const app = this.requireApplication(req);
    const sp = servicePrincipalOf(req.dir, app);
    if (sp) removeServicePrincipal(req.dir, String(sp.id));
    req.dir.remove("applications", String(app.id));
    return { status: 204 };
  }

  listServicePrincipals(req: GraphRequest): HandlerResult {
    const filter = parseEqFilter(req.ctx.query, SP_FILTERS);
    const value = req.dir
      .list("servicePrincipals")
      .filter((s) => matchesEq(s, filter) && this.readable(String(s.id)))
      .map(renderServicePrincipal);
    return { status: 200, body: { "@odata.context": this.metadata(req, "servicePrincipals"), value } };
  }

  getServicePrincipal(req: GraphRequest): HandlerResult {
    const sp = req.dir.get("servicePrincipals", req.id);
    if (!sp || !this.readable(req.id)) throw GraphErrorFactory.resourceNotFound(req.id);
    return {
      status: 200,
      body: { "@odata.context": this.metadata(req, "servicePrincipals/$entity"), ...renderServicePrincipal(sp) },
    };
  }

  updateServicePrincipal(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    const sp = req.dir.get("servicePrincipals", req.id);
    if (!sp) throw GraphErrorFactory.resourceNotFound(req.id);
    req.dir.put("servicePrincipals", { ...(sp as JsonObject), ...body });
    return { status: 204 };
  }

  private requireApplication(req: GraphRequest): Readonly<JsonObject> {
    const app = req.dir.get("applications", req.id);
    if (!app) throw GraphErrorFactory.resourceNotFound(req.id);
    return app;
  }

  /** False while a new service principal is inside `servicePrincipalReadLagMs`. */
  private readable(id: string): boolean {
    const created = this.created.get(id.toLowerCase());
    if (created === undefined) return true;
    if (this.now() - created >= this.settings.servicePrincipalReadLagMs) {
      this.created.delete(id.toLowerCase());
      return true;
    }
    return false;
  }
}

/** A service principal and what hangs off it: its jobs, its secrets and the app role assignments on it. */
export function removeServicePrincipal(dir: Directory, id: string): void {
  for (const job of jobsOf(dir, id)) dir.remove("syncJobs", String(job.id));
  for (const a of assignmentsOf(dir, id)) dir.remove("appRoleAssignments", String(a.id));
  dir.remove("syncSecrets", id);
  dir.remove("servicePrincipals", id);
}

/** The service principal of a request's `{id}`, or 404 (the synchronization and assignment routes). */
export function requireServicePrincipal(req: GraphRequest): Readonly<JsonObject> {
  const sp = req.dir.get("servicePrincipals", req.id);
  if (!sp) throw GraphErrorFactory.resourceNotFound(req.id);
  return sp;
}
