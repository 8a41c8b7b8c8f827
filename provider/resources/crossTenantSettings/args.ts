/**
 * Public input and output types of the settings the partner and the default configuration share. Names and
 * shapes are Graph's (camelCase), so a program reads like the Graph documentation and `export` can write it.
 */
import type * as pulumi from "@pulumi/pulumi";

/** One user, group or application (Graph `crossTenantAccessPolicyTarget`). */
export interface CrossTenantAccessPolicyTargetArgs {
  /**
   * The object ID (GUID) of a user or group in the partner tenant, or an application's appId; or a reserved
   * value: `AllUsers` (targetType `user`), `AllApplications`, `AllMicrosoftApps` or `Office365` (targetType
   * `application`). A reserved "all" value cannot be combined with other targets.
   */
  target: pulumi.Input<string>;
  /** `user` or `group` in `usersAndGroups`; `application` in `applications`. */
  targetType: pulumi.Input<"user" | "group" | "application">;
}

/** Who or what a setting applies to, and whether it is allowed (Graph `crossTenantAccessPolicyTargetConfiguration`). */
export interface CrossTenantAccessPolicyTargetConfigurationArgs {
  /** `allowed` or `blocked`: the targets are allowed (everyone else blocked) or blocked (everyone else allowed). */
  accessType: pulumi.Input<"allowed" | "blocked">;
  /** The targets, each listed once. May be empty (`[]`): Graph stores and returns that shape, so it can be declared. */
  targets: pulumi.Input<pulumi.Input<CrossTenantAccessPolicyTargetArgs>[]>;
}

/** Users and groups, e.g. `{ accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] }`. */
type UsersAndGroupsArgs = pulumi.Input<CrossTenantAccessPolicyTargetConfigurationArgs>;
/** Applications, e.g. `{ accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] }`. */
type ApplicationsArgs = pulumi.Input<CrossTenantAccessPolicyTargetConfigurationArgs>;

/**
 * A B2B collaboration, B2B direct connect or tenant restrictions setting (Graph
 * `crossTenantAccessPolicyB2BSetting`): `usersAndGroups`, `applications` or both. Graph takes a setting whole, so
 * it is always sent with both keys: a half left out goes as `null` (not set; that is how Graph shows a setting of
 * which only one half was configured).
 */
export type CrossTenantAccessPolicyB2BSettingArgs =
  | { usersAndGroups: UsersAndGroupsArgs; applications?: ApplicationsArgs }
  | { usersAndGroups?: UsersAndGroupsArgs; applications: ApplicationsArgs };

/**
 * Inbound Microsoft 365 collaboration (Graph `crossTenantAccessPolicyM365CollaborationInboundSetting`): which users
 * of the other organization may collaborate with this one in Microsoft 365 apps, e.g.
 * `{ users: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] } }`.
 */
export interface CrossTenantAccessPolicyM365CollaborationInboundSettingArgs {
  /** Users and groups of the other organization (`user` or `group` targets, or `AllUsers`). */
  users: pulumi.Input<CrossTenantAccessPolicyTargetConfigurationArgs>;
}

/**
 * Outbound Microsoft 365 collaboration (Graph `crossTenantAccessPolicyM365CollaborationOutboundSetting`): which of
 * this organization's users and groups may collaborate with the other one in Microsoft 365 apps.
 */
export interface CrossTenantAccessPolicyM365CollaborationOutboundSettingArgs {
  /** Users and groups of this organization (`user` or `group` targets, or `AllUsers`). */
  usersAndGroups: pulumi.Input<CrossTenantAccessPolicyTargetConfigurationArgs>;
}

/**
 * Inbound app service connect (Graph `crossTenantAccessPolicyAppServiceConnectSetting`): which applications may
 * connect across the tenant boundary, e.g. `{ applications: { accessType: "allowed", targets: [{ target:
 * "AllApplications", targetType: "application" }] } }`.
 */
export interface CrossTenantAccessPolicyAppServiceConnectSettingArgs {
  /** Applications (`application` targets: an appId, `AllApplications`, `AllMicrosoftApps` or `Office365`). */
  applications: pulumi.Input<CrossTenantAccessPolicyTargetConfigurationArgs>;
}

/** Primary identity providers for redeeming B2B invitations (Graph `b2bIdentityProvidersType`). */
export type PrimaryIdentityProviderType = "azureActiveDirectory" | "externalFederation" | "socialIdentityProviders";
/** Fallback identity providers for redeeming B2B invitations (Graph `b2bIdentityProvidersType`). */
export type FallbackIdentityProviderType = "defaultConfiguredIdp" | "emailOneTimePasscode" | "microsoftAccount";

/**
 * Which identity provider a guest redeems an invitation with (Graph
 * `defaultInvitationRedemptionIdentityProviderConfiguration`, default configuration only). Graph takes it whole:
 * both properties are required.
 */
export interface InvitationRedemptionIdentityProviderConfigurationArgs {
  /**
   * The primary identity providers, in order of precedence, each at most once: `azureActiveDirectory` (the guest's
   * Microsoft Entra tenant), `externalFederation` (SAML/WS-Fed federation), `socialIdentityProviders` (e.g. Google).
   * The order matters: a different order is a change.
   */
  primaryIdentityProviderPrecedenceOrder: pulumi.Input<pulumi.Input<PrimaryIdentityProviderType>[]>;
  /**
   * Used when no primary provider applies: `defaultConfiguredIdp` (an existing Microsoft account, then email
   * one-time passcode if enabled, else a new Microsoft account), `emailOneTimePasscode` or `microsoftAccount`.
   */
  fallbackIdentityProvider: pulumi.Input<FallbackIdentityProviderType>;
}

/** Which claims of the partner tenant's sign-ins this tenant trusts (Graph `crossTenantAccessPolicyInboundTrust`). */
export interface CrossTenantAccessPolicyInboundTrustArgs {
  /** Trust multifactor authentication done in the partner tenant. */
  isMfaAccepted?: pulumi.Input<boolean>;
  /** Trust compliant-device claims of the partner tenant. */
  isCompliantDeviceAccepted?: pulumi.Input<boolean>;
  /** Trust Microsoft Entra hybrid joined device claims of the partner tenant. */
  isHybridAzureADJoinedDeviceAccepted?: pulumi.Input<boolean>;
}

/** Automatic redemption of invitations (Graph `inboundOutboundPolicyConfiguration`). */
export interface InboundOutboundPolicyConfigurationArgs {
  /** Users from the partner tenant are consented automatically here (set in the target tenant of a sync). */
  inboundAllowed?: pulumi.Input<boolean>;
  /** This tenant's users are consented automatically in the partner tenant (set in the source tenant of a sync). */
  outboundAllowed?: pulumi.Input<boolean>;
}

/** Output shape of a target. */
export interface CrossTenantAccessPolicyTarget {
  /** GUID (lower case) or reserved value. */
  target: string;
  /** `user`, `group` or `application`. */
  targetType: "user" | "group" | "application";
}

/** Output shape of a target configuration. */
export interface CrossTenantAccessPolicyTargetConfiguration {
  /** `allowed` or `blocked`. */
  accessType: "allowed" | "blocked";
  /** The targets. */
  targets: CrossTenantAccessPolicyTarget[];
}

/** Output shape of a B2B setting. A half that is null in Graph is absent. */
export interface CrossTenantAccessPolicyB2BSetting {
  /** Users and groups. */
  usersAndGroups?: CrossTenantAccessPolicyTargetConfiguration;
  /** Applications. */
  applications?: CrossTenantAccessPolicyTargetConfiguration;
}

/** Output shape of `m365CollaborationInbound`. */
export interface CrossTenantAccessPolicyM365CollaborationInboundSetting {
  /** Users and groups of the other organization. */
  users?: CrossTenantAccessPolicyTargetConfiguration;
}

/** Output shape of `m365CollaborationOutbound`. */
export interface CrossTenantAccessPolicyM365CollaborationOutboundSetting {
  /** Users and groups of this organization. */
  usersAndGroups?: CrossTenantAccessPolicyTargetConfiguration;
}

/** Output shape of `appServiceConnectInbound`. */
export interface CrossTenantAccessPolicyAppServiceConnectSetting {
  /** Applications. */
  applications?: CrossTenantAccessPolicyTargetConfiguration;
}

/** Output shape of `invitationRedemptionIdentityProviderConfiguration`. */
export interface InvitationRedemptionIdentityProviderConfiguration {
  /** The primary identity providers, in order of precedence. */
  primaryIdentityProviderPrecedenceOrder: PrimaryIdentityProviderType[];
  /** The fallback identity provider. */
  fallbackIdentityProvider: FallbackIdentityProviderType;
}

/** Output shape of the inbound trust settings; an unset leaf is absent (partner: inherited; default: never, null is false). */
export interface CrossTenantAccessPolicyInboundTrust {
  /** Multifactor authentication of the partner is trusted. */
  isMfaAccepted?: boolean;
  /** Compliant-device claims of the partner are trusted. */
  isCompliantDeviceAccepted?: boolean;
  /** Hybrid joined device claims of the partner are trusted. */
  isHybridAzureADJoinedDeviceAccepted?: boolean;
}

/** Output shape of the automatic consent settings; an unset leaf is absent. */
export interface InboundOutboundPolicyConfiguration {
  /** Inbound automatic consent. */
  inboundAllowed?: boolean;
  /** Outbound automatic consent. */
  outboundAllowed?: boolean;
}

/**
 * Output shape of `tenantRestrictions.devices` (Graph `devicesFilter`), which this package does not manage but
 * keeps: `mode` `allowed` | `blocked` (devices that satisfy the rule are allowed or blocked) and a device `rule`.
 */
export interface CrossTenantAccessPolicyDevicesFilter {
  /** `allowed` or `blocked` (Graph `crossTenantAccessPolicyTargetConfigurationAccessType`). */
  mode?: "allowed" | "blocked" | null;
  /** The device filter rule. */
  rule?: string | null;
}
