/**
 * check() of the shared settings, like Graph validates them and with the fix in every message; no Graph call.
 * Values still unknown during preview (e.g. a group's object ID from another resource) pass through unvalidated.
 */
import type { ApiVersion } from "../../config/settings";
import type { Bag, CheckFailure } from "../handler";
import { betaOnlyFailure, checkOptionalBoolean, GUID, suggest, unknownKeyFailures } from "../shared/checks";
import { isPlainObject, isUnknown, typeName } from "../shared/values";
import {
  ALL_TARGETS,
  B2B_SETTINGS,
  BETA_SETTINGS,
  ConfigurationKind,
  DEFAULT_SETTINGS,
  FALLBACK_IDENTITY_PROVIDERS,
  Half,
  halvesOf,
  INBOUND_OUTBOUND_KEYS,
  INBOUND_TRUST_KEYS,
  INVITATION_REDEMPTION_KEYS,
  isTargetListSetting,
  PARTNER_SETTINGS,
  PRIMARY_IDENTITY_PROVIDERS,
  RESERVED_TARGETS,
  SettingName,
  TargetListSettingName,
  TargetType,
} from "./types";

const ACCESS_TYPES = ["allowed", "blocked"] as const;
const TARGET_TYPES: Record<Half, readonly TargetType[]> = {
  usersAndGroups: ["user", "group"],
  users: ["user", "group"],
  applications: ["application"],
};
const TARGET_EXAMPLES: Record<Half, string> = {
  usersAndGroups: '[{ target: "AllUsers", targetType: "user" }]',
  users: '[{ target: "AllUsers", targetType: "user" }]',
  applications: '[{ target: "AllApplications", targetType: "application" }]',
};
const EXAMPLES: Record<Half, string> = {
  usersAndGroups: '{ accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] }',
  users: '{ accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] }',
  applications: '{ accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] }',
};

/** The half of the same setting that takes the other kind of target, when the setting has one. */
function otherHalf(path: string, half: Half): Half | undefined {
  const setting = path.split(".")[0];
  const other: Half = half === "applications" ? "usersAndGroups" : "applications";
  return isTargetListSetting(setting) && halvesOf(setting).includes(other) ? other : undefined;
}

/** What omitting a setting means, for messages. */
function omitMeaning(kind: ConfigurationKind): string {
  return kind === "partner" ? "omit it to inherit the default configuration" : "omit it to leave it as it is";
}

function reservedFor(half: Half): string[] {
  return Object.keys(RESERVED_TARGETS).filter((r) => TARGET_TYPES[half].includes(RESERVED_TARGETS[r]));
}

function checkTarget(path: string, value: unknown, half: Half, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!isPlainObject(value)) {
    failures.push({
      property: path,
      reason: `${path} must be an object { target, targetType }, got ${typeName(value)}.`,
    });
    return {};
  }
  failures.push(...unknownKeyFailures(value, ["target", "targetType"], `${path}.`));
  const out: Bag = {};
  const allowedTypes = TARGET_TYPES[half];
  const tt = value.targetType;
  if (tt === undefined || tt === null) {
    failures.push({
      property: `${path}.targetType`,
      reason: `${path}.targetType is required: ${allowedTypes.map((t) => `"${t}"`).join(" or ")}.`,
    });
  } else if (isUnknown(tt)) {
    out.targetType = tt;
  } else if (typeof tt !== "string" || !allowedTypes.includes(tt as TargetType)) {
    const near = typeof tt === "string" ? suggest(tt, allowedTypes) : undefined;
    const other = otherHalf(path, half);
    const belongs =
      other && typeof tt === "string" && TARGET_TYPES[other].includes(tt as TargetType)
        ? ` Targets of type "${tt}" belong in ${other}.`
        : "";
    failures.push({
      property: `${path}.targetType`,
      reason:
        `${path}.targetType must be ${allowedTypes.map((t) => `"${t}"`).join(" or ")} in ${half}, got ${JSON.stringify(tt)}.` +
        (near && near !== tt ? ` Did you mean "${near}"?` : "") +
        belongs,
    });
  } else {
    out.targetType = tt;
  }

  const target = value.target;
  const reserved = reservedFor(half);
  const what = half === "applications" ? "an application (its appId)" : "a user or group";
  if (target === undefined || target === null || target === "") {
    failures.push({
      property: `${path}.target`,
      reason: `${path}.target is required: the object ID (a GUID) of ${what}, or ${reserved.map((r) => `"${r}"`).join(", ")}.`,
    });
  } else if (isUnknown(target)) {
    out.target = target;
  } else if (typeof target !== "string") {
    failures.push({ property: `${path}.target`, reason: `${path}.target must be a string, got ${typeName(target)}.` });
  } else if (GUID.test(target.trim())) {
    out.target = target.trim().toLowerCase();
  } else if (Object.prototype.hasOwnProperty.call(RESERVED_TARGETS, target)) {
    const validType = RESERVED_TARGETS[target];
    if (!reserved.includes(target)) {
      const other = otherHalf(path, half);
      failures.push({
        property: `${path}.target`,
        reason: other
          ? `${path}.target "${target}" is valid only in ${other}.`
          : `${path}.target "${target}" is not valid in ${half}: use the object ID (a GUID) of ${what}, or ${reserved.map((r) => `"${r}"`).join(", ")}.`,
      });
    } else if (typeof out.targetType === "string" && out.targetType !== validType) {
      failures.push({
        property: `${path}.targetType`,
        reason: `${path}: "${target}" is valid only with targetType "${validType}", got "${out.targetType}".`,
      });
    }
    out.target = target;
  } else {
    const near = suggest(target, reserved);
    failures.push({
      property: `${path}.target`,
      reason:
        near && near.toLowerCase() === target.toLowerCase()
          ? `${path}.target "${target}" must be written "${near}" (reserved values are case-sensitive).`
          : `${path}.target must be the object ID (a GUID) of ${what}, or ${reserved.map((r) => `"${r}"`).join(", ")}; got ${JSON.stringify(target)}.`,
    });
  }
  return out;
}

/** No duplicates; "everyone" values alone (landscape Q4: `AllUsers` cannot be mixed with specific IDs). */
function checkTargetList(path: string, targets: unknown[], failures: CheckFailure[]): void {
  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    if (!isPlainObject(t) || typeof t.target !== "string" || isUnknown(t.target)) return;
    const key = `${t.targetType}:${t.target.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      failures.push({
        property: `${path}[${i}]`,
        reason: `${path}[${i}] repeats ${path}[${first}] (${t.target}); list each target once.`,
      });
    } else seen.set(key, i);
  });
  const all = targets.find((t) => isPlainObject(t) && ALL_TARGETS.includes(t.target as string)) as Bag | undefined;
  if (all && targets.length > 1) {
    failures.push({
      property: path,
      reason: `${path}: "${all.target}" cannot be combined with other targets (it already covers all of them); list either "${all.target}" alone or specific IDs.`,
    });
  }
}

function checkTargetConfiguration(path: string, value: unknown, half: Half, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!isPlainObject(value)) {
    failures.push({
      property: path,
      reason: `${path} must be an object like ${EXAMPLES[half]}, got ${typeName(value)}.`,
    });
    return {};
  }
  failures.push(...unknownKeyFailures(value, ["accessType", "targets"], `${path}.`));
  const out: Bag = {};
  const access = value.accessType;
  if (access === undefined || access === null) {
    failures.push({
      property: `${path}.accessType`,
      reason: `${path}.accessType is required: "allowed" or "blocked".`,
    });
  } else if (isUnknown(access) || (ACCESS_TYPES as readonly unknown[]).includes(access)) {
    out.accessType = access;
  } else {
    const near = typeof access === "string" ? suggest(access, ACCESS_TYPES) : undefined;
    failures.push({
      property: `${path}.accessType`,
      reason: `${path}.accessType must be "allowed" or "blocked", got ${JSON.stringify(access)}.${near ? ` Did you mean "${near}"?` : ""}`,
    });
  }
  const targets = value.targets;
  if (targets === undefined || targets === null) {
    failures.push({
      property: `${path}.targets`,
      reason: `${path}.targets is required: a list of { target, targetType }, e.g. ${TARGET_EXAMPLES[half]} (an empty list [] is accepted, as Graph stores it).`,
    });
  } else if (isUnknown(targets)) {
    out.targets = targets;
  } else if (!Array.isArray(targets)) {
    failures.push({
      property: `${path}.targets`,
      reason: `${path}.targets must be a list of { target, targetType }, got ${typeName(targets)}.`,
    });
  } else {
    // An empty list is valid: Graph stores and returns `{ accessType, targets: [] }`, so a program must be able to
    // declare it (an export writes it as it is).
    out.targets = targets.map((t, i) => checkTarget(`${path}.targets[${i}]`, t, half, failures));
    checkTargetList(`${path}.targets`, out.targets as unknown[], failures);
  }
  return out;
}

/** Graph `devicesFilter.mode` (`crossTenantAccessPolicyTargetConfigurationAccessType`), not Conditional Access's include/exclude. */
export const DEVICE_FILTER_MODES = ["allowed", "blocked"] as const;

/**
 * `tenantRestrictions.devices` is not managed (it is kept as Graph has it), so declaring it fails; a wrong `mode`
 * is named as well, so whoever copied a Conditional Access filter learns Graph's values.
 */
function devicesFailures(devices: unknown, failures: CheckFailure[]): void {
  if (devices === undefined || devices === null) return;
  const mode = isPlainObject(devices) ? devices.mode : undefined;
  if (
    mode !== undefined &&
    mode !== null &&
    !isUnknown(mode) &&
    !(DEVICE_FILTER_MODES as readonly unknown[]).includes(mode)
  ) {
    const conditionalAccess =
      mode === "include" || mode === "exclude" ? ` ("${mode}" is a Conditional Access filter mode)` : "";
    failures.push({
      property: "tenantRestrictions.devices.mode",
      reason: `tenantRestrictions.devices.mode must be "allowed" or "blocked" (Graph devicesFilter.mode), got ${JSON.stringify(mode)}${conditionalAccess}.`,
    });
  }
  failures.push({
    property: "tenantRestrictions.devices",
    reason:
      'tenantRestrictions.devices is not managed by this package (Graph: "isn\'t supported on the server side yet"); remove it. ' +
      "A device filter set in the portal is kept as it is whenever tenantRestrictions is written (see the read-only output tenantRestrictionsDevices).",
  });
}

/** The half the two Microsoft 365 collaboration settings are easily confused by (Graph names them differently). */
const HALF_MIXUPS: Partial<Record<TargetListSettingName, Record<string, string>>> = {
  m365CollaborationInbound: {
    usersAndGroups: `m365CollaborationInbound has "users" (the other organization's users and groups), e.g. { users: ${EXAMPLES.users} }.`,
  },
  m365CollaborationOutbound: {
    users: `m365CollaborationOutbound has "usersAndGroups" (this organization's users and groups), e.g. { usersAndGroups: ${EXAMPLES.usersAndGroups} }.`,
  },
};

function checkB2BSetting(
  name: TargetListSettingName,
  value: unknown,
  kind: ConfigurationKind,
  failures: CheckFailure[],
): unknown {
  if (isUnknown(value)) return value;
  const halves = halvesOf(name);
  const shape = `{ ${halves.join(", ")} }`;
  if (!isPlainObject(value)) {
    failures.push({
      property: name,
      reason: `${name} must be an object ${shape}, got ${typeName(value)}; ${omitMeaning(kind)}.`,
    });
    return {};
  }
  const keys = Object.keys(value).filter((k) => !(name === "tenantRestrictions" && k === "devices"));
  failures.push(
    ...unknownKeyFailures(Object.fromEntries(keys.map((k) => [k, value[k]])), halves, `${name}.`, HALF_MIXUPS[name]),
  );
  if (name === "tenantRestrictions") devicesFailures(value.devices, failures);
  const out: Bag = {};
  for (const half of halves) {
    const v = value[half];
    // An omitted half is null in Graph; the setting is still sent whole (both keys, the omitted one as null).
    if (v !== undefined && v !== null) out[half] = checkTargetConfiguration(`${name}.${half}`, v, half, failures);
  }
  if (Object.keys(out).length === 0) {
    const example = `{ ${halves[0]}: ${EXAMPLES[halves[0]]} }`;
    failures.push({
      property: name,
      reason:
        halves.length === 1
          ? `${name} must set ${halves[0]}, e.g. ${example}; ${omitMeaning(kind)}.`
          : `${name} must set ${halves.join(", ")} or both, e.g. ${example}. ` +
            `A half left out is sent as null (not set), the setting still whole; ${omitMeaning(kind)}.`,
    });
    return out;
  }
  if (kind === "default" && (B2B_SETTINGS as readonly string[]).includes(name)) defaultRules(name, out, failures);
  return out;
}

/** Landscape Q4, rules of the default configuration (partners may mix allowed/blocked between users and apps). */
function defaultRules(name: TargetListSettingName, setting: Bag, failures: CheckFailure[]): void {
  const u = setting.usersAndGroups as Bag | undefined;
  const a = setting.applications as Bag | undefined;
  const ua = u?.accessType;
  const aa = a?.accessType;
  if (typeof ua === "string" && typeof aa === "string" && !isUnknown(ua) && !isUnknown(aa) && ua !== aa) {
    failures.push({
      property: `${name}.applications.accessType`,
      reason: `${name}: in the default configuration usersAndGroups.accessType and applications.accessType must be the same; got "${ua}" and "${aa}".`,
    });
  }
  if (name === "b2bDirectConnectInbound" && Array.isArray(u?.targets)) {
    const ts = u.targets as Bag[];
    // Only "everyone" (or nobody: an empty list, which Graph can return) — never specific users or groups.
    const onlyAll = ts.length === 0 || (ts.length === 1 && ts[0]?.target === "AllUsers");
    if (!ts.some((t) => isUnknown(t) || isUnknown(t?.target)) && !onlyAll) {
      failures.push({
        property: "b2bDirectConnectInbound.usersAndGroups.targets",
        reason:
          'b2bDirectConnectInbound.usersAndGroups.targets in the default configuration supports only [{ target: "AllUsers", targetType: "user" }]; set specific users and groups on a partner configuration.',
      });
    }
  }
}

/** `{ a?: boolean, b?: boolean }` settings; `fill` is what an omitted leaf becomes (undefined = left out). */
function checkBooleanGroup(
  name: SettingName,
  value: unknown,
  keys: readonly string[],
  fill: boolean | undefined,
  kind: ConfigurationKind,
  failures: CheckFailure[],
): unknown {
  if (isUnknown(value)) return value;
  if (!isPlainObject(value)) {
    failures.push({
      property: name,
      reason: `${name} must be an object like { ${keys[0]}: true }, got ${typeName(value)}; ${omitMeaning(kind)}.`,
    });
    return {};
  }
  failures.push(...unknownKeyFailures(value, keys, `${name}.`));
  // One rule for every setting (as for the B2B ones): an object that sets nothing is ambiguous, "inherit" or "all
  // false"; the failure names both ways to say it. A typo'd key is reported above, not as an empty setting.
  if (
    keys.every((k) => value[k] === undefined || value[k] === null) &&
    Object.keys(value).every((k) => keys.includes(k))
  ) {
    failures.push({
      property: name,
      reason:
        `${name} sets none of ${keys.join(", ")}. Leave ${name} out to ${kind === "partner" ? "inherit the default configuration's value" : "leave it as it is"}, ` +
        `or set its fields, e.g. { ${keys.map((k) => `${k}: false`).join(", ")} }.`,
    });
    return undefined;
  }
  const out: Bag = {};
  for (const k of keys) {
    const v = checkOptionalBoolean(`${name}.${k}`, value[k], failures);
    if (v !== undefined) out[k] = v;
    else if (fill !== undefined) out[k] = fill;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** One list, each allowed value once, in order of precedence. */
function checkPrimaryProviders(path: string, value: unknown, failures: CheckFailure[]): unknown {
  const allowed = PRIMARY_IDENTITY_PROVIDERS.map((p) => `"${p}"`).join(", ");
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    failures.push({
      property: path,
      reason: `${path} must be a list of identity providers in order of precedence, from ${allowed}; got ${typeName(value)}.`,
    });
    return undefined;
  }
  const seen = new Map<string, number>();
  value.forEach((p, i) => {
    if (isUnknown(p)) return;
    if (typeof p !== "string" || !(PRIMARY_IDENTITY_PROVIDERS as readonly string[]).includes(p)) {
      const near = typeof p === "string" ? suggest(p, PRIMARY_IDENTITY_PROVIDERS) : undefined;
      const fallback =
        typeof p === "string" && (FALLBACK_IDENTITY_PROVIDERS as readonly string[]).includes(p)
          ? ` "${p}" is a fallback provider: set it as fallbackIdentityProvider.`
          : "";
      failures.push({
        property: `${path}[${i}]`,
        reason: `${path}[${i}] must be one of ${allowed}, got ${JSON.stringify(p)}.${near ? ` Did you mean "${near}"?` : ""}${fallback}`,
      });
      return;
    }
    const first = seen.get(p);
    if (first !== undefined)
      failures.push({
        property: `${path}[${i}]`,
        reason: `${path}[${i}] repeats ${path}[${first}] ("${p}"); list each identity provider once.`,
      });
    else seen.set(p, i);
  });
  return value;
}

/**
 * `invitationRedemptionIdentityProviderConfiguration` (default configuration): Graph takes it whole, so both keys
 * are required; `primaryIdentityProviderPrecedenceOrder` keeps its order (it is a precedence).
 */
function checkInvitationRedemption(
  name: SettingName,
  value: unknown,
  kind: ConfigurationKind,
  failures: CheckFailure[],
): unknown {
  if (isUnknown(value)) return value;
  const example =
    '{ primaryIdentityProviderPrecedenceOrder: ["azureActiveDirectory", "externalFederation", "socialIdentityProviders"], fallbackIdentityProvider: "defaultConfiguredIdp" }';
  if (!isPlainObject(value)) {
    failures.push({
      property: name,
      reason: `${name} must be an object like ${example}, got ${typeName(value)}; ${omitMeaning(kind)}.`,
    });
    return {};
  }
  failures.push(...unknownKeyFailures(value, INVITATION_REDEMPTION_KEYS, `${name}.`));
  const out: Bag = {};
  const primaryPath = `${name}.primaryIdentityProviderPrecedenceOrder`;
  if (
    value.primaryIdentityProviderPrecedenceOrder === undefined ||
    value.primaryIdentityProviderPrecedenceOrder === null
  ) {
    failures.push({
      property: primaryPath,
      reason: `${primaryPath} is required (Graph takes the setting whole), e.g. ${example}.`,
    });
  } else {
    out.primaryIdentityProviderPrecedenceOrder = checkPrimaryProviders(
      primaryPath,
      value.primaryIdentityProviderPrecedenceOrder,
      failures,
    );
  }
  const fallbackPath = `${name}.fallbackIdentityProvider`;
  const fallback = value.fallbackIdentityProvider;
  const allowed = FALLBACK_IDENTITY_PROVIDERS.map((p) => `"${p}"`).join(", ");
  if (fallback === undefined || fallback === null) {
    failures.push({
      property: fallbackPath,
      reason: `${fallbackPath} is required (Graph takes the setting whole): one of ${allowed}.`,
    });
  } else if (isUnknown(fallback) || (FALLBACK_IDENTITY_PROVIDERS as readonly unknown[]).includes(fallback)) {
    out.fallbackIdentityProvider = fallback;
  } else {
    const near = typeof fallback === "string" ? suggest(fallback, FALLBACK_IDENTITY_PROVIDERS) : undefined;
    const primary =
      typeof fallback === "string" && (PRIMARY_IDENTITY_PROVIDERS as readonly string[]).includes(fallback)
        ? ` "${fallback}" is a primary provider: list it in primaryIdentityProviderPrecedenceOrder.`
        : "";
    failures.push({
      property: fallbackPath,
      reason: `${fallbackPath} must be one of ${allowed}, got ${JSON.stringify(fallback)}.${near ? ` Did you mean "${near}"?` : ""}${primary}`,
    });
  }
  return out;
}

/** The Graph API version of the resource's connection, and the stack setting that selects it (for messages). */
export interface ApiVersionOf {
  version: ApiVersion;
  key?: string;
}

/**
 * Checks and normalises every setting of `kind` present in `news` into `inputs`. Partner: an omitted setting (or
 * leaf) is inherited (null in Graph). Default: a setting is either managed or left alone; an omitted inboundTrust
 * leaf is false (nothing to inherit from; normalise.ts reads Graph's null leaf as false too). Either kind: an
 * omitted half of a B2B setting is null in Graph, and the setting is still sent whole. A beta-only setting on a
 * v1.0 connection fails, naming the setting that selects the version (`api`; unchecked without it).
 */
export function checkSettings(
  news: Bag,
  kind: ConfigurationKind,
  inputs: Bag,
  failures: CheckFailure[],
  partnerType: string,
  api?: ApiVersionOf,
): void {
  // The default configuration knows automaticUserConsentSettings only to refuse it with its own explanation.
  const names: readonly SettingName[] =
    kind === "partner" ? PARTNER_SETTINGS : ["automaticUserConsentSettings", ...DEFAULT_SETTINGS];
  for (const name of names) {
    const value = news[name];
    if (value === undefined || value === null) continue;
    if (api && api.version !== "beta" && BETA_SETTINGS.includes(name)) failures.push(betaOnlyFailure(name, api.key));
    let checked: unknown;
    if (name === "blockServiceProviderOutboundAccess") {
      checked = checkOptionalBoolean(name, value, failures);
    } else if (name === "invitationRedemptionIdentityProviderConfiguration") {
      checked = checkInvitationRedemption(name, value, kind, failures);
    } else if (name === "automaticUserConsentSettings") {
      if (kind === "default") {
        failures.push({
          property: name,
          reason:
            "automaticUserConsentSettings is read-only in the default configuration (always false there). Set it per partner " +
            `on a ${partnerType} (e.g. { tenantId, automaticUserConsentSettings: { inboundAllowed: true } }), and remove it here.`,
        });
        continue;
      }
      checked = checkBooleanGroup(name, value, INBOUND_OUTBOUND_KEYS, undefined, kind, failures);
    } else if (name === "inboundTrust") {
      checked = checkBooleanGroup(
        name,
        value,
        INBOUND_TRUST_KEYS,
        kind === "default" ? false : undefined,
        kind,
        failures,
      );
    } else if (isTargetListSetting(name)) {
      checked = checkB2BSetting(name, value, kind, failures);
    }
    if (checked !== undefined) inputs[name] = checked;
  }
}

export { B2B_SETTINGS };
