import * as pulumi from "@pulumi/pulumi";
import { EntraResource } from "../entraResource";
import { crossTenantSyncConfigurationKind } from "../../resources/crossTenantSyncConfiguration/kind";
import { quarantineNotice } from "../../resources/crossTenantSyncConfiguration/quarantine";
import type { JobStatus } from "../../resources/crossTenantSyncConfiguration/types";
import { syncSchemaKind } from "../../resources/syncSchema/kind";
import type { SchemaBaseline, SyncSchemaSettings } from "../../resources/syncSchema/types";
import { claimGraphObject } from "../ownership";

export type { JobStatus as CrossTenantSyncJobStatus } from "../../resources/crossTenantSyncConfiguration/types";

/** Who is synchronized to the target tenant. */
export interface CrossTenantSyncScopeArgs {
  /** Synchronize every user of this tenant (the portal's "Sync all users and groups"). Default false. */
  syncAll?: pulumi.Input<boolean>;
  /** Object IDs (GUIDs) of users assigned to the configuration. */
  users?: pulumi.Input<pulumi.Input<string>[]>;
  /** Object IDs (GUIDs) of groups assigned to the configuration: their direct members are synchronized (nested groups are not). */
  groups?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface CrossTenantSyncConfigurationArgs {
  /**
   * Name of a connection under the stack config `entra:connections`: the SOURCE tenant (the one users are
   * synchronized from). Omitted = the top-level `entra:*` settings. Changing it replaces the resource.
   */
  connection?: pulumi.Input<string>;
  /** The configuration's name (its application's name in Entra), unique among this tenant's configurations. */
  displayName: pulumi.Input<string>;
  /**
   * The target tenant's ID (GUID): where users are synchronized to. It must allow inbound synchronization from this
   * tenant first (its CrossTenantIdentitySyncPolicyPartner and CrossTenantAccessPolicyConfigurationPartner with
   * inbound automatic consent). Changing it replaces the configuration (the old one is deleted first).
   */
  targetTenantId: pulumi.Input<string>;
  /** Who is synchronized: listed users and groups, or `syncAll`. An empty scope with `syncAll` false is refused. */
  scope: pulumi.Input<CrossTenantSyncScopeArgs>;
  /** true (default): the job runs (start); false: the job is paused. */
  provisioningEnabled?: pulumi.Input<boolean>;
  /** Where the job's failure notifications go (one address). Omitted = no notifications. */
  notificationEmail?: pulumi.Input<string>;
  /**
   * Accidental-deletion prevention: the most deletions one cycle may make before the job stops and notifies
   * (a positive whole number). Omitted = off.
   */
  accidentalDeletionThreshold?: pulumi.Input<number>;
  /** What destroy does: "delete" (default: pause the job, delete the application and its service principal) or "pause" (only pause the job; the schema settings are reverted). */
  onDestroy?: pulumi.Input<"delete" | "pause">;
  /**
   * Typed overrides of the job's schema (userType, showInAddressList, targetObjectActions, scopingFilters,
   * attributeMappings, removeAttributeMappings, extensionAttributes), applied after the job exists and before it
   * starts. Only what is declared is owned; docs/sync-schema.md.
   */
  schema?: pulumi.Input<SyncSchemaSettings>;
}

/**
 * The source tenant's cross-tenant synchronization configuration (the Entra admin center's "Cross-tenant
 * synchronization > Configurations"): an application and service principal from the gallery template
 * `518e5f48-1fc8-4c48-9387-9fdf28b0dfe7`, its `Azure2Azure` synchronization job, the secrets that point it at the
 * target tenant, the users and groups in scope, and the job's state.
 *
 * Pulumi ID: the service principal's object ID. Type token: `pulumi-nodejs:dynamic/entra:CrossTenantSyncConfiguration`.
 * A job in quarantine is reported as a warning on the resource with Graph's reason and what to do.
 */
export class CrossTenantSyncConfiguration extends EntraResource {
  public readonly connection!: pulumi.Output<string | undefined>;
  public readonly displayName!: pulumi.Output<string>;
  /** Target tenant ID (lower case). */
  public readonly targetTenantId!: pulumi.Output<string>;
  /** The scope as the assignments in Entra make it (IDs lower case, sorted). */
  public readonly scope!: pulumi.Output<{ syncAll: boolean; users: string[]; groups: string[] }>;
  public readonly provisioningEnabled!: pulumi.Output<boolean>;
  public readonly notificationEmail!: pulumi.Output<string | undefined>;
  public readonly accidentalDeletionThreshold!: pulumi.Output<number | undefined>;
  public readonly onDestroy!: pulumi.Output<"delete" | "pause">;
  /** The application's object ID. */
  public readonly applicationObjectId!: pulumi.Output<string>;
  /** The service principal's object ID (also the resource ID). */
  public readonly servicePrincipalId!: pulumi.Output<string>;
  /** The application (client) ID. */
  public readonly appId!: pulumi.Output<string>;
  /** The synchronization job's ID. */
  public readonly jobId!: pulumi.Output<string>;
  /** The ID of the job's user rule (`USER_INBOUND_USER`), for provision on demand. */
  public readonly userRuleId!: pulumi.Output<string | undefined>;
  /** The app role the scope is assigned with (`msiam_access`). */
  public readonly appRoleId!: pulumi.Output<string | undefined>;
  /** Principal object ID → app role assignment ID. */
  public readonly assignments!: pulumi.Output<Record<string, string>>;
  /** The job's state (schedule), status code, last cycle and quarantine, as last read. */
  public readonly jobStatus!: pulumi.Output<JobStatus>;
  /** The schema settings as the job's schema has them (the declared parts only). */
  public readonly schema!: pulumi.Output<SyncSchemaSettings | undefined>;
  /** What the owned schema parts held before `schema` set them (what removing `schema` restores). */
  public readonly schemaBaseline!: pulumi.Output<SchemaBaseline | undefined>;
  /** True when create took over a configuration that already existed with this name. */
  public override readonly adopted!: pulumi.Output<boolean>;
  /** When create took it over (ISO time); only when adopted. The take-over warning is printed on that run only. */
  public override readonly adoptedAt!: pulumi.Output<string | undefined>;

  constructor(name: string, args: CrossTenantSyncConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      crossTenantSyncConfigurationKind,
      name,
      // Claimed by its name: create finds an existing configuration by template and name (kind.ts).
      { connection: args?.connection, tenantId: args?.displayName },
      {
        provisioningEnabled: undefined,
        notificationEmail: undefined,
        accidentalDeletionThreshold: undefined,
        onDestroy: undefined,
        connection: undefined,
        schema: undefined,
        ...args,
        applicationObjectId: undefined,
        servicePrincipalId: undefined,
        appId: undefined,
        jobId: undefined,
        userRuleId: undefined,
        appRoleId: undefined,
        assignments: undefined,
        jobStatus: undefined,
        adopted: undefined,
        adoptedAt: undefined,
        schemaBaseline: undefined,
      },
      opts,
    );
    // With `schema`, this configuration also owns its job's schema: a CrossTenantSyncSchema on the same job is a
    // conflict, found once both IDs are known (from state at preview, or after create).
    if (args?.schema !== undefined) {
      const owner = claimGraphObject({
        kind: syncSchemaKind.ownedKind,
        type: crossTenantSyncConfigurationKind.typeName,
        name,
        connection: args.connection,
        tenantId: pulumi
          .all([args.schema, this.servicePrincipalId, this.jobId])
          .apply(([s, sp, job]) => (s && sp && job ? `${sp}/${job}` : (undefined as unknown as string))),
      });
      owner.input.apply((conflict) => {
        if (conflict) void pulumi.log.error(conflict, this);
      });
    }
    // A job in quarantine provisions no one: say so on the resource, with Graph's reason and the fix.
    pulumi.all([this.displayName, this.targetTenantId, this.jobStatus]).apply(([displayName, target, status]) => {
      const line = status ? quarantineNotice(displayName, target, status) : undefined;
      if (line) void pulumi.log.warn(line, this);
    });
  }
}
