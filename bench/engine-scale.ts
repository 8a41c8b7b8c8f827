/**
 * Engine-level scale figure (printed, never asserted): `pulumi up` of N identity sync policies against the emulator
 * with added Graph latency, timed against `pulumi up` of N minimal dynamic resources that only sleep that long
 * (the engine's own floor for N dynamic resources), on the same machine in the same run. Then the same N policies
 * with the emulator throttling writes (token bucket of one second of writes, `--burst` to change), against the N/rate floor.
 *
 * The policy programs use the package as a user installs it: the `npm pack` tarball extracted into the program's
 * node_modules next to @pulumi/pulumi, so Pulumi stores the module-reference provider text. `--layout repo` runs them
 * against this repository's self-link instead (the stub fallback: the figure before module references).
 *
 *   npm run bench:engine                      # N=100, 50 ms, 20 writes/s
 *   node dist/bench/engine-scale.js --n 100 --latency-ms 50 --writes-per-second 20 [--layout repo]
 *
 * Needs the Pulumi CLI (see scripts/build-pulumi-cli.sh). Local file backend, passphrase secrets, no network.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator } from "../emulator";
import { EmulatorAdmin } from "../testkit/emulatorAdmin";
import { partnerTenant } from "../testkit/tenantIds";
import { entraConfig, entraSecrets } from "../testkit/entraConfig";
import { GeneratedPolicy, writePoliciesProgram } from "../testkit/e2eStack";
import { findPulumiCli, PulumiCli, PulumiWorkspace } from "../testkit/pulumiCli";
import { installPackage } from "../testkit/providerHost";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const N = arg("n", 100);
const LATENCY_MS = arg("latency-ms", 50);
const WRITES_PER_SECOND = arg("writes-per-second", 20);
const REPEAT = arg("repeat", 3);
const BURST = arg("burst", WRITES_PER_SECOND);
const LAYOUT = process.argv.includes("--layout") ? process.argv[process.argv.indexOf("--layout") + 1] : "installed";

interface UpFigure {
  seconds: number;
  stateBytes: number;
  resources: number;
  failed: number;
  /** Bytes of one stored `__provider` text (each resource stores it in inputs and outputs). */
  providerBytes: number;
}

/** Size of the stack's checkpoint file in the file backend. */
function checkpointBytes(ws: PulumiWorkspace, project: string): number {
  const dir = path.join(ws.backendDir, ".pulumi", "stacks", project);
  const file = path.join(dir, `${ws.stack}.json`);
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/** Size of the `__provider` text stored for the first resource of that type. */
function providerBytes(ws: PulumiWorkspace, project: string, typeSuffix: string): number {
  const file = path.join(ws.backendDir, ".pulumi", "stacks", project, `${ws.stack}.json`);
  if (!fs.existsSync(file)) return 0;
  const resources = (JSON.parse(fs.readFileSync(file, "utf8")).checkpoint?.latest?.resources ?? []) as {
    type: string;
    outputs?: { __provider?: string };
  }[];
  const text = resources.find((r) => r.type.endsWith(typeSuffix))?.outputs?.__provider;
  return typeof text === "string" ? Buffer.byteLength(text) : 0;
}

async function timedUp(ws: PulumiWorkspace, project: string, typeSuffix: string): Promise<UpFigure> {
  const r = await ws.up([], { allowFailure: true });
  const resources = (await ws.resources(typeSuffix)).length;
  if (r.code !== 0) console.error(`pulumi up exited with ${r.code}:\n${r.output.slice(-3000)}`);
  return {
    seconds: r.durationMs / 1000,
    stateBytes: checkpointBytes(ws, project),
    resources,
    failed: N - resources,
    providerBytes: providerBytes(ws, project, typeSuffix),
  };
}

/** `padBytes` > 0 adds an input string of that size (stored in inputs and outputs, like `__provider`). */
async function floorRun(cli: PulumiCli, padBytes = 0): Promise<UpFigure> {
  const ws = new PulumiWorkspace(cli, { project: "bench-floor" });
  try {
    ws.writeProgram(
      "bench-floor",
      `"use strict";
const pulumi = require("@pulumi/pulumi");
// The cheapest possible dynamic resource: create only waits ${LATENCY_MS} ms (one simulated Graph round trip).
const provider = {
    async create(inputs) {
        await new Promise((resolve) => setTimeout(resolve, ${LATENCY_MS}));
        return { id: inputs.key, outs: inputs };
    },
};
const pad = "x".repeat(${padBytes});
for (let i = 0; i < ${N}; i++) new pulumi.dynamic.Resource(provider, "sleep-" + i, { key: "k" + i, ...(pad ? { pad } : {}) }, {}, "bench", "Sleep");
`,
    );
    await ws.init();
    return await timedUp(ws, "bench-floor", "Sleep");
  } finally {
    await ws.dispose();
  }
}

async function policyRun(
  cli: PulumiCli,
  label: string,
  settings: Record<string, unknown>,
): Promise<UpFigure & { graph: number; throttled: number }> {
  const policies: GeneratedPolicy[] = Array.from({ length: N }, (_, i) => ({
    name: `partner-${i}`,
    tenantId: partnerTenant(i + 1, "be4c4000"),
    displayName: `Partner ${i}`,
  }));
  const emu = await startEmulator({ port: 0, seed: { partners: policies.map((p) => ({ tenantId: p.tenantId })) } });
  const admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  const ws = new PulumiWorkspace(cli, { project: `bench-${label}` });
  try {
    writePoliciesProgram(ws, `bench-${label}`, policies);
    if (LAYOUT !== "repo") installPackage(ws.programDir);
    await ws.init(entraConfig(emu), entraSecrets(emu));
    await admin.settings(settings);
    const mark = await admin.lastSeq();
    const fig = await timedUp(ws, `bench-${label}`, "CrossTenantIdentitySyncPolicyPartner");
    const calls = await admin.graphCalls(mark);
    const remote = (await admin.policies()).length;
    if (remote !== N) fig.failed = Math.max(fig.failed, N - remote);
    return { ...fig, graph: calls.length, throttled: calls.filter((c) => c.status === 429).length };
  } finally {
    await ws.dispose();
    await emu.stop();
  }
}

async function main(): Promise<void> {
  const cli = findPulumiCli();
  console.log(
    `engine-scale: Pulumi CLI ${cli.version} (${cli.source}), N=${N}, Graph latency ${LATENCY_MS} ms, node ${process.version}, package layout: ${LAYOUT === "repo" ? "repository self-link (stub fallback)" : "installed from npm pack"}`,
  );

  // Same machine, same run, interleaved and repeated: a machine shared with other work drifts.
  const floors: UpFigure[] = [];
  const padded: UpFigure[] = [];
  const lat: Awaited<ReturnType<typeof policyRun>>[] = [];
  let padBytes = 0;
  for (let i = 0; i < REPEAT; i++) {
    floors.push(await floorRun(cli));
    lat.push(await policyRun(cli, "latency", { latencyMs: LATENCY_MS }));
    if (i === 0) padBytes = Math.max(0, Math.round((lat[0].stateBytes - floors[0].stateBytes) / N / 2));
    padded.push(await floorRun(cli, padBytes));
  }
  const throttled = await policyRun(cli, "throttle", {
    latencyMs: 0,
    throttle: { writesPerSecond: WRITES_PER_SECOND, burst: BURST },
  });

  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const f = (x: number) => x.toFixed(2);
  const list = (xs: UpFigure[]) => xs.map((x) => f(x.seconds)).join(", ");
  const floor = med(floors.map((x) => x.seconds));
  const policies = med(lat.map((x) => x.seconds));
  const floorPadded = med(padded.map((x) => x.seconds));
  const failed = Math.max(...lat.map((x) => x.failed));
  console.log("");
  console.log(
    `floor: pulumi up of ${N} dynamic resources sleeping ${LATENCY_MS} ms: ${list(floors)} s (median ${f(floor)} s); state ${Math.round(floors[0].stateBytes / N)} B/resource`,
  );
  console.log(
    `policies: pulumi up of ${N} policies, Graph +${LATENCY_MS} ms: ${list(lat)} s (median ${f(policies)} s); ${lat[0].graph} Graph calls; ${failed} failed`,
  );
  console.log(`ratio policies / floor (medians): ${f(policies / floor)} (target <= 1.15)`);
  console.log(
    `state: ${lat[0].stateBytes} B checkpoint for ${lat[0].resources} policies = ${Math.round(lat[0].stateBytes / Math.max(1, lat[0].resources))} B/policy (checkpoint / N, stack and provider entries included); stored provider text ${lat[0].providerBytes} B (twice per policy)`,
  );
  console.log(
    `diagnostic: floor with the same state size per resource (+${padBytes} B input, stored twice): ${list(padded)} s (median ${f(floorPadded)} s), ratio policies / that ${f(policies / floorPadded)}`,
  );
  const rateFloor = N / WRITES_PER_SECOND;
  console.log(
    `throttled: ${N} policies at ${WRITES_PER_SECOND} writes/s (burst ${BURST}): ${f(throttled.seconds)} s vs N/${WRITES_PER_SECOND} = ${f(rateFloor)} s (engine floor + N/rate = ${f(floor + rateFloor)} s); ${throttled.throttled} answered 429; ${throttled.failed} failed resources`,
  );
  if (failed || throttled.failed) process.exitCode = 1;
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
