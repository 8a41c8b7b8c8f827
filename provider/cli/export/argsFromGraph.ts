/**
 * Graph objects → the arguments of this package's resources, exactly as the resources read them back, so the
 * first `pulumi up` of an exported program finds every object equal and takes it over without a write:
 * - a partner setting that inherits the default (null, or an object whose leaves are all null) is left out;
 *   within a setting only the leaves Graph has are written; target lists keep Graph's order;
 * - the default configuration lists every setting it has (it manages only what it lists; there is nothing to
 *   inherit from); `automaticUserConsentSettings` is read-only there and left out;
 * - a sync policy always has `userSyncInbound` (null in Graph = not allowed); its `displayName` only when Graph has
 *   one; `groupSyncInbound` only on beta and only when Graph has a value.
 * Settings the resources do not manage (e.g. `tenantRestrictions.devices`, `protectedContentSharing`) are reported
 * by `unmanagedSettings` so the program can say they are left as they are.
 */
import type { ApiVersion } from "../../config/settings";
import type { GraphObject } from "./readTenant";

export interface TargetArgs {
  target: string;
  targetType: string;
}

export interface TargetConfigurationArgs {
  accessType: string;
  targets: TargetArgs[];
}

export interface B2BSettingArgs {
  usersAndGroups?: TargetConfigurationArgs;
  applications?: TargetConfigurationArgs;
}

export interface InboundOutboundArgs {
  inboundAllowed?: boolean;
  outboundAllowed?: boolean;
}

export interface InboundTrustArgs {
  isMfaAccepted?: boolean;
  isCompliantDeviceAccepted?: boolean;
  isHybridAzureADJoinedDeviceAccepted?: boolean;
}

/** The B2B settings, in the order the generated code lists them. */
export const B2B_SETTINGS = [
  "b2bCollaborationInbound",
  "b2bCollaborationOutbound",
  "b2bDirectConnectInbound",
  "b2bDirectConnectOutbound",
  "tenantRestrictions",
] as const;
export type B2BSettingName = (typeof B2B_SETTINGS)[number];

export interface PartnerArgs extends Partial<Record<B2BSettingName, B2BSettingArgs>> {
  tenantId: string;
  automaticUserConsentSettings?: InboundOutboundArgs;
  inboundTrust?: InboundTrustArgs;
}

export type DefaultArgs = Partial<Record<B2BSettingName, B2BSettingArgs>> & { inboundTrust?: InboundTrustArgs };

export interface SyncPolicyArgs {
  tenantId: string;
  displayName?: string;
  userSyncInbound: { isSyncAllowed: boolean };
  groupSyncInbound?: { isSyncAllowed: boolean };
}

const isObject = (v: unknown): v is GraphObject => typeof v === "object" && v !== null && !Array.isArray(v);

function booleans<K extends string>(v: unknown, keys: readonly K[]): Partial<Record<K, boolean>> | undefined {
  if (!isObject(v)) return undefined;
  const out: Partial<Record<K, boolean>> = {};
  for (const k of keys) if (typeof v[k] === "boolean") out[k] = v[k] as boolean;
  return Object.keys(out).length > 0 ? out : undefined;
}

function targetConfiguration(v: unknown): TargetConfigurationArgs | undefined {
  if (!isObject(v) || typeof v.accessType !== "string") return undefined;
  const targets: TargetArgs[] = [];
  for (const t of Array.isArray(v.targets) ? v.targets : []) {
    if (isObject(t) && typeof t.target === "string" && typeof t.targetType === "string") targets.push({ target: t.target, targetType: t.targetType });
  }
  return { accessType: v.accessType, targets };
}

export function b2bSetting(v: unknown): B2BSettingArgs | undefined {
  if (!isObject(v)) return undefined;
  const out: B2BSettingArgs = {};
  const usersAndGroups = targetConfiguration(v.usersAndGroups);
  const applications = targetConfiguration(v.applications);
  if (usersAndGroups) out.usersAndGroups = usersAndGroups;
  if (applications) out.applications = applications;
  return usersAndGroups || applications ? out : undefined;
}

const trustKeys = ["isMfaAccepted", "isCompliantDeviceAccepted", "isHybridAzureADJoinedDeviceAccepted"] as const;
const consentKeys = ["inboundAllowed", "outboundAllowed"] as const;

export function partnerArgs(p: GraphObject): PartnerArgs {
  const out: PartnerArgs = { tenantId: String(p.tenantId).toLowerCase() };
  const consent = booleans(p.automaticUserConsentSettings, consentKeys);
  if (consent) out.automaticUserConsentSettings = consent;
  const trust = booleans(p.inboundTrust, trustKeys);
  if (trust) out.inboundTrust = trust;
  for (const name of B2B_SETTINGS) {
    const s = b2bSetting(p[name]);
    if (s) out[name] = s;
  }
  return out;
}

export function defaultArgs(d: GraphObject): DefaultArgs {
  const out: DefaultArgs = {};
  const trust = booleans(d.inboundTrust, trustKeys);
  if (trust) out.inboundTrust = trust;
  for (const name of B2B_SETTINGS) {
    const s = b2bSetting(d[name]);
    if (s) out[name] = s;
  }
  return out;
}

/** The partner's expanded sync policy as resource arguments; undefined when it has none. */
export function syncPolicyArgs(p: GraphObject, apiVersion: ApiVersion): SyncPolicyArgs | undefined {
  const s = p.identitySynchronization;
  if (!isObject(s)) return undefined;
  // Built in the order the generated code lists the properties.
  const out: SyncPolicyArgs = { tenantId: String(p.tenantId).toLowerCase() } as SyncPolicyArgs;
  if (typeof s.displayName === "string" && s.displayName.trim() !== "") out.displayName = s.displayName;
  out.userSyncInbound = { isSyncAllowed: isObject(s.userSyncInbound) && s.userSyncInbound.isSyncAllowed === true };
  if (apiVersion === "beta" && isObject(s.groupSyncInbound) && typeof s.groupSyncInbound.isSyncAllowed === "boolean") {
    out.groupSyncInbound = { isSyncAllowed: s.groupSyncInbound.isSyncAllowed };
  }
  return out;
}

/** Read-only, identity or relationship properties: never settings. */
const notSettings = new Set([
  "tenantId",
  "displayName",
  "isServiceProvider",
  "isInMultiTenantOrganization",
  "isServiceDefault",
  "deletedDateTime",
  "identitySynchronization",
  "id",
]);

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.entries(v).every(([k, x]) => k.startsWith("@odata") || isEmpty(x));
  return false;
}

/**
 * Settings Graph has a value for that the resource does not manage, as dotted names (sorted): they stay as they
 * are in Graph whatever the program says.
 */
export function unmanagedSettings(o: GraphObject, managed: readonly string[]): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith("@odata") || k.includes("@odata") || notSettings.has(k) || isEmpty(v)) continue;
    if (managed.includes(k)) {
      if (k === "tenantRestrictions" && isObject(v) && !isEmpty(v.devices)) out.push("tenantRestrictions.devices");
      continue;
    }
    out.push(k);
  }
  return out.sort();
}

export const PARTNER_MANAGED = ["automaticUserConsentSettings", "inboundTrust", ...B2B_SETTINGS] as const;
export const DEFAULT_MANAGED = ["inboundTrust", ...B2B_SETTINGS] as const;
