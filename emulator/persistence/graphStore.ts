/**
 * The directory state behind the Graph endpoints. Records are JSON objects keyed by (lower-cased) `tenantId`;
 * a stored record is frozen and replaced, never mutated, so older references stay valid (replication lag uses them).
 * Swap the persistence layer by implementing this interface (memory: MemoryGraphStore; JSON file: FileGraphStore).
 */
import { JsonObject } from "../util/json";

export type Collection = "partners" | "policies" | "deletedPartners" | "deletedPolicies";
export const COLLECTIONS: Collection[] = ["partners", "policies", "deletedPartners", "deletedPolicies"];

export interface StoreSnapshot {
  version: 1;
  partners: JsonObject[];
  policies: JsonObject[];
  deletedPartners: JsonObject[];
  deletedPolicies: JsonObject[];
}

export interface GraphStore {
  /** Loads persisted state, if any. */
  init(): Promise<void>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
  get(collection: Collection, tenantId: string): Readonly<JsonObject> | undefined;
  /** Records in insertion order. */
  list(collection: Collection): Readonly<JsonObject>[];
  /** Inserts or replaces the record keyed by its `tenantId`. */
  put(collection: Collection, record: JsonObject): void;
  remove(collection: Collection, tenantId: string): boolean;
  snapshot(): StoreSnapshot;
  /** Replaces the whole state. */
  replace(snapshot: StoreSnapshot): void;
  clear(): void;
  /** Resolves once every change made so far is durable (immediately for memory). */
  flush(): Promise<void>;
}

export function emptySnapshot(): StoreSnapshot {
  return { version: 1, partners: [], policies: [], deletedPartners: [], deletedPolicies: [] };
}

export const keyOf = (tenantId: string): string => tenantId.toLowerCase();
