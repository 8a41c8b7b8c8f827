/**
 * Provider figures against the local emulator (never live Graph). Prints, never asserts:
 *  (a) Graph calls per lifecycle step and token requests per provider process, from the emulator's request log;
 *  (b) provider create/read/update/delete vs the same raw axios request in the same process (median of N each);
 *  (c) the size of the serialized provider (`__provider`) for a program with many resources: in this repository's
 *      layout (the stub fallback), and per resource type as a user installs the package (module references).
 *
 *   npm run bench:provider            # N=300
 *   BENCH_OPS=500 npm run bench:provider
 */
import * as fs from "fs";
import * as path from "path";
import * as tls from "tls";
import { randomUUID } from "crypto";
import axios from "axios";
import { ClientSecretCredential } from "@azure/identity";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, RunningEmulator } from "../emulator";
import { configFromMap, createRuntime, Runtime } from "../provider/host/runtime";
import { createHttpsAgent } from "../provider/graph/transport";
import { policyPath } from "../provider/resources/identitySyncPolicy/types";
import { EmulatorAdmin } from "../testkit/emulatorAdmin";
import { entraSettings } from "../testkit/entraConfig";
import { newTenantId } from "../testkit/tenantIds";
import { captureRegistrations, installPackage, PACKAGE_NAME, REPO_ROOT } from "../testkit/providerHost";

const OPS = Number(process.env.BENCH_OPS ?? 300);
const WARMUP = 20;

async function newRuntime(emu: RunningEmulator): Promise<Runtime> {
  const rt = createRuntime({ env: {} });
  await rt.configure({ config: configFromMap(entraSettings(emu)) });
  return rt;
}

/** (a) Graph and token calls per step, counted by the emulator. */
async function callsPerStep(emu: RunningEmulator, a: EmulatorAdmin): Promise<void> {
  const rt = await newRuntime(emu);
  const id = newTenantId("ca110000");
  await a.seed({ partners: [{ tenantId: id }] });
  const rows: [string, string, number, number][] = [];
  let mark = await a.lastSeq();
  const step = async (name: string, fn: () => Promise<unknown>) => {
    await fn();
    const log = await a.requests(mark);
    mark = await a.lastSeq();
    const graph = log.filter((e) => e.kind === "graph");
    rows.push([
      name,
      graph.map((e) => `${e.method} ${e.status}`).join(", ") || "-",
      graph.length,
      log.filter((e) => e.kind === "token").length,
    ]);
  };
  const program = { tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } };
  let outs: Record<string, unknown> = {};
  await step("check", () => rt.check({}, program));
  await step("diff (no change)", () => rt.diff(id, { ...program, apiVersion: "v1.0", adopted: false }, program));
  await step("create", async () => (outs = (await rt.create(program)).outs));
  await step("diff (change)", () => rt.diff(id, outs, { ...program, displayName: "Fabrikam Ltd" }));
  await step("read (refresh)", () => rt.read(id, outs));
  await step(
    "update",
    async () => (outs = (await rt.update(id, outs, { ...program, displayName: "Fabrikam Ltd" })).outs!),
  );
  await step("delete", () => rt.delete(id, outs));

  console.log("\n(a) Graph calls per lifecycle step (emulator request log)");
  console.log("step               graph calls              count  token requests");
  for (const [name, calls, n, tokens] of rows)
    console.log(`${name.padEnd(18)} ${calls.padEnd(24)} ${String(n).padEnd(6)} ${tokens}`);

  // Many resources, all steps concurrently, in one fresh provider process.
  const many = 100;
  const ids = Array.from({ length: many }, () => newTenantId("ca120000"));
  await a.seed({ partners: ids.map((tenantId) => ({ tenantId })) });
  const fresh = await newRuntime(emu);
  const start = await a.lastSeq();
  const created = await Promise.all(
    ids.map((t) => fresh.create({ tenantId: t, userSyncInbound: { isSyncAllowed: true } })),
  );
  await Promise.all(created.map((c) => fresh.read(c.id, c.outs)));
  await Promise.all(
    created.map((c) =>
      fresh.update(c.id, c.outs, { tenantId: c.id, displayName: "x", userSyncInbound: { isSyncAllowed: true } }),
    ),
  );
  await Promise.all(created.map((c) => fresh.delete(c.id, c.outs)));
  const log = await a.requests(start);
  console.log(
    `${many} resources × create/read/update/delete, each step fully concurrent, one provider process: ` +
      `${log.filter((e) => e.kind === "graph").length} Graph calls, ${log.filter((e) => e.kind === "token").length} token request(s), ` +
      `${log.filter((e) => e.kind === "discovery").length} OpenID discovery request(s)`,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** (b) The provider vs the same raw axios request (same agent settings, same token, same process). */
async function overhead(emu: RunningEmulator, a: EmulatorAdmin): Promise<void> {
  const rt = await newRuntime(emu);
  const d = emu.defaults.readWrite;
  const cred = new ClientSecretCredential(d.tenantId, d.clientId, d.clientSecret, {
    authorityHost: emu.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: [...tls.rootCertificates, emu.caCertPem] },
  });
  const token = (await cred.getToken(`${emu.url}/.default`))!.token;
  const raw = axios.create({
    baseURL: `${emu.url}/v1.0`,
    // The provider's agent settings, and axios's proxy lookup as the provider does it (it honours HTTPS_PROXY).
    httpsAgent: createHttpsAgent([...tls.rootCertificates, emu.caCertPem]),
    validateStatus: () => true,
    maxRedirects: 0,
  });
  const rawCall = async (method: "PUT" | "GET" | "PATCH" | "DELETE", id: string, data?: unknown) => {
    const r = await raw.request({
      method,
      url: policyPath(id),
      data,
      headers: {
        authorization: `Bearer ${token}`,
        "client-request-id": randomUUID(),
        "content-type": "application/json",
      },
    });
    if (r.status >= 300) throw new Error(`raw ${method} -> ${r.status}`);
  };

  const total = OPS + WARMUP;
  const provIds = Array.from({ length: total }, () => newTenantId("be0c0000"));
  const rawIds = Array.from({ length: total }, () => newTenantId("be0d0000"));
  await a.seed({ partners: [...provIds, ...rawIds].map((tenantId) => ({ tenantId })) });
  await rt.read(newTenantId("be0e0000"), {}); // token + connection warm

  const ops = ["create", "read", "update", "delete"] as const;
  const samples: Record<string, { provider: number[]; raw: number[] }> = {};
  for (const op of ops) samples[op] = { provider: [], raw: [] };

  for (let i = 0; i < total; i++) {
    const p = provIds[i];
    const r = rawIds[i];
    const program = { tenantId: p, displayName: "Bench", userSyncInbound: { isSyncAllowed: true } };
    const body = { displayName: "Bench", userSyncInbound: { isSyncAllowed: true } };
    let outs: Record<string, unknown> = {};
    const pairs: Record<(typeof ops)[number], [() => Promise<unknown>, () => Promise<unknown>]> = {
      create: [async () => (outs = (await rt.create(program)).outs), () => rawCall("PUT", r, body)],
      read: [() => rt.read(p, outs), () => rawCall("GET", r)],
      update: [
        () => rt.update(p, outs, { ...program, displayName: "Bench 2" }),
        () => rawCall("PATCH", r, { displayName: "Bench 2" }),
      ],
      delete: [() => rt.delete(p, { ...outs, displayName: "Bench 2" }), () => rawCall("DELETE", r)],
    };
    for (const op of ops) {
      const [prov, rawOp] = pairs[op];
      // Alternate which goes first so neither side always gets the warmer connection.
      const [tp, tr] =
        i % 2 === 0 ? [await time(prov), await time(rawOp)] : [await time(rawOp), await time(prov)].reverse();
      if (i >= WARMUP) {
        samples[op].provider.push(tp);
        samples[op].raw.push(tr);
      }
    }
  }

  console.log(`\n(b) provider vs raw axios, same process, median of ${OPS} operations each (after ${WARMUP} warm-up)`);
  console.log("op       provider ms  raw axios ms  ratio");
  for (const op of ops) {
    const mp = median(samples[op].provider);
    const mr = median(samples[op].raw);
    console.log(
      `${op.padEnd(8)} ${mp.toFixed(3).padStart(11)}  ${mr.toFixed(3).padStart(12)}  ${(mp / mr).toFixed(3)}`,
    );
  }
  const allP = median(ops.flatMap((op) => samples[op].provider));
  const allR = median(ops.flatMap((op) => samples[op].raw));
  console.log(
    `${"all".padEnd(8)} ${allP.toFixed(3).padStart(11)}  ${allR.toFixed(3).padStart(12)}  ${(allP / allR).toFixed(3)}   (target ≤ 1.10)`,
  );
}

/** (c) `__provider` of a program with many resources, rendered by the real closure serializer under mocks. */
async function serializedSize(): Promise<void> {
  const captured: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        captured.push(args.inputs.__provider);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "bench",
    "stack",
    true,
  );
  // Loaded after setMocks, as in a program whose Pulumi runtime is already set up.
  const { CrossTenantIdentitySyncPolicyPartner } = require("../provider") as typeof import("../provider");
  const n = 500;
  const t0 = Date.now();
  const resources = Array.from(
    { length: n },
    (_, i) =>
      new CrossTenantIdentitySyncPolicyPartner(`p${i}`, {
        tenantId: newTenantId("5e000000"),
        userSyncInbound: { isSyncAllowed: true },
      }),
  );
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  const ms = Date.now() - t0;
  const bytes = Buffer.byteLength(captured[0], "utf8");
  console.log(
    `\n(c) serialized provider, this repository's self-link (the stub fallback): ${bytes} bytes per copy (budget 2,500), ${new Set(captured).size} distinct text(s) across ${n} resources,`,
  );
  console.log(
    `    ${((2 * bytes * n) / 1024).toFixed(0)} KiB of state for ${n} resources (two copies each); ${n} resources registered in ${ms} ms`,
  );
}

/** (c) the same, per resource type, with the package installed from its `npm pack` tarball (the normal case). */
async function installedSizes(): Promise<void> {
  const root = path.join(REPO_ROOT, ".e2e");
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, "bench-installed-"));
  try {
    installPackage(dir);
    const types = fs
      .readdirSync(path.join(dir, "node_modules", PACKAGE_NAME, "dist", "provider", "host", "providers"))
      .filter((f) => f.endsWith(".js"))
      .map((f) => f.slice(0, -3));
    const regs = await captureRegistrations({
      cwd: dir,
      program: `
const pulumi = require("@pulumi/pulumi");
const { providerFor } = require(require.resolve("${PACKAGE_NAME}").replace(/index\\.js$/, "program/providerFor.js"));
for (const t of ${JSON.stringify(types)}) new pulumi.dynamic.Resource(providerFor(t), t, {}, {}, "entra", t);
`,
    });
    console.log("    installed under node_modules (npm pack), per resource type:");
    for (const r of regs.filter((x) => x.custom))
      console.log(`      ${r.name.padEnd(46)} ${Buffer.byteLength(String(r.inputs.__provider))} bytes per copy`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0 });
  const a = new EmulatorAdmin(emu.url, emu.caCertPem);
  try {
    console.log(
      `pulumi-entra-cross-tenant provider bench against the emulator at ${emu.url} (node ${process.version})`,
    );
    await callsPerStep(emu, a);
    await overhead(emu, a);
    await serializedSize();
    await installedSizes();
  } finally {
    await emu.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
