/**
 * Scoping filters of the synchronization schema: the operators `GET …/schema/filterOperators` lists (the 14 of the
 * scoping-filter guide, sync-schema.md §2), a source user's attribute values as the provisioning service reads them,
 * and the evaluation of an object mapping's `scope` (groups OR'ed, clauses AND'ed [DOC] filter resource).
 */
import { JsonObject } from "../util/json";

type Arity = "Unary" | "Binary";

/** filterOperatorSchema ([DOC] filteroperators.md: EQUALS, Binary, All, [String, Integer]). */
interface OperatorSchema {
  name: string;
  arity: Arity;
  multivaluedComparisonType: "All" | "Any";
  supportedAttributeTypes: string[];
}

const op = (name: string, arity: Arity, types: string[]): OperatorSchema => ({
  name,
  arity,
  multivaluedComparisonType: "All",
  supportedAttributeTypes: types,
});

/**
 * The operators as the scoping-filter guide names them; the API spellings other than `EQUALS` / `NOT EQUALS` (seen in
 * a real dump) are the UI labels [INFERENCE, sync-schema.md §6 q5]. Unary for the `IS …` ones [INFERENCE].
 */
export const FILTER_OPERATORS: readonly OperatorSchema[] = [
  op("&", "Binary", ["Integer"]),
  op("!&", "Binary", ["Integer"]),
  op("ENDS_WITH", "Binary", ["String"]),
  op("EQUALS", "Binary", ["String", "Integer"]),
  op("Greater_Than", "Binary", ["Integer"]),
  op("Greater_Than_OR_EQUALS", "Binary", ["Integer"]),
  op("Includes", "Binary", ["String"]),
  op("IS FALSE", "Unary", ["Boolean"]),
  op("IS NOT NULL", "Unary", ["String", "Integer", "Boolean", "DateTime", "Reference"]),
  op("IS NULL", "Unary", ["String", "Integer", "Boolean", "DateTime", "Reference"]),
  op("IS TRUE", "Unary", ["Boolean"]),
  op("NOT EQUALS", "Binary", ["String", "Integer"]),
  op("NOT REGEX MATCH", "Binary", ["String"]),
  op("REGEX MATCH", "Binary", ["String"]),
];

export const OPERATOR_NAMES: ReadonlySet<string> = new Set(FILTER_OPERATORS.map((o) => o.name));

/** Whether a source user is an external (B2B) user: a guest, or a `#EXT#` UPN. */
export const isExternalUser = (user: Readonly<JsonObject>): boolean =>
  user.userType === "Guest" || String(user.userPrincipalName ?? "").includes("#EXT#");

const scalar = (v: unknown): string[] => {
  if (v === null || v === undefined || v === "") return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(String);
  if (typeof v === "boolean") return [v ? "True" : "False"];
  if (typeof v === "object") return [];
  return [String(v)];
};

/**
 * A source user's values for a source attribute of the schema. Derived ones [INFERENCE]: `objectId` (the id),
 * `netId` (from the id), `alternativeSecurityIds` ("None" for a user of this tenant, so the default "Filter external
 * users" group passes; an identity for an external user), `userState` (`externalUserState`), `IsSoftDeleted`,
 * `accountEnabled` ("True"/"False"), `mail` (the UPN when unset, as issue 16's engine did) and
 * `extensionAttributeN` (from `onPremisesExtensionAttributes`). Others: the same-named property.
 */
export function readSourceAttribute(user: Readonly<JsonObject>, name: string): string[] {
  switch (name) {
    case "objectId":
      return [String(user.id)];
    case "netId":
      return [`1003${String(user.id).replace(/-/g, "").slice(0, 12).toUpperCase()}`];
    case "alternativeSecurityIds":
      return isExternalUser(user) ? ["ExternalAzureAD"] : ["None"];
    case "userState":
      return scalar(user.externalUserState);
    case "IsSoftDeleted":
      return [user.deletedDateTime ? "True" : "False"];
    case "accountEnabled":
      return [user.accountEnabled === false ? "False" : "True"];
    case "mail":
      return scalar(user.mail ?? user.userPrincipalName);
    default:
      break;
  }
  const ext = /^extensionAttribute(\d+)$/.exec(name);
  if (ext) return scalar((user.onPremisesExtensionAttributes as JsonObject | null | undefined)?.[name]);
  if (name.includes(".")) {
    let v: unknown = user;
    for (const part of name.split(".")) v = (v as JsonObject | null | undefined)?.[part];
    return scalar(v);
  }
  return scalar(user[name]);
}

/** filterClause as stored. */
interface Clause {
  sourceOperandName?: string;
  operatorName?: string;
  targetOperand?: { values?: string[] } | null;
}

/** One clause on a user ([INFERENCE] for null values: the negative operators pass, the others fail). */
export function clausePasses(user: Readonly<JsonObject>, clause: Clause): boolean {
  const values = readSourceAttribute(user, String(clause.sourceOperandName ?? ""));
  const targets = clause.targetOperand?.values ?? [];
  const any = (f: (v: string, t: string) => boolean): boolean => values.some((v) => targets.some((t) => f(v, t)));
  const regex = (t: string): RegExp | undefined => {
    try {
      return new RegExp(t);
    } catch {
      return undefined;
    }
  };
  switch (clause.operatorName) {
    case "EQUALS":
      return any((v, t) => v === t);
    case "NOT EQUALS":
      return !any((v, t) => v === t);
    case "ENDS_WITH":
      return any((v, t) => v.endsWith(t));
    case "Includes":
      return any((v, t) => v.includes(t));
    case "&":
      return any((v, t) => (Number(v) & Number(t)) !== 0);
    case "!&":
      return !any((v, t) => (Number(v) & Number(t)) !== 0);
    case "Greater_Than":
      return any((v, t) => Number(v) > Number(t));
    case "Greater_Than_OR_EQUALS":
      return any((v, t) => Number(v) >= Number(t));
    case "IS TRUE":
      return values.some((v) => v.toLowerCase() === "true");
    case "IS FALSE":
      return values.some((v) => v.toLowerCase() === "false");
    case "IS NULL":
      return values.length === 0;
    case "IS NOT NULL":
      return values.length > 0;
    case "REGEX MATCH":
      return any((v, t) => regex(t)?.test(v) ?? false);
    case "NOT REGEX MATCH":
      return !any((v, t) => regex(t)?.test(v) ?? false);
    default:
      return false;
  }
}

interface FilterGroup {
  name?: string;
  clauses?: Clause[];
}

/** Filter groups OR'ed, each one's clauses AND'ed; no group at all passes. The first group passed, or why none. */
export function groupsPass(
  user: Readonly<JsonObject>,
  groups: readonly FilterGroup[] | null | undefined,
): { pass: boolean; failed: string[] } {
  if (!groups || groups.length === 0) return { pass: true, failed: [] };
  const failed: string[] = [];
  for (const g of groups) {
    const clauses = g.clauses ?? [];
    const bad = clauses.find((c) => !clausePasses(user, c));
    if (!bad) return { pass: true, failed: [] };
    const shown = (bad.targetOperand?.values ?? []).join(", ");
    failed.push(
      `'${String(g.name ?? "")}' (${String(bad.sourceOperandName)} ${String(bad.operatorName)}${shown ? ` ${shown}` : ""})`,
    );
  }
  return { pass: false, failed };
}
