/**
 * Package name and version, sent in User-Agent. The version is read from this package's own package.json, so it
 * follows `npm version` with no second copy. The lookup walks up from this file: it works from the sources (ts-jest,
 * `provider/`), from the build (`dist/provider/`) and from an installed package (`node_modules/<pkg>/dist/provider/`,
 * where the runtime loaded by the serialized provider lives); package.json is always in a published package.
 */
import * as fs from "fs";
import * as path from "path";

export const PACKAGE_NAME = "pulumi-entra-cross-tenant";

/** The version in the nearest package.json named PACKAGE_NAME above `from`, or "0.0.0-unknown". */
export function readPackageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    if (path.dirname(dir) === dir) return "0.0.0-unknown";
  }
}

export const VERSION = readPackageVersion();

/** e.g. `pulumi-entra-cross-tenant/0.1.0 (Pulumi dynamic provider; node v20.19.0; linux)`. */
export function userAgent(): string {
  return `${PACKAGE_NAME}/${VERSION} (Pulumi dynamic provider; node ${process.version}; ${process.platform})`;
}
