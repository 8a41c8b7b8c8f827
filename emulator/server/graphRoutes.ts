/**
 * Every Graph route the emulator serves, one row per method and path: the router (`graphRouter.ts`) matches paths
 * against these rows and the pipeline (`graphPipeline.ts`) runs the row's checks and handler. A new Graph object is
 * its handler file, its entry in `createGraphHandlers` and its rows here.
 *
 * Row order matters once: the methods of one path are listed in the order the `Allow` header gives them.
 */
import { authorizeDeletedItems, PERMISSIONS, RoutePermissions } from "../auth/graphAuthorization";
import { AccessTokenClaims } from "../auth/tokens";
import { AccessPolicyHandler } from "../handlers/accessPolicyHandler";
import { ApplicationsHandler } from "../handlers/applicationsHandler";
import { AppRoleAssignmentsHandler } from "../handlers/appRoleAssignmentsHandler";
import { GraphRequest, HandlerDeps } from "../handlers/baseHandler";
import { DefaultConfigurationHandler } from "../handlers/defaultConfigurationHandler";
import { DeletedItemsHandler } from "../handlers/deletedItemsHandler";
import { DirectoryObjectsHandler } from "../handlers/directoryObjectsHandler";
import { IdentitySyncHandler } from "../handlers/identitySyncHandler";
import { PartnersHandler } from "../handlers/partnersHandler";
import { SynchronizationHandler } from "../handlers/synchronizationHandler";
import { SyncSchemaHandler } from "../handlers/syncSchemaHandler";
import { EmulatorSettings } from "../settings";
import { SchemaKind } from "../validation/schemas";
import { ApiVersion } from "../validation/types";
import { HandlerResult } from "../http/context";

/** One instance of each Graph handler, shared by all requests. */
export function createGraphHandlers(deps: HandlerDeps) {
  return {
    partners: new PartnersHandler(deps),
    sync: new IdentitySyncHandler(deps),
    defaults: new DefaultConfigurationHandler(deps),
    policy: new AccessPolicyHandler(deps),
    deleted: new DeletedItemsHandler(deps),
    directory: new DirectoryObjectsHandler(deps),
    applications: new ApplicationsHandler(deps),
    assignments: new AppRoleAssignmentsHandler(deps),
    synchronization: new SynchronizationHandler(deps),
    schema: new SyncSchemaHandler(deps),
  };
}

export type GraphHandlers = ReturnType<typeof createGraphHandlers>;

export type GraphMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface GraphRouteRow {
  method: GraphMethod;
  /**
   * The path after `/v1.0` or `/beta`, matched segment by segment without regard to case, as Graph does. `{name}`
   * is a key segment (also written `name('{key}')` by OData clients; lower-cased). A `microsoft.graph.x` segment is
   * an action: it also matches without its namespace and must be the last segment.
   */
  path: string;
  /** The operation's name, unique per method and path (logs, tests). */
  operation: string;
  /** The API versions that serve the route (default all). A property's existence per version is in `SCHEMAS`. */
  versions?: readonly ApiVersion[];
  /**
   * The schema (of the request's version in `SCHEMAS`) that validates the JSON body. Present: the operation needs a
   * body; absent: whatever body a client sends is ignored, as Graph does.
   */
  body?: SchemaKind;
  /** The body property keying the object a create makes: its concurrency window before the body is validated. */
  createsKey?: string;
  /** The permissions the route accepts (default: the cross-tenant access policy's). */
  permissions?: RoutePermissions;
  /** A check beyond the read/write permission, run right after it. */
  authorize?(claims: AccessTokenClaims, settings: EmulatorSettings): void;
  handle(handlers: GraphHandlers, req: GraphRequest): HandlerResult;
}

const POLICY = "policies/crossTenantAccessPolicy";
const DEFAULT = `${POLICY}/default`;
const PARTNERS = `${POLICY}/partners`;
const PARTNER = `${PARTNERS}/{id}`;
const SYNC = `${PARTNER}/identitySynchronization`;
const DELETED_PARTNERS = "policies/deletedItems/crossTenantPartners";
const DELETED_POLICIES = "policies/deletedItems/crossTenantSyncPolicyPartners";

// The source side of cross-tenant synchronization (issue 16).
const USER = "users/{id}";
const GROUP = "groups/{id}";
const APPLICATION = "applications/{id}";
const SERVICE_PRINCIPAL = "servicePrincipals/{id}";
const ASSIGNED_TO = `${SERVICE_PRINCIPAL}/appRoleAssignedTo`;
const SYNCHRONIZATION = `${SERVICE_PRINCIPAL}/synchronization`;
const JOBS = `${SYNCHRONIZATION}/jobs`;
const JOB = `${JOBS}/{jobId}`;
const SCHEMA = `${JOB}/schema`;
const TEMPLATE_SCHEMA = `${SYNCHRONIZATION}/templates/{templateId}/schema`;
const USERS_READ = { permissions: PERMISSIONS.users } as const satisfies Partial<GraphRouteRow>;
const GROUPS_READ = { permissions: PERMISSIONS.groups } as const satisfies Partial<GraphRouteRow>;
const APPS = { permissions: PERMISSIONS.applications } as const satisfies Partial<GraphRouteRow>;
const ASSIGNMENTS = { permissions: PERMISSIONS.appRoleAssignments } as const satisfies Partial<GraphRouteRow>;
const SYNC_API = { permissions: PERMISSIONS.synchronization } as const satisfies Partial<GraphRouteRow>;

/** Beta soft delete (graph-behaviour.md §4); app-only tokens refused when `deletedItemsDelegatedOnly`. */
const DELETED_ITEMS = {
  versions: ["beta"],
  authorize: (claims, settings) => authorizeDeletedItems(claims, settings.deletedItemsDelegatedOnly),
} as const satisfies Partial<GraphRouteRow>;

export const GRAPH_ROUTES: readonly GraphRouteRow[] = [
  // The tenant's top-level policy.
  { method: "GET", path: POLICY, operation: "getPolicy", handle: (h, req) => h.policy.get(req) },
  {
    method: "PATCH",
    path: POLICY,
    operation: "updatePolicy",
    body: "policy",
    handle: (h, req) => h.policy.update(req),
  },

  // The default configuration.
  { method: "GET", path: DEFAULT, operation: "getDefault", handle: (h, req) => h.defaults.get(req) },
  {
    method: "PATCH",
    path: DEFAULT,
    operation: "updateDefault",
    body: "default",
    handle: (h, req) => h.defaults.update(req),
  },
  {
    method: "POST",
    path: `${DEFAULT}/microsoft.graph.resetToSystemDefault`,
    operation: "resetDefault",
    handle: (h, req) => h.defaults.reset(req),
  },

  // Partner configurations.
  { method: "GET", path: PARTNERS, operation: "listPartners", handle: (h, req) => h.partners.list(req) },
  {
    method: "POST",
    path: PARTNERS,
    operation: "createPartner",
    body: "partner",
    createsKey: "tenantId",
    handle: (h, req) => h.partners.create(req),
  },
  { method: "GET", path: PARTNER, operation: "getPartner", handle: (h, req) => h.partners.get(req) },
  {
    method: "PATCH",
    path: PARTNER,
    operation: "updatePartner",
    body: "partner",
    handle: (h, req) => h.partners.update(req),
  },
  { method: "DELETE", path: PARTNER, operation: "deletePartner", handle: (h, req) => h.partners.delete(req) },

  // A partner's identity synchronization policy.
  { method: "GET", path: SYNC, operation: "getSync", handle: (h, req) => h.sync.get(req) },
  { method: "PUT", path: SYNC, operation: "putSync", body: "sync", handle: (h, req) => h.sync.put(req) },
  { method: "PATCH", path: SYNC, operation: "updateSync", body: "sync", handle: (h, req) => h.sync.update(req) },
  { method: "DELETE", path: SYNC, operation: "deleteSync", handle: (h, req) => h.sync.delete(req) },

  // Deleted partners and deleted sync policies (beta).
  {
    ...DELETED_ITEMS,
    method: "GET",
    path: DELETED_PARTNERS,
    operation: "listDeletedPartners",
    handle: (h, req) => h.deleted.list(req, "crossTenantPartners"),
  },
  {
    ...DELETED_ITEMS,
    method: "GET",
    path: `${DELETED_PARTNERS}/{id}`,
    operation: "getDeletedPartner",
    handle: (h, req) => h.deleted.get(req, "crossTenantPartners"),
  },
  {
    ...DELETED_ITEMS,
    method: "DELETE",
    path: `${DELETED_PARTNERS}/{id}`,
    operation: "deleteDeletedPartner",
    handle: (h, req) => h.deleted.delete(req, "crossTenantPartners"),
  },
  {
    ...DELETED_ITEMS,
    method: "POST",
    path: `${DELETED_PARTNERS}/{id}/microsoft.graph.restore`,
    operation: "restoreDeletedPartner",
    handle: (h, req) => h.deleted.restore(req, "crossTenantPartners"),
  },
  {
    ...DELETED_ITEMS,
    method: "GET",
    path: DELETED_POLICIES,
    operation: "listDeletedPolicies",
    handle: (h, req) => h.deleted.list(req, "crossTenantSyncPolicyPartners"),
  },
  {
    ...DELETED_ITEMS,
    method: "GET",
    path: `${DELETED_POLICIES}/{id}`,
    operation: "getDeletedPolicy",
    handle: (h, req) => h.deleted.get(req, "crossTenantSyncPolicyPartners"),
  },
  {
    ...DELETED_ITEMS,
    method: "DELETE",
    path: `${DELETED_POLICIES}/{id}`,
    operation: "deleteDeletedPolicy",
    handle: (h, req) => h.deleted.delete(req, "crossTenantSyncPolicyPartners"),
  },
  {
    ...DELETED_ITEMS,
    method: "POST",
    path: `${DELETED_POLICIES}/{id}/microsoft.graph.restore`,
    operation: "restoreDeletedPolicy",
    handle: (h, req) => h.deleted.restore(req, "crossTenantSyncPolicyPartners"),
  },

  // Users and groups (seeded; synchronized users are written by the provisioning engine).
  {
    ...USERS_READ,
    method: "GET",
    path: "users",
    operation: "listUsers",
    handle: (h, req) => h.directory.listUsers(req),
  },
  { ...USERS_READ, method: "GET", path: USER, operation: "getUser", handle: (h, req) => h.directory.getUser(req) },
  {
    ...GROUPS_READ,
    method: "GET",
    path: "groups",
    operation: "listGroups",
    handle: (h, req) => h.directory.listGroups(req),
  },
  { ...GROUPS_READ, method: "GET", path: GROUP, operation: "getGroup", handle: (h, req) => h.directory.getGroup(req) },
  {
    ...GROUPS_READ,
    method: "GET",
    path: `${GROUP}/members`,
    operation: "listGroupMembers",
    handle: (h, req) => h.directory.listMembers(req),
  },

  // The configuration's application and service principal.
  {
    ...APPS,
    method: "POST",
    path: "applicationTemplates/{id}/microsoft.graph.instantiate",
    operation: "instantiateApplicationTemplate",
    body: "instantiate",
    handle: (h, req) => h.applications.instantiate(req),
  },
  {
    ...APPS,
    method: "GET",
    path: "applications",
    operation: "listApplications",
    handle: (h, req) => h.applications.listApplications(req),
  },
  {
    ...APPS,
    method: "GET",
    path: APPLICATION,
    operation: "getApplication",
    handle: (h, req) => h.applications.getApplication(req),
  },
  {
    ...APPS,
    method: "PATCH",
    path: APPLICATION,
    operation: "updateApplication",
    body: "application",
    handle: (h, req) => h.applications.updateApplication(req),
  },
  {
    ...APPS,
    method: "DELETE",
    path: APPLICATION,
    operation: "deleteApplication",
    handle: (h, req) => h.applications.deleteApplication(req),
  },
  {
    ...APPS,
    method: "GET",
    path: "servicePrincipals",
    operation: "listServicePrincipals",
    handle: (h, req) => h.applications.listServicePrincipals(req),
  },
  {
    ...APPS,
    method: "GET",
    path: SERVICE_PRINCIPAL,
    operation: "getServicePrincipal",
    handle: (h, req) => h.applications.getServicePrincipal(req),
  },
  {
    ...APPS,
    method: "PATCH",
    path: SERVICE_PRINCIPAL,
    operation: "updateServicePrincipal",
    body: "servicePrincipal",
    handle: (h, req) => h.applications.updateServicePrincipal(req),
  },

  // App role assignments: the configuration's scope.
  {
    ...ASSIGNMENTS,
    method: "GET",
    path: ASSIGNED_TO,
    operation: "listAppRoleAssignedTo",
    handle: (h, req) => h.assignments.list(req),
  },
  {
    ...ASSIGNMENTS,
    method: "POST",
    path: ASSIGNED_TO,
    operation: "createAppRoleAssignedTo",
    body: "appRoleAssignment",
    handle: (h, req) => h.assignments.create(req),
  },
  {
    ...ASSIGNMENTS,
    method: "DELETE",
    path: `${ASSIGNED_TO}/{assignmentId}`,
    operation: "deleteAppRoleAssignedTo",
    handle: (h, req) => h.assignments.delete(req),
  },

  // Synchronization: jobs, secrets, credentials, schema, provisioning.
  {
    ...SYNC_API,
    method: "GET",
    path: JOBS,
    operation: "listSynchronizationJobs",
    handle: (h, req) => h.synchronization.listJobs(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: JOBS,
    operation: "createSynchronizationJob",
    body: "syncJob",
    handle: (h, req) => h.synchronization.createJob(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: `${JOBS}/microsoft.graph.validateCredentials`,
    operation: "validateSynchronizationCredentials",
    body: "validateCredentials",
    handle: (h, req) => h.synchronization.validateCredentials(req),
  },
  {
    ...SYNC_API,
    method: "GET",
    path: JOB,
    operation: "getSynchronizationJob",
    handle: (h, req) => h.synchronization.getJob(req),
  },
  {
    ...SYNC_API,
    method: "DELETE",
    path: JOB,
    operation: "deleteSynchronizationJob",
    handle: (h, req) => h.synchronization.deleteJob(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: `${JOB}/microsoft.graph.start`,
    operation: "startSynchronizationJob",
    handle: (h, req) => h.synchronization.start(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: `${JOB}/microsoft.graph.pause`,
    operation: "pauseSynchronizationJob",
    handle: (h, req) => h.synchronization.pause(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: `${JOB}/microsoft.graph.restart`,
    operation: "restartSynchronizationJob",
    handle: (h, req) => h.synchronization.restart(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: `${JOB}/microsoft.graph.provisionOnDemand`,
    operation: "provisionOnDemand",
    body: "provisionOnDemand",
    handle: (h, req) => h.synchronization.provisionOnDemand(req),
  },

  // The job's synchronization schema (issue 17).
  {
    ...SYNC_API,
    method: "GET",
    path: SCHEMA,
    operation: "getSynchronizationSchema",
    handle: (h, req) => h.schema.get(req),
  },
  {
    ...SYNC_API,
    method: "PUT",
    path: SCHEMA,
    operation: "putSynchronizationSchema",
    body: "syncSchema",
    handle: (h, req) => h.schema.put(req),
  },
  {
    ...SYNC_API,
    method: "DELETE",
    path: SCHEMA,
    operation: "deleteSynchronizationSchema",
    handle: (h, req) => h.schema.delete(req),
  },
  // The service has no PATCH or POST on the schema: 404 UnknownError (SDKs that send PATCH meet it).
  {
    ...SYNC_API,
    method: "PATCH",
    path: SCHEMA,
    operation: "patchSynchronizationSchema",
    handle: (h, req) => h.schema.unsupported(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: SCHEMA,
    operation: "postSynchronizationSchema",
    handle: (h, req) => h.schema.unsupported(req),
  },
  {
    ...SYNC_API,
    method: "GET",
    path: `${SCHEMA}/microsoft.graph.filterOperators`,
    operation: "synchronizationSchemaFilterOperators",
    handle: (h, req) => h.schema.filterOperators(req),
  },
  {
    ...SYNC_API,
    method: "GET",
    path: `${SCHEMA}/microsoft.graph.functions`,
    operation: "synchronizationSchemaFunctions",
    handle: (h, req) => h.schema.functions(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: `${SCHEMA}/microsoft.graph.parseExpression`,
    operation: "synchronizationSchemaParseExpression",
    body: "parseExpression",
    handle: (h, req) => h.schema.parseExpression(req),
  },
  {
    ...SYNC_API,
    method: "GET",
    path: TEMPLATE_SCHEMA,
    operation: "getSynchronizationTemplateSchema",
    handle: (h, req) => h.schema.template(req),
  },
  {
    ...SYNC_API,
    method: "GET",
    path: `${TEMPLATE_SCHEMA}/microsoft.graph.filterOperators`,
    operation: "synchronizationTemplateSchemaFilterOperators",
    handle: (h, req) => h.schema.filterOperators(req),
  },
  {
    ...SYNC_API,
    method: "GET",
    path: `${TEMPLATE_SCHEMA}/microsoft.graph.functions`,
    operation: "synchronizationTemplateSchemaFunctions",
    handle: (h, req) => h.schema.functions(req),
  },
  {
    ...SYNC_API,
    method: "POST",
    path: `${TEMPLATE_SCHEMA}/microsoft.graph.parseExpression`,
    operation: "synchronizationTemplateSchemaParseExpression",
    body: "parseExpression",
    handle: (h, req) => h.schema.parseExpression(req),
  },
  {
    ...SYNC_API,
    method: "PUT",
    path: `${SYNCHRONIZATION}/secrets`,
    operation: "putSynchronizationSecrets",
    body: "syncSecrets",
    handle: (h, req) => h.synchronization.putSecrets(req),
  },
];
