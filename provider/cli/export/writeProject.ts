/**
 * Writes the generated files into `--out DIR`. Existing files are never overwritten without `--force`; each file
 * is written to a temporary name and renamed, so an interrupted export leaves no half-written file.
 */
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "../io";

export function writeProject(dir: string, files: Readonly<Record<string, string>>, force: boolean): string[] {
  const existing = Object.keys(files).filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length > 0 && !force) {
    throw new UsageError(
      `${dir} already has ${existing.join(", ")}; choose an empty directory with --out, or pass --force to overwrite these files.`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const target = path.join(dir, name);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, "utf8");
    fs.renameSync(tmp, target);
    written.push(target);
  }
  return written;
}
