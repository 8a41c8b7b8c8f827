/** In-memory GraphStore: one Map per collection. */
import { cloneJson, JsonObject } from "../util/json";
import { Collection, COLLECTIONS, emptySnapshot, GraphStore, keyOf, StoreSnapshot } from "./graphStore";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

export class MemoryGraphStore implements GraphStore {
  protected readonly maps: Record<Collection, Map<string, Readonly<JsonObject>>> = {
    partners: new Map(),
    policies: new Map(),
    deletedPartners: new Map(),
    deletedPolicies: new Map(),
  };

  async init(): Promise<void> {}

  async close(): Promise<void> {}

  get(collection: Collection, tenantId: string): Readonly<JsonObject> | undefined {
    return this.maps[collection].get(keyOf(tenantId));
  }

  list(collection: Collection): Readonly<JsonObject>[] {
    return [...this.maps[collection].values()];
  }

  put(collection: Collection, record: JsonObject): void {
    const id = record.tenantId;
    if (typeof id !== "string") throw new Error("record without tenantId");
    const key = keyOf(id);
    const map = this.maps[collection];
    // Map.set keeps the original position of an existing key, so lists stay in creation order.
    map.set(key, deepFreeze(record));
    this.changed();
  }

  remove(collection: Collection, tenantId: string): boolean {
    const removed = this.maps[collection].delete(keyOf(tenantId));
    if (removed) this.changed();
    return removed;
  }

  snapshot(): StoreSnapshot {
    const snap = emptySnapshot();
    for (const c of COLLECTIONS) snap[c] = this.list(c).map((r) => cloneJson(r) as JsonObject);
    return snap;
  }

  replace(snapshot: StoreSnapshot): void {
    for (const c of COLLECTIONS) {
      this.maps[c].clear();
      for (const r of snapshot[c] ?? []) {
        if (typeof r.tenantId === "string") this.maps[c].set(keyOf(r.tenantId), deepFreeze(cloneJson(r)));
      }
    }
    this.changed();
  }

  clear(): void {
    for (const c of COLLECTIONS) this.maps[c].clear();
    this.changed();
  }

  async flush(): Promise<void> {}

  /** Hook for subclasses that persist. */
  protected changed(): void {}
}
