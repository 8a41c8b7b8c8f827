/**
 * Replication lag ([INFERENCE] graph-behaviour.md §9): for `lagMs` after a write to an object, reads of it answer
 * 404 ("404" mode) or the value from before the first write of the window ("stale" mode).
 */
import { JsonObject } from "../util/json";

type Entry = { prev: Readonly<JsonObject> | undefined; at: number };

export class ReplicationLag {
  private readonly recent = new Map<string, Entry>();

  constructor(private readonly settings: () => { replicationLagMs: number; replicationLagMode: "404" | "stale" }) {}

  /** Call before a write replaces `prev` (undefined when the object did not exist). */
  recordWrite(kind: string, id: string, prev: Readonly<JsonObject> | undefined, now = Date.now()): void {
    const lag = this.settings().replicationLagMs;
    if (lag <= 0) return;
    const key = `${kind}:${id.toLowerCase()}`;
    const existing = this.recent.get(key);
    // Within an open window the replica still holds the value from before the first write.
    this.recent.set(key, { prev: existing && now - existing.at < lag ? existing.prev : prev, at: now });
  }

  /** What a read sees for `current` (undefined = not found). */
  view(kind: string, id: string, current: Readonly<JsonObject> | undefined, now = Date.now()): Readonly<JsonObject> | undefined {
    if (this.recent.size === 0) return current;
    const key = `${kind}:${id.toLowerCase()}`;
    const entry = this.recent.get(key);
    if (!entry) return current;
    const { replicationLagMs, replicationLagMode } = this.settings();
    if (now - entry.at >= replicationLagMs) {
      this.recent.delete(key);
      return current;
    }
    return replicationLagMode === "404" ? undefined : entry.prev;
  }

  /** Ids of `kind` written within the window (so lists can show stale entries that are gone now). */
  laggingIds(kind: string): string[] {
    const prefix = `${kind}:`;
    return [...this.recent.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  clear(): void {
    this.recent.clear();
  }
}
