/**
 * GraphStore persisted to one JSON file. Changes are written atomically (temporary file, fsync, rename) and
 * coalesced: concurrent requests share one write. `flush()` resolves once the state at call time is on disk, so a
 * handler can acknowledge a write only after it is durable (crash tests rely on this).
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../util/files";
import { emptySnapshot, StoreSnapshot } from "./graphStore";
import { MemoryGraphStore } from "./memoryStore";

export class FileGraphStore extends MemoryGraphStore {
  private dirty = false;
  private draining: Promise<void> | null = null;
  private loading = false;

  constructor(
    readonly file: string,
    homeTenantId: string,
  ) {
    super(homeTenantId);
  }

  override async init(): Promise<void> {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    let text: string | undefined;
    try {
      text = await fs.promises.readFile(this.file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    if (text !== undefined) {
      let snap: StoreSnapshot;
      try {
        // A version 1 file (one directory) has the same top-level layout: it loads as the home tenant's directory.
        snap = { ...emptySnapshot(), ...(JSON.parse(text) as Partial<StoreSnapshot>), version: 2 } as StoreSnapshot;
      } catch (e) {
        throw new Error(`emulator data file ${this.file} is not valid JSON: ${(e as Error).message}`, { cause: e });
      }
      this.loading = true;
      try {
        this.replace(snap);
      } finally {
        this.loading = false;
      }
    }
  }

  override async close(): Promise<void> {
    await this.flush();
  }

  protected override changed(): void {
    if (!this.loading) this.dirty = true;
  }

  override flush(): Promise<void> {
    // A drain in progress may already have passed the point where it would see our change: wait, then re-check.
    if (this.draining) return this.draining.then(() => this.flush());
    if (!this.dirty) return Promise.resolve();
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      await writeFileAtomic(this.file, JSON.stringify(this.snapshot(), null, 2) + "\n");
    }
  }
}
