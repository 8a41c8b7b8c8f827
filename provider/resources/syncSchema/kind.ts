import type { KindDescriptor } from "../kind";

/**
 * Typed overrides of one synchronization job's schema (a job made elsewhere, e.g. by @pulumi/azuread). Claimed by
 * the job: the "tenant ID" slot of the ownership key holds `<servicePrincipalId>/<jobId>`. A
 * CrossTenantSyncConfiguration with `schema` claims its own job's schema the same way.
 */
export const syncSchemaKind = {
  typeName: "CrossTenantSyncSchema",
  ownedKind: "syncSchema",
  singleton: false,
  describe: (key: string) =>
    `the synchronization schema of job ${key.split("/")[1] ?? key} (service principal ${key.split("/")[0]})`,
  adoption:
    "adopted = true: the parts it owns had been changed from the template already; destroy restores those values, not the template's",
  onDelete: 'destroy restores the parts it owns to what they were before (onDelete "revert")',
  keyNote: "service principal and job IDs are compared in any letter case",
  duplicateFix:
    "Declare the schema settings once per job: either as the CrossTenantSyncConfiguration's `schema` or as one CrossTenantSyncSchema, not both.",
} as const satisfies KindDescriptor;
