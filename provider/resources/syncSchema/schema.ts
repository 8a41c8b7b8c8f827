/**
 * check() of typed schema settings (sync-schema.md §4.4, the offline list): shapes, operators and their operands,
 * attributes a filter cannot use, targets that cannot be mapped, the same target declared twice, a target both
 * upserted and removed, expression length. No Graph call; each failure names the property path and the fix.
 * Values still unknown during preview pass through unvalidated. Used by CrossTenantSyncSchema (settings at the top
 * level) and CrossTenantSyncConfiguration (`schema.`).
 */
import type { CheckFailure, CheckOutcome } from "../handler";
import { suggest, unknownKeyFailures } from "../shared/checks";
import { isPlainObject, isUnknown, typeName } from "../shared/values";
import {
  ATTRIBUTE_NAME,
  CUSTOM_SECURITY_ATTRIBUTE,
  INTEGER_OPERATORS,
  MATCHING_ATTRIBUTE,
  MAX_EXPRESSION_LENGTH,
  OPERATORS,
  UNARY_OPERATORS,
  UNMAPPABLE_TARGETS,
  UNSCOPABLE,
} from "./rules";
import { DEFAULT_RULE_NAME, SETTING_KEYS } from "./types";

type Failures = CheckFailure[];
const fail = (failures: Failures, property: string, reason: string) => failures.push({ property, reason });
const json = (v: unknown) => JSON.stringify(v);

function checkApply(v: unknown, at: string, failures: Failures): unknown {
  if (v === undefined || v === null) return "always";
  if (isUnknown(v) || v === "always" || v === "onCreate") return v;
  fail(
    failures,
    at,
    `${at} must be "always" (Graph's flowType Always: existing users are updated too) or "onCreate" (ObjectAddOnly: only users created from now on), got ${json(v)}.`,
  );
  return undefined;
}

function checkObject(v: unknown, at: string, example: string, failures: Failures): v is Record<string, unknown> {
  if (isPlainObject(v)) return true;
  fail(failures, at, `${at} must be an object like ${example}, got ${typeName(v)} ${json(v)}.`);
  return false;
}

function checkAttributeName(v: unknown, at: string, what: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (typeof v !== "string" || v.trim() === "") {
    fail(failures, at, `${at} is required: ${what}, e.g. "department".`);
    return undefined;
  }
  const name = v.trim();
  if (CUSTOM_SECURITY_ATTRIBUTE.test(name)) {
    fail(
      failures,
      at,
      `${at} ${json(name)}: custom security attributes cannot be synchronized across tenants (Microsoft's cross-tenant synchronization overview); use a directory extension or extensionAttribute1…15 instead.`,
    );
    return undefined;
  }
  if (!ATTRIBUTE_NAME.test(name)) {
    fail(
      failures,
      at,
      `${at} ${json(name)} is not an attribute name (letters, digits, "_", "." as in "employeeOrgData.costCenter"); write the name without brackets or quotes, e.g. "department".`,
    );
    return undefined;
  }
  return name;
}

function checkUserType(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (!checkObject(v, at, '{ value: "Member", apply: "always" }', failures)) return undefined;
  failures.push(...unknownKeyFailures(v, ["value", "apply"], `${at}.`));
  let value: unknown = v.value;
  if (!isUnknown(value) && value !== "Member" && value !== "Guest") {
    const hint =
      typeof value === "string" && /^(member|guest)$/i.test(value) ? ` (Graph's values are capitalized)` : "";
    fail(failures, `${at}.value`, `${at}.value must be "Member" or "Guest"${hint}, got ${json(value)}.`);
    value = undefined;
  }
  return { value, apply: checkApply(v.apply, `${at}.apply`, failures) };
}

function checkShowInAddressList(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (!checkObject(v, at, "{ value: false }", failures)) return undefined;
  failures.push(...unknownKeyFailures(v, ["value", "apply"], `${at}.`));
  const value = v.value;
  if (!isUnknown(value) && typeof value !== "boolean" && value !== "fromSource") {
    fail(
      failures,
      `${at}.value`,
      `${at}.value must be true, false (a constant: shown in or hidden from the target's address list) or "fromSource" (the source user's value), got ${json(value)}.`,
    );
    return undefined;
  }
  return { value, apply: checkApply(v.apply, `${at}.apply`, failures) };
}

function checkActions(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (!checkObject(v, at, "{ delete: false }", failures)) return undefined;
  const keys = ["create", "update", "delete"] as const;
  failures.push(...unknownKeyFailures(v, keys, `${at}.`));
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const b = v[k];
    if (b === undefined || b === null) continue;
    if (!isUnknown(b) && typeof b !== "boolean") {
      fail(failures, `${at}.${k}`, `${at}.${k} must be true or false, got ${typeName(b)} ${json(b)}.`);
      continue;
    }
    out[k] = b;
  }
  if (Object.keys(out).length === 0) {
    fail(
      failures,
      at,
      `${at} declares no action: give create, update and/or delete (e.g. { delete: false } so users leaving scope are not soft-deleted in the target), or remove ${at}.`,
    );
  } else if (keys.every((k) => out[k] === false)) {
    fail(
      failures,
      at,
      `${at} turns every action off (create, update and delete false): the job would do nothing. Pause it with provisioningEnabled: false instead, or keep create or update on.`,
    );
  }
  return out;
}

function checkValues(v: unknown, operator: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  const op = typeof operator === "string" ? operator : undefined;
  const unary = op !== undefined && (UNARY_OPERATORS as readonly string[]).includes(op);
  if (v === undefined || v === null) {
    if (op !== undefined && !unary && OPERATORS.includes(op))
      fail(
        failures,
        at,
        `${at} is required: operator ${json(op)} compares the attribute with at least one value, e.g. values: ["Sales"].`,
      );
    return [];
  }
  if (!Array.isArray(v)) {
    fail(failures, at, `${at} must be a list of strings like ["Sales"], got ${typeName(v)} ${json(v)}.`);
    return [];
  }
  if (unary && v.length > 0) {
    fail(failures, at, `${at}: operator ${json(op)} takes no value; remove ${at}.`);
    return [];
  }
  if (!unary && op !== undefined && OPERATORS.includes(op) && v.length === 0) {
    fail(failures, at, `${at} is empty: operator ${json(op)} needs at least one value.`);
  }
  const integer = op !== undefined && (INTEGER_OPERATORS as readonly string[]).includes(op);
  return v.map((x, i) => {
    if (isUnknown(x)) return x;
    if (typeof x !== "string" && typeof x !== "number") {
      fail(failures, `${at}[${i}]`, `${at}[${i}] must be a string, got ${typeName(x)} ${json(x)}.`);
      return x;
    }
    const s = String(x);
    if (integer && !/^-?\d+$/.test(s.trim()))
      fail(failures, `${at}[${i}]`, `${at}[${i}] must be a whole number for operator ${json(op)}, got ${json(x)}.`);
    return s;
  });
}

function checkClause(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (!checkObject(v, at, '{ attribute: "department", operator: "EQUALS", values: ["Sales"] }', failures))
    return undefined;
  failures.push(...unknownKeyFailures(v, ["attribute", "operator", "values"], `${at}.`));
  const attribute = checkAttributeName(
    v.attribute,
    `${at}.attribute`,
    "the source user's attribute the clause tests",
    failures,
  );
  if (typeof attribute === "string" && !isUnknown(attribute)) {
    const why =
      UNSCOPABLE[attribute] ??
      Object.entries(UNSCOPABLE).find(([k]) => k.toLowerCase() === attribute.toLowerCase())?.[1];
    if (why)
      fail(
        failures,
        `${at}.attribute`,
        `${at}.attribute ${json(attribute)} cannot be used in a scoping filter: ${why}. Scope on another attribute (department, companyName, extensionAttribute1…15, …).`,
      );
  }
  let operator: unknown = v.operator;
  if (!isUnknown(operator)) {
    if (typeof operator !== "string" || operator.trim() === "") {
      fail(failures, `${at}.operator`, `${at}.operator is required: one of ${OPERATORS.map(json).join(", ")}.`);
      operator = undefined;
    } else if (!OPERATORS.includes(operator)) {
      const exact = OPERATORS.find(
        (o) =>
          o.toLowerCase() === operator!.toString().trim().toLowerCase().replace(/_/g, " ") ||
          o.toLowerCase() === operator!.toString().trim().toLowerCase(),
      );
      const close = exact ?? suggest(operator, OPERATORS);
      fail(
        failures,
        `${at}.operator`,
        `${at}.operator ${json(operator)} is not a scoping-filter operator${close ? `; did you mean ${json(close)}?` : ""} Valid operators (as Graph spells them): ${OPERATORS.map(json).join(", ")}.`,
      );
      operator = undefined;
    }
  }
  return { attribute, operator, values: checkValues(v.values, operator, `${at}.values`, failures) };
}

function checkScopingFilters(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (!Array.isArray(v)) {
    fail(
      failures,
      at,
      `${at} must be a list of groups like [{ name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }] ([] = no scoping filter), got ${typeName(v)}.`,
    );
    return undefined;
  }
  const names = new Map<string, number>();
  return v.map((g, i) => {
    const gat = `${at}[${i}]`;
    if (isUnknown(g)) return g;
    if (!checkObject(g, gat, '{ name: "Sales", clauses: [...] }', failures)) return undefined;
    failures.push(...unknownKeyFailures(g, ["name", "clauses"], `${gat}.`));
    let name: unknown = g.name;
    if (!isUnknown(name)) {
      if (typeof name !== "string" || name.trim() === "") {
        fail(
          failures,
          `${gat}.name`,
          `${gat}.name is required: the filter group's name as the portal shows it, e.g. "Sales only".`,
        );
        name = undefined;
      } else {
        name = name.trim();
        const first = names.get((name as string).toLowerCase());
        if (first !== undefined)
          fail(
            failures,
            `${gat}.name`,
            `${gat}.name ${json(name)} is also the name of ${at}[${first}]; give each group its own name.`,
          );
        else names.set((name as string).toLowerCase(), i);
      }
    }
    let clauses: unknown = g.clauses;
    if (!isUnknown(clauses)) {
      if (!Array.isArray(clauses) || clauses.length === 0) {
        fail(
          failures,
          `${gat}.clauses`,
          `${gat}.clauses must list at least one clause (all must hold), e.g. [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }].`,
        );
        clauses = [];
      } else {
        clauses = clauses.map((c, j) => checkClause(c, `${gat}.clauses[${j}]`, failures));
      }
    }
    return { name, clauses };
  });
}

function checkTarget(v: unknown, at: string, failures: Failures): unknown {
  const target = checkAttributeName(v, at, "the target user's attribute", failures);
  if (typeof target !== "string" || isUnknown(target)) return target;
  const why = UNMAPPABLE_TARGETS[target];
  if (why) {
    fail(
      failures,
      at,
      target === MATCHING_ATTRIBUTE
        ? `${at} ${json(target)} cannot be overridden or removed: ${why}. Remove it from the schema settings; the service keeps the matching mapping as it is.`
        : `${at} ${json(target)} cannot be mapped: ${why}. Remove it from the schema settings.`,
    );
    return undefined;
  }
  return target;
}

function checkSource(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  const example =
    '{ kind: "direct", attribute: "department" }, { kind: "constant", value: "Member" }, { kind: "expression", expression: "Join(\\" \\", [givenName], [surname])" } or { kind: "none" }';
  if (!isPlainObject(v)) {
    fail(failures, at, `${at} is required: one of ${example}, got ${typeName(v)}.`);
    return undefined;
  }
  const kind = v.kind;
  if (isUnknown(kind)) return v;
  switch (kind) {
    case "direct":
      failures.push(...unknownKeyFailures(v, ["kind", "attribute"], `${at}.`));
      return {
        kind,
        attribute: checkAttributeName(v.attribute, `${at}.attribute`, "the source user's attribute", failures),
      };
    case "constant": {
      failures.push(...unknownKeyFailures(v, ["kind", "value"], `${at}.`));
      const value = v.value;
      if (isUnknown(value)) return { kind, value };
      if (typeof value !== "string") {
        fail(
          failures,
          `${at}.value`,
          `${at}.value must be a string (Graph's constants are strings; write "true", not true), got ${typeName(value)} ${json(value)}.`,
        );
        return undefined;
      }
      return { kind, value };
    }
    case "expression": {
      failures.push(...unknownKeyFailures(v, ["kind", "expression"], `${at}.`));
      const e = v.expression;
      if (isUnknown(e)) return { kind, expression: e };
      if (typeof e !== "string" || e.trim() === "") {
        fail(
          failures,
          `${at}.expression`,
          `${at}.expression is required: an attribute-mapping expression such as "Join(\\" \\", [givenName], [surname])".`,
        );
        return undefined;
      }
      if (e.length > MAX_EXPRESSION_LENGTH) {
        fail(
          failures,
          `${at}.expression`,
          `${at}.expression is ${e.length} characters; Entra accepts at most ${MAX_EXPRESSION_LENGTH}. Shorten it (e.g. Switch with fewer cases).`,
        );
        return undefined;
      }
      return { kind, expression: e.trim() };
    }
    case "none":
      failures.push(...unknownKeyFailures(v, ["kind"], `${at}.`));
      return { kind };
    default:
      fail(
        failures,
        `${at}.kind`,
        `${at}.kind must be "direct", "constant", "expression" or "none", got ${json(kind)}. Examples: ${example}.`,
      );
      return undefined;
  }
}

function checkMappings(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (!Array.isArray(v)) {
    fail(
      failures,
      at,
      `${at} must be a list like [{ target: "extensionAttribute1", source: { kind: "constant", value: "CrossTenantSynced" } }], got ${typeName(v)}.`,
    );
    return undefined;
  }
  return v.map((m, i) => {
    const mat = `${at}[${i}]`;
    if (isUnknown(m)) return m;
    if (!checkObject(m, mat, '{ target: "extensionAttribute1", source: { kind: "constant", value: "x" } }', failures))
      return undefined;
    failures.push(...unknownKeyFailures(m, ["target", "source", "defaultValue", "apply"], `${mat}.`));
    const out: Record<string, unknown> = {
      target: checkTarget(m.target, `${mat}.target`, failures),
      source: checkSource(m.source, `${mat}.source`, failures),
      apply: checkApply(m.apply, `${mat}.apply`, failures),
    };
    const d = m.defaultValue;
    if (d !== undefined) {
      if (d !== null && !isUnknown(d) && typeof d !== "string")
        fail(
          failures,
          `${mat}.defaultValue`,
          `${mat}.defaultValue must be a string or null, got ${typeName(d)} ${json(d)}.`,
        );
      else out.defaultValue = d === "" ? null : d;
    }
    return out;
  });
}

function checkNameList(v: unknown, at: string, what: string, failures: Failures, each = checkAttributeName): unknown {
  if (isUnknown(v)) return v;
  if (!Array.isArray(v)) {
    fail(failures, at, `${at} must be a list of ${what}, got ${typeName(v)} ${json(v)}.`);
    return undefined;
  }
  const seen = new Set<string>();
  const out: unknown[] = [];
  v.forEach((x, i) => {
    const name = each(x, `${at}[${i}]`, what, failures);
    if (typeof name !== "string" || isUnknown(name)) return void out.push(name);
    if (seen.has(name)) return;
    seen.add(name);
    out.push(name);
  });
  return out;
}

function checkExtensions(v: unknown, at: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (!checkObject(v, at, '{ target: ["extension_<appId without dashes>_costCenter"] }', failures)) return undefined;
  failures.push(...unknownKeyFailures(v, ["source", "target"], `${at}.`));
  const out: Record<string, unknown> = {};
  for (const side of ["source", "target"] as const) {
    if (v[side] === undefined || v[side] === null) continue;
    out[side] = checkNameList(
      v[side],
      `${at}.${side}`,
      `attribute names to define on the ${side} User object`,
      failures,
    );
  }
  return out;
}

/** Every target the settings map or remove, with where it was declared, to find the same target declared twice. */
function targetConflicts(s: Record<string, unknown>, prefix: string, failures: Failures): void {
  const declared = new Map<string, string>();
  const claim = (target: unknown, at: string) => {
    if (typeof target !== "string" || isUnknown(target)) return;
    const first = declared.get(target);
    if (first) {
      const removal = at.includes("removeAttributeMappings") || first.includes("removeAttributeMappings");
      fail(
        failures,
        at,
        removal
          ? `${at} removes the mapping of ${json(target)} that ${first} sets; a target is either mapped or removed: drop one of them.`
          : `${at} declares the mapping of ${json(target)} again (first at ${first}); declare each target once.`,
      );
      return;
    }
    declared.set(target, at);
  };
  if (isPlainObject(s.userType)) claim("userType", `${prefix}userType`);
  if (isPlainObject(s.showInAddressList)) claim("showInAddressList", `${prefix}showInAddressList`);
  if (Array.isArray(s.attributeMappings))
    s.attributeMappings.forEach(
      (m, i) => isPlainObject(m) && claim(m.target, `${prefix}attributeMappings[${i}].target`),
    );
  if (Array.isArray(s.removeAttributeMappings))
    s.removeAttributeMappings.forEach((t, i) => claim(t, `${prefix}removeAttributeMappings[${i}]`));
}

/**
 * The settings part of `bag` (its keys SETTING_KEYS, under `prefix` in messages), checked and normalized: `apply`
 * defaults to "always", operands default to [], names trimmed. Keys outside SETTING_KEYS are the caller's to check.
 */
export function checkSchemaSettings(
  bag: Record<string, unknown>,
  prefix: string,
  failures: Failures,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const at = (k: string) => `${prefix}${k}`;
  const present = (k: string) => bag[k] !== undefined && bag[k] !== null;
  if (present("userType")) out.userType = checkUserType(bag.userType, at("userType"), failures);
  if (present("showInAddressList"))
    out.showInAddressList = checkShowInAddressList(bag.showInAddressList, at("showInAddressList"), failures);
  if (present("targetObjectActions"))
    out.targetObjectActions = checkActions(bag.targetObjectActions, at("targetObjectActions"), failures);
  if (present("scopingFilters"))
    out.scopingFilters = checkScopingFilters(bag.scopingFilters, at("scopingFilters"), failures);
  if (present("attributeMappings"))
    out.attributeMappings = checkMappings(bag.attributeMappings, at("attributeMappings"), failures);
  if (present("removeAttributeMappings"))
    out.removeAttributeMappings = checkNameList(
      bag.removeAttributeMappings,
      at("removeAttributeMappings"),
      "target attribute names whose mapping is removed",
      failures,
      (x, at, _what, f) => checkTarget(x, at, f),
    );
  if (present("extensionAttributes"))
    out.extensionAttributes = checkExtensions(bag.extensionAttributes, at("extensionAttributes"), failures);
  targetConflicts(out, prefix, failures);
  return out;
}

/** `schema` of a CrossTenantSyncConfiguration: an object of SyncSchemaSettings, or absent. */
export function checkSchemaProperty(v: unknown, failures: Failures, property = "schema"): unknown {
  if (v === undefined || v === null) return undefined;
  if (isUnknown(v)) return v;
  if (!isPlainObject(v)) {
    fail(
      failures,
      property,
      `${property} must be an object of schema settings like { userType: { value: "Member" }, targetObjectActions: { delete: false } }, got ${typeName(v)}.`,
    );
    return undefined;
  }
  failures.push(...unknownKeyFailures(v, SETTING_KEYS, `${property}.`, ELSEWHERE));
  return checkSchemaSettings(v, `${property}.`, failures);
}

/** Names people reach for that Graph's schema has but these settings express otherwise. */
const ELSEWHERE: Record<string, string> = {
  flowTypes: "target object actions are `targetObjectActions: { create, update, delete }`.",
  scope: "scoping filters are `scopingFilters`; who is assigned is the configuration's `scope`.",
  synchronizationRules:
    "the settings are merged onto the job's schema; declare only what you change (userType, attributeMappings, …).",
  directories: "attribute definitions are added through `extensionAttributes: { source, target }`.",
};

const TOP_KEYS = ["servicePrincipalId", "jobId", "ruleName", "onDelete", ...SETTING_KEYS] as const;

function checkId(v: unknown, property: string, what: string, failures: Failures): unknown {
  if (isUnknown(v)) return v;
  if (typeof v !== "string" || v.trim() === "") {
    fail(failures, property, `${property} is required: ${what}.`);
    return undefined;
  }
  return v.trim();
}

/** check() of the standalone CrossTenantSyncSchema. */
export function checkSyncSchemaInputs(news: Record<string, unknown>): CheckOutcome {
  const failures: Failures = [];
  failures.push(
    ...unknownKeyFailures(news, TOP_KEYS, "", {
      ...ELSEWHERE,
      schema: "on this resource the settings are at the top level (userType, scopingFilters, …).",
    }),
  );
  const inputs: Record<string, unknown> = {
    servicePrincipalId: checkId(
      news.servicePrincipalId,
      "servicePrincipalId",
      "the object ID of the configuration's service principal (e.g. azuread.ServicePrincipal's objectId)",
      failures,
    ),
    jobId: checkId(
      news.jobId,
      "jobId",
      'the synchronization job\'s ID, e.g. "Azure2Azure.0123….6a0b…" (azuread.SynchronizationJob\'s id ends with it: id.split("/").pop())',
      failures,
    ),
  };
  if (typeof inputs.servicePrincipalId === "string" && !isUnknown(inputs.servicePrincipalId))
    inputs.servicePrincipalId = inputs.servicePrincipalId.toLowerCase();
  if (typeof inputs.jobId === "string" && inputs.jobId.includes("/"))
    fail(
      failures,
      "jobId",
      `jobId ${json(inputs.jobId)} contains "/": give the job's own ID, the last segment (azuread.SynchronizationJob's id is "/servicePrincipals/{sp}/synchronization/jobs/{jobId}").`,
    );
  const rule = news.ruleName;
  inputs.ruleName =
    rule === undefined || rule === null || rule === ""
      ? DEFAULT_RULE_NAME
      : checkId(rule, "ruleName", "the schema rule's name", failures);
  const onDelete = news.onDelete;
  if (onDelete === undefined || onDelete === null) inputs.onDelete = "revert";
  else if (isUnknown(onDelete) || onDelete === "revert" || onDelete === "resetToTemplate" || onDelete === "retain")
    inputs.onDelete = onDelete;
  else
    fail(
      failures,
      "onDelete",
      `onDelete must be "revert" (default: destroy restores what these settings changed), "resetToTemplate" (destroy resets the whole schema to the template, a full resync) or "retain" (destroy leaves the schema as it is), got ${json(onDelete)}.`,
    );
  Object.assign(inputs, checkSchemaSettings(news, "", failures));
  if (SETTING_KEYS.every((k) => inputs[k] === undefined))
    fail(
      failures,
      "",
      `declare at least one schema setting (${SETTING_KEYS.join(", ")}); a CrossTenantSyncSchema without any would own nothing.`,
    );
  return { inputs, failures };
}
