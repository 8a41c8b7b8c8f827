/**
 * Emulator load check (a script that prints figures; no assertions): 2,000 mixed Graph requests at concurrency 32
 * over keep-alive HTTPS against the emulator running as a child process (`dist/emulator/cli.js`), then a check that
 * the final state matches the operations done.
 *
 *   npm run bench:emulator                  # defaults: 2000 requests, concurrency 32, 64 partners
 *   node dist/bench/emulator-load.js --requests 5000 --warmup 0 --concurrency 64 --partners 128 --in-process
 *
 * Before the measured run, `--warmup` requests (default 500; PUT/GET/PATCH/DELETE cycles on separate partners) open
 * the keep-alive connections (32 TLS handshakes) and warm the JIT; they are not counted in the figures.
 *
 * Each worker owns a disjoint set of partners and keeps a model of their sync policies, so every response can be
 * checked exactly (status and body) even though requests run concurrently.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { partnerTenant } from "../testkit/tenantIds";

interface Options {
  requests: number;
  /** Requests (partner GETs) sent first to open the keep-alive connections and warm the JIT; not measured. */
  warmup: number;
  concurrency: number;
  partners: number;
  inProcess: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { requests: 2000, warmup: 500, concurrency: 32, partners: 64, inProcess: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--requests") o.requests = Number(argv[++i]);
    else if (a === "--warmup") o.warmup = Number(argv[++i]);
    else if (a === "--concurrency") o.concurrency = Number(argv[++i]);
    else if (a === "--partners") o.partners = Number(argv[++i]);
    else if (a === "--in-process") o.inProcess = true;
    else throw new Error(`unknown option ${a}`);
  }
  o.partners = Math.max(o.partners, o.concurrency);
  return o;
}

interface Target {
  url: string;
  ca: string;
  /** CPU time (user + system) the emulator process has used so far, ms; undefined when unknown. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** Extra node flags for the emulator child, e.g. BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
function childNodeArgs(): string[] {
  return (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter(Boolean);
}

async function startChild(dataDir: string): Promise<Target> {
  const cli = path.resolve(__dirname, "../emulator/cli.js");
  const child: ChildProcess = spawn(process.execPath, [...childNodeArgs(), cli, "--port", "0", "--data-dir", dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /Graph URL:\s+(https:\/\/\S+)/.exec(out);
      if (m && out.includes("Press Ctrl-C")) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
  });
  const caPath = /CA certificate:\s+(\S+)/.exec(out)![1];
  return {
    url,
    ca: fs.readFileSync(caPath, "utf8"),
    cpuMs: () => {
      try {
        // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (USER_HZ, 100 on Linux).
        const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return undefined;
      }
    },
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}

async function startInProcess(dataDir: string): Promise<Target> {
  const { startEmulator } = require("../emulator") as typeof import("../emulator");
  const emu = await startEmulator({ port: 0, dataDir });
  return { url: emu.url, ca: emu.caCertPem, cpuMs: () => undefined, stop: () => emu.stop() };
}

interface Response {
  status: number;
  body: any;
}

function makeClient(target: Target, concurrency: number) {
  const agent = new https.Agent({
    ca: target.ca,
    keepAlive: true,
    maxSockets: concurrency,
    maxFreeSockets: concurrency,
  });
  const base = new URL(target.url);
  let token = "";
  const request = (
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      const req = https.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path: p,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(payload !== undefined
              ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }
              : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  return {
    request,
    setToken: (t: string) => (token = t),
    close: () => agent.destroy(),
  };
}

type SyncModel = { displayName: string; isSyncAllowed: boolean } | null;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-bench-"));
  const target = o.inProcess ? await startInProcess(dataDir) : await startChild(dataDir);
  const client = makeClient(target, o.concurrency);
  const tenantId = "11111111-1111-4111-8111-111111111111";
  try {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "22222222-2222-4222-8222-222222222222",
      client_secret: "emulator-client-secret",
      scope: `${target.url}/.default`,
    }).toString();
    const tok = await client.request("POST", `/${tenantId}/oauth2/v2.0/token`, form, {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    if (tok.status !== 200) throw new Error(`token request failed: ${tok.status} ${JSON.stringify(tok.body)}`);
    client.setToken(tok.body.access_token);

    const partnerIds = Array.from({ length: o.partners }, (_, i) => partnerTenant(i, "0000beef"));
    const seed = await client.request("POST", "/_emulator/reset", {
      seed: { partners: partnerIds.map((id) => ({ tenantId: id })) },
    });
    if (seed.status !== 204) throw new Error(`seed failed: ${seed.status}`);

    const model = new Map<string, SyncModel>(partnerIds.map((id) => [id, null]));
    const latencies: number[] = [];
    const byLabel: Record<string, number[]> = {};
    const errors: string[] = [];
    const counts: Record<string, number> = {};
    let issued = 0;
    const syncUrl = (id: string) => `/v1.0/policies/crossTenantAccessPolicy/partners/${id}/identitySynchronization`;

    const timed = async (label: string, method: string, p: string, body?: unknown): Promise<Response> => {
      const t0 = process.hrtime.bigint();
      const r = await client.request(method, p, body);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      latencies.push(ms);
      (byLabel[label] ??= []).push(ms);
      counts[label] = (counts[label] ?? 0) + 1;
      return r;
    };
    const check = (cond: boolean, what: string): void => {
      if (!cond && errors.length < 20) errors.push(what);
      else if (!cond) errors.push("");
    };

    const worker = async (w: number): Promise<void> => {
      const mine = partnerIds.filter((_, i) => i % o.concurrency === w);
      let step = 0;
      while (issued < o.requests) {
        issued++;
        const id = mine[step++ % mine.length];
        const m = model.get(id)!;
        const roll = (step * 7919 + w * 104729) % 100;
        if (roll < 5) {
          const r = await timed(
            "list",
            "GET",
            "/v1.0/policies/crossTenantAccessPolicy/partners?$select=tenantId&$expand=identitySynchronization",
          );
          check(
            r.status === 200 && Array.isArray(r.body?.value) && r.body.value.length === o.partners + o.concurrency,
            `list ${r.status}`,
          );
        } else if (roll < 15) {
          const r = await timed("partner GET", "GET", `/v1.0/policies/crossTenantAccessPolicy/partners/${id}`);
          check(r.status === 200 && r.body.tenantId === id, `partner GET ${id} ${r.status}`);
        } else if (m === null) {
          if (roll < 30) {
            const r = await timed("sync GET", "GET", syncUrl(id));
            check(r.status === 404, `GET missing ${id} → ${r.status}`);
          } else {
            const next = { displayName: `p-${w}-${step}`, isSyncAllowed: step % 2 === 0 };
            const r = await timed("sync PUT", "PUT", syncUrl(id), {
              displayName: next.displayName,
              userSyncInbound: { isSyncAllowed: next.isSyncAllowed },
            });
            check(r.status === 204, `PUT ${id} → ${r.status} ${JSON.stringify(r.body)}`);
            model.set(id, next);
          }
        } else if (roll < 55) {
          const r = await timed("sync GET", "GET", syncUrl(id));
          check(
            r.status === 200 &&
              r.body.displayName === m.displayName &&
              r.body.userSyncInbound?.isSyncAllowed === m.isSyncAllowed,
            `GET ${id} → ${r.status} ${JSON.stringify(r.body)} expected ${JSON.stringify(m)}`,
          );
        } else if (roll < 80) {
          const next = { displayName: `u-${w}-${step}`, isSyncAllowed: !m.isSyncAllowed };
          const r = await timed("sync PATCH", "PATCH", syncUrl(id), {
            displayName: next.displayName,
            userSyncInbound: { isSyncAllowed: next.isSyncAllowed },
          });
          check(r.status === 204, `PATCH ${id} → ${r.status}`);
          model.set(id, next);
        } else {
          const r = await timed("sync DELETE", "DELETE", syncUrl(id));
          check(r.status === 204, `DELETE ${id} → ${r.status}`);
          model.set(id, null);
        }
      }
    };

    // Warm-up: PUT/GET/PATCH/DELETE cycles on separate partners, so every code path is compiled and the 32
    // keep-alive connections are open before measuring.
    const warmIds = Array.from({ length: o.concurrency }, (_, i) => partnerTenant(i, "0000feed"));
    await client.request("POST", "/_emulator/seed", { partners: warmIds.map((tenantId) => ({ tenantId })) });
    let warm = 0;
    await Promise.all(
      warmIds.map(async (id) => {
        const url = `/v1.0/policies/crossTenantAccessPolicy/partners/${id}/identitySynchronization`;
        while (warm < o.warmup) {
          warm += 4;
          await client.request("PUT", url, { displayName: "warm" });
          await client.request("GET", url);
          await client.request("PATCH", url, { displayName: "warmer" });
          await client.request("DELETE", url);
        }
      }),
    );
    await client.request("DELETE", "/_emulator/requests");

    const serverCpuBefore = target.cpuMs();
    const clientCpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: o.concurrency }, (_, w) => worker(w).catch((e) => void errors.push(`worker ${w}: ${e}`))),
    );
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const serverCpuAfter = target.cpuMs();
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const serverCpuMs =
      serverCpuBefore !== undefined && serverCpuAfter !== undefined ? serverCpuAfter - serverCpuBefore : undefined;

    // Final state must match the model exactly.
    const state = (await client.request("GET", "/_emulator/state")).body as {
      partners: { tenantId: string }[];
      policies: any[];
    };
    const live = new Map(state.policies.map((p) => [p.tenantId as string, p]));
    let mismatches = 0;
    for (const [id, m] of model) {
      const p = live.get(id);
      const ok =
        m === null
          ? p === undefined
          : p !== undefined && p.displayName === m.displayName && p.userSyncInbound?.isSyncAllowed === m.isSyncAllowed;
      if (!ok) mismatches++;
    }
    if (state.partners.length !== o.partners + warmIds.length) mismatches++;
    const graphLog = (await client.request("GET", "/_emulator/requests")).body.value.filter(
      (e: { kind: string }) => e.kind === "graph",
    );

    const sorted = [...latencies].sort((a, b) => a - b);
    const rps = (latencies.length / elapsedMs) * 1000;
    const lines = [
      `emulator load check (${o.inProcess ? "in-process" : "child process"}, ${os.cpus().length} CPUs, node ${process.version})`,
      `  requests:      ${latencies.length} (${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")})`,
      `  p50 by kind:   ${Object.entries(byLabel)
        .map(
          ([k, v]) =>
            `${k} ${percentile(
              [...v].sort((a, b) => a - b),
              50,
            ).toFixed(2)} ms`,
        )
        .join(", ")}`,
      `  concurrency:   ${o.concurrency} over keep-alive HTTPS, ${o.partners} partners (after ${o.warmup} unmeasured warm-up requests)`,
      `  elapsed:       ${elapsedMs.toFixed(0)} ms`,
      `  throughput:    ${rps.toFixed(0)} requests/s`,
      `  latency:       p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`,
      serverCpuMs !== undefined
        ? `  emulator CPU:  ${serverCpuMs} ms for ${latencies.length} requests = ${(serverCpuMs / latencies.length).toFixed(3)} ms/request (≈ ${Math.round((latencies.length / Math.max(serverCpuMs, 1)) * 1000)} requests/s per core)`
        : `  emulator CPU:  (in-process: shared with the load generator)`,
      `  client CPU:    ${((clientCpu.user + clientCpu.system) / 1000).toFixed(0)} ms (load generator)`,
      `  machine load:  ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (1/5/15 min)`,
      `  errors:        ${errors.length}${errors.length ? `\n    ${errors.filter(Boolean).join("\n    ")}` : ""}`,
      `  request log:   ${graphLog.length} graph entries`,
      `  final state:   ${mismatches === 0 ? "consistent with the operations done" : `${mismatches} MISMATCHES`} (${live.size} sync policies live)`,
    ];
    console.log(lines.join("\n"));
    if (errors.length || mismatches || graphLog.length !== latencies.length) process.exitCode = 1;
  } finally {
    client.close();
    await target.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
