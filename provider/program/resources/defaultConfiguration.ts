import * as pulumi from "@pulumi/pulumi";
import type {
  CrossTenantAccessPolicyAppServiceConnectSetting,
  CrossTenantAccessPolicyAppServiceConnectSettingArgs,
  CrossTenantAccessPolicyB2BSetting,
  CrossTenantAccessPolicyB2BSettingArgs,
  CrossTenantAccessPolicyDevicesFilter,
  CrossTenantAccessPolicyInboundTrust,
  CrossTenantAccessPolicyInboundTrustArgs,
  CrossTenantAccessPolicyM365CollaborationInboundSetting,
  CrossTenantAccessPolicyM365CollaborationInboundSettingArgs,
  CrossTenantAccessPolicyM365CollaborationOutboundSetting,
  CrossTenantAccessPolicyM365CollaborationOutboundSettingArgs,
  InboundOutboundPolicyConfiguration,
  InvitationRedemptionIdentityProviderConfiguration,
  InvitationRedemptionIdentityProviderConfigurationArgs,
} from "../../resources/crossTenantSettings/args";
import { EntraResource } from "../entraResource";
import { defaultConfigurationKind } from "../../resources/defaultConfiguration/kind";

/**
 * Inputs of the default configuration. Only the settings given are managed; one left out is left as it is (there
 * is nothing to inherit from). `automaticUserConsentSettings` is read-only here (always false; an output): set it
 * per partner. Every setting exists in Graph v1.0 and beta.
 */
export interface CrossTenantAccessPolicyConfigurationDefaultArgs {
  /** B2B collaboration inbound for every partner without its own setting. Omitted = left as it is. */
  b2bCollaborationInbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /** B2B collaboration outbound for every partner without its own setting. Omitted = left as it is. */
  b2bCollaborationOutbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /**
   * B2B direct connect inbound. In the default configuration `usersAndGroups` supports only `AllUsers`, and both
   * halves must have the same `accessType`. Omitted = left as it is.
   */
  b2bDirectConnectInbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /** B2B direct connect outbound (both halves with the same `accessType`). Omitted = left as it is. */
  b2bDirectConnectOutbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /**
   * Tenant restrictions (both halves, when given, with the same `accessType`). Omitted = left as it is. Its device
   * filter (`devices`) is not managed here and never erased: it is read into `tenantRestrictionsDevices` and sent
   * back unchanged whenever tenantRestrictions is written (refresh after changing it in the portal).
   */
  tenantRestrictions?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /**
   * Trusted MFA and device claims of every partner without its own setting. A leaf left out is false, and a leaf
   * Graph returns as null reads as false too (there is nothing to inherit from: null and false both mean "not
   * trusted"), so both compare equal. Omitted = left as it is.
   */
  inboundTrust?: pulumi.Input<CrossTenantAccessPolicyInboundTrustArgs>;
  /**
   * Which identity provider a guest redeems an invitation with: the primary providers in order of precedence and
   * the fallback, e.g. `{ primaryIdentityProviderPrecedenceOrder: ["azureActiveDirectory", "externalFederation",
   * "socialIdentityProviders"], fallbackIdentityProvider: "emailOneTimePasscode" }` (no Microsoft accounts for
   * redemption). Omitted = left as it is.
   */
  invitationRedemptionIdentityProviderConfiguration?: pulumi.Input<InvitationRedemptionIdentityProviderConfigurationArgs>;
  /** Inbound Microsoft 365 collaboration for every partner without its own setting (`{ users }`). Omitted = left as it is. */
  m365CollaborationInbound?: pulumi.Input<CrossTenantAccessPolicyM365CollaborationInboundSettingArgs>;
  /** Outbound Microsoft 365 collaboration for every partner without its own setting (`{ usersAndGroups }`). Omitted = left as it is. */
  m365CollaborationOutbound?: pulumi.Input<CrossTenantAccessPolicyM365CollaborationOutboundSettingArgs>;
  /** Inbound app service connect for every partner without its own setting (`{ applications }`). Omitted = left as it is. */
  appServiceConnectInbound?: pulumi.Input<CrossTenantAccessPolicyAppServiceConnectSettingArgs>;
  /**
   * Block this tenant's users from using granular delegated admin privileges (GDAP) to sign in to other
   * organizations, for every partner without its own setting. Graph's null reads as false (its default). **Graph
   * beta only**: needs `apiVersion` `beta` on the resource's connection (preview fails otherwise). Omitted = left as it is.
   */
  blockServiceProviderOutboundAccess?: pulumi.Input<boolean>;
  /**
   * Name of a connection under the stack config `entra:connections` (another tenant's credentials). Omitted = the
   * top-level `entra:*` settings. Changing it replaces the resource (another tenant's default configuration).
   */
  connection?: pulumi.Input<string>;
}

/**
 * The tenant's default cross-tenant access configuration (Microsoft Graph
 * `crossTenantAccessPolicyConfigurationDefault`, `/policies/crossTenantAccessPolicy/default`), the settings every
 * partner inherits. A singleton: declare it at most once per tenant (connection).
 *
 * create → GET and a PATCH of the settings that differ, read (refresh) → GET, update → one PATCH of the changed
 * settings, delete → `resetToSystemDefault` (every setting back to Microsoft's default; use the resource option
 * `retainOnDelete: true` to leave the configuration as it is instead).
 * Type token: `pulumi-nodejs:dynamic/entra:CrossTenantAccessPolicyConfigurationDefault`.
 */
export class CrossTenantAccessPolicyConfigurationDefault extends EntraResource {
  /** B2B collaboration inbound, when managed. */
  public readonly b2bCollaborationInbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** B2B collaboration outbound, when managed. */
  public readonly b2bCollaborationOutbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** B2B direct connect inbound, when managed. */
  public readonly b2bDirectConnectInbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** B2B direct connect outbound, when managed. */
  public readonly b2bDirectConnectOutbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** Tenant restrictions, when managed. */
  public readonly tenantRestrictions!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** Inbound trust, when managed. */
  public readonly inboundTrust!: pulumi.Output<CrossTenantAccessPolicyInboundTrust | undefined>;
  /** Invitation redemption identity providers, when managed. */
  public readonly invitationRedemptionIdentityProviderConfiguration!: pulumi.Output<
    InvitationRedemptionIdentityProviderConfiguration | undefined
  >;
  /** Inbound Microsoft 365 collaboration, when managed. */
  public readonly m365CollaborationInbound!: pulumi.Output<
    CrossTenantAccessPolicyM365CollaborationInboundSetting | undefined
  >;
  /** Outbound Microsoft 365 collaboration, when managed. */
  public readonly m365CollaborationOutbound!: pulumi.Output<
    CrossTenantAccessPolicyM365CollaborationOutboundSetting | undefined
  >;
  /** Inbound app service connect, when managed. */
  public readonly appServiceConnectInbound!: pulumi.Output<CrossTenantAccessPolicyAppServiceConnectSetting | undefined>;
  /** GDAP sign-in to other organizations blocked (beta), when managed. */
  public readonly blockServiceProviderOutboundAccess!: pulumi.Output<boolean | undefined>;
  /** The `connection` input, when given. */
  public readonly connection!: pulumi.Output<string | undefined>;
  /** Read-only: true while the configuration is Microsoft's system default (Graph updates it asynchronously). */
  public readonly isServiceDefault!: pulumi.Output<boolean>;
  /**
   * When create took over a configuration that someone had customised (not the system default): ISO time; else
   * undefined. The take-over warning is printed on that run only.
   */
  public override readonly adoptedAt!: pulumi.Output<string | undefined>;
  /** Read-only: `tenantRestrictions.devices` as last read (not managed), sent back whenever tenantRestrictions is written. */
  public readonly tenantRestrictionsDevices!: pulumi.Output<CrossTenantAccessPolicyDevicesFilter | undefined>;
  /**
   * Read-only: automatic redemption as Graph reports it for the default configuration (always false there; set it
   * per partner). Undefined until read.
   */
  public readonly automaticUserConsentSettings!: pulumi.Output<InboundOutboundPolicyConfiguration | undefined>;

  constructor(
    name: string,
    args: CrossTenantAccessPolicyConfigurationDefaultArgs = {},
    opts?: pulumi.CustomResourceOptions,
  ) {
    // A second default configuration for the same tenant fails before it is registered (ownership.ts).
    super(
      defaultConfigurationKind,
      name,
      { connection: args?.connection },
      {
        b2bCollaborationInbound: undefined,
        b2bCollaborationOutbound: undefined,
        b2bDirectConnectInbound: undefined,
        b2bDirectConnectOutbound: undefined,
        tenantRestrictions: undefined,
        inboundTrust: undefined,
        invitationRedemptionIdentityProviderConfiguration: undefined,
        m365CollaborationInbound: undefined,
        m365CollaborationOutbound: undefined,
        appServiceConnectInbound: undefined,
        blockServiceProviderOutboundAccess: undefined,
        connection: undefined,
        // Before the spread: a JavaScript caller who sets it gets check()'s explanation (it is read-only here).
        automaticUserConsentSettings: undefined,
        ...args,
        isServiceDefault: undefined,
        adoptedAt: undefined,
        tenantRestrictionsDevices: undefined,
      },
      opts,
    );
  }
}
