import type { KindDescriptor } from "../kind";

/**
 * The source tenant's cross-tenant synchronization configuration: an application and service principal from the
 * gallery template, its synchronization job, secrets and scope. Claimed by its display name (the "tenant ID" slot
 * of the ownership key holds it): create finds an existing configuration by template and name, so two resources
 * with one name in one tenant would meet the same application.
 */
export const crossTenantSyncConfigurationKind = {
  typeName: "CrossTenantSyncConfiguration",
  ownedKind: "crossTenantSyncConfiguration",
  singleton: false,
  describe: (displayName: string) => `the cross-tenant synchronization configuration named "${displayName}"`,
  adoption: "adopted = true; its secrets, scope and job state are now the program's",
  onDelete: 'destroy pauses its job and deletes its application (onDestroy "pause": only pauses the job)',
  keyNote: "names are compared in any letter case, as Graph does",
  duplicateFix:
    "Give each configuration its own displayName: Graph finds a configuration by its template and name, so two with one name (even for different target tenants) would share one application.",
} as const satisfies KindDescriptor;
