/**
 * Runtime settings of the emulator: latency, fault modes, and the switches for every [INFERENCE] item of
 * graph-behaviour.md. Everything here can be changed while running with `PATCH /_emulator/settings`.
 */

import { isPlainObject, JsonObject } from "./util/json";

/** An HTTP status plus Graph error code, for behaviours whose status/code is not documented. */
export interface ErrorShape {
  status: number;
  code: string;
}

export interface ThrottleSettings {
  /** Sustained Graph writes per second admitted by the token bucket. */
  writesPerSecond: number;
  /** Bucket size: writes admitted in a burst before throttling starts. */
  burst: number;
}

/** Switches for undocumented behaviour. Defaults follow the [INFERENCE] recommendations of graph-behaviour.md. */
export interface BehaviourSwitches {
  /** Partner DELETE while a sync policy exists: "reject" (documented) or "cascade" (also soft-deletes the policy). Default "reject". */
  partnerDeleteWithSyncPolicy: "reject" | "cascade";
  /** Status/code of that rejection (undocumented). Default 400 `Request_BadRequest`. */
  partnerDeleteWithSyncPolicyError: ErrorShape;
  /** identitySynchronization operations when the partner does not exist: "notFound" or "autoCreate" (PUT creates the partner, as MTO templates do). Default "notFound". */
  missingPartner: "notFound" | "autoCreate";
  /** Status/code when the partner does not exist. Default 404 `Request_ResourceNotFound`. */
  missingPartnerError: ErrorShape;
  /** Status/code for GET/DELETE of a missing sync policy (undocumented). Default 404 `Request_ResourceNotFound`. */
  syncNotFoundError: ErrorShape;
  /** Status for PATCH of a missing sync policy; the code `Directory_ObjectNotFound` is documented, the status is not. Default 404. */
  patchMissingSyncStatus: number;
  /** Status for a duplicate partner POST (`Request_MultipleObjectsWithSameKeyValue`). Default 409. */
  duplicatePartnerStatus: number;
  /** Status for a body with a content type other than JSON. Default 400 (`Request_BadRequest`); 415 is the alternative. */
  wrongContentTypeStatus: number;
  /** PATCH of a nested complex property: "replace" the whole object or "merge" its fields. Default "replace". */
  nestedPatch: "replace" | "merge";
  /** `$expand=identitySynchronization` for a partner without a policy: `null` or the property omitted. Default "null". */
  expandMissingSync: "null" | "omit";
  /** Whether v1.0 DELETE soft-deletes (visible through beta deletedItems). Default true. */
  softDeleteFromV1: boolean;
  /** Days a soft-deleted item stays restorable before being purged ([DOC]: 30). */
  retentionDays: number;
  /** `isInMultiTenantOrganization` is in neither the POST nor the PATCH table, so it is taken as read-only. Default true. */
  isInMultiTenantOrganizationReadOnly: boolean;
  /** Whether the beta `externalCloudAuthorizedApplicationId` is refused in bodies (its writability is unknown). Default false. */
  externalCloudAuthorizedApplicationIdReadOnly: boolean;
  /** Whether Graph checks the token audience. Default true. */
  checkAudience: boolean;
  /**
   * How an inherited (unset) partner setting reads back: `"null"` (the documented POST response) or `"nullLeaves"`
   * (an object whose leaves are null and whose target lists are empty). Default "null".
   */
  inheritedSettingShape: "null" | "nullLeaves";
  /**
   * Whether a soft-deleted partner (or sync policy) blocks a POST (PUT) of the same tenantId with 409 until it is
   * restored, purged or expired. Default false (clients that poll GET until 404 after a delete re-create fine).
   */
  softDeletedBlocksCreate: boolean;
  /**
   * `isServiceProvider` can be written only with delegated (user) authentication: an app-only token that sends it
   * as true or false gets 403 `Authorization_RequestDenied` (landscape Q2). Default true.
   */
  isServiceProviderDelegatedOnly: boolean;
  /**
   * The beta deleted-items API (`/policies/deletedItems/…`: list, get, restore, purge) refuses app-only tokens with
   * 403 `Authorization_RequestDenied`; delegated tokens with the write (read) permission still work. Microsoft's
   * permission tables say "Not supported" for every permission type, delegated included, which the portal's restore
   * contradicts: a documentation gap, so the default is false (app tokens with the roles above may call it).
   */
  deletedItemsDelegatedOnly: boolean;
  /**
   * With `replicationLagMs`, a write that depends on another object checks it through the replication-lag view, as
   * a replica would: a sync policy PUT right after its partner's POST (or, in "404" mode, PATCH) gets 404, and a
   * partner DELETE right after its sync policy's DELETE is refused as if the policy still existed. The primary
   * still counts too (a PUT needs the partner there; a DELETE is refused while the policy is there). false: only
   * the primary is checked. Default true (issue 8: Graph answers the PUT after a fresh POST with 404).
   */
  replicationLagDependentWrites: boolean;
  /**
   * A partner's `tenantRestrictions` annotated with the specialised `@odata.type`
   * `#microsoft.graph.crossTenantAccessPolicyTenantRestrictions` is refused with 400 (landscape Q3). Default true.
   */
  rejectTenantRestrictionsODataType: boolean;
  /** Partners per page of a list without `$top`. Default 100. */
  pageSize: number;
  /** Largest `$top` accepted (1…maxPageSize, else 400). Default 999. */
  maxPageSize: number;
  /**
   * Properties outside the documented schema that reads return anyway, as Graph does (graph-behaviour.md §3.1:
   * `protectedContentSharing`, `crossCloudMeetingConfiguration` on v1.0), so clients' tolerance can be tested.
   * Added to every rendered partner / sync policy without `$select`. Default none.
   */
  undocumentedProperties: { partner: JsonObject; sync: JsonObject };

  // ---- The source side of cross-tenant synchronization (issue 16) -------------------------------------------------
  /**
   * A new service principal (from `instantiate`) answers 404 `Request_ResourceNotFound` to reads for this long
   * ([INFERENCE] of the Entra guide's "can take up to 15 seconds"). Default 0.
   */
  servicePrincipalReadLagMs: number;
  /**
   * A synchronization call without `Synchronization.ReadWrite.All` (reads: or `Synchronization.Read.All`):
   * `"unknownError"` = the bare 401 `UnknownError` with an empty message that callers report ([COMMUNITY]
   * microsoft-graph-docs-contrib#8800, azuread#1628), or `"forbidden"` = 403 `Authorization_RequestDenied`.
   * Default "unknownError".
   */
  syncMissingPermission: "unknownError" | "forbidden";
  /**
   * `validateCredentials` when the target tenant does not allow inbound synchronization from the source (no
   * partner configuration for the source, no identity sync policy, or `userSyncInbound.isSyncAllowed` not true).
   * [INFERENCE] status and code; default 400 `BadRequest`.
   */
  validateCredentialsError: ErrorShape;
  /**
   * A second app role assignment of the same principal and app role. [INFERENCE] status and code (the message,
   * "Permission being assigned already exists on the object.", is what clients report); default 400
   * `Request_BadRequest`.
   */
  duplicateAppRoleAssignmentError: ErrorShape;
  /**
   * The `provisionOnDemand` answer: `"statusInfo"` = the Entra cross-tenant guide's (`key`
   * `Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo`, `value` a JSON array of one
   * result), or `"result"` = the Graph v1.0 page's first example (`key` a JSON `{result, details}`, `value` the
   * JSON result object). Default "statusInfo".
   */
  provisionOnDemandShape: "statusInfo" | "result";
  /**
   * `creationType` of a user that synchronization creates in the target tenant ([INFERENCE]: synchronized users
   * are B2B collaboration users; Graph documents `Invitation` for invited B2B users). Default "Invitation".
   */
  syncedUserCreationType: string | null;
  /** Whether `start` runs a job cycle right away (the service starts the initial cycle). Default true. */
  syncCycleOnStart: boolean;
  /**
   * provisionOnDemand's documented rate limit ([DOC] "5 requests per 10 seconds"), per tenant: a call over it gets
   * 429 `TooManyRequests` with `Retry-After`. Default null (off, so suites choose): `{ requests: 5, windowMs: 10000 }`
   * is the documented one.
   */
  provisionOnDemandRateLimit: { requests: number; windowMs: number } | null;

  // ---- The synchronization schema (issue 17, sync-schema.md §5) -----------------------------------------------------
  /**
   * A schema PUT that fails validation. The word `schemaInvalid` is [DOC]; status and code are [INFERENCE]: default
   * 400 `BadRequest`, message `schemaInvalid: <reason>`.
   */
  schemaInvalidError: ErrorShape;
  /** GETs of a job's schema within this long after a PUT or DELETE return the previous document. Default 0. */
  schemaReadLagMs: number;
  /** A new `directories[].version` stamp on every GET (the real stamp is volatile; clients must ignore it). Default false. */
  volatileDirectoryVersion: boolean;
  /** Each saved PUT raises `version` (v1.2 → v1.3 …); every real sample reads "v1.2" ([INFERENCE]). Default false. */
  bumpVersionOnPut: boolean;
  /**
   * How a schema PUT's object mapping `flowTypes` are stored and read back: `"asSent"` (default), `"compact"`
   * (`"Add,Update"`, as the real service returns them [CODE] dump) or `"spaced"` (`"Add, Update"`, as the docs show
   * them [DOC]), to test that clients compare them as flags.
   */
  flowTypesFormat: "asSent" | "compact" | "spaced";
  /** A schema PUT's `scope.groups` are stored in reverse order (groups are OR'ed: order means nothing). Default false. */
  reverseScopeGroupsOnPut: boolean;
  /** An unknown synchronization job (and its schema). [INFERENCE] status/code; default 404 `Request_ResourceNotFound`. */
  syncJobNotFoundError: ErrorShape;
  /**
   * A saved schema change restarts the job ([DOC] "Changing your provisioning configuration restarts the service and
   * triggers an initial cycle"): status `NotRun`, steady state reset. With this switch the initial cycle also runs
   * at once; default false (the next cycle, e.g. `POST /_emulator/sync/run`, is the initial one).
   */
  schemaChangeRunsCycle: boolean;
  /**
   * The skip reason of a user the schema's scoping filter leaves out (provisionOnDemand's `errorCode`, the log's
   * `SkipReason`). [INFERENCE]: "ScopingFilter" (default) tells it apart from an unassigned user;
   * "NotEffectivelyEntitled" is the code Graph documents for users out of scope in general.
   */
  scopingFilterSkipReason: "ScopingFilter" | "NotEffectivelyEntitled";
}

export interface EmulatorSettings extends BehaviourSwitches {
  /** Added delay before every Graph and token response. Default 0. */
  latencyMs: number;
  /** Reads of an object return stale data or 404 for this long after a write to it. Default 0 (off). */
  replicationLagMs: number;
  /** "404": reads within the lag window answer 404; "stale": they answer the value from before the write. */
  replicationLagMode: "404" | "stale";
  /** 409 `Directory_ConcurrencyViolation` when two writes to one partner overlap. Default false. */
  concurrencyViolation: boolean;
  /** How long a write holds its partner while `concurrencyViolation` is on (on top of latency). Default 50. */
  concurrencyWindowMs: number;
  /** Token bucket for Graph writes; 429 with the honest `Retry-After` when empty. Default null (off). */
  throttle: ThrottleSettings | null;
  /** Lifetime of issued access tokens. Default 3600. */
  tokenLifetimeSeconds: number;
  /** Shifts the directory clock (deletedDateTime, 30-day retention) so tests can advance time. Default 0. */
  clockOffsetMs: number;
}

export function defaultSettings(): EmulatorSettings {
  return {
    latencyMs: 0,
    replicationLagMs: 0,
    replicationLagMode: "404",
    concurrencyViolation: false,
    concurrencyWindowMs: 50,
    throttle: null,
    tokenLifetimeSeconds: 3600,
    clockOffsetMs: 0,
    partnerDeleteWithSyncPolicy: "reject",
    partnerDeleteWithSyncPolicyError: { status: 400, code: "Request_BadRequest" },
    missingPartner: "notFound",
    missingPartnerError: { status: 404, code: "Request_ResourceNotFound" },
    syncNotFoundError: { status: 404, code: "Request_ResourceNotFound" },
    patchMissingSyncStatus: 404,
    duplicatePartnerStatus: 409,
    wrongContentTypeStatus: 400,
    nestedPatch: "replace",
    expandMissingSync: "null",
    softDeleteFromV1: true,
    retentionDays: 30,
    checkAudience: true,
    inheritedSettingShape: "null",
    softDeletedBlocksCreate: false,
    isServiceProviderDelegatedOnly: true,
    deletedItemsDelegatedOnly: false,
    replicationLagDependentWrites: true,
    rejectTenantRestrictionsODataType: true,
    pageSize: 100,
    maxPageSize: 999,
    isInMultiTenantOrganizationReadOnly: true,
    externalCloudAuthorizedApplicationIdReadOnly: false,
    undocumentedProperties: { partner: {}, sync: {} },
    servicePrincipalReadLagMs: 0,
    syncMissingPermission: "unknownError",
    validateCredentialsError: { status: 400, code: "BadRequest" },
    duplicateAppRoleAssignmentError: { status: 400, code: "Request_BadRequest" },
    provisionOnDemandShape: "statusInfo",
    syncedUserCreationType: "Invitation",
    syncCycleOnStart: true,
    provisionOnDemandRateLimit: null,
    schemaInvalidError: { status: 400, code: "BadRequest" },
    schemaReadLagMs: 0,
    volatileDirectoryVersion: false,
    bumpVersionOnPut: false,
    flowTypesFormat: "asSent",
    reverseScopeGroupsOnPut: false,
    syncJobNotFoundError: { status: 404, code: "Request_ResourceNotFound" },
    schemaChangeRunsCycle: false,
    scopingFilterSkipReason: "ScopingFilter",
  };
}

type Check = (value: unknown) => boolean;
const isNonNegative: Check = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isStatus: Check = (v) => Number.isInteger(v) && (v as number) >= 400 && (v as number) <= 599;
const isShape: Check = (v) =>
  typeof v === "object" &&
  v !== null &&
  isStatus((v as ErrorShape).status) &&
  typeof (v as ErrorShape).code === "string";
const oneOf =
  (...values: unknown[]): Check =>
  (v) =>
    values.includes(v);
const isBool: Check = (v) => typeof v === "boolean";
const isPageSize: Check = (v) => Number.isInteger(v) && (v as number) >= 1;

const CHECKS: { [K in keyof EmulatorSettings]: [Check, string] } = {
  latencyMs: [isNonNegative, "a number >= 0"],
  replicationLagMs: [isNonNegative, "a number >= 0"],
  replicationLagMode: [oneOf("404", "stale"), '"404" or "stale"'],
  concurrencyViolation: [isBool, "a boolean"],
  concurrencyWindowMs: [isNonNegative, "a number >= 0"],
  throttle: [
    (v) =>
      v === null ||
      (typeof v === "object" &&
        (v as ThrottleSettings).writesPerSecond > 0 &&
        isNonNegative((v as ThrottleSettings).burst)),
    "null or { writesPerSecond > 0, burst >= 0 }",
  ],
  tokenLifetimeSeconds: [(v) => isNonNegative(v) && (v as number) > 0, "a number > 0"],
  clockOffsetMs: [(v) => typeof v === "number" && Number.isFinite(v), "a number"],
  partnerDeleteWithSyncPolicy: [oneOf("reject", "cascade"), '"reject" or "cascade"'],
  partnerDeleteWithSyncPolicyError: [isShape, "{ status, code }"],
  missingPartner: [oneOf("notFound", "autoCreate"), '"notFound" or "autoCreate"'],
  missingPartnerError: [isShape, "{ status, code }"],
  syncNotFoundError: [isShape, "{ status, code }"],
  patchMissingSyncStatus: [isStatus, "an HTTP error status"],
  duplicatePartnerStatus: [isStatus, "an HTTP error status"],
  wrongContentTypeStatus: [oneOf(400, 415), "400 or 415"],
  nestedPatch: [oneOf("replace", "merge"), '"replace" or "merge"'],
  expandMissingSync: [oneOf("null", "omit"), '"null" or "omit"'],
  softDeleteFromV1: [isBool, "a boolean"],
  retentionDays: [isNonNegative, "a number >= 0"],
  checkAudience: [isBool, "a boolean"],
  inheritedSettingShape: [oneOf("null", "nullLeaves"), '"null" or "nullLeaves"'],
  softDeletedBlocksCreate: [isBool, "a boolean"],
  isServiceProviderDelegatedOnly: [isBool, "a boolean"],
  deletedItemsDelegatedOnly: [isBool, "a boolean"],
  replicationLagDependentWrites: [isBool, "a boolean"],
  rejectTenantRestrictionsODataType: [isBool, "a boolean"],
  pageSize: [isPageSize, "an integer >= 1"],
  maxPageSize: [isPageSize, "an integer >= 1"],
  isInMultiTenantOrganizationReadOnly: [isBool, "a boolean"],
  externalCloudAuthorizedApplicationIdReadOnly: [isBool, "a boolean"],
  undocumentedProperties: [
    (v) =>
      isPlainObject(v) &&
      Object.keys(v).every((k) => k === "partner" || k === "sync") &&
      Object.values(v).every(isPlainObject),
    "{ partner?: object, sync?: object }",
  ],
  servicePrincipalReadLagMs: [isNonNegative, "a number >= 0"],
  syncMissingPermission: [oneOf("unknownError", "forbidden"), '"unknownError" or "forbidden"'],
  validateCredentialsError: [isShape, "{ status, code }"],
  duplicateAppRoleAssignmentError: [isShape, "{ status, code }"],
  provisionOnDemandShape: [oneOf("statusInfo", "result"), '"statusInfo" or "result"'],
  syncedUserCreationType: [(v) => v === null || typeof v === "string", "a string or null"],
  syncCycleOnStart: [isBool, "a boolean"],
  provisionOnDemandRateLimit: [
    (v) =>
      v === null ||
      (isPlainObject(v) && isPageSize((v as JsonObject).requests) && isNonNegative((v as JsonObject).windowMs)),
    "null or { requests >= 1, windowMs >= 0 }",
  ],
  schemaInvalidError: [isShape, "{ status, code }"],
  schemaReadLagMs: [isNonNegative, "a number >= 0"],
  volatileDirectoryVersion: [isBool, "a boolean"],
  bumpVersionOnPut: [isBool, "a boolean"],
  flowTypesFormat: [oneOf("asSent", "compact", "spaced"), '"asSent", "compact" or "spaced"'],
  reverseScopeGroupsOnPut: [isBool, "a boolean"],
  syncJobNotFoundError: [isShape, "{ status, code }"],
  schemaChangeRunsCycle: [isBool, "a boolean"],
  scopingFilterSkipReason: [
    oneOf("ScopingFilter", "NotEffectivelyEntitled"),
    '"ScopingFilter" or "NotEffectivelyEntitled"',
  ],
};

/** Returns `current` with `patch` applied, or throws an Error naming the first bad key. Does not mutate `current`. */
export function applySettingsPatch(current: EmulatorSettings, patch: unknown): EmulatorSettings {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new Error("settings must be a JSON object");
  }
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const check = (CHECKS as Record<string, [Check, string] | undefined>)[key];
    if (!check) throw new Error(`unknown setting '${key}'`);
    if (!check[0](value)) throw new Error(`setting '${key}' must be ${check[1]}`);
    next[key] = key === "undocumentedProperties" ? { partner: {}, sync: {}, ...(value as object) } : value;
  }
  return next as unknown as EmulatorSettings;
}
