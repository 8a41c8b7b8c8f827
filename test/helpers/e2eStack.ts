// Stack set-up shared by the end-to-end suite, the demo and the engine benchmark: provider settings that point a
// stack at a running emulator (the CA goes in as `entra:caCertPath`, nothing relies on NODE_EXTRA_CA_CERTS; the
// client secret goes in as a secret), a copy of the example program, and generated programs.
import * as fs from "fs";
import * as path from "path";
import { PulumiWorkspace, REPO_ROOT } from "./pulumiCli";

export interface EmulatorEndpoints {
    url: string;
    authorityHost: string;
    caCertPath: string;
    defaults: { tenantId: string; readWrite: { clientId: string; clientSecret: string } };
}

/** Plain `entra:*` stack config for an emulator (everything except the client secret). */
export function entraConfig(emu: EmulatorEndpoints, extra: Record<string, string> = {}): Record<string, string> {
    return {
        "entra:graphEndpoint": emu.url,
        "entra:authorityHost": emu.authorityHost,
        "entra:caCertPath": emu.caCertPath,
        "entra:tenantId": emu.defaults.tenantId,
        "entra:clientId": emu.defaults.readWrite.clientId,
        ...extra,
    };
}

/** The secret part: set with `pulumi config set --secret`. */
export function entraSecrets(emu: EmulatorEndpoints): Record<string, string> {
    return { "entra:clientSecret": emu.defaults.readWrite.clientSecret };
}

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
