/** Public input types of `CrossTenantSyncPartnership`. */
import type * as pulumi from "@pulumi/pulumi";
import type { CrossTenantAccessPolicyInboundTrustArgs } from "../../../resources/crossTenantSettings/args";
import type { CrossTenantSyncConfigurationArgs } from "../../resources/crossTenantSyncConfiguration";
import type { CrossTenantAccessPolicyConfigurationPartnerArgs } from "../../resources/partnerConfiguration";

/**
 * The other settings of a partner configuration the component creates (B2B collaboration and direct connect,
 * tenant restrictions, inbound trust). `automaticUserConsentSettings` is the component's: it sets the consent the
 * relationship needs. As on the resource, a setting left out is managed as "inherit the default configuration".
 */
export type PartnershipPartnerSettingsArgs = Omit<
  CrossTenantAccessPolicyConfigurationPartnerArgs,
  "tenantId" | "connection" | "automaticUserConsentSettings" | "adoptExisting"
>;

/** One side of the relationship. */
export interface PartnershipTenantArgs {
  /** The tenant's ID (a GUID). */
  tenantId: pulumi.Input<string>;
  /**
   * The connection (stack config `entra:connections.<name>`) whose credentials reach this tenant. Omitted = the
   * top-level `entra:*` settings; at most one side can use them, since both sides are written in their own tenant.
   */
  connection?: pulumi.Input<string>;
  /**
   * More settings of the partner configuration the component creates in this tenant (for the other tenant), e.g.
   * `b2bCollaborationInbound`. Not allowed with `reverseOf` (the shared objects are declared by the other component).
   */
  partnerSettings?: PartnershipPartnerSettingsArgs;
}

export interface CrossTenantSyncPartnershipArgs {
  /** The tenant whose users are synchronized (it runs the sync job). */
  source: PartnershipTenantArgs;
  /** The tenant the users are synchronized into. */
  target: PartnershipTenantArgs;
  /** Allow user synchronization from the source into the target (`userSyncInbound.isSyncAllowed`). Default true. */
  userSync?: pulumi.Input<boolean>;
  /**
   * Allow group synchronization (`groupSyncInbound.isSyncAllowed`, Graph beta only: the target's connection needs
   * `apiVersion: beta`). Omitted = not managed.
   */
  groupSync?: pulumi.Input<boolean>;
  /** Display name of the identity sync policy in the target tenant, e.g. the source tenant's name. Omitted = not managed. */
  displayName?: pulumi.Input<string>;
  /**
   * Which MFA and device claims of the source tenant the target trusts (the target's partner configuration).
   * Shorthand for `target.partnerSettings.inboundTrust`; give one of the two.
   */
  inboundTrust?: pulumi.Input<CrossTenantAccessPolicyInboundTrustArgs>;
  /**
   * Both partner configurations allow automatic consent in both directions (`inboundAllowed` and
   * `outboundAllowed`), so that a second partnership for the opposite direction can share them with `reverseOf`.
   * Default false.
   */
  mutual?: boolean;
  /**
   * The partnership of the opposite direction (declared with `mutual: true`), whose two partner configurations
   * this one shares: it then creates only its identity sync policy. Each Graph object has one owner, so two
   * partnerships between the same tenants cannot both create the partner configurations.
   */
  reverseOf?: SyncPartnershipRef;
  /**
   * Passed to the partner configurations and the sync policy: take over existing objects whose values differ (see
   * the resources). Default false. (A source configuration with the same name is always taken over, with a warning.)
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * The source tenant's cross-tenant synchronization configuration (the portal's "Cross-tenant synchronization →
   * Configurations"): a `CrossTenantSyncConfiguration` in the source tenant, through `source.connection`, pointed at
   * `target.tenantId`. It is created after the target side (its credentials validate only once the target allows
   * inbound synchronization) and the source partner, and deleted before them. Omitted = not managed here.
   */
  sourceConfiguration?: PartnershipSourceConfigurationArgs;
}

/**
 * The source configuration of a partnership: the arguments of `CrossTenantSyncConfiguration` without `connection`
 * (the source side's) and `targetTenantId` (the partnership's target): `displayName`, `scope`, `provisioningEnabled`,
 * `notificationEmail`, `accidentalDeletionThreshold`, `onDestroy`, `schema`.
 */
export type PartnershipSourceConfigurationArgs = Omit<
  CrossTenantSyncConfigurationArgs,
  "connection" | "targetTenantId"
>;

/**
 * A `CrossTenantSyncPartnership`, as `reverseOf` takes it: named by its shape so that these input types need
 * nothing from the component itself (no import cycle); the component checks it is one.
 */
export interface SyncPartnershipRef extends pulumi.ComponentResource {
  /** The partnership's resource name. */
  readonly partnershipName: string;
  /** Whether it was declared with `mutual: true`. */
  readonly mutual: boolean;
}
