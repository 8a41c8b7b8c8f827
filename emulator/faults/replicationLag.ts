/**
 * Replication lag ([INFERENCE] graph-behaviour.md §9): for `lagMs` after a write to an object, reads of it answer
 * 404 ("404" mode) or the value from before the first write of the window ("stale" mode). After a delete, reads
 * show the object as it was in either mode (a replica that has not seen the delete still has it), and a create of
 * the same key is refused (`recentlyDeleted`), as deploymenttheory's poll-until-404 after DELETE expects (landscape Q5).
 * Keys are opaque strings chosen by the caller (tenant, collection and id).
 */
import { JsonObject } from "../util/json";

type Entry = { prev: Readonly<JsonObject> | undefined; at: number; deleted: boolean };

export class ReplicationLag {
  private readonly recent = new Map<string, Entry>();

  constructor(private readonly settings: () => { replicationLagMs: number; replicationLagMode: "404" | "stale" }) {}

  /** Call before a write replaces `prev` (undefined when the object did not exist); `deleted` when it removes it. */
  recordWrite(
    kind: string,
    id: string,
    prev: Readonly<JsonObject> | undefined,
    now = Date.now(),
    deleted = false,
  ): void {
    const lag = this.settings().replicationLagMs;
    if (lag <= 0) return;
    const key = `${kind}:${id.toLowerCase()}`;
    const existing = this.recent.get(key);
    // Within an open window the replica still holds the value from before the first write.
    this.recent.set(key, { prev: existing && now - existing.at < lag ? existing.prev : prev, at: now, deleted });
  }

  /** What a read sees for `current` (undefined = not found). */
  view(
    kind: string,
    id: string,
    current: Readonly<JsonObject> | undefined,
    now = Date.now(),
  ): Readonly<JsonObject> | undefined {
    const entry = this.entry(kind, id, now);
    if (!entry) return current;
    return this.settings().replicationLagMode === "404" && !entry.deleted ? undefined : entry.prev;
  }

  /** True while an object that existed before the window was deleted less than the lag ago (a create gets 409). */
  recentlyDeleted(kind: string, id: string, now = Date.now()): boolean {
    const entry = this.entry(kind, id, now);
    return entry !== undefined && entry.deleted && entry.prev !== undefined;
  }

  /** Ids of `kind` written within the window (so lists can show stale entries that are gone now). */
  laggingIds(kind: string): string[] {
    const prefix = `${kind}:`;
    return [...this.recent.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** Forgets every write, or (with `kindPrefix`) the writes whose kind starts with it (one tenant's). */
  clear(kindPrefix?: string): void {
    if (kindPrefix === undefined) return this.recent.clear();
    for (const key of [...this.recent.keys()]) if (key.startsWith(kindPrefix)) this.recent.delete(key);
  }

  private entry(kind: string, id: string, now: number): Entry | undefined {
    if (this.recent.size === 0) return undefined;
    const key = `${kind}:${id.toLowerCase()}`;
    const entry = this.recent.get(key);
    if (!entry) return undefined;
    if (now - entry.at >= this.settings().replicationLagMs) {
      this.recent.delete(key);
      return undefined;
    }
    return entry;
  }
}
