/**
 * Typed overrides of a synchronization job's schema (issue 17; sync-schema.md §4): the settings a program declares,
 * what the resources keep in state to revert them, and the parts of Graph's `synchronizationSchema` read here.
 * Only what is declared is owned; everything else in the schema is left as the service or the portal has it.
 */

/** How a mapping is applied: `always` = Graph's flowType `Always`, `onCreate` = `ObjectAddOnly` (the portal's "Only during object creation"). */
export type MappingApply = "always" | "onCreate";

/** Where a mapped value comes from (the portal's mapping types Direct, Constant, Expression, None). */
export type MappingSourceSetting =
  | { kind: "direct"; attribute: string }
  | { kind: "constant"; value: string }
  | { kind: "expression"; expression: string }
  | { kind: "none" };

export interface ScopingClauseSetting {
  /** The source user's attribute (`department`, `extensionAttribute1`, …). */
  attribute: string;
  /** Graph's operatorName: `EQUALS`, `NOT EQUALS`, `IS NULL`, `REGEX MATCH`, … (sync-schema.md §2). */
  operator: string;
  /** The operand values; none for the unary `IS …` operators. */
  values?: string[];
}

/** One scoping filter group: its clauses must all hold (AND); a user is in scope when any group holds (OR). */
export interface ScopingFilterSetting {
  name: string;
  clauses: ScopingClauseSetting[];
}

export interface AttributeMappingSetting {
  /** The target user's attribute: the key of the mapping (one mapping per target). */
  target: string;
  source: MappingSourceSetting;
  /** Written when the source is empty, on create only (Graph's `defaultValue`). Omitted = not managed. */
  defaultValue?: string | null;
  /** Default `always`. */
  apply?: MappingApply;
}

/** Typed overrides merged onto a job's live schema; only what is declared is owned. */
export interface SyncSchemaSettings {
  /** The target users' userType (the `userType` mapping: a constant). Default apply "always". */
  userType?: { value: "Member" | "Guest"; apply?: MappingApply };
  /** The target users' showInAddressList: a constant, or copied from the source user. Default apply "always". */
  showInAddressList?: { value: boolean | "fromSource"; apply?: MappingApply };
  /** Target object actions (the User mapping's flowTypes Add, Update, Delete); only the given keys are owned. */
  targetObjectActions?: { create?: boolean; update?: boolean; delete?: boolean };
  /** The customer scoping filters (`scope.groups`), owned as a whole; [] = none. The built-in "Filter external users" is never touched. */
  scopingFilters?: ScopingFilterSetting[];
  /** Mappings upserted by target attribute. */
  attributeMappings?: AttributeMappingSetting[];
  /** Target attributes whose mapping is removed. */
  removeAttributeMappings?: string[];
  /** Directory extension attributes to define on the source and target User objects (added as String). */
  extensionAttributes?: { source?: string[]; target?: string[] };
}

/** The settings keys, in the order messages list them. */
export const SETTING_KEYS = [
  "userType",
  "showInAddressList",
  "targetObjectActions",
  "scopingFilters",
  "attributeMappings",
  "removeAttributeMappings",
  "extensionAttributes",
] as const satisfies readonly (keyof SyncSchemaSettings)[];

export type OnSchemaDelete = "revert" | "resetToTemplate" | "retain";

/** The rule of a cross-tenant job that provisions users (the default `ruleName`). */
export const DEFAULT_RULE_NAME = "USER_INBOUND_USER";

/** Graph's `attributeMappingSource`. */
export interface GraphMappingSource {
  expression?: string | null;
  name?: string | null;
  type?: string | null;
  parameters?: { key?: string; value?: GraphMappingSource }[] | null;
  [extra: string]: unknown;
}

export interface GraphAttributeMapping {
  targetAttributeName?: string;
  source?: GraphMappingSource | null;
  defaultValue?: string | null;
  flowType?: string;
  flowBehavior?: string;
  matchingPriority?: number;
  exportMissingReferences?: boolean;
  [extra: string]: unknown;
}

export interface GraphFilterClause {
  sourceOperandName?: string;
  operatorName?: string;
  targetOperand?: { values?: string[] | null } | null;
  [extra: string]: unknown;
}

export interface GraphFilterGroup {
  name?: string;
  clauses?: GraphFilterClause[] | null;
  [extra: string]: unknown;
}

export interface GraphObjectMapping {
  name?: string | null;
  enabled?: boolean;
  flowTypes?: string;
  sourceObjectName?: string;
  targetObjectName?: string;
  scope?: {
    groups?: GraphFilterGroup[] | null;
    inputFilterGroups?: GraphFilterGroup[] | null;
    categoryFilterGroups?: GraphFilterGroup[] | null;
    [extra: string]: unknown;
  } | null;
  attributeMappings?: GraphAttributeMapping[] | null;
  [extra: string]: unknown;
}

export interface GraphRule {
  id?: string;
  name?: string;
  sourceDirectoryName?: string;
  targetDirectoryName?: string;
  objectMappings?: GraphObjectMapping[] | null;
  [extra: string]: unknown;
}

export interface GraphAttributeDefinition {
  name?: string;
  type?: string;
  multivalued?: boolean;
  [extra: string]: unknown;
}

export interface GraphDirectory {
  id?: string;
  name?: string;
  objects?: { name?: string; attributes?: GraphAttributeDefinition[] | null; [extra: string]: unknown }[] | null;
  [extra: string]: unknown;
}

/** Graph's `synchronizationSchema` (GET returns the directories inline). */
export interface GraphSyncSchema {
  id?: string;
  version?: string;
  synchronizationRules?: GraphRule[] | null;
  directories?: GraphDirectory[] | null;
  [extra: string]: unknown;
}

/**
 * What the owned paths held before this resource first set them (for revert): per target attribute the mapping
 * as it was (null = there was none); per target object action whether it was on; the customer scoping filters
 * (null = `scope` was null); per extension attribute whether its definition existed. A path is in the baseline
 * exactly while it is owned.
 */
export interface SchemaBaseline {
  mappings?: Record<string, GraphAttributeMapping | null>;
  actions?: Partial<Record<"Add" | "Update" | "Delete", boolean>>;
  scopeGroups?: GraphFilterGroup[] | null;
  definitions?: { source?: Record<string, boolean>; target?: Record<string, boolean> };
}

/** Inputs of the standalone CrossTenantSyncSchema after check(). */
export interface SyncSchemaInputs extends SyncSchemaSettings {
  servicePrincipalId: string;
  jobId: string;
  ruleName: string;
  onDelete: OnSchemaDelete;
}

export interface SyncSchemaOutputs extends SyncSchemaInputs {
  /** The ID of the rule the settings apply to (provision on demand needs it). */
  userRuleId?: string;
  schemaBaseline: SchemaBaseline;
  adopted: boolean;
  adoptedAt?: string;
}
