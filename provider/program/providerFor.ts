/**
 * The object a resource class passes to `super(...)`: one per resource type, created once per program so Pulumi
 * serializes it once (its cache is keyed by object identity, pulumi#6645). Whichever form it takes, the stored text
 * names only the installed package, never its internals, so upgrading the package changes how existing resources
 * are refreshed and destroyed.
 *
 * Two forms (Pulumi stores the text twice per resource, docs/architecture.md "Serialized provider"):
 * - installed under node_modules (the normal case): the exports object of the host's `providers/<TypeName>.js`
 *   (`host/providers/`, loaded for its identity only: it requires the runtime on the host's first call). The closure
 *   serializer emits a module found under node_modules as `require("<package>/<subpath>")`, mapped through
 *   package.json `exports`, so the state holds a one-line module reference (~300 B).
 * - any other layout (a repository's self-link, pnpm's `.pnpm/` store, a copy outside node_modules): the serializer
 *   would inline that module by value or emit a path the host cannot load, so a stub whose methods require the
 *   runtime by package name is used instead (~2.4 KB; the legacy type keeps its pinned text).
 *
 * Loaded by the user's program: imports nothing from the host (the runtime) or the resource folders.
 */
import * as fs from "fs";
import * as path from "path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { serializedProvider } from "./serializedProvider";
import { typedStub } from "./typedStub";

const PACKAGE_NAME = "pulumi-entra-cross-tenant";

/**
 * The type whose state predates several resource kinds: its stored provider names no type and calls the runtime's
 * top-level exports. Equal to `legacyTypeName` of host/registry.ts (a test keeps them equal).
 */
export const LEGACY_TYPE_NAME = "CrossTenantIdentitySyncPolicyPartner";

/** The package subpath a module reference names; kept stable across versions (it is frozen into state). */
export function providerModuleSpecifier(typeName: string): string {
  return `${PACKAGE_NAME}/providers/${typeName}`;
}

/**
 * The exports of `host/providers/<typeName>.js` when the serializer will store them as a module reference that the
 * dynamic-provider host (running in the program directory, like this program) loads back to the same file;
 * undefined otherwise. `cwd` is where both resolve from.
 */
export function moduleReference(typeName: string, cwd: string = process.cwd()): dynamic.ResourceProvider | undefined {
  try {
    const candidate = path.join(__dirname, "..", "host", "providers", `${typeName}.js`);
    if (!fs.existsSync(candidate)) return undefined; // sources run by ts-jest, or a type without its own module
    const file = fs.realpathSync(candidate);
    // The serializer takes the path relative to the working directory and keeps what follows the first
    // node_modules segment: that must be this package (not `.pnpm/...`, not a self-link outside node_modules).
    const parts = path.relative(cwd, file).split(path.sep);
    const i = parts.indexOf("node_modules");
    if (i < 0 || parts[i + 1] !== PACKAGE_NAME) return undefined;
    const spec = providerModuleSpecifier(typeName);
    // What the serializer will write, computed by the serializer's own mapping through package.json `exports`...
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the SDK's serializer, with no typings
    const { getModuleFromPath } = require("@pulumi/pulumi/runtime/closure/package") as {
      getModuleFromPath(p: string): string;
    };
    if (getModuleFromPath(parts.slice(i + 1).join("/")) !== spec) return undefined;
    // ... and what the host will load for it.
    if (fs.realpathSync(require.resolve(spec, { paths: [cwd] })) !== file) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very file the host will load, found at run time
    return require(file) as dynamic.ResourceProvider;
  } catch {
    return undefined; // anything unexpected (an SDK without that helper, an unreadable path): the safe stub
  }
}

const providers = new Map<string, dynamic.ResourceProvider>();

/** The serialized provider of resource type `entra:<typeName>`. */
export function providerFor(typeName: string): dynamic.ResourceProvider {
  let p = providers.get(typeName);
  if (!p) {
    // The legacy type's stub keeps its pinned text, so resources created with it see no `__provider` change.
    p = moduleReference(typeName) ?? (typeName === LEGACY_TYPE_NAME ? serializedProvider : typedStub(typeName));
    providers.set(typeName, p);
  }
  return p;
}
