/** Atomic file writes: write a temporary file beside the target, then rename over it. */
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

export function writeFileAtomicSync(file: string, data: string, mode = 0o644): void {
  const tmp = tempName(file);
  fs.writeFileSync(tmp, data, { mode });
  fs.renameSync(tmp, file);
}

export async function writeFileAtomic(file: string, data: string, mode = 0o644): Promise<void> {
  const tmp = tempName(file);
  const handle = await fs.promises.open(tmp, "w", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
}
