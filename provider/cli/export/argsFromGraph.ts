/**
 * Graph objects → the arguments of this package's resources, through the resources' own normalisation
 * (provider/resources/crossTenantSettings `settingsFromGraph`), so the program declares exactly what the resources
 * read back and the first `pulumi up` takes every object over without a write:
 * - a partner setting that inherits the default (null, or an object whose leaves are all null) is left out;
 *   within a setting only the leaves Graph has are written; target lists are sorted (the resources compare them
 *   as sets), so the output does not depend on Graph's order;
 * - the default configuration lists every setting it has (it manages only what it lists; there is nothing to
 *   inherit from), with every inboundTrust leaf (null there means false); `automaticUserConsentSettings` is
 *   read-only there and left out;
 * - a B2B setting with one half null is written with that half alone; a half with an empty target list as is;
 * - a sync policy always has `userSyncInbound` (null in Graph = not allowed); its `displayName` only when Graph has
 *   one; `groupSyncInbound` and `externalCloudAuthorizedApplicationId` only on beta and only when Graph has a value;
 * - the cross-tenant access policy has its `allowedCloudEndpoints` as Graph lists them (sorted; a set).
 * Settings the resources do not manage (e.g. `tenantRestrictions.devices`, `protectedContentSharing`) are reported
 * by `unmanagedSettings` so the program can say they are left as they are (the resources send a device filter
 * back unchanged whenever they write tenantRestrictions).
 */
import type { ApiVersion } from "../../config/settings";
import {
  CrossTenantSettings,
  DEFAULT_SETTINGS as DEFAULT_CONFIGURATION_SETTINGS,
  PARTNER_SETTINGS as PARTNER_CONFIGURATION_SETTINGS,
  SettingName,
  settingsFromGraph,
} from "../../resources/crossTenantSettings";
import { endpointsFromGraph } from "../../resources/crossTenantAccessPolicy/payload";
import type { GraphObject } from "./readTenant";

export type PartnerArgs = CrossTenantSettings & { tenantId: string };
export type DefaultArgs = Omit<CrossTenantSettings, "automaticUserConsentSettings">;

export interface SyncPolicyArgs {
  tenantId: string;
  displayName?: string;
  userSyncInbound: { isSyncAllowed: boolean };
  groupSyncInbound?: { isSyncAllowed: boolean };
  externalCloudAuthorizedApplicationId?: string;
}

export interface AccessPolicyArgs {
  allowedCloudEndpoints: string[];
}

/** Settings of the partner resource, in the order the generated code lists them. */
export const PARTNER_SETTINGS: readonly SettingName[] = PARTNER_CONFIGURATION_SETTINGS;
/** Settings of the default configuration resource (automatic consent is read-only there). */
export const DEFAULT_SETTINGS: readonly SettingName[] = DEFAULT_CONFIGURATION_SETTINGS;

const isObject = (v: unknown): v is GraphObject => typeof v === "object" && v !== null && !Array.isArray(v);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Targets sorted by type then value: deterministic, and equal for the resources (they compare sets). */
function sortTargets<T extends object>(settings: T): T {
  const out: GraphObject = {};
  for (const [name, value] of Object.entries(settings)) {
    if (!isObject(value)) {
      out[name] = value;
      continue;
    }
    const setting: GraphObject = {};
    for (const [k, v] of Object.entries(value)) {
      setting[k] =
        isObject(v) && Array.isArray(v.targets)
          ? {
              ...v,
              targets: [...(v.targets as { target: string; targetType: string }[])].sort(
                (x, y) => compare(x.targetType, y.targetType) || compare(x.target, y.target),
              ),
            }
          : v;
    }
    out[name] = setting;
  }
  return out as T;
}

export function partnerArgs(p: GraphObject): PartnerArgs {
  const settings = sortTargets(settingsFromGraph(p, PARTNER_SETTINGS));
  // Graph's default: left out, so the program does not manage it (beta answers carry it on every partner).
  if (settings.blockServiceProviderOutboundAccess === false) delete settings.blockServiceProviderOutboundAccess;
  return { tenantId: String(p.tenantId).toLowerCase(), ...settings };
}

export function defaultArgs(d: GraphObject): DefaultArgs {
  // Normalised as the default configuration compares it: a null inboundTrust leaf is written as false.
  return sortTargets(settingsFromGraph(d, DEFAULT_SETTINGS, "default")) as DefaultArgs;
}

/** The partner's expanded sync policy as resource arguments; undefined when it has none. */
export function syncPolicyArgs(p: GraphObject, apiVersion: ApiVersion): SyncPolicyArgs | undefined {
  const s = p.identitySynchronization;
  if (!isObject(s)) return undefined;
  // Built in the order the generated code lists the properties.
  const out = { tenantId: String(p.tenantId).toLowerCase() } as SyncPolicyArgs;
  if (typeof s.displayName === "string" && s.displayName.trim() !== "") out.displayName = s.displayName;
  out.userSyncInbound = { isSyncAllowed: isObject(s.userSyncInbound) && s.userSyncInbound.isSyncAllowed === true };
  if (apiVersion === "beta" && isObject(s.groupSyncInbound) && typeof s.groupSyncInbound.isSyncAllowed === "boolean") {
    out.groupSyncInbound = { isSyncAllowed: s.groupSyncInbound.isSyncAllowed };
  }
  const appId = s.externalCloudAuthorizedApplicationId;
  if (apiVersion === "beta" && typeof appId === "string" && appId.trim() !== "")
    out.externalCloudAuthorizedApplicationId = appId.trim().toLowerCase();
  return out;
}

/** The tenant's cross-tenant access policy as resource arguments: its list sorted (the resource compares a set). */
export function accessPolicyArgs(policy: GraphObject): AccessPolicyArgs {
  return { allowedCloudEndpoints: [...endpointsFromGraph(policy)].sort(compare) };
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
    if (k.includes("@odata") || notSettings.has(k) || isEmpty(v)) continue;
    if (managed.includes(k)) {
      if (k === "tenantRestrictions" && isObject(v) && !isEmpty(v.devices)) out.push("tenantRestrictions.devices");
      continue;
    }
    out.push(k);
  }
  return out.sort();
}

export const PARTNER_MANAGED: readonly string[] = PARTNER_SETTINGS;
export const DEFAULT_MANAGED: readonly string[] = DEFAULT_SETTINGS;
