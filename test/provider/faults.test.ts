/**
 * Every fault mode of the emulator: injected statuses (429 with Retry-After in seconds and as an HTTP date, 5xx,
 * bodiless gateway errors), connection resets, hangs, replication lag (404 and stale), concurrency violations,
 * the write throttle and latency. Each lifecycle step must still succeed within its deadline; a permanent 500 must
 * fail with a clear error after the deadline, leaving Graph and state consistent.
 */
import { callsSince, partnerId, runtimeFor, TestEmulator, useTestEmulator } from "./harness";
import type { FaultSpec } from "../../emulator";
import type { Runtime } from "../../provider/host/runtime";
import * as https from "https";
import { MAX_SOCKETS_PER_HOST } from "../../provider/graph/transport";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const graph = { kind: "graph" as const };
/** The mix: 5× 429, 3× 503, a connection reset, in that order, before the request gets through. */
const stormFaults: FaultSpec[] = [
  { match: graph, times: 5, action: { type: "status", status: 429, code: "TooManyRequests", retryAfter: 0 } },
  { match: graph, times: 3, action: { type: "status", status: 503, code: "ServiceUnavailable" } },
  { match: graph, times: 1, action: { type: "reset" } },
];

async function storm(): Promise<void> {
  for (const f of stormFaults) await t.admin.addFault(f);
}

async function policyInEmulator(id: string) {
  return ((await t.admin.state()).policies as unknown as { tenantId: string; displayName?: string }[]).find(
    (p) => p.tenantId === id,
  );
}

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await p;
  return { value, ms: Date.now() - start };
}

describe("5× 429, 3× 503 and a connection reset before every step", () => {
  it("create, read, update and delete each succeed within the deadline, one logical call each", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:operationTimeoutSeconds": "20" });
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    await rt.read(partnerId(), {}); // acquire the token outside the measured steps

    const steps: [string, (rt: Runtime) => Promise<unknown>][] = [];
    let outs: Record<string, unknown> = {};
    steps.push([
      "create",
      async (r) =>
        (outs = (await r.create({ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } })).outs),
    ]);
    steps.push(["read", (r) => r.read(id, outs)]);
    steps.push([
      "update",
      async (r) =>
        (outs = (await r.update(id, outs, { tenantId: id, displayName: "B", userSyncInbound: { isSyncAllowed: true } }))
          .outs!),
    ]);
    steps.push(["delete", (r) => r.delete(id, outs)]);

    for (const [name, run] of steps) {
      await storm();
      const mark = await t.admin.lastSeq();
      const { ms } = await timed(run(rt));
      const calls = (await callsSince(t, mark)).graph;
      expect({ name, statuses: calls.map((c) => c.status) }).toEqual({
        name,
        statuses: [429, 429, 429, 429, 429, 503, 503, 503, 0, expect.any(Number)],
      });
      expect(new Set(calls.map((c) => c.clientRequestId)).size).toBe(1); // one logical request
      expect(ms).toBeLessThan(20_000);
    }
    expect(await policyInEmulator(id)).toBeUndefined();
  });
});

describe("Retry-After", () => {
  it("is honoured in seconds", async () => {
    const rt = await runtimeFor(t);
    await rt.read(partnerId(), {});
    await t.admin.addFault({ match: graph, action: { type: "status", status: 429, retryAfter: 1 } });
    const { ms } = await timed(rt.read(partnerId(), {}));
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(5000);
  });

  it("is honoured as an HTTP date", async () => {
    const rt = await runtimeFor(t);
    await rt.read(partnerId(), {});
    await t.admin.addFault({ match: graph, action: { type: "status", status: 503, retryAfter: "http-date:2" } });
    const { ms } = await timed(rt.read(partnerId(), {}));
    expect(ms).toBeGreaterThanOrEqual(900); // the date has one-second resolution
    expect(ms).toBeLessThan(5000);
  });

  it("a Retry-After beyond the deadline fails at once instead of sleeping past it", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:operationTimeoutSeconds": "2" });
    await rt.read(partnerId(), {});
    await t.admin.addFault({
      match: graph,
      action: { type: "status", status: 429, code: "TooManyRequests", message: "Slow down", retryAfter: 600 },
    });
    const { value: e, ms } = await timed(
      rt.read(partnerId(), {}).then(
        () => new Error("none"),
        (err: Error) => err,
      ),
    );
    expect(ms).toBeLessThan(1500);
    expect(e.message).toMatch(/429 TooManyRequests: Slow down/);
    expect(e.message).toMatch(/throttling .* operation deadline/);
  });
});

describe("other transient faults are retried", () => {
  it.each([
    ["500", { type: "status", status: 500 }],
    ["502 without a body", { type: "status", status: 502, noBody: true }],
    ["504", { type: "status", status: 504 }],
    ["409 Directory_ConcurrencyViolation", { type: "status", status: 409, code: "Directory_ConcurrencyViolation" }],
    ["connection reset", { type: "reset" }],
  ] as [string, FaultSpec["action"]][])("%s", async (_name, action) => {
    const rt = await runtimeFor(t);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    await t.admin.addFault({ match: graph, times: 2, action });
    await expect(rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } })).resolves.toMatchObject({ id });
  });

  it("a hung request is abandoned after requestTimeoutSeconds and retried", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:requestTimeoutSeconds": "1" });
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    await rt.read(partnerId(), {});
    await t.admin.addFault({ match: graph, action: { type: "hang", ms: 5000 } });
    const { ms } = await timed(rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } }));
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(4000);
    expect(await policyInEmulator(id)).toBeDefined();
  });

  it("transient token endpoint failures are retried by the credential", async () => {
    const rt = await runtimeFor(t);
    await t.admin.addFault({ match: { kind: "token" }, times: 1, action: { type: "status", status: 503 } });
    await expect(rt.read(partnerId(), {})).resolves.toEqual({ id: "" });
  });

  it("a login endpoint that hangs cannot hold a step past its deadline", async () => {
    const rt = await runtimeFor(t, "readWrite", { "entra:operationTimeoutSeconds": "1" });
    await t.admin.addFault({ match: { kind: "token" }, times: "always", action: { type: "hang", ms: 5000 } });
    const { value: e, ms } = await timed(
      rt.read(partnerId(), {}).then(
        () => new Error("none"),
        (err: Error) => err,
      ),
    );
    expect(ms).toBeLessThan(2000);
    expect(e.message).toMatch(
      /cannot read .*no access token could be obtained before the operation deadline.*entra:operationTimeoutSeconds/,
    );
    await t.admin.clearFaults();
  });

  it("latency is tolerated", async () => {
    await t.admin.settings({ latencyMs: 100 });
    const rt = await runtimeFor(t);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    await expect(rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } })).resolves.toMatchObject({ id });
  });
});

describe("replication lag", () => {
  it("404 mode: a read right after our create waits for the object instead of reporting it gone", async () => {
    await t.admin.settings({ replicationLagMs: 800, replicationLagMode: "404" });
    const rt = await runtimeFor(t);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const { outs } = await rt.create({ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } });
    const r = await rt.read(id, outs);
    expect(r.id).toBe(id);
    expect(r.inputs).toMatchObject({ displayName: "A" });
  });

  it("stale mode: a read right after our update waits for the new values", async () => {
    const rt = await runtimeFor(t);
    const id = partnerId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } }] });
    await t.admin.settings({ replicationLagMs: 800, replicationLagMode: "stale" });
    const olds = {
      tenantId: id,
      displayName: "A",
      userSyncInbound: { isSyncAllowed: true },
      apiVersion: "v1.0",
      adopted: false,
    };
    const { outs } = await rt.update(id, olds, {
      tenantId: id,
      displayName: "B",
      userSyncInbound: { isSyncAllowed: true },
    });
    const r = await rt.read(id, outs!);
    expect(r.inputs).toMatchObject({ displayName: "B" });
  });

  it("a 409 followed by a lagging 404 still takes the existing policy over", async () => {
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const inputs = { tenantId: id, userSyncInbound: { isSyncAllowed: true } };
    await (await runtimeFor(t)).create(inputs);
    await t.admin.settings({ replicationLagMs: 0 });
    await t.admin.addFault({
      match: { kind: "graph", method: "GET" },
      times: 2,
      action: { type: "status", status: 404, code: "Request_ResourceNotFound" },
    });
    await expect((await runtimeFor(t)).create(inputs)).resolves.toMatchObject({ id, outs: { adopted: true } });
  });

  it("an update right after our create survives a lagging 404 on PATCH", async () => {
    const rt = await runtimeFor(t);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    const { outs } = await rt.create({ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } });
    await t.admin.addFault({
      match: { kind: "graph", method: "PATCH" },
      times: 2,
      action: { type: "status", status: 404, code: "Directory_ObjectNotFound" },
    });
    await rt.update(id, outs, { tenantId: id, displayName: "B", userSyncInbound: { isSyncAllowed: true } });
    expect(await policyInEmulator(id)).toMatchObject({ displayName: "B" });
  });
});

describe("directory concurrency and throttling", () => {
  it("overlapping writes to one partner (Directory_ConcurrencyViolation) are retried until both land", async () => {
    await t.admin.settings({ concurrencyViolation: true, concurrencyWindowMs: 100 });
    const id = partnerId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } }] });
    const olds = {
      tenantId: id,
      displayName: "A",
      userSyncInbound: { isSyncAllowed: true },
      apiVersion: "v1.0",
      adopted: false,
    };
    const [a, b] = [await runtimeFor(t), await runtimeFor(t)];
    const mark = await t.admin.lastSeq();
    await Promise.all([
      a.update(id, olds, { tenantId: id, displayName: "B", userSyncInbound: { isSyncAllowed: true } }),
      b.update(id, olds, { tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: false } }),
    ]);
    const statuses = (await callsSince(t, mark)).graph.map((c) => c.status);
    expect(statuses).toContain(409);
    expect(statuses.filter((s) => s === 204)).toHaveLength(2);
  });

  it("the write throttle (429 with an honest Retry-After) lets every create through eventually", async () => {
    await t.admin.settings({ throttle: { writesPerSecond: 10, burst: 3 } });
    const rt = await runtimeFor(t);
    const ids = Array.from({ length: 8 }, () => partnerId());
    await t.admin.seed({ partners: ids.map((tenantId) => ({ tenantId })) });
    const mark = await t.admin.lastSeq();
    const results = await Promise.all(
      ids.map((id) => rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } })),
    );
    expect(results.map((r) => r.id)).toEqual(ids);
    expect((await callsSince(t, mark)).graph.some((c) => c.status === 429)).toBe(true);
  });
});

describe("permanent 500", () => {
  const always500: FaultSpec = {
    match: graph,
    times: "always",
    action: { type: "status", status: 500, code: "InternalServerError", message: "Boom" },
  };
  const settings = { "entra:operationTimeoutSeconds": "2", "entra:retryBaseDelayMs": "100" };

  it("create fails with a clear error after the deadline and creates nothing", async () => {
    const rt = await runtimeFor(t, "readWrite", settings);
    const id = partnerId();
    await t.admin.seed({ partners: [{ tenantId: id }] });
    await rt.read(partnerId(), {});
    await t.admin.addFault(always500);
    const { value: e, ms } = await timed(
      rt.create({ tenantId: id, userSyncInbound: { isSyncAllowed: true } }).then(
        () => new Error("none"),
        (err: Error & { id?: string }) => err,
      ),
    );
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(4000);
    expect(e.message).toMatch(
      /cannot create .* 500 InternalServerError: Boom \(request-id: [0-9a-f-]{36}, client-request-id: [0-9a-f-]{36}, date: .*, attempts: \d+\)/,
    );
    expect(e.message).toMatch(/kept failing on its side until the operation deadline/);
    expect((e as { id?: string }).id).toBeUndefined();
    await t.admin.clearFaults();
    expect(await policyInEmulator(id)).toBeUndefined();
  });

  it("update, read and delete fail with errors, never report 'gone', and leave Graph unchanged", async () => {
    const rt = await runtimeFor(t, "readWrite", settings);
    const id = partnerId();
    await t.admin.seed({ policies: [{ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } }] });
    const olds = {
      tenantId: id,
      displayName: "A",
      userSyncInbound: { isSyncAllowed: true },
      apiVersion: "v1.0",
      adopted: false,
    };
    await rt.read(id, olds);
    await t.admin.addFault(always500);
    await expect(
      rt.update(id, olds, { tenantId: id, displayName: "B", userSyncInbound: { isSyncAllowed: true } }),
    ).rejects.toThrow(/cannot update .* 500 InternalServerError/);
    await expect(rt.read(id, olds)).rejects.toThrow(/cannot read .* 500 InternalServerError/);
    await expect(rt.delete(id, olds)).rejects.toThrow(/cannot delete .* 500 InternalServerError/);
    await t.admin.clearFaults();
    expect(await policyInEmulator(id)).toMatchObject({ displayName: "A" });
  });
});

describe("connections to Graph", () => {
  it(`many parallel steps share at most ${MAX_SOCKETS_PER_HOST} kept-alive connections (TLS handshakes), not one each`, async () => {
    await t.admin.settings({ latencyMs: 30 });
    const rt = await runtimeFor(t);
    await rt.read(partnerId(), {}); // the token first: its connection is not Graph's
    const mark = await t.admin.lastSeq();
    // Every new TLS connection of an https.Agent goes through createConnection (nothing else in this process
    // makes requests while it is watched).
    const connect = jest.spyOn(
      https.Agent.prototype as unknown as { createConnection: (...a: unknown[]) => unknown },
      "createConnection",
    );
    let results: unknown[];
    let opened: number;
    try {
      results = await Promise.all(Array.from({ length: 80 }, () => rt.read(partnerId(), {})));
    } finally {
      opened = connect.mock.calls.length;
      connect.mockRestore();
    }
    expect(results).toEqual(Array(80).fill({ id: "" }));
    expect((await callsSince(t, mark)).graph).toHaveLength(80);
    expect(opened).toBeGreaterThan(0);
    expect(opened).toBeLessThanOrEqual(MAX_SOCKETS_PER_HOST);
  });
});
