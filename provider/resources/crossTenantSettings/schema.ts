/**
 * check() of the shared settings, like Graph validates them and with the fix in every message; no Graph call.
 * Values still unknown during preview (e.g. a group's object ID from another resource) pass through unvalidated.
 */
import type { CheckFailure } from "../handler";
import { checkOptionalBoolean, GUID, suggest, unknownKeyFailures } from "../shared/checks";
import { isPlainObject, isUnknown, typeName } from "../shared/values";
import {
  ALL_TARGETS,
  B2B_SETTINGS,
  B2BSettingName,
  ConfigurationKind,
  INBOUND_OUTBOUND_KEYS,
  INBOUND_TRUST_KEYS,
  RESERVED_TARGETS,
  SETTING_NAMES,
  SettingName,
  TargetType,
} from "./types";

type Bag = Record<string, unknown>;
type Half = "usersAndGroups" | "applications";

const ACCESS_TYPES = ["allowed", "blocked"] as const;
const TARGET_TYPES: Record<Half, readonly TargetType[]> = { usersAndGroups: ["user", "group"], applications: ["application"] };
const TARGET_EXAMPLES: Record<Half, string> = {
  usersAndGroups: '[{ target: "AllUsers", targetType: "user" }]',
  applications: '[{ target: "AllApplications", targetType: "application" }]',
};
const EXAMPLES: Record<Half, string> = {
  usersAndGroups: '{ accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] }',
  applications: '{ accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] }',
};

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
    failures.push({ property: path, reason: `${path} must be an object { target, targetType }, got ${typeName(value)}.` });
    return {};
  }
  failures.push(...unknownKeyFailures(value, ["target", "targetType"], `${path}.`));
  const out: Bag = {};
  const allowedTypes = TARGET_TYPES[half];
  const tt = value.targetType;
  if (tt === undefined || tt === null) {
    failures.push({ property: `${path}.targetType`, reason: `${path}.targetType is required: ${allowedTypes.map((t) => `"${t}"`).join(" or ")}.` });
  } else if (isUnknown(tt)) {
    out.targetType = tt;
  } else if (typeof tt !== "string" || !allowedTypes.includes(tt as TargetType)) {
    const near = typeof tt === "string" ? suggest(tt, allowedTypes) : undefined;
    const other = half === "usersAndGroups" ? "applications" : "usersAndGroups";
    const belongs = typeof tt === "string" && TARGET_TYPES[other].includes(tt as TargetType) ? ` Targets of type "${tt}" belong in ${other}.` : "";
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
  const what = half === "usersAndGroups" ? "a user or group" : "an application (its appId)";
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
      failures.push({ property: `${path}.target`, reason: `${path}.target "${target}" is valid only in ${half === "usersAndGroups" ? "applications" : "usersAndGroups"}.` });
    } else if (typeof out.targetType === "string" && out.targetType !== validType) {
      failures.push({ property: `${path}.targetType`, reason: `${path}: "${target}" is valid only with targetType "${validType}", got "${out.targetType}".` });
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
      failures.push({ property: `${path}[${i}]`, reason: `${path}[${i}] repeats ${path}[${first}] (${t.target}); list each target once.` });
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
    failures.push({ property: path, reason: `${path} must be an object like ${EXAMPLES[half]}, got ${typeName(value)}.` });
    return {};
  }
  failures.push(...unknownKeyFailures(value, ["accessType", "targets"], `${path}.`));
  const out: Bag = {};
  const access = value.accessType;
  if (access === undefined || access === null) {
    failures.push({ property: `${path}.accessType`, reason: `${path}.accessType is required: "allowed" or "blocked".` });
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
    failures.push({ property: `${path}.targets`, reason: `${path}.targets must be a list of { target, targetType }, got ${typeName(targets)}.` });
  } else {
    // An empty list is valid: Graph stores and returns `{ accessType, targets: [] }`, so a program must be able to
    // declare it (an export writes it as it is).
    out.targets = targets.map((t, i) => checkTarget(`${path}.targets[${i}]`, t, half, failures));
    checkTargetList(`${path}.targets`, out.targets as unknown[], failures);
  }
  return out;
}

function checkB2BSetting(name: B2BSettingName, value: unknown, kind: ConfigurationKind, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!isPlainObject(value)) {
    failures.push({ property: name, reason: `${name} must be an object { usersAndGroups, applications }, got ${typeName(value)}; ${omitMeaning(kind)}.` });
    return {};
  }
  const keys = Object.keys(value).filter((k) => !(name === "tenantRestrictions" && k === "devices"));
  failures.push(...unknownKeyFailures(Object.fromEntries(keys.map((k) => [k, value[k]])), ["usersAndGroups", "applications"], `${name}.`));
  if (name === "tenantRestrictions" && value.devices !== undefined && value.devices !== null) {
    failures.push({
      property: "tenantRestrictions.devices",
      reason:
        "tenantRestrictions.devices is not managed by this package (Graph: \"isn't supported on the server side yet\"); remove it. " +
        "A device filter set in the portal is kept as it is whenever tenantRestrictions is written (see the read-only output tenantRestrictionsDevices).",
    });
  }
  const out: Bag = {};
  for (const half of ["usersAndGroups", "applications"] as const) {
    const v = value[half];
    // An omitted half is null in Graph; the setting is still sent whole (both keys, the omitted one as null).
    if (v !== undefined && v !== null) out[half] = checkTargetConfiguration(`${name}.${half}`, v, half, failures);
  }
  if (Object.keys(out).length === 0) {
    failures.push({
      property: name,
      reason:
        `${name} must set usersAndGroups, applications or both, e.g. { usersAndGroups: ${EXAMPLES.usersAndGroups} }. ` +
        `A half left out is sent as null (not set), the setting still whole; ${omitMeaning(kind)}.`,
    });
    return out;
  }
  if (kind === "default") defaultRules(name, out, failures);
  return out;
}

/** Landscape Q4, rules of the default configuration (partners may mix allowed/blocked between users and apps). */
function defaultRules(name: B2BSettingName, setting: Bag, failures: CheckFailure[]): void {
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
        reason: 'b2bDirectConnectInbound.usersAndGroups.targets in the default configuration supports only [{ target: "AllUsers", targetType: "user" }]; set specific users and groups on a partner configuration.',
      });
    }
  }
}

/** `{ a?: boolean, b?: boolean }` settings; `fill` is what an omitted leaf becomes (undefined = left out). */
function checkBooleanGroup(name: SettingName, value: unknown, keys: readonly string[], fill: boolean | undefined, kind: ConfigurationKind, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!isPlainObject(value)) {
    failures.push({ property: name, reason: `${name} must be an object like { ${keys[0]}: true }, got ${typeName(value)}; ${omitMeaning(kind)}.` });
    return {};
  }
  failures.push(...unknownKeyFailures(value, keys, `${name}.`));
  const out: Bag = {};
  for (const k of keys) {
    const v = checkOptionalBoolean(`${name}.${k}`, value[k], failures);
    if (v !== undefined) out[k] = v;
    else if (fill !== undefined) out[k] = fill;
  }
  // Every leaf omitted is the same as the whole setting omitted (Graph reads it back as nulls).
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * Checks and normalises every shared setting present in `news` into `inputs`. Partner: an omitted setting (or
 * leaf) is inherited (null in Graph). Default: a setting is either managed or left alone; an omitted inboundTrust
 * leaf is false (nothing to inherit from; normalise.ts reads Graph's null leaf as false too). Either kind: an
 * omitted half of a B2B setting is null in Graph, and the setting is still sent whole.
 */
export function checkSettings(news: Bag, kind: ConfigurationKind, inputs: Bag, failures: CheckFailure[], partnerType: string): void {
  for (const name of SETTING_NAMES) {
    const value = news[name];
    if (value === undefined || value === null) continue;
    let checked: unknown;
    if (name === "automaticUserConsentSettings") {
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
      checked = checkBooleanGroup(name, value, INBOUND_TRUST_KEYS, kind === "default" ? false : undefined, kind, failures);
    } else {
      checked = checkB2BSetting(name, value, kind, failures);
    }
    if (checked !== undefined) inputs[name] = checked;
  }
}

export { B2B_SETTINGS };
