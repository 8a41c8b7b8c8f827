/**
 * `drift` at scale (printed, never asserted): S stacks × O objects of one program, state in Azure Blob Storage
 * (Azurite, in memory), the emulator answering every Graph and token request after a delay. One object drifted in
 * every fourth stack. Then `pulumi-entra-cross-tenant drift` as a user runs it, once per `--parallel` value: wall
 * time, Graph requests (one GET per object expected) and token requests (one per connection per stack process).
 *
 *   npm run bench:drift                                     # 20 stacks × 10 objects, 50 ms, --parallel 1 2 4 8
 *   node dist/bench/drift-scale.js --stacks 20 --objects 10 --latency-ms 50 --parallel 1,4
 *
 * Needs the Pulumi CLI (see scripts/build-pulumi-cli.sh). No network.
 */
import { spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator";
import { mapBounded } from "../provider/cli/drift/pool";
import { startAzurite } from "../testkit/azurite";
import { EmulatorAdmin } from "../testkit/emulatorAdmin";
import { entraEnv } from "../testkit/entraConfig";
import { partnerTenant } from "../testkit/tenantIds";
import { findPulumiCli, PulumiWorkspace, REPO_ROOT } from "../testkit/pulumiCli";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const STACKS = Number(arg("stacks", "20"));
const OBJECTS = Number(arg("objects", "10")); // half partner configurations, half their sync policies
const LATENCY_MS = Number(arg("latency-ms", "50"));
const PARALLEL = arg("parallel", "1,2,4,8").split(",").map(Number);
const PARTNERS = Math.ceil(OBJECTS / 2);

// Each stack's partners come from its name, so every stack runs the same program with no config of its own.
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { CrossTenantAccessPolicyConfigurationPartner, CrossTenantIdentitySyncPolicyPartner } = require("pulumi-entra-cross-tenant");
const n = Number(pulumi.getStack().slice(1));
for (let j = 0; j < ${PARTNERS}; j++) {
    const tenantId = "d71f" + String(n).padStart(4, "0") + "-0000-4000-8000-" + String(j + 1).padStart(12, "0");
    const partner = new CrossTenantAccessPolicyConfigurationPartner("partner-" + j, {
        tenantId,
        automaticUserConsentSettings: { inboundAllowed: true },
    });
    ${OBJECTS % 2 === 0 ? "" : "if (j === " + (PARTNERS - 1) + ") continue;"}
    new CrossTenantIdentitySyncPolicyPartner("partner-" + j, {
        tenantId: partner.tenantId,
        displayName: "Partner " + n + "-" + j,
        userSyncInbound: { isSyncAllowed: true },
    });
}
`;

const stackName = (i: number) => `s${String(i).padStart(2, "0")}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const cli = findPulumiCli();
  const az = await startAzurite();
  await az.createContainer("pulumi-state");
  const emu = await startEmulator({ port: 0 });
  const admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  const ws = new PulumiWorkspace(cli, { project: "drift-bench" });
  // the provider's settings from the environment (ENTRA_*, ARM_*), as a CI job gives them: no per-stack config
  Object.assign(ws.env, az.env(), entraEnv(emu), { PULUMI_BACKEND_URL: az.backendUrl("pulumi-state", "bench") });
  ws.writeProgram("drift-bench", PROGRAM);
  const names = Array.from({ length: STACKS }, (_, i) => stackName(i + 1));
  try {
    console.log(
      `drift over ${STACKS} stacks × ${OBJECTS} objects (${STACKS * OBJECTS} objects), emulator latency ${LATENCY_MS} ms, ` +
        `state in Azurite (azblob), Pulumi CLI ${cli.version}, ${os.cpus().length} CPUs`,
    );
    let t = Date.now();
    for (const s of names) await ws.run(["stack", "init", s], { noStack: true });
    await mapBounded(names, 2, (s) => ws.run(["up", "--yes", "--skip-preview", "--stack", s], { noStack: true }));
    console.log(`setup: ${STACKS} × stack init + up (2 at a time, no latency) in ${secs(Date.now() - t)}`);

    // one object drifted in every fourth stack
    const drifted = names.filter((_, i) => i % 4 === 0);
    for (const s of drifted)
      await admin.portalPatchPartner(partnerTenant(1, `d71f${s.slice(1).padStart(4, "0")}`), {
        automaticUserConsentSettings: { inboundAllowed: false },
      });
    await admin.settings({ latencyMs: LATENCY_MS });

    console.log("");
    console.log(
      "--parallel  wall      sum of stacks  Graph GETs  Graph writes  token requests  exit  drifted stacks/objects",
    );
    for (const p of PARALLEL) {
      const since = await admin.lastSeq();
      t = Date.now();
      const r = await run(["drift", "--parallel", String(p), "--format", "json"], ws);
      const wall = Date.now() - t;
      const calls = (await admin.requests(since)).filter((c) => c.kind !== "discovery");
      const graph = calls.filter((c) => c.kind === "graph");
      const report = JSON.parse(r.stdout) as {
        summary: { drifted: number; driftedObjects: number };
        stacks: { durationMs: number }[];
      };
      const sum = report.stacks.reduce((a, s) => a + s.durationMs, 0);
      console.log(
        [
          String(p).padEnd(10),
          secs(wall).padEnd(8),
          secs(sum).padEnd(13),
          String(graph.filter((c) => c.method === "GET").length).padEnd(10),
          String(graph.filter((c) => c.method !== "GET").length).padEnd(12),
          String(calls.filter((c) => c.kind === "token").length).padEnd(14),
          String(r.code).padEnd(4),
          `${report.summary.drifted}/${report.summary.driftedObjects}`,
        ].join("  "),
      );
    }
    console.log(
      `\nExpected: Graph GETs = objects (${STACKS * OBJECTS}), no write, token requests = stacks (${STACKS}: one connection per stack, one provider process each); exit 2 (drift).`,
    );
  } finally {
    await ws.dispose();
    await emu.stop();
    await az.stop();
  }
}

function run(args: string[], ws: PulumiWorkspace): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "provider", "cli", "main.js"), ...args], {
      cwd: ws.programDir,
      env: ws.env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
