/**
 * The files around `index.ts` that make `--out DIR` a Pulumi project of its own: Pulumi.yaml, package.json
 * (this package at the exporting version, @pulumi/pulumi in the range this package supports), tsconfig.json.
 * Fixed key order and no timestamps, so the same tenant exports to the same bytes.
 */
import type { ApiVersion } from "../../../config/settings";
import { PACKAGE } from "./program";

export interface ProjectOptions {
  project: string;
  description: string;
  apiVersion: ApiVersion;
  packageVersion: string;
  /**
   * How package.json names this package: by default the packed tarball next to package.json
   * (`file:./pulumi-entra-cross-tenant-<packageVersion>.tgz`), never a version range that the public registry
   * could answer with someone else's package; `--package-spec` can give another tarball or folder (`file:…`) or a
   * private registry's spec.
   */
  packageSpec?: string;
  /** Range for @pulumi/pulumi (this package's peer dependency). */
  pulumiRange: string;
}

/** The default dependency spec: this package's `npm pack` tarball, copied next to the generated package.json. */
export function defaultPackageSpec(version: string): string {
  return `file:./${PACKAGE}-${version}.tgz`;
}

/** A Pulumi project name: letters, digits, `-`, `_`, `.`; from the output directory's name. */
export function projectName(from: string): string {
  const name = from
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return name || "entra-cross-tenant";
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export function pulumiYaml(o: ProjectOptions): string {
  const lines = [
    `name: ${o.project}`,
    `description: ${yamlString(o.description)}`,
    "runtime:",
    "  name: nodejs",
    "  options:",
    "    typescript: true",
  ];
  if (o.apiVersion === "beta")
    lines.push("config:", "  # Group sync exists only in Graph beta.", "  entra:apiVersion: beta");
  return `${lines.join("\n")}\n`;
}

export function packageJson(o: ProjectOptions): string {
  const pkg = {
    name: o.project,
    private: true,
    description: o.description,
    main: "index.ts",
    dependencies: {
      "@pulumi/pulumi": o.pulumiRange,
      [PACKAGE]: o.packageSpec ?? defaultPackageSpec(o.packageVersion),
    },
    devDependencies: {
      "@types/node": "^20.0.0",
      typescript: "~5.9.3",
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
      target: "ES2020",
      module: "commonjs",
      moduleResolution: "node",
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
    },
    files: ["index.ts"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function gitignore(): string {
  return "node_modules/\n/bin/\n";
}
