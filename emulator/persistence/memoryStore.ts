/** In-memory GraphStore: per tenant, one Map per collection plus the default configuration and the top-level policy. */
import { cloneJson, isPlainObject, JsonObject } from "../util/json";
import {
  Collection,
  COLLECTIONS,
  Directory,
  DirectorySnapshot,
  emptyDirectory,
  emptySnapshot,
  GraphStore,
  keyOf,
  keyPropertyOf,
  StoreSnapshot,
} from "./graphStore";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

class MemoryDirectory implements Directory {
  private readonly maps = Object.fromEntries(COLLECTIONS.map((c) => [c, new Map()])) as Record<
    Collection,
    Map<string, Readonly<JsonObject>>
  >;
  private defaultConfiguration: Readonly<JsonObject> | undefined;
  private accessPolicy: Readonly<JsonObject> | undefined;

  constructor(
    readonly tenantId: string,
    private readonly changed: () => void,
  ) {}

  get(collection: Collection, key: string): Readonly<JsonObject> | undefined {
    return this.maps[collection].get(keyOf(key));
  }

  list(collection: Collection): Readonly<JsonObject>[] {
    return [...this.maps[collection].values()];
  }

  put(collection: Collection, record: JsonObject): void {
    const keyProperty = keyPropertyOf(collection);
    const id = record[keyProperty];
    if (typeof id !== "string") throw new Error(`record without ${keyProperty}`);
    // Map.set keeps the original position of an existing key, so lists stay in creation order.
    this.maps[collection].set(keyOf(id), deepFreeze(record));
    this.changed();
  }

  remove(collection: Collection, key: string): boolean {
    const removed = this.maps[collection].delete(keyOf(key));
    if (removed) this.changed();
    return removed;
  }

  getDefault(): Readonly<JsonObject> | undefined {
    return this.defaultConfiguration;
  }

  setDefault(record: JsonObject | undefined): void {
    this.defaultConfiguration = record === undefined ? undefined : deepFreeze(record);
    this.changed();
  }

  getAccessPolicy(): Readonly<JsonObject> | undefined {
    return this.accessPolicy;
  }

  setAccessPolicy(record: JsonObject | undefined): void {
    this.accessPolicy = record === undefined ? undefined : deepFreeze(record);
    this.changed();
  }

  snapshot(): DirectorySnapshot {
    const snap = emptyDirectory();
    for (const c of COLLECTIONS) snap[c] = this.list(c).map((r) => cloneJson(r) as JsonObject);
    snap.defaultConfiguration = this.defaultConfiguration ? (cloneJson(this.defaultConfiguration) as JsonObject) : null;
    snap.crossTenantAccessPolicy = this.accessPolicy ? (cloneJson(this.accessPolicy) as JsonObject) : null;
    return snap;
  }

  load(snap: Partial<DirectorySnapshot>): void {
    for (const c of COLLECTIONS) {
      this.maps[c].clear();
      const keyProperty = keyPropertyOf(c);
      for (const r of snap[c] ?? []) {
        const key = r[keyProperty];
        if (typeof key === "string") this.maps[c].set(keyOf(key), deepFreeze(cloneJson(r)));
      }
    }
    this.defaultConfiguration = isPlainObject(snap.defaultConfiguration)
      ? deepFreeze(cloneJson(snap.defaultConfiguration))
      : undefined;
    this.accessPolicy = isPlainObject(snap.crossTenantAccessPolicy)
      ? deepFreeze(cloneJson(snap.crossTenantAccessPolicy))
      : undefined;
  }

  isEmpty(): boolean {
    return (
      this.defaultConfiguration === undefined &&
      this.accessPolicy === undefined &&
      COLLECTIONS.every((c) => this.maps[c].size === 0)
    );
  }

  clear(): void {
    for (const c of COLLECTIONS) this.maps[c].clear();
    this.defaultConfiguration = undefined;
    this.accessPolicy = undefined;
    this.changed();
  }
}

export class MemoryGraphStore implements GraphStore {
  private readonly directories = new Map<string, MemoryDirectory>();
  readonly homeTenantId: string;

  constructor(homeTenantId: string) {
    this.homeTenantId = keyOf(homeTenantId);
  }

  async init(): Promise<void> {}

  async close(): Promise<void> {}

  directory(tenantId: string): Directory {
    return this.dir(tenantId);
  }

  tenantIds(): string[] {
    return [...this.directories.keys()];
  }

  snapshot(): StoreSnapshot {
    const snap: StoreSnapshot = { ...emptySnapshot(), ...this.dir(this.homeTenantId).snapshot() };
    for (const [id, d] of this.directories) {
      if (id !== this.homeTenantId && !d.isEmpty()) snap.tenants[id] = d.snapshot();
    }
    return snap;
  }

  replace(snapshot: StoreSnapshot): void {
    for (const d of this.directories.values()) d.load(emptyDirectory());
    this.dir(this.homeTenantId).load(snapshot);
    for (const [id, d] of Object.entries(snapshot.tenants ?? {})) this.dir(id).load(d);
    this.changed();
  }

  clear(): void {
    for (const d of this.directories.values()) d.load(emptyDirectory());
    this.changed();
  }

  async flush(): Promise<void> {}

  /** Hook for subclasses that persist. */
  protected changed(): void {}

  private dir(tenantId: string): MemoryDirectory {
    const key = keyOf(tenantId);
    let d = this.directories.get(key);
    if (!d) {
      d = new MemoryDirectory(key, () => this.changed());
      this.directories.set(key, d);
    }
    return d;
  }
}
