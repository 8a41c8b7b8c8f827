/**
 * Fault injection and observation through the admin API: scheduled statuses (429 with Retry-After in seconds or
 * as an HTTP date, 5xx), connection reset, hang, replication lag (404 and stale), Directory_ConcurrencyViolation,
 * the write throttle, latency.
 */
import { AxiosInstance } from "axios";
import {
  newTenantId,
  partnerPath,
  partnersPath,
  startTestEmulator,
  syncPath,
  TestEmulator,
  useTestEmulator,
} from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;
let id: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});
beforeEach(async () => {
  id = newTenantId();
  await t.admin.seed({ policies: [{ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } }] });
});

describe("scheduled status faults", () => {
  test("N× 429 with Retry-After in seconds, then normal service; the log counts every call", async () => {
    const fault = await t.admin.addFault({
      match: { method: "GET", path: "/identitySynchronization" },
      times: 2,
      action: { type: "status", status: 429, retryAfter: 3 },
    });
    expect(fault).toMatchObject({ id: expect.any(Number), remaining: 2, hits: 0 });
    const since = await t.admin.lastSeq();
    for (let i = 0; i < 2; i++) {
      const r = await graph.get(syncPath(id));
      expect(r.status).toBe(429);
      expect(r.headers["retry-after"]).toBe("3");
      expect(r.data.error.code).toBe("TooManyRequests");
      expect(r.data.error.innerError["request-id"]).toBe(r.headers["request-id"]);
    }
    expect((await graph.get(syncPath(id))).status).toBe(200);
    const log = (await t.admin.requests(since)).filter((e) => e.kind === "graph");
    expect(log.map((e) => [e.status, e.fault])).toEqual([
      [429, "status:429"],
      [429, "status:429"],
      [200, undefined],
    ]);
    expect((await t.admin.faults())[0]).toMatchObject({ remaining: 0, hits: 2 });
  });

  test("429 with Retry-After as an HTTP date", async () => {
    await t.admin.addFault({ action: { type: "status", status: 429, retryAfter: "http-date:5" } });
    const r = await graph.get(syncPath(id));
    expect(r.status).toBe(429);
    const when = Date.parse(r.headers["retry-after"]);
    expect(r.headers["retry-after"]).toMatch(/GMT$/);
    expect(when - Date.now()).toBeGreaterThan(3000);
    expect(when - Date.now()).toBeLessThanOrEqual(6000);
  });

  test.each([
    [500, "generalException"],
    [502, "BadGateway"],
    [503, "serviceNotAvailable"],
    [504, "GatewayTimeout"],
  ])("%i with Graph's envelope (code %s)", async (status, code) => {
    await t.admin.addFault({
      match: { method: "PUT" },
      action: { type: "status", status, retryAfter: status === 503 ? 2 : undefined },
    });
    const r = await graph.put(syncPath(newTenantId()), {});
    expect(r.status).toBe(status);
    expect(r.data.error.code).toBe(code);
    if (status === 503) expect(r.headers["retry-after"]).toBe("2");
    expect((await graph.get(syncPath(id))).status).toBe(200);
  });

  test("custom code/message and a gateway error without body", async () => {
    await t.admin.addFault({
      times: 1,
      action: { type: "status", status: 409, code: "Directory_ConcurrencyViolation", message: "busy" },
    });
    await t.admin.addFault({ times: 1, action: { type: "status", status: 502, noBody: true } });
    const a = await graph.patch(syncPath(id), { displayName: "B" });
    expect(a.status).toBe(409);
    expect(a.data.error).toMatchObject({ code: "Directory_ConcurrencyViolation", message: "busy" });
    const b = await graph.get(syncPath(id));
    expect(b.status).toBe(502);
    expect(b.data).toBe("");
    expect(b.headers["request-id"]).toBeDefined();
    expect((await graph.get(syncPath(id))).data.displayName).toBe("A");
  });

  test("matching: method, /regex/ path, kind token; times 'always'; clear", async () => {
    await t.admin.addFault({
      match: { path: "/partners/[0-9a-f-]+$/i", method: "DELETE" },
      times: "always",
      action: { type: "status", status: 503 },
    });
    await t.admin.addFault({ match: { kind: "token" }, action: { type: "status", status: 503, retryAfter: 1 } });
    expect((await graph.get(partnerPath(id))).status).toBe(200);
    expect((await graph.delete(partnerPath(id))).status).toBe(503);
    expect((await graph.delete(partnerPath(id))).status).toBe(503);
    const d = t.defaults.readWrite;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: d.clientId,
      client_secret: d.clientSecret,
      scope: `${t.url}/.default`,
    }).toString();
    const tok = await t.http.post(`/${d.tenantId}/oauth2/v2.0/token`, body, {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(tok.status).toBe(503);
    expect(tok.data.error).toBe("server_error");
    expect(tok.data.error_codes).toEqual([90033]);
    expect(tok.headers["retry-after"]).toBe("1");
    await t.admin.clearFaults();
    expect(await t.admin.faults()).toEqual([]);
    expect((await graph.get(partnerPath(id))).status).toBe(200);
  });

  test("bad fault specs are refused by the admin API", async () => {
    expect((await t.http.post("/_emulator/faults", { action: { type: "status", status: 200 } })).status).toBe(400);
    expect((await t.http.post("/_emulator/faults", { action: { type: "explode" } })).status).toBe(400);
    expect((await t.http.post("/_emulator/faults", { times: 0, action: { type: "reset" } })).status).toBe(400);
  });
});

describe("connection faults", () => {
  test("reset: the socket is destroyed without a response; logged with status 0", async () => {
    await t.admin.addFault({ match: { method: "GET" }, action: { type: "reset" } });
    const since = await t.admin.lastSeq();
    await expect(graph.get(syncPath(id))).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|socket hang up/i),
    });
    expect((await graph.get(syncPath(id))).status).toBe(200);
    const log = await t.admin.requests(since);
    expect(log[0]).toMatchObject({ status: 0, fault: "reset" });
  });

  test("hang longer than the client timeout: the client times out, the request has no effect", async () => {
    await t.admin.addFault({ match: { method: "PATCH" }, action: { type: "hang", ms: 1500 } });
    const started = Date.now();
    await expect(graph.patch(syncPath(id), { displayName: "B" }, { timeout: 300 })).rejects.toMatchObject({
      code: "ECONNABORTED",
    });
    expect(Date.now() - started).toBeLessThan(1200);
    await sleep(1400);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("A");
  });

  test("hang shorter than the client timeout only delays the answer", async () => {
    await t.admin.addFault({ match: { method: "PATCH" }, action: { type: "hang", ms: 250 } });
    const started = Date.now();
    expect((await graph.patch(syncPath(id), { displayName: "B" })).status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("B");
  });
});

describe("replication lag", () => {
  test('"404" mode: a new object is not found for N ms after the write (dependent writes checking the primary only)', async () => {
    // With the default replicationLagDependentWrites the PUT below would meet the lagging partner (consistency.test.ts).
    await t.admin.settings({ replicationLagMs: 800, replicationLagMode: "404", replicationLagDependentWrites: false });
    const p = newTenantId();
    expect((await graph.post(partnersPath(), { tenantId: p })).status).toBe(201);
    expect((await graph.get(partnerPath(p))).status).toBe(404);
    expect((await graph.put(syncPath(p), { displayName: "new" })).status).toBe(204);
    const lagged = await graph.get(syncPath(p));
    expect(lagged.status).toBe(404);
    expect(lagged.data.error.code).toBe("Request_ResourceNotFound");
    // Writes go to the primary: a second PUT still conflicts.
    expect((await graph.put(syncPath(p), { displayName: "new" })).status).toBe(409);
    await sleep(850);
    expect((await graph.get(partnerPath(p))).status).toBe(200);
    expect((await graph.get(syncPath(p))).data.displayName).toBe("new");
  });

  test('"stale" mode: reads return the value from before the write, then the new one', async () => {
    await t.admin.settings({ replicationLagMs: 800, replicationLagMode: "stale" });
    expect((await graph.patch(syncPath(id), { displayName: "B" })).status).toBe(204);
    expect((await graph.patch(syncPath(id), { displayName: "C" })).status).toBe(204);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("A");
    const list = await graph.get(`${partnersPath()}?$expand=identitySynchronization`);
    expect(list.data.value[0].identitySynchronization.displayName).toBe("A");
    await sleep(850);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("C");
  });

  test('"stale" mode: a deleted object is still readable for N ms', async () => {
    await t.admin.settings({ replicationLagMs: 600, replicationLagMode: "stale" });
    expect((await graph.delete(syncPath(id))).status).toBe(204);
    expect((await graph.get(syncPath(id))).status).toBe(200);
    await sleep(650);
    expect((await graph.get(syncPath(id))).status).toBe(404);
  });
});

describe("Directory_ConcurrencyViolation", () => {
  test("two overlapping writes to one partner: one succeeds, the other gets 409", async () => {
    await t.admin.settings({ concurrencyViolation: true, concurrencyWindowMs: 400 });
    const results = await Promise.all([
      graph.patch(syncPath(id), { displayName: "B" }),
      graph.patch(syncPath(id), { displayName: "C" }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([204, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.data.error).toMatchObject({
      code: "Directory_ConcurrencyViolation",
      message: "Error due to concurrent requests being made to the tenant. Please wait briefly and retry.",
    });
  });

  test("two overlapping creates of one partner: one 201, the other 409 Directory_ConcurrencyViolation", async () => {
    await t.admin.settings({ concurrencyViolation: true, concurrencyWindowMs: 300 });
    const p = newTenantId();
    const results = await Promise.all([
      graph.post(partnersPath(), { tenantId: p }),
      graph.post(partnersPath(), { tenantId: p.toUpperCase() }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.data.error.code).toBe("Directory_ConcurrencyViolation");
  });

  test("writes to different partners and reads do not collide; sequential writes are fine", async () => {
    await t.admin.settings({ concurrencyViolation: true, concurrencyWindowMs: 150 });
    const other = newTenantId();
    await t.admin.seed({ partners: [{ tenantId: other }] });
    const results = await Promise.all([
      graph.patch(syncPath(id), { displayName: "B" }),
      graph.put(syncPath(other), { displayName: "O" }),
      graph.get(syncPath(id)),
    ]);
    expect(results.map((r) => r.status)).toEqual([204, 204, 200]);
    expect((await graph.patch(syncPath(id), { displayName: "C" })).status).toBe(204);
  });
});

describe("throttle mode", () => {
  test("token bucket of writes: 429 with the honest Retry-After once the burst is spent", async () => {
    // 1 write/s: the third write finds the bucket empty unless the first two took a whole second.
    await t.admin.settings({ throttle: { writesPerSecond: 1, burst: 2 } });
    expect((await graph.patch(syncPath(id), { displayName: "1" })).status).toBe(204);
    expect((await graph.patch(syncPath(id), { displayName: "2" })).status).toBe(204);
    const throttled = await graph.patch(syncPath(id), { displayName: "3" });
    expect(throttled.status).toBe(429);
    expect(throttled.data.error.code).toBe("TooManyRequests");
    expect(throttled.headers["retry-after"]).toBe("1");
    expect(throttled.headers["x-ms-throttle-information"]).toBe("WriteLimitExceeded");
    // Reads are not throttled by the write bucket.
    expect((await graph.get(syncPath(id))).status).toBe(200);
    await sleep(Number(throttled.headers["retry-after"]) * 1000);
    expect((await graph.patch(syncPath(id), { displayName: "3" })).status).toBe(204);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("3");
  });

  test("the wait is honest for slow buckets (0.5 writes/s → Retry-After 2)", async () => {
    await t.admin.settings({ throttle: { writesPerSecond: 0.5, burst: 1 } });
    expect((await graph.patch(syncPath(id), { displayName: "1" })).status).toBe(204);
    const r = await graph.patch(syncPath(id), { displayName: "2" });
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("2");
    await t.admin.settings({ throttle: null });
    expect((await graph.patch(syncPath(id), { displayName: "2" })).status).toBe(204);
  });
});

describe("throttling headers ([DOC] graph-behaviour.md §5.3)", () => {
  test("x-ms-resource-unit: 1 per request, $select −1, $expand +1, minimum 1; writes 1", async () => {
    const ru = async (url: string) => (await graph.get(url)).headers["x-ms-resource-unit"];
    expect(await ru(syncPath(id))).toBe("1");
    expect(await ru(`${syncPath(id)}?$select=displayName`)).toBe("1");
    expect(await ru(`${partnersPath()}?$expand=identitySynchronization`)).toBe("2");
    expect(await ru(`${partnersPath()}?$select=tenantId&$expand=identitySynchronization`)).toBe("1");
    expect((await graph.patch(syncPath(id), { displayName: "B" })).headers["x-ms-resource-unit"]).toBe("1");
  });

  test("x-ms-throttle-limit-percentage appears above 80% of the write bucket only", async () => {
    // Burst 4: the writes use 25%, 50%, 75%, ~100% (a sliver refills meanwhile); the fifth is refused.
    await t.admin.settings({ throttle: { writesPerSecond: 0.01, burst: 4 } });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await graph.patch(syncPath(id), { displayName: String(i) }));
    expect(results.map((r) => r.status)).toEqual([204, 204, 204, 204, 429]);
    expect(results.map((r) => r.headers["x-ms-throttle-limit-percentage"])).toEqual([
      undefined,
      undefined,
      undefined,
      "1.0",
      "1.0",
    ]);
    const d = t.defaults.readWrite;
    expect(results[4].headers["x-ms-throttle-scope"]).toBe(`Tenant_Application/Write/${d.clientId}/${d.tenantId}`);
  });

  test("an unrelated settings change does not refill the write bucket", async () => {
    await t.admin.settings({ throttle: { writesPerSecond: 0.1, burst: 1 } });
    expect((await graph.patch(syncPath(id), { displayName: "1" })).status).toBe(204);
    await t.admin.settings({ latencyMs: 0 });
    await t.admin.settings({ throttle: { writesPerSecond: 0.1, burst: 1 } });
    const r = await graph.patch(syncPath(id), { displayName: "2" });
    expect(r.status).toBe(429);
    expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(9);
  });
});

describe("throttle and reset", () => {
  test("an emulator started with a throttle gets a full bucket again on reset", async () => {
    const throttled = await startTestEmulator({ throttle: { writesPerSecond: 0.01, burst: 1 } });
    try {
      const g = await throttled.graph();
      const p = newTenantId();
      expect((await g.post(partnersPath(), { tenantId: p })).status).toBe(201);
      expect((await g.patch(partnerPath(p), { inboundTrust: { isMfaAccepted: true } })).status).toBe(429);
      await throttled.admin.reset({ partners: [{ tenantId: p }] });
      expect((await g.patch(partnerPath(p), { inboundTrust: { isMfaAccepted: true } })).status).toBe(204);
    } finally {
      await throttled.stop();
    }
  });
});

describe("latency", () => {
  test("latencyMs delays Graph responses", async () => {
    await t.admin.settings({ latencyMs: 150 });
    const started = Date.now();
    expect((await graph.get(syncPath(id))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    const [entry] = (await t.admin.requests()).slice(-1);
    expect(entry.durationMs).toBeGreaterThanOrEqual(145);
  });
});
