// The emulator's folders form layers: a module imports only from its own folder or from a folder below it, and no
// import cycle exists between modules (type imports included). Static parse of every import and re-export.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const EMULATOR = path.resolve(__dirname, "..", "..", "emulator");

/**
 * Leaf first: each folder (or top-level file) may import only from itself and the ones before it. A new folder must
 * be placed here.
 */
const LAYERS = [
  "util",
  "tls",
  "settings.ts",
  "errors",
  "http",
  "validation",
  "persistence",
  "requestLog.ts",
  "faults",
  "auth",
  "handlers",
  "admin",
  "server",
  "index.ts",
  "cli.ts",
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

/** The emulator modules a file imports or re-exports (`import type` and `export … from` included). */
function localImports(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => {
      const target = path.resolve(path.dirname(file), spec);
      const found = [`${target}.ts`, path.join(target, "index.ts")].find((c) => fs.existsSync(c));
      if (!found) throw new Error(`${rel(file)}: cannot resolve import '${spec}'`);
      return found;
    })
    .filter((f) => f.startsWith(EMULATOR + path.sep));
}

const rel = (file: string): string => path.relative(EMULATOR, file).split(path.sep).join("/");
/** The layer of a module: its top-level folder, or the file itself at the top. */
const layerOf = (file: string): string => rel(file).split("/")[0];

const files = sourceFiles(EMULATOR);
const edges = new Map(files.map((f) => [f, localImports(f)]));

test("every folder and top-level file of the emulator has its place in the layer order", () => {
  expect([...new Set(files.map(layerOf))].filter((l) => !LAYERS.includes(l))).toEqual([]);
});

test("imports go only downward: no module imports from a folder above its own", () => {
  const upward: string[] = [];
  for (const [file, deps] of edges) {
    for (const dep of deps) {
      if (LAYERS.indexOf(layerOf(dep)) > LAYERS.indexOf(layerOf(file))) upward.push(`${rel(file)} -> ${rel(dep)}`);
    }
  }
  expect(upward).toEqual([]);
});

test("no import cycle, type imports included", () => {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const dep of edges.get(file) ?? []) {
      if (state.get(dep) === "open") cycles.push([...stack.slice(stack.indexOf(dep)), dep].map(rel).join(" -> "));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of files) if (!state.has(file)) visit(file);
  expect(cycles).toEqual([]);
});

test("the checks see the imports they judge (a guard against a parser that finds nothing)", () => {
  expect(edges.get(path.join(EMULATOR, "server", "graphPipeline.ts"))?.map(rel)).toEqual(
    expect.arrayContaining(["http/body.ts", "server/graphRouter.ts", "handlers/baseHandler.ts"]),
  );
  // `import type` counts too.
  expect(edges.get(path.join(EMULATOR, "index.ts"))?.map(rel)).toEqual(expect.arrayContaining(["requestLog.ts"]));
});
