/**
 * What Graph and the Entra guides say about schema overrides, as data for check() and the live validation
 * (sync-schema.md §2, §4.4). [DOC] marks Microsoft's word; the operator spellings other than EQUALS / NOT EQUALS are
 * the scoping-filter guide's labels (what `GET …/schema/filterOperators` lists).
 */

/** The scoping-filter operators ([DOC] define-conditional-rules; names as filterOperators lists them). */
export const UNARY_OPERATORS = ["IS FALSE", "IS NOT NULL", "IS NULL", "IS TRUE"] as const;
/** Binary operators whose operand must be a whole number (bit masks and comparisons). */
export const INTEGER_OPERATORS = ["&", "!&", "Greater_Than", "Greater_Than_OR_EQUALS"] as const;
export const OPERATORS: readonly string[] = [
  "&",
  "!&",
  "ENDS_WITH",
  "EQUALS",
  "Greater_Than",
  "Greater_Than_OR_EQUALS",
  "Includes",
  ...UNARY_OPERATORS,
  "NOT EQUALS",
  "NOT REGEX MATCH",
  "REGEX MATCH",
];

/**
 * Source attributes a scoping filter cannot use, with the reason ([DOC] known issues; define-conditional-rules:
 * not userType, manager, appRoleAssignments, date or multi-valued attributes; IsMemberOf is unsupported).
 */
export const UNSCOPABLE: Readonly<Record<string, string>> = {
  userType:
    "Entra does not support scoping cross-tenant synchronization on userType (external users are already left out by the built-in filter)",
  manager: "manager is a reference to another user; scoping filters cannot evaluate references",
  appRoleAssignments: "appRoleAssignments is a reference; who is assigned is the configuration's scope, not a filter",
  employeeHireDate: "scoping filters cannot evaluate dates",
  employeeLeaveDateTime: "scoping filters cannot evaluate dates",
  otherMails: "scoping filters cannot evaluate multi-valued attributes",
  proxyAddresses: "scoping filters cannot evaluate multi-valued attributes",
  alternativeSecurityIds:
    'alternativeSecurityIds is the matching attribute, used only by the built-in "Filter external users" group',
  IsMemberOf:
    "scoping filters do not support group membership (IsMemberOf); assign the group to the configuration instead",
};

/** The matching attribute of the User mapping: "cannot be changed" ([DOC] configure step 9: `schemaInvalid`). */
export const MATCHING_ATTRIBUTE = "alternativeSecurityIds";

/** Target attributes that cannot be mapped, with the reason. */
export const UNMAPPABLE_TARGETS: Readonly<Record<string, string>> = {
  [MATCHING_ATTRIBUTE]:
    "it is the matching attribute of cross-tenant synchronization; Graph refuses a changed or added matching attribute with schemaInvalid",
  proxyAddresses: "proxyAddresses is read-only in Microsoft Graph: it can be a source, never a target",
  IsSoftDeleted: "IsSoftDeleted is how the service soft-deletes users leaving scope; leave it to the service",
};

/** [DOC] known issues: an expression may be at most 10,000 characters. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** Attribute names as Graph writes them: letters, digits, `_`, `.` (employeeOrgData.costCenter), `-`. */
export const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Custom security attributes cannot be synchronized ([DOC] cross-tenant overview). */
export const CUSTOM_SECURITY_ATTRIBUTE = /^customSecurityAttributes\b/i;
