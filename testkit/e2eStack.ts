// Stack programs shared by the end-to-end suite and the engine benchmark: a copy of an example program, and
// generated programs. The provider settings for a stack come from ./entraConfig.
import * as fs from "fs";
import * as path from "path";
import { PulumiWorkspace, REPO_ROOT } from "./pulumiCli";

export const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "identity-sync-policy");

/**
 * Copies the example program (unchanged files) into the workspace's program directory, so stack config files
 * are written there and not into the repository. Module resolution walks up to the repository's node_modules.
 */
export function copyExample(ws: PulumiWorkspace): void {
  for (const f of fs.readdirSync(EXAMPLE_DIR)) {
    const src = path.join(EXAMPLE_DIR, f);
    if (fs.statSync(src).isFile() && !/^Pulumi\..+\.yaml$/.test(f)) fs.copyFileSync(src, path.join(ws.programDir, f));
  }
}

export interface GeneratedPolicy {
  name: string;
  tenantId: string;
  displayName?: string;
  isSyncAllowed?: boolean;
}

/** A JavaScript program declaring one CrossTenantIdentitySyncPolicyPartner per entry of `policies.json`. */
export function writePoliciesProgram(ws: PulumiWorkspace, project: string, policies: GeneratedPolicy[]): void {
  ws.writeProgram(
    project,
    `"use strict";
const { CrossTenantIdentitySyncPolicyPartner } = require("pulumi-entra-cross-tenant");
const policies = require("./policies.json");
exports.tenantIds = policies.map((p) =>
    new CrossTenantIdentitySyncPolicyPartner(p.name, {
        tenantId: p.tenantId,
        displayName: p.displayName,
        userSyncInbound: { isSyncAllowed: p.isSyncAllowed !== false },
    }).tenantId);
`,
  );
  fs.writeFileSync(path.join(ws.programDir, "policies.json"), JSON.stringify(policies, null, 2));
}

/** One resource of a spec program: its name, plain JSON arguments and (JSON-able) resource options. */
export interface SpecResource {
  name: string;
  args?: Record<string, unknown>;
  /** Resource options; `dependsOn` is a list of resource names of the same program. */
  opts?: Record<string, unknown>;
}

/**
 * What a spec program declares, read from `spec.json` on every run, so a suite can change the program between
 * steps by writing JSON (`writeSpec`). Policies with `partner` take `tenantId: <that partner>.tenantId`;
 * partnerships with `reverseOf` name another partnership of the spec.
 */
export interface ProgramSpec {
  partners?: SpecResource[];
  policies?: (SpecResource & { partner?: string })[];
  defaults?: SpecResource[];
  partnerships?: (SpecResource & { reverseOf?: string })[];
  /** CrossTenantAccessPolicy resources (allowedCloudEndpoints). */
  accessPolicies?: SpecResource[];
}

/** A JavaScript program that declares what `spec.json` says (this package's resources and partnerships). */
export function writeSpecProgram(ws: PulumiWorkspace, project: string, spec: ProgramSpec = {}): void {
  ws.writeProgram(
    project,
    `"use strict";
const pkg = require("pulumi-entra-cross-tenant");
const spec = require("./spec.json");
const byName = {};
const options = (opts) => {
    if (!opts) return undefined;
    const o = { ...opts };
    if (o.dependsOn) o.dependsOn = o.dependsOn.map((n) => byName[n]);
    return o;
};
for (const p of spec.partners || []) byName[p.name] = new pkg.CrossTenantAccessPolicyConfigurationPartner(p.name, p.args, options(p.opts));
for (const p of spec.policies || []) {
    const args = p.partner ? { ...p.args, tenantId: byName[p.partner].tenantId } : p.args;
    byName[p.name] = new pkg.CrossTenantIdentitySyncPolicyPartner(p.name, args, options(p.opts));
}
for (const d of spec.defaults || []) byName[d.name] = new pkg.CrossTenantAccessPolicyConfigurationDefault(d.name, d.args, options(d.opts));
for (const a of spec.accessPolicies || []) byName[a.name] = new pkg.CrossTenantAccessPolicy(a.name, a.args, options(a.opts));
for (const p of spec.partnerships || []) {
    const args = p.reverseOf ? { ...p.args, reverseOf: byName[p.reverseOf] } : p.args;
    byName[p.name] = new pkg.CrossTenantSyncPartnership(p.name, args, options(p.opts));
}
`,
  );
  writeSpec(ws, spec);
}

/** Replaces the spec the program reads on its next run. */
export function writeSpec(ws: PulumiWorkspace, spec: ProgramSpec): void {
  fs.writeFileSync(path.join(ws.programDir, "spec.json"), JSON.stringify(spec, null, 2));
}

/** Copies an example program folder (unchanged files, no stack config) into the workspace's program directory. */
export function copyExampleDir(ws: PulumiWorkspace, exampleDir: string): void {
  for (const f of fs.readdirSync(exampleDir)) {
    const src = path.join(exampleDir, f);
    if (fs.statSync(src).isFile() && !/^Pulumi\..+\.yaml$/.test(f)) fs.copyFileSync(src, path.join(ws.programDir, f));
  }
}
