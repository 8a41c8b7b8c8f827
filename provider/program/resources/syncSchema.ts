import * as pulumi from "@pulumi/pulumi";
import { EntraResource } from "../entraResource";
import { syncSchemaKind } from "../../resources/syncSchema/kind";
import type { OnSchemaDelete, SchemaBaseline, SyncSchemaSettings } from "../../resources/syncSchema/types";

/** The schema settings as inputs (each may come from another resource's output). */
export type SyncSchemaSettingsArgs = { [K in keyof SyncSchemaSettings]?: pulumi.Input<SyncSchemaSettings[K]> };

export interface CrossTenantSyncSchemaArgs extends SyncSchemaSettingsArgs {
  /**
   * Name of a connection under the stack config `entra:connections`: the SOURCE tenant (where the job runs).
   * Omitted = the top-level `entra:*` settings. Changing it replaces the resource.
   */
  connection?: pulumi.Input<string>;
  /** Object ID of the configuration's service principal (e.g. `azuread.ServicePrincipal`'s `objectId`). Changing it replaces the resource. */
  servicePrincipalId: pulumi.Input<string>;
  /**
   * The synchronization job's ID, `Azure2Azure.{32 hex}.{guid}` (`azuread.SynchronizationJob`'s `id` ends with it:
   * `job.id.apply((id) => id.split("/").pop()!)`). Changing it replaces the resource.
   */
  jobId: pulumi.Input<string>;
  /** The schema rule the settings apply to. Default `USER_INBOUND_USER` (a cross-tenant job's only rule). */
  ruleName?: pulumi.Input<string>;
  /**
   * What destroy does: "revert" (default: the owned parts get back what they held before), "resetToTemplate" (the
   * whole schema back to the template: a full resync; pause the job first) or "retain" (leave the schema as it is).
   */
  onDelete?: pulumi.Input<OnSchemaDelete>;
}

/**
 * Typed overrides of a cross-tenant synchronization job's schema, for a job made elsewhere (e.g. with
 * @pulumi/azuread): userType, showInAddressList, target object actions, scoping filters, attribute mappings and
 * extension attributes. Only what is declared is owned: the settings are merged onto the job's live schema, refresh
 * reports drift on them only, and an unchanged merge sends no PUT. Type token
 * `pulumi-nodejs:dynamic/entra:CrossTenantSyncSchema`; Pulumi ID `<servicePrincipalId>/<jobId>`. docs/sync-schema.md.
 */
export class CrossTenantSyncSchema extends EntraResource {
  public readonly connection!: pulumi.Output<string | undefined>;
  public readonly servicePrincipalId!: pulumi.Output<string>;
  public readonly jobId!: pulumi.Output<string>;
  public readonly ruleName!: pulumi.Output<string>;
  public readonly onDelete!: pulumi.Output<OnSchemaDelete>;
  /** The settings as the job's schema has them (the declared parts only). */
  public readonly userType!: pulumi.Output<SyncSchemaSettings["userType"]>;
  public readonly showInAddressList!: pulumi.Output<SyncSchemaSettings["showInAddressList"]>;
  public readonly targetObjectActions!: pulumi.Output<SyncSchemaSettings["targetObjectActions"]>;
  public readonly scopingFilters!: pulumi.Output<SyncSchemaSettings["scopingFilters"]>;
  public readonly attributeMappings!: pulumi.Output<SyncSchemaSettings["attributeMappings"]>;
  public readonly removeAttributeMappings!: pulumi.Output<SyncSchemaSettings["removeAttributeMappings"]>;
  public readonly extensionAttributes!: pulumi.Output<SyncSchemaSettings["extensionAttributes"]>;
  /** The rule's ID (per job), for provision on demand (e.g. `azuread.SynchronizationJobProvisionOnDemand`'s `ruleId`). */
  public readonly userRuleId!: pulumi.Output<string | undefined>;
  /** What the owned parts held before these settings (what destroy restores). */
  public readonly schemaBaseline!: pulumi.Output<SchemaBaseline>;
  /** True when the owned parts had already been changed from the template when create took them over. */
  public override readonly adopted!: pulumi.Output<boolean>;
  public override readonly adoptedAt!: pulumi.Output<string | undefined>;

  constructor(name: string, args: CrossTenantSyncSchemaArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      syncSchemaKind,
      name,
      // Claimed by its job: `<servicePrincipalId>/<jobId>` (kind.ts).
      {
        connection: args?.connection,
        tenantId: pulumi
          .all([args?.servicePrincipalId, args?.jobId])
          .apply(([sp, job]) => (sp && job ? `${sp}/${job}` : (undefined as unknown as string))),
      },
      {
        connection: undefined,
        ruleName: undefined,
        onDelete: undefined,
        userType: undefined,
        showInAddressList: undefined,
        targetObjectActions: undefined,
        scopingFilters: undefined,
        attributeMappings: undefined,
        removeAttributeMappings: undefined,
        extensionAttributes: undefined,
        ...args,
        userRuleId: undefined,
        schemaBaseline: undefined,
        adopted: undefined,
        adoptedAt: undefined,
      },
      opts,
    );
  }
}
