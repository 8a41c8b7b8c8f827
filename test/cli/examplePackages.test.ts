// The examples install this package from the repository (the tarball `npm pack` writes at its root), never by a
// bare name and version range that `npm install` would resolve against the public registry (where the name is
// unknown today and could be someone else's package tomorrow). The documentation never tells anyone to install it
// by name either.
import * as fs from "fs";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const root = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { name: string; version: string };
const TARBALL = `${root.name}-${root.version}.tgz`; // what `npm pack` names it
const examples = fs
    .readdirSync(path.join(REPO, "examples"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

type Manifest = Record<string, unknown> & { allowScripts?: Record<string, unknown> };
const SECTIONS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

function specsOf(manifest: Manifest): [string, string][] {
    return SECTIONS.flatMap((s) => Object.entries((manifest[s] as Record<string, string> | undefined) ?? {})).filter(([name]) => name === root.name);
}

test("there are examples, and each has a package.json", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const e of examples) expect(fs.existsSync(path.join(REPO, "examples", e, "package.json"))).toBe(true);
});

test.each(examples)("examples/%s depends on this package only by the packed tarball at the repository root", (example) => {
    const dir = path.join(REPO, "examples", example);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
    const specs = specsOf(manifest);
    expect(specs).toHaveLength(1);
    const [, spec] = specs[0];
    expect(spec).toMatch(/^file:/);
    // the path resolves, from the example's folder, to the tarball `npm pack` writes at the repository root
    expect(path.resolve(dir, spec.slice("file:".length))).toBe(path.join(REPO, TARBALL));
    // protobufjs's install script (via @pulumi/pulumi) is denied explicitly: see the README's npm 11 section
    expect(manifest.allowScripts).toEqual({ protobufjs: false });
});

test("no README or example tells anyone to install the package by its bare name", () => {
    const docs = [path.join(REPO, "README.md"), path.join(REPO, "examples", "README.md"), ...examples.map((e) => path.join(REPO, "examples", e, "README.md"))].filter(
        (f) => fs.existsSync(f),
    );
    const bare = new RegExp(`npm (?:install|i|add)(?: -[-\\w]+)* ${root.name}(?:@[^\\s]*)?(?=\\s|$|\`)`, "m");
    for (const f of docs) expect([f, bare.exec(fs.readFileSync(f, "utf8"))?.[0]]).toEqual([f, undefined]);
});
