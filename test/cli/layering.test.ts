// The command line builds on the provider's core without the Pulumi runtime: `npx pulumi-entra-cross-tenant check`
// must work before a program (and @pulumi/pulumi) exists. Static walk of the imports reachable from
// provider/cli/main.ts (type-only imports excluded; TypeScript also elides imports used only as types).
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const PROVIDER = path.resolve(__dirname, "..", "..", "provider");

interface Reach {
  files: Set<string>;
  packages: Map<string, string[]>;
  edges: Map<string, string[]>;
}

function walk(entry: string): Reach {
  const files = new Set<string>();
  const packages = new Map<string, string[]>();
  const edges = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length) {
    const f = queue.pop() as string;
    if (files.has(f)) continue;
    files.add(f);
    const src = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.ES2020, true);
    const deps: string[] = [];
    const visit = (n: ts.Node) => {
      let spec: string | undefined;
      if (ts.isImportDeclaration(n) && !n.importClause?.isTypeOnly && ts.isStringLiteral(n.moduleSpecifier))
        spec = n.moduleSpecifier.text;
      if (ts.isExportDeclaration(n) && !n.isTypeOnly && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier))
        spec = n.moduleSpecifier.text;
      if (
        ts.isCallExpression(n) &&
        n.expression.getText() === "require" &&
        n.arguments[0] &&
        ts.isStringLiteral(n.arguments[0])
      )
        spec = n.arguments[0].text;
      if (spec) {
        if (spec.startsWith(".")) {
          const target = path.resolve(path.dirname(f), spec);
          const file = [`${target}.ts`, path.join(target, "index.ts")].find((c) => fs.existsSync(c));
          if (file) {
            deps.push(file);
            queue.push(file);
          }
        } else {
          packages.set(spec, [...(packages.get(spec) ?? []), path.relative(PROVIDER, f)]);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
    edges.set(f, deps);
  }
  return { files, packages, edges };
}

const reach = walk(path.join(PROVIDER, "cli", "main.ts"));
const rel = (f: string) => path.relative(PROVIDER, f).replace(/\.ts$/, "");

test("no module reachable from the command line loads @pulumi/pulumi or the dynamic-provider boundary", () => {
  expect([...reach.packages.keys()].filter((p) => p.startsWith("@pulumi/"))).toEqual([]);
  expect(
    [...reach.files].map(rel).filter((f) => f.startsWith("dynamic/") || f.endsWith("/resource") || f === "index"),
  ).toEqual([]);
});

test("the command line's own modules have no import cycle, and nothing in the core imports the command line", () => {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (m: string) => {
    state.set(m, "open");
    stack.push(m);
    for (const d of reach.edges.get(m) ?? []) {
      if (state.get(d) === "open") cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(" → "));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(m, "done");
  };
  for (const f of reach.files) if (!state.has(f)) visit(f);
  expect(cycles.filter((c) => c.includes("cli/"))).toEqual([]);
  const intoCli = [...reach.edges]
    .filter(([f]) => !rel(f).startsWith("cli/"))
    .flatMap(([f, deps]) => deps.filter((d) => rel(d).startsWith("cli/")).map((d) => `${rel(f)} → ${rel(d)}`));
  expect(intoCli).toEqual([]);
});
