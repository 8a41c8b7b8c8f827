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
  InboundOutboundPolicyConfigurationArgs,
} from "../../resources/crossTenantSettings/args";
import { EntraResource } from "../entraResource";
import { partnerConfigurationKind } from "../../resources/partnerConfiguration/kind";

/**
 * Inputs of a partner configuration. **The program is the whole truth of the object**: a setting left out is
 * managed as "inherit the default configuration" (`null` in Graph), so a value set in the portal shows as drift
 * on `pulumi refresh` and `pulumi up` resets it. To leave a setting alone instead, use Pulumi's resource option
 * `ignoreChanges: ["inboundTrust"]`.
 */
export interface CrossTenantAccessPolicyConfigurationPartnerArgs {
  /**
   * The partner tenant's ID, a GUID (stored in lower case). Changing it replaces the resource (the old partner
   * configuration, and an identity sync policy that depends on it, are deleted first). Graph: `tenantId` (the key).
   */
  tenantId: pulumi.Input<string>;
  /**
   * Automatic redemption of invitations. For cross-tenant synchronization set `{ inboundAllowed: true }` in the
   * target tenant and `{ outboundAllowed: true }` in the source tenant. Omitted = inherit (never automatic).
   */
  automaticUserConsentSettings?: pulumi.Input<InboundOutboundPolicyConfigurationArgs>;
  /** Who from the partner tenant may be invited here as B2B guests, and to which apps. Omitted = inherit the default. */
  b2bCollaborationInbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /** Which of this tenant's users may be invited to the partner tenant, and to which apps. Omitted = inherit the default. */
  b2bCollaborationOutbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /** Who from the partner tenant may use B2B direct connect (Teams shared channels) here. Omitted = inherit the default. */
  b2bDirectConnectInbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /** Which of this tenant's users may use B2B direct connect in the partner tenant. Omitted = inherit the default. */
  b2bDirectConnectOutbound?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /**
   * Tenant restrictions: which partner-tenant identities may be used on this tenant's networks and devices.
   * Sent as a plain B2B setting. Omitted = inherit the default.
   *
   * Its device filter (`tenantRestrictions.devices`, which Graph documents as not supported on the server side
   * yet) is not managed here and is never erased: create and refresh read it into the output
   * `tenantRestrictionsDevices`, and every write of tenantRestrictions sends it back unchanged (inheriting the
   * default is then sent as both halves null next to the filter, rather than a null setting). After changing the
   * filter in the portal, run `pulumi refresh` (or `pulumi up --refresh`) before an up that writes
   * tenantRestrictions, so the filter sent back is the current one.
   */
  tenantRestrictions?: pulumi.Input<CrossTenantAccessPolicyB2BSettingArgs>;
  /** Which MFA and device claims from the partner tenant are trusted here. Omitted = inherit the default (a leaf left out is inherited too). */
  inboundTrust?: pulumi.Input<CrossTenantAccessPolicyInboundTrustArgs>;
  /** Which users of the partner tenant may collaborate here in Microsoft 365 apps (`{ users }`). Omitted = inherit the default. */
  m365CollaborationInbound?: pulumi.Input<CrossTenantAccessPolicyM365CollaborationInboundSettingArgs>;
  /** Which of this tenant's users and groups may collaborate with the partner in Microsoft 365 apps (`{ usersAndGroups }`). Omitted = inherit the default. */
  m365CollaborationOutbound?: pulumi.Input<CrossTenantAccessPolicyM365CollaborationOutboundSettingArgs>;
  /** Which applications may connect across the boundary with the partner (`{ applications }`). Omitted = inherit the default. */
  appServiceConnectInbound?: pulumi.Input<CrossTenantAccessPolicyAppServiceConnectSettingArgs>;
  /**
   * Block this tenant's users from using granular delegated admin privileges (GDAP) to sign in to the partner
   * tenant. **Graph beta only**: needs `apiVersion` `beta` on the resource's connection (preview fails otherwise).
   * Unlike the other settings, omitted = not managed (left as it is): Graph documents a default of false rather
   * than inheritance, and a partner may read back false without anyone setting it.
   */
  blockServiceProviderOutboundAccess?: pulumi.Input<boolean>;
  /**
   * When a partner configuration for this tenant already exists with other values, take it over and patch it to
   * the program's values instead of failing. Defaults to false. An existing configuration equal to the program is
   * always taken over (`adopted` becomes true and the `pulumi up` that takes it over prints a warning).
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * Name of a connection under the stack config `entra:connections` (another tenant's credentials). Omitted = the
   * top-level `entra:*` settings. Changing it replaces the resource (it is another tenant's object).
   */
  connection?: pulumi.Input<string>;
}

/**
 * A partner configuration: the cross-tenant access settings for one partner tenant (Microsoft Graph
 * `crossTenantAccessPolicyConfigurationPartner`, `/policies/crossTenantAccessPolicy/partners/{tenantId}`).
 *
 * create → POST (an existing one: taken over when equal, see `adoptExisting`; a soft-deleted one is restored, in
 * the global cloud only: Graph documents its deleted-items API for the global service only),
 * read (refresh) → GET, update → one PATCH of the changed settings, delete → DELETE (and a GET until Graph agrees
 * it is gone). An identity sync policy for the same partner goes in `CrossTenantIdentitySyncPolicyPartner` with
 * `tenantId: partner.tenantId`, which orders create and delete.
 * Type token: `pulumi-nodejs:dynamic/entra:CrossTenantAccessPolicyConfigurationPartner`.
 */
export class CrossTenantAccessPolicyConfigurationPartner extends EntraResource {
  /** Partner tenant ID (lower case). */
  public readonly tenantId!: pulumi.Output<string>;
  /** Automatic consent settings; undefined when inherited. */
  public readonly automaticUserConsentSettings!: pulumi.Output<InboundOutboundPolicyConfiguration | undefined>;
  /** B2B collaboration inbound; undefined when inherited. */
  public readonly b2bCollaborationInbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** B2B collaboration outbound; undefined when inherited. */
  public readonly b2bCollaborationOutbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** B2B direct connect inbound; undefined when inherited. */
  public readonly b2bDirectConnectInbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** B2B direct connect outbound; undefined when inherited. */
  public readonly b2bDirectConnectOutbound!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** Tenant restrictions; undefined when inherited. */
  public readonly tenantRestrictions!: pulumi.Output<CrossTenantAccessPolicyB2BSetting | undefined>;
  /** Inbound trust; undefined when inherited. */
  public readonly inboundTrust!: pulumi.Output<CrossTenantAccessPolicyInboundTrust | undefined>;
  /** Inbound Microsoft 365 collaboration; undefined when inherited. */
  public readonly m365CollaborationInbound!: pulumi.Output<
    CrossTenantAccessPolicyM365CollaborationInboundSetting | undefined
  >;
  /** Outbound Microsoft 365 collaboration; undefined when inherited. */
  public readonly m365CollaborationOutbound!: pulumi.Output<
    CrossTenantAccessPolicyM365CollaborationOutboundSetting | undefined
  >;
  /** Inbound app service connect; undefined when inherited. */
  public readonly appServiceConnectInbound!: pulumi.Output<CrossTenantAccessPolicyAppServiceConnectSetting | undefined>;
  /** GDAP sign-in to the partner blocked (beta); undefined when not managed. */
  public readonly blockServiceProviderOutboundAccess!: pulumi.Output<boolean | undefined>;
  /** The `adoptExisting` input, when given. */
  public readonly adoptExisting!: pulumi.Output<boolean | undefined>;
  /** The `connection` input, when given. */
  public readonly connection!: pulumi.Output<string | undefined>;
  /** Read-only: the partner is a Microsoft cloud service provider (CSP/GDAP) of this tenant. Never written by this package. */
  public readonly isServiceProvider!: pulumi.Output<boolean>;
  /** Read-only: the partner is in the same multitenant organization (set by the MTO service). */
  public readonly isInMultiTenantOrganization!: pulumi.Output<boolean>;
  /** True when create took over a partner configuration that already existed instead of creating it. */
  public override readonly adopted!: pulumi.Output<boolean>;
  /** When create took it over (ISO time); only when adopted. The take-over warning is printed on that run only. */
  public override readonly adoptedAt!: pulumi.Output<string | undefined>;
  /**
   * Read-only: `tenantRestrictions.devices` as last read from Graph (set in the portal; not managed here), sent
   * back unchanged whenever tenantRestrictions is written. Undefined when there is no device filter.
   */
  public readonly tenantRestrictionsDevices!: pulumi.Output<CrossTenantAccessPolicyDevicesFilter | undefined>;

  constructor(
    name: string,
    args: CrossTenantAccessPolicyConfigurationPartnerArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    // A second resource for the same partner fails before it is registered (ownership.ts).
    super(
      partnerConfigurationKind,
      name,
      { connection: args?.connection, tenantId: args?.tenantId },
      // Every output key is listed so each `Output` property exists even when its input is omitted; the spread
      // keeps any unknown key (from JavaScript callers) so that check() can name the typo.
      {
        automaticUserConsentSettings: undefined,
        b2bCollaborationInbound: undefined,
        b2bCollaborationOutbound: undefined,
        b2bDirectConnectInbound: undefined,
        b2bDirectConnectOutbound: undefined,
        tenantRestrictions: undefined,
        inboundTrust: undefined,
        m365CollaborationInbound: undefined,
        m365CollaborationOutbound: undefined,
        appServiceConnectInbound: undefined,
        blockServiceProviderOutboundAccess: undefined,
        adoptExisting: undefined,
        connection: undefined,
        ...args,
        isServiceProvider: undefined,
        isInMultiTenantOrganization: undefined,
        adopted: undefined,
        adoptedAt: undefined,
        tenantRestrictionsDevices: undefined,
      },
      opts,
    );
  }
}
