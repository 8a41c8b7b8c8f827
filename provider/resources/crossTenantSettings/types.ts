/**
 * The settings the partner and the default configuration share (Graph `crossTenantAccessPolicyB2BSetting`,
 * `crossTenantAccessPolicyInboundTrust`, `inboundOutboundPolicyConfiguration`), as plain values after check().
 */

export type AccessType = "allowed" | "blocked";
export type TargetType = "user" | "group" | "application";

/** `crossTenantAccessPolicyTarget`. */
export interface Target {
  target: string;
  targetType: TargetType;
}

/** `crossTenantAccessPolicyTargetConfiguration`. */
export interface TargetConfiguration {
  accessType: AccessType;
  targets: Target[];
}

/**
 * `crossTenantAccessPolicyB2BSetting` (also the shape of `tenantRestrictions` without `devices`). A missing half is
 * null in Graph; at least one is present (a setting with neither is absent: inherited or unmanaged).
 */
export interface B2BSetting {
  usersAndGroups?: TargetConfiguration;
  applications?: TargetConfiguration;
}

/**
 * `crossTenantAccessPolicyInboundTrust`: on a partner an omitted leaf is null in Graph (inherited); in the default
 * configuration every leaf is present (null there means false).
 */
export interface InboundTrust {
  isMfaAccepted?: boolean;
  isCompliantDeviceAccepted?: boolean;
  isHybridAzureADJoinedDeviceAccepted?: boolean;
}

/** `inboundOutboundPolicyConfiguration` (`automaticUserConsentSettings`). */
export interface InboundOutbound {
  inboundAllowed?: boolean;
  outboundAllowed?: boolean;
}

export const B2B_SETTINGS = [
  "b2bCollaborationInbound",
  "b2bCollaborationOutbound",
  "b2bDirectConnectInbound",
  "b2bDirectConnectOutbound",
  "tenantRestrictions",
] as const;
export type B2BSettingName = (typeof B2B_SETTINGS)[number];

export const INBOUND_TRUST_KEYS = ["isMfaAccepted", "isCompliantDeviceAccepted", "isHybridAzureADJoinedDeviceAccepted"] as const;
export const INBOUND_OUTBOUND_KEYS = ["inboundAllowed", "outboundAllowed"] as const;

/** Every managed setting of a configuration; a missing one is inherited (partner) or unmanaged (default). */
export interface CrossTenantSettings {
  automaticUserConsentSettings?: InboundOutbound;
  b2bCollaborationInbound?: B2BSetting;
  b2bCollaborationOutbound?: B2BSetting;
  b2bDirectConnectInbound?: B2BSetting;
  b2bDirectConnectOutbound?: B2BSetting;
  tenantRestrictions?: B2BSetting;
  inboundTrust?: InboundTrust;
}

export type SettingName = keyof CrossTenantSettings;

/** In the order Graph's documentation lists them; messages and PATCH bodies follow it. */
export const SETTING_NAMES: readonly SettingName[] = ["automaticUserConsentSettings", ...B2B_SETTINGS, "inboundTrust"];

/** Which configuration the settings belong to: the rules differ slightly (landscape §2.3 Q4). */
export type ConfigurationKind = "partner" | "default";

/** Reserved target values and the targetType each is valid for ([DOC] crossTenantAccessPolicyTarget). */
export const RESERVED_TARGETS: Readonly<Record<string, TargetType>> = {
  AllUsers: "user",
  AllApplications: "application",
  AllMicrosoftApps: "application",
  Office365: "application",
};

/** Reserved values that mean "everyone": they cannot be combined with other targets in one list. */
export const ALL_TARGETS: readonly string[] = ["AllUsers", "AllApplications"];
