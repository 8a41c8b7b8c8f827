/** This package's version and its supported @pulumi/pulumi range, from its own package.json (found by walking up). */
import * as fs from "fs";
import * as path from "path";
import { PACKAGE_NAME, VERSION } from "../../version";

export interface PackageInfo {
  version: string;
  pulumiRange: string;
}

const FALLBACK_PULUMI_RANGE = "^3.216.0";

export function packageInfo(from: string = __dirname): PackageInfo {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: unknown;
        version?: unknown;
        peerDependencies?: Record<string, unknown>;
      };
      if (pkg.name === PACKAGE_NAME) {
        const range = pkg.peerDependencies?.["@pulumi/pulumi"];
        return {
          version: typeof pkg.version === "string" ? pkg.version : VERSION,
          pulumiRange: typeof range === "string" ? range : FALLBACK_PULUMI_RANGE,
        };
      }
    } catch {
      // keep walking up
    }
    if (path.dirname(dir) === dir) return { version: VERSION, pulumiRange: FALLBACK_PULUMI_RANGE };
  }
}
