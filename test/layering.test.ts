/**
 * Layering of provider/, by folder only, and no import cycle anywhere in it (type imports included). Layers, bottom
 * up; a module imports its own layer or a lower one:
 * - core: `text/`, `errors`, `log`, `version`, `config/`, `auth/`, `graph/`, `connection/`;
 * - resources: `resources/`, each kind's core (descriptor, check, diff, payload, lifecycle, handler);
 * - program: `program/`, what runs in the user's program (resource classes, the component, ownership, the provider
 *   text); host: `host/`, what runs in the provider host (the runtime, the stored module entries `providers/<Type>`);
 *   cli: `cli/`, the command line. These three never import one another;
 * - `index.ts`, the public entry, on top.
 * A package (`@pulumi/pulumi/automation`, say) is not a folder: only the command line's reachable set is held to
 * what it may load.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const PROVIDER = path.resolve(__dirname, "..", "provider");
const rel = (f: string) => path.relative(PROVIDER, f).replace(/\.ts$/, "");
const resolveLocal = (from: string, spec: string): string | undefined => {
  const target = path.resolve(path.dirname(from), spec);
  return [`${target}.ts`, path.join(target, "index.ts")].find((c) => fs.existsSync(c));
};
const parse = (f: string) => ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.ES2020, true);
const isRequire = (n: ts.Node): n is ts.CallExpression =>
  ts.isCallExpression(n) &&
  n.expression.getText() === "require" &&
  n.arguments[0] !== undefined &&
  ts.isStringLiteral(n.arguments[0]);

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith(".ts") ? [path.join(dir, d.name)] : [],
    );
}

/** Module (relative to provider/, no extension) → the package modules it imports, type-only imports included. */
const graph = new Map<string, string[]>();
for (const f of sourceFiles(PROVIDER)) {
  const deps: string[] = [];
  const visit = (n: ts.Node) => {
    let spec: string | undefined;
    if (
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
      n.moduleSpecifier &&
      ts.isStringLiteral(n.moduleSpecifier)
    )
      spec = n.moduleSpecifier.text;
    if (isRequire(n)) spec = (n.arguments[0] as ts.StringLiteral).text;
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal))
      spec = n.argument.literal.text;
    if (spec?.startsWith(".")) {
      const file = resolveLocal(f, spec);
      if (file) deps.push(rel(file));
    }
    ts.forEachChild(n, visit);
  };
  visit(parse(f));
  graph.set(rel(f), deps);
}

const folder = (m: string) => (m.includes("/") ? m.split("/")[0] : m);
const CORE = new Set(["text", "errors", "log", "version", "config", "auth", "graph", "connection"]);
type Layer = "core" | "resources" | "program" | "host" | "cli" | "index";
const layerOf = (m: string): Layer | undefined => {
  const f = folder(m);
  if (CORE.has(f)) return "core";
  return (["resources", "program", "host", "cli", "index"] as const).find((l) => l === f);
};
/** What each layer may import (besides packages). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  core: ["core"],
  resources: ["core", "resources"],
  program: ["core", "resources", "program"],
  host: ["core", "resources", "host"],
  cli: ["core", "resources", "cli"],
  index: ["core", "resources", "program", "host"], // the command line is its own entry (`bin`)
};
const edges = () => [...graph].flatMap(([m, deps]) => deps.map((d) => [m, d] as const));

describe("folders are layers: imports go only downward", () => {
  it("every module of provider/ is in a known layer", () => {
    expect([...graph.keys()].filter((m) => layerOf(m) === undefined)).toEqual([]);
  });

  it("core ← resources ← {program, host, cli} ← index.ts; program, host and cli never import one another", () => {
    const offending = edges()
      .filter(([m, d]) => !MAY_IMPORT[layerOf(m)!]?.includes(layerOf(d)!))
      .map(([m, d]) => `${m} (${layerOf(m)}) → ${d} (${layerOf(d)})`);
    expect(offending).toEqual([]);
  });

  it("inside the core: text needs nothing else; graph needs nothing above it; config needs only graph; auth needs no connection", () => {
    const offending = (from: string, forbidden: (f: string) => boolean) =>
      edges()
        .filter(([m, d]) => folder(m) === from && forbidden(folder(d)))
        .map(([m, d]) => `${m} → ${d}`);
    expect(offending("text", (f) => f !== "text")).toEqual([]);
    expect(offending("graph", (f) => ["config", "auth", "connection"].includes(f))).toEqual([]);
    expect(offending("config", (f) => ["auth", "connection"].includes(f))).toEqual([]);
    expect(offending("auth", (f) => f === "connection")).toEqual([]);
  });
});

describe("no import cycle", () => {
  it("has no import cycle anywhere in provider/, type imports included", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const walk = (m: string) => {
      state.set(m, "open");
      stack.push(m);
      for (const d of graph.get(m) ?? []) {
        if (state.get(d) === "open") cycles.push([...stack.slice(stack.indexOf(d)), d].join(" → "));
        else if (!state.has(d)) walk(d);
      }
      stack.pop();
      state.set(m, "done");
    };
    for (const m of graph.keys()) if (!state.has(m)) walk(m);
    expect(cycles).toEqual([]);
  });
});

describe("what both sides share, and what the program loads of the host", () => {
  it("kind descriptors are plain data that both sides may import, and every kind has a host handler", () => {
    const descriptors = [...graph.keys()].filter((m) => /^resources\/[^/]+\/kind$/.test(m));
    expect(descriptors.length).toBeGreaterThan(0);
    for (const m of descriptors) expect((graph.get(m) ?? []).filter((d) => d !== "resources/kind")).toEqual([]);
    const { KINDS } = require("../provider/resources/kinds") as typeof import("../provider/resources/kinds");
    const { resourceHandlers } = require("../provider/host/registry") as typeof import("../provider/host/registry");
    expect(KINDS.map((k) => k.typeName).sort()).toEqual([...resourceHandlers.keys()].sort());
    expect(descriptors.length).toBe(KINDS.length);
  });

  it("the provider text and the module entries the program loads import no resource code", () => {
    const serialized = [
      "program/providerFor",
      "program/typedStub",
      "program/serializedProvider",
      "host/moduleProvider",
    ];
    for (const m of serialized) {
      expect(graph.has(m)).toBe(true);
      expect((graph.get(m) ?? []).filter((d) => folder(d) === "resources")).toEqual([]);
    }
    // The text stored in state imports nothing of the package; a module entry only moduleProvider, which loads the
    // runtime on the host's first call.
    expect(graph.get("program/typedStub")).toEqual([]);
    expect(graph.get("program/serializedProvider")).toEqual([]);
    const entries = [...graph.keys()].filter((m) => m.startsWith("host/providers/"));
    expect(entries.length).toBeGreaterThan(0);
    for (const m of entries) expect([m, graph.get(m)]).toEqual([m, ["host/moduleProvider"]]);
    expect((graph.get("host/moduleProvider") ?? []).filter((d) => d !== "host/runtime")).toEqual([]);
  });
});

// The command line builds on the provider's core without the Pulumi runtime: `npx pulumi-entra-cross-tenant check`
// must work before a program (and @pulumi/pulumi) exists. Static walk of the imports reachable from
// provider/cli/main.ts (type-only imports excluded; TypeScript also elides imports used only as types). The one
// exception is a command that drives Pulumi itself (`drift`, provider/cli/drift/): it may require a package of
// @pulumi/pulumi inside a function, so that loading happens when it runs, never at start-up nor for another command.
describe("the command line", () => {
  interface Reach {
    files: Set<string>;
    /** package → the modules that load it, and whether only inside a function (when that code runs). */
    packages: Map<string, { from: string; lazy: boolean }[]>;
  }

  const insideFunction = (n: ts.Node): boolean => {
    for (let p = n.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return true;
    return false;
  };

  function walk(entry: string): Reach {
    const files = new Set<string>();
    const packages: Reach["packages"] = new Map();
    const queue = [entry];
    while (queue.length) {
      const f = queue.pop() as string;
      if (files.has(f)) continue;
      files.add(f);
      const visit = (n: ts.Node) => {
        let spec: string | undefined;
        if (ts.isImportDeclaration(n) && !n.importClause?.isTypeOnly && ts.isStringLiteral(n.moduleSpecifier))
          spec = n.moduleSpecifier.text;
        if (ts.isExportDeclaration(n) && !n.isTypeOnly && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier))
          spec = n.moduleSpecifier.text;
        if (isRequire(n)) spec = (n.arguments[0] as ts.StringLiteral).text;
        if (spec) {
          if (spec.startsWith(".")) {
            const file = resolveLocal(f, spec);
            if (file) queue.push(file);
          } else {
            packages.set(spec, [...(packages.get(spec) ?? []), { from: rel(f), lazy: insideFunction(n) }]);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(parse(f));
    }
    return { files, packages };
  }

  const pulumiLoads = (reach: Reach) =>
    [...reach.packages]
      .filter(([p]) => p.startsWith("@pulumi/"))
      .flatMap(([p, uses]) => uses.map((u) => ({ p, ...u })));
  const reach = walk(path.join(PROVIDER, "cli", "main.ts"));

  it("no module reachable from the command line loads @pulumi/pulumi, the program side, the host side or index.ts", () => {
    // At start-up nothing loads @pulumi/*; later only drift, inside a function.
    expect(
      pulumiLoads(reach)
        .filter((u) => !(u.lazy && u.from.startsWith("cli/drift/")))
        .map((u) => `${u.from} loads ${u.p}${u.lazy ? " (inside a function)" : ""}`),
    ).toEqual([]);
    expect([...reach.files].map(rel).filter((f) => ["program", "host"].includes(folder(f)) || f === "index")).toEqual(
      [],
    );
  });

  it.each([
    ["check", "check/checkCommand.ts"],
    ["export", "export/exportCommand.ts"],
    ["provision", "provision/provisionCommand.ts"],
  ])("`%s` never loads @pulumi/pulumi, even when it runs", (_command, entry) => {
    const own = walk(path.join(PROVIDER, "cli", entry));
    expect(pulumiLoads(own).map((u) => `${u.from} loads ${u.p}`)).toEqual([]);
  });

  it("nothing outside the command line imports it", () => {
    const intoCli = edges()
      .filter(([m, d]) => folder(m) !== "cli" && folder(d) === "cli")
      .map(([m, d]) => `${m} → ${d}`);
    expect(intoCli).toEqual([]);
  });
});
