/**
 * The directory state behind the Graph endpoints, one directory per tenant (a token's `tid` picks it). Records are
 * JSON objects keyed by (lower-cased) `tenantId` (the cross-tenant policy collections) or `id` (the source side's
 * directory objects, `SOURCE_COLLECTIONS`); a stored record is frozen and replaced, never mutated, so older
 * references stay valid (replication lag uses them). Each directory also holds its default configuration
 * (`undefined` = the system default) and the top-level cross-tenant access policy (`undefined` = never changed).
 * Swap the persistence layer by implementing this interface (memory: MemoryGraphStore; JSON file: FileGraphStore).
 */
import { JsonObject } from "../util/json";

export type PolicyCollection = "partners" | "policies" | "deletedPartners" | "deletedPolicies";
/**
 * The source side of cross-tenant synchronization (issue 16): users, groups (with their direct `members` ids),
 * applications, service principals, app role assignments, synchronization jobs and secrets (keyed by the service
 * principal id), and `organization` (one record per directory: its default domain); `deletedUsers` holds the users
 * a synchronization job soft-deleted in a target tenant (issue 17). Keyed by `id`.
 */
export type SourceCollection =
  | "users"
  | "deletedUsers"
  | "groups"
  | "applications"
  | "servicePrincipals"
  | "appRoleAssignments"
  | "syncJobs"
  | "syncSecrets"
  | "organization";
export type Collection = PolicyCollection | SourceCollection;
export const SOURCE_COLLECTIONS: SourceCollection[] = [
  "users",
  "deletedUsers",
  "groups",
  "applications",
  "servicePrincipals",
  "appRoleAssignments",
  "syncJobs",
  "syncSecrets",
  "organization",
];
export const COLLECTIONS: Collection[] = [
  "partners",
  "policies",
  "deletedPartners",
  "deletedPolicies",
  ...SOURCE_COLLECTIONS,
];

/** The property keying a collection's records. */
export const keyPropertyOf = (collection: Collection): "tenantId" | "id" =>
  (SOURCE_COLLECTIONS as string[]).includes(collection) ? "id" : "tenantId";

/** One tenant's directory as data. */
export interface DirectorySnapshot {
  partners: JsonObject[];
  policies: JsonObject[];
  deletedPartners: JsonObject[];
  deletedPolicies: JsonObject[];
  /** The source side's collections (absent in files written before issue 16: empty). */
  users?: JsonObject[];
  deletedUsers?: JsonObject[];
  groups?: JsonObject[];
  applications?: JsonObject[];
  servicePrincipals?: JsonObject[];
  appRoleAssignments?: JsonObject[];
  syncJobs?: JsonObject[];
  syncSecrets?: JsonObject[];
  organization?: JsonObject[];
  /** The customised default configuration as stored; null = the system default. */
  defaultConfiguration: JsonObject | null;
  /** The top-level cross-tenant access policy as stored; null (or absent, in older files) = never changed. */
  crossTenantAccessPolicy?: JsonObject | null;
}

/**
 * The whole store as persisted: the home tenant's directory at the top level (the layout of version 1 files, which
 * still load), every other tenant's under `tenants`.
 */
export interface StoreSnapshot extends DirectorySnapshot {
  version: 2;
  tenants: Record<string, DirectorySnapshot>;
}

/** One tenant's directory: what the Graph handlers work on. */
export interface Directory {
  readonly tenantId: string;
  /** The record keyed `key` (its `tenantId`, or its `id` in the source collections). */
  get(collection: Collection, key: string): Readonly<JsonObject> | undefined;
  /** Records in insertion order. */
  list(collection: Collection): Readonly<JsonObject>[];
  /** Inserts or replaces the record keyed by its `tenantId` (or `id`, see `keyPropertyOf`). */
  put(collection: Collection, record: JsonObject): void;
  remove(collection: Collection, key: string): boolean;
  /** The customised default configuration; undefined = the system default. */
  getDefault(): Readonly<JsonObject> | undefined;
  setDefault(record: JsonObject | undefined): void;
  /** The top-level cross-tenant access policy's own properties; undefined = never changed (the service's values). */
  getAccessPolicy(): Readonly<JsonObject> | undefined;
  setAccessPolicy(record: JsonObject | undefined): void;
  snapshot(): DirectorySnapshot;
  clear(): void;
}

export interface GraphStore {
  /** The tenant whose directory is the top level of the persisted layout. */
  readonly homeTenantId: string;
  /** Loads persisted state, if any. */
  init(): Promise<void>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
  /** The directory of `tenantId` (created empty on first use). */
  directory(tenantId: string): Directory;
  /** Tenants that have a directory. */
  tenantIds(): string[];
  snapshot(): StoreSnapshot;
  /** Replaces the whole state. */
  replace(snapshot: StoreSnapshot): void;
  /** Clears every directory. */
  clear(): void;
  /** Resolves once every change made so far is durable (immediately for memory). */
  flush(): Promise<void>;
}

export function emptyDirectory(): DirectorySnapshot {
  return {
    partners: [],
    policies: [],
    deletedPartners: [],
    deletedPolicies: [],
    ...Object.fromEntries(SOURCE_COLLECTIONS.map((c) => [c, []])),
    defaultConfiguration: null,
    crossTenantAccessPolicy: null,
  };
}

export function emptySnapshot(): StoreSnapshot {
  return { version: 2, ...emptyDirectory(), tenants: {} };
}

export const keyOf = (tenantId: string): string => tenantId.toLowerCase();
