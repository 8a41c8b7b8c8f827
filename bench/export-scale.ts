/**
 * Export scale figure (printed, never asserted): `pulumi-entra-cross-tenant export` of a tenant with N partners
 * (varied shapes, about 60 % with a sync policy) against the emulator over HTTPS, run as the built command line in a
 * child process. Prints the Graph requests per page (always 1: the listing is `$expand`ed, never one request per
 * partner), the items and server time of each page, the total Graph requests, and the command's wall time
 * (median of the repeats), for v1.0 and beta.
 *
 *   npm run bench:export                                   # N=500, emulator page size 100, 0 ms latency
 *   node dist/bench/export-scale.js --n 500 --page-size 100 --latency-ms 50 --repeat 3
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator";
import { variedTenant } from "../testkit/variedTenant";
import { EmulatorAdmin, LoggedRequest } from "../testkit/emulatorAdmin";
import { entraEnv } from "../testkit/entraConfig";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const N = arg("n", 500);
const PAGE_SIZE = arg("page-size", 100);
const LATENCY_MS = arg("latency-ms", 0);
const REPEAT = arg("repeat", 3);
const CLI = path.join(__dirname, "..", "provider", "cli", "main.js");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; code: number; stdout: string; stderr: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code: error ? 1 : 0, stdout, stderr });
      },
    );
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  // Ordinary partners, so that with the 4 oddly named and 3 managed ones the tenant has exactly N.
  const fixture = variedTenant({ count: Math.max(0, N - 7), prefix: "be4c" });
  const emu = await startEmulator({ port: 0, latencyMs: LATENCY_MS });
  const admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "export-scale-"));
  try {
    await admin.reset(fixture.seed);
    await admin.settings({ pageSize: PAGE_SIZE });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...entraEnv(emu),
    };
    console.log(
      `export-scale: ${fixture.all.length} partners, ${fixture.seed.policies.length} sync policies, emulator page size ${PAGE_SIZE}, ` +
        `Graph latency ${LATENCY_MS} ms, ${REPEAT} runs per API version, node ${process.version}, ${os.cpus().length} CPUs`,
    );
    for (const version of ["v1.0", "beta"]) {
      const times: number[] = [];
      let last: LoggedRequest[] = [];
      let bytes = 0;
      let lines = 0;
      for (let i = 0; i < REPEAT; i++) {
        const dir = path.join(out, `${version}-${i}`);
        const mark = await admin.lastSeq();
        const r = await run(["export", "--out", dir, "--api-version", version], env);
        if (r.code !== 0) throw new Error(`export failed: ${r.stderr}`);
        times.push(r.ms);
        last = await admin.requests(mark);
        const text = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
        bytes = Buffer.byteLength(text);
        lines = text.split("\n").length;
      }
      const graph = last.filter((e) => e.kind === "graph");
      const pages = graph.filter((e) => e.path.endsWith("/partners"));
      const perPartner = graph.filter((e) => /\/partners\/[^/]+/.test(e.path));
      console.log(
        `\n${version}: ${pages.length} pages, ${graph.length} Graph requests in all (${pages.length} pages + ${graph.length - pages.length} default configuration), ${perPartner.length} per-partner requests, ${last.filter((e) => e.kind === "token").length} token request`,
      );
      console.log("  page  requests  status  server ms");
      pages.forEach((p, i) =>
        console.log(
          `  ${String(i + 1).padStart(4)}  ${"1".padStart(8)}  ${String(p.status).padStart(6)}  ${p.durationMs.toFixed(1).padStart(9)}`,
        ),
      );
      console.log(
        `  export wall time (process start to exit): median ${median(times).toFixed(0)} ms, runs ${times.map((t) => t.toFixed(0)).join(" / ")} ms`,
      );
      console.log(`  index.ts: ${lines} lines, ${(bytes / 1024).toFixed(1)} KiB`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    await emu.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
