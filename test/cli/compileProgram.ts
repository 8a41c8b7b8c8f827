// Type-checks a generated program with the real `tsc --noEmit`, using the generated tsconfig.json and resolving
// `pulumi-entra-cross-tenant` to this repository's sources (no build needed) and `@pulumi/pulumi` to the installed
// SDK. Returns the diagnostics that concern the generated files.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface CompileResult {
  /** tsc's exit status. */
  status: number | null;
  /** Diagnostics in the generated program's own files. */
  programErrors: string[];
  /** Everything tsc printed. */
  output: string;
}

/** A scratch directory inside the repository (git-ignored), so module resolution finds its node_modules. */
export function scratchDir(prefix: string): string {
  const root = path.join(REPO_ROOT, ".e2e");
  fs.mkdirSync(root, { recursive: true });
  return fs.mkdtempSync(path.join(root, `${prefix}-`));
}

export function compileProgram(dir: string): CompileResult {
  const config = {
    extends: "./tsconfig.json",
    compilerOptions: {
      noEmit: true,
      baseUrl: ".",
      paths: { "pulumi-entra-cross-tenant": [path.join(REPO_ROOT, "provider", "index.ts")] },
      typeRoots: [path.join(REPO_ROOT, "node_modules", "@types")],
    },
  };
  const configPath = path.join(dir, "tsconfig.compile-test.json");
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", configPath, "--pretty", "false"],
    {
      cwd: dir,
      encoding: "utf8",
      timeout: 180_000,
    },
  );
  fs.rmSync(configPath, { force: true });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  // tsc names files relative to its working directory: the program's own files have no directory part.
  const programErrors = output.split("\n").filter((l) => /^[^/\\(]+\.ts\(\d+,\d+\)/.test(l));
  return { status: r.status, programErrors, output };
}
