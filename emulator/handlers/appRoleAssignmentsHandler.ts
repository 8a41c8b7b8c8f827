/**
 * App role assignments granted on a service principal (`appRoleAssignedTo`, [DOC] serviceprincipal-post-,
 * -list- and -delete-approleassignedto.md; Entra guide step 9): the configuration's scope. A principal is a user
 * or a group of the directory (else 404); `resourceId` must be the URL's service principal; the app role one of
 * its `appRoles` (or the default access role when it defines none); a second identical assignment is refused
 * (switch `duplicateAppRoleAssignmentError`).
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { JsonObject } from "../util/json";
import { requireServicePrincipal } from "./applicationsHandler";
import { BaseHandler, GraphRequest } from "./baseHandler";
import { assignmentsOf, DEFAULT_ACCESS_ROLE_ID, newAssignmentId, renderAssignment } from "./sourceRecords";

export class AppRoleAssignmentsHandler extends BaseHandler {
  create(req: GraphRequest): HandlerResult {
    const body = this.validBody(req);
    const sp = requireServicePrincipal(req);
    for (const name of ["principalId", "resourceId", "appRoleId"]) {
      if (typeof body[name] !== "string") throw GraphErrorFactory.requiredProperty(name);
    }
    const principalId = String(body.principalId).toLowerCase();
    const appRoleId = String(body.appRoleId).toLowerCase();
    if (String(body.resourceId).toLowerCase() !== sp.id) throw GraphErrorFactory.assignmentResourceMismatch();
    const roles = ((sp.appRoles ?? []) as JsonObject[]).map((r) => String(r.id).toLowerCase());
    if (!(roles.includes(appRoleId) || (roles.length === 0 && appRoleId === DEFAULT_ACCESS_ROLE_ID)))
      throw GraphErrorFactory.appRoleNotFound(String(sp.appId));
    const user = req.dir.get("users", principalId);
    const group = user ? undefined : req.dir.get("groups", principalId);
    const principal = user ?? group;
    if (!principal) throw GraphErrorFactory.resourceNotFound(principalId);
    const duplicate = assignmentsOf(req.dir, String(sp.id)).some(
      (a) => a.principalId === principalId && a.appRoleId === appRoleId,
    );
    if (duplicate) throw GraphErrorFactory.duplicateAppRoleAssignment(this.settings.duplicateAppRoleAssignmentError);
    const assignment: JsonObject = {
      id: newAssignmentId(),
      deletedDateTime: null,
      appRoleId,
      createdDateTime: this.timestamp(),
      principalDisplayName: (principal.displayName ?? null) as string | null,
      principalId,
      principalType: user ? "User" : "Group",
      resourceDisplayName: (sp.displayName ?? null) as string | null,
      resourceId: String(sp.id),
    };
    req.dir.put("appRoleAssignments", assignment);
    return {
      status: 201,
      body: {
        "@odata.context": this.metadata(req, `servicePrincipals('${String(sp.id)}')/appRoleAssignedTo/$entity`),
        ...renderAssignment(assignment),
      },
    };
  }

  list(req: GraphRequest): HandlerResult {
    const sp = requireServicePrincipal(req);
    return {
      status: 200,
      body: {
        "@odata.context": this.metadata(req, `servicePrincipals('${String(sp.id)}')/appRoleAssignedTo`),
        value: assignmentsOf(req.dir, String(sp.id)).map(renderAssignment),
      },
    };
  }

  delete(req: GraphRequest): HandlerResult {
    const sp = requireServicePrincipal(req);
    const id = req.params.assignmentId;
    const assignment = req.dir.get("appRoleAssignments", id);
    if (!assignment || assignment.resourceId !== sp.id) throw GraphErrorFactory.resourceNotFound(id);
    req.dir.remove("appRoleAssignments", id);
    return { status: 204 };
  }
}
