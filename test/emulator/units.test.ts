/**
 * Pure pieces of the emulator, with injected clocks: token bucket, Retry-After, fault queue, request log, settings,
 * validation, rendering, default-configuration PATCH, paging tokens.
 */
import { WriteTokenBucket } from "../../emulator/faults/throttle";
import { FaultQueue, parseFault, retryAfterHeader } from "../../emulator/faults/faultQueue";
import { ReplicationLag } from "../../emulator/faults/replicationLag";
import { RequestLog } from "../../emulator/requestLog";
import { applySettingsPatch, defaultSettings } from "../../emulator/settings";
import { validateBody } from "../../emulator/validation/validateBody";
import { renderEntity } from "../../emulator/validation/render";
import { SCHEMAS } from "../../emulator/validation/schemas";
import { graphDate, aadTimestamp } from "../../emulator/util/time";
import { resourceFromScope } from "../../emulator/auth/tokenEndpoint";
import { findDuplicateKey } from "../../emulator/http/body";
import { resourceUnits, throttleLimitHeader } from "../../emulator/server/graphPipeline";
import { routeGraph } from "../../emulator/server/graphRouter";
import { patchDefault } from "../../emulator/handlers/defaultConfigurationHandler";
import { encodeSkipToken, requestedPage } from "../../emulator/handlers/paging";
import { systemDefaultConfiguration } from "../../emulator/validation/schemas";

describe("WriteTokenBucket", () => {
  test("admits a burst, then reports the exact wait, refilling at the configured rate", () => {
    const b = new WriteTokenBucket({ writesPerSecond: 4, burst: 2 }, 0);
    expect(b.take(0)).toEqual({ ok: true });
    expect(b.take(0)).toEqual({ ok: true });
    expect(b.take(0)).toEqual({ ok: false, waitMs: 250 });
    expect(b.take(100)).toEqual({ ok: false, waitMs: 150 });
    expect(b.take(250)).toEqual({ ok: true });
    expect(b.take(10_000)).toEqual({ ok: true });
    expect(b.take(10_000)).toEqual({ ok: true });
    expect(b.take(10_000).ok).toBe(false);
  });

  test("a refused request does not consume a token", () => {
    const b = new WriteTokenBucket({ writesPerSecond: 1, burst: 1 }, 0);
    b.take(0);
    for (let i = 0; i < 5; i++) expect(b.take(500).ok).toBe(false);
    expect(b.take(1000)).toEqual({ ok: true });
  });
});

describe("Retry-After", () => {
  test("seconds and HTTP dates", () => {
    expect(retryAfterHeader(7)).toBe("7");
    expect(retryAfterHeader("http-date:30", Date.UTC(2015, 9, 21, 7, 20, 0))).toBe("Wed, 21 Oct 2015 07:20:30 GMT");
  });
});

describe("FaultQueue", () => {
  test("first matching fault answers, times counts down, kind defaults to graph", () => {
    const q = new FaultQueue();
    q.add(
      parseFault({
        match: { method: "get", path: "/identitySynchronization" },
        times: 2,
        action: { type: "status", status: 503 },
      }),
    );
    q.add(parseFault({ action: { type: "reset" } }));
    const graphGet = {
      kind: "graph" as const,
      method: "GET",
      path: "/v1.0/policies/crossTenantAccessPolicy/partners/x/identitySynchronization",
    };
    expect(q.take(graphGet)?.action.type).toBe("status");
    expect(q.take({ kind: "token", method: "POST", path: "/t/oauth2/v2.0/token" })).toBeUndefined();
    expect(q.take(graphGet)?.action.type).toBe("status");
    expect(q.take(graphGet)?.action.type).toBe("reset");
    expect(q.take(graphGet)).toBeUndefined();
    expect(q.list().map((f) => [f.hits, f.remaining])).toEqual([
      [2, 0],
      [1, 0],
    ]);
  });

  test("regex paths and 'always'", () => {
    const q = new FaultQueue();
    q.add(parseFault({ match: { path: "/PARTNERS$/i" }, times: "always", action: { type: "hang", ms: 1 } }));
    for (let i = 0; i < 3; i++)
      expect(
        q.take({ kind: "graph", method: "GET", path: "/v1.0/policies/crossTenantAccessPolicy/partners" }),
      ).toBeDefined();
    expect(
      q.take({ kind: "graph", method: "GET", path: "/v1.0/policies/crossTenantAccessPolicy/partners/x" }),
    ).toBeUndefined();
  });

  test.each([
    [{}, /action/],
    [{ action: { type: "status", status: 302 } }, /400-599/],
    [{ action: { type: "status", status: 429, retryAfter: "soon" } }, /retryAfter/],
    [{ action: { type: "hang" } }, /ms/],
    [{ times: 1.5, action: { type: "reset" } }, /times/],
  ])("parseFault refuses %j", (spec, message) => {
    expect(() => parseFault(spec)).toThrow(message);
  });
});

describe("ReplicationLag", () => {
  const settings = { replicationLagMs: 100, replicationLagMode: "stale" as "404" | "stale" };
  test("stale keeps the value from before the first write of the window; 404 hides", () => {
    const lag = new ReplicationLag(() => settings);
    const v1 = { tenantId: "a", displayName: "1" };
    const v2 = { tenantId: "a", displayName: "2" };
    const v3 = { tenantId: "a", displayName: "3" };
    lag.recordWrite("policies", "a", v1, 0);
    lag.recordWrite("policies", "a", v2, 50);
    expect(lag.view("policies", "a", v3, 120)).toBe(v1);
    expect(lag.view("policies", "a", v3, 151)).toBe(v3);
    settings.replicationLagMode = "404";
    lag.recordWrite("policies", "a", v3, 200);
    expect(lag.view("policies", "a", v3, 250)).toBeUndefined();
    expect(lag.view("policies", "a", v3, 300)).toBe(v3);
  });
});

describe("ReplicationLag after a delete", () => {
  const settings = { replicationLagMs: 100, replicationLagMode: "404" as "404" | "stale" };
  test("the deleted object stays visible in either mode and blocks a create, for the window only", () => {
    const lag = new ReplicationLag(() => settings);
    const v1 = { tenantId: "a", displayName: "1" };
    lag.recordWrite("t/partners", "a", v1, 0, true);
    for (const mode of ["404", "stale"] as const) {
      settings.replicationLagMode = mode;
      expect(lag.view("t/partners", "a", undefined, 50)).toBe(v1);
    }
    expect(lag.recentlyDeleted("t/partners", "a", 50)).toBe(true);
    expect(lag.recentlyDeleted("u/partners", "a", 50)).toBe(false);
    expect(lag.recentlyDeleted("t/partners", "a", 100)).toBe(false);
    expect(lag.view("t/partners", "a", undefined, 100)).toBeUndefined();
  });

  test("created and deleted within one window: nothing to show, nothing blocks", () => {
    const lag = new ReplicationLag(() => settings);
    lag.recordWrite("t/partners", "b", undefined, 0);
    lag.recordWrite("t/partners", "b", { tenantId: "b" }, 10, true);
    expect(lag.view("t/partners", "b", undefined, 20)).toBeUndefined();
    expect(lag.recentlyDeleted("t/partners", "b", 20)).toBe(false);
  });
});

describe("renderEntity inherited shapes", () => {
  const schema = SCHEMAS["v1.0"].partner;
  test('"null": unset settings are null, automaticUserConsentSettings an object of nulls', () => {
    const out = renderEntity(schema, { tenantId: "a" });
    expect(out.b2bCollaborationInbound).toBeNull();
    expect(out.automaticUserConsentSettings).toEqual({ inboundAllowed: null, outboundAllowed: null });
  });
  test('"nullLeaves": objects of nulls, empty target lists, set values untouched', () => {
    const out = renderEntity(schema, { tenantId: "a", inboundTrust: { isMfaAccepted: true } }, undefined, "nullLeaves");
    expect(out.b2bCollaborationInbound).toEqual({
      usersAndGroups: { accessType: null, targets: [] },
      applications: { accessType: null, targets: [] },
    });
    expect(out.inboundTrust).toEqual({
      isMfaAccepted: true,
      isCompliantDeviceAccepted: null,
      isHybridAzureADJoinedDeviceAccepted: null,
    });
    expect(out.appServiceConnectInbound).toEqual({ applications: { accessType: null, targets: [] } });
    expect(out.isServiceProvider).toBeNull();
  });
});

describe("patchDefault", () => {
  test("replaces settings whole, null puts back the system value, always customises; does not mutate", () => {
    const system = systemDefaultConfiguration();
    const current = Object.freeze({ ...system });
    const next = patchDefault(current, { inboundTrust: { isMfaAccepted: true }, b2bDirectConnectInbound: null });
    expect(next.isServiceDefault).toBe(false);
    expect(next.inboundTrust).toEqual({ isMfaAccepted: true });
    expect(next.b2bDirectConnectInbound).toEqual(system.b2bDirectConnectInbound);
    expect(current.isServiceDefault).toBe(true);
  });
});

describe("paging", () => {
  const q = (s: string) => new URLSearchParams(s);
  test("page from $top and $skiptoken; defaults; bounds", () => {
    expect(requestedPage(q(""), 100, 999)).toEqual({ offset: 0, size: 100 });
    expect(requestedPage(q(`$top=5&$skiptoken=${encodeSkipToken(10)}`), 100, 999)).toEqual({ offset: 10, size: 5 });
    expect(() => requestedPage(q("$top=1000"), 100, 999)).toThrow(/Invalid page size specified: '1000'/);
    expect(() => requestedPage(q("$skiptoken=abc"), 100, 999)).toThrow(/page token/);
  });
});

describe("RequestLog", () => {
  test("since() returns entries after a sequence number; seq survives clear", () => {
    const log = new RequestLog(3);
    const base = {
      time: "",
      kind: "graph" as const,
      method: "GET",
      path: "/",
      query: "",
      status: 200,
      durationMs: 1,
      requestId: "r",
      clientRequestId: "c",
    };
    for (let i = 0; i < 5; i++) log.add(base);
    expect(log.since().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.since(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.since(99)).toEqual([]);
    log.clear();
    expect(log.add(base).seq).toBe(6);
  });
});

describe("settings", () => {
  test("patches are validated per key and never mutate the current settings", () => {
    const current = defaultSettings();
    const next = applySettingsPatch(current, { latencyMs: 5, throttle: { writesPerSecond: 2, burst: 1 } });
    expect(next.latencyMs).toBe(5);
    expect(current.latencyMs).toBe(0);
    expect(() => applySettingsPatch(current, { latency: 5 })).toThrow(/unknown setting 'latency'/);
    expect(() => applySettingsPatch(current, { replicationLagMode: "slow" })).toThrow(/replicationLagMode/);
    expect(() => applySettingsPatch(current, { throttle: { writesPerSecond: 0, burst: 1 } })).toThrow(/throttle/);
    expect(() => applySettingsPatch(current, { missingPartnerError: { status: 200, code: "x" } })).toThrow(
      /missingPartnerError/,
    );
  });

  test("defaults of the switches added for the partner resources, and their checks", () => {
    const d = defaultSettings();
    expect(d.replicationLagDependentWrites).toBe(true);
    expect(d.deletedItemsDelegatedOnly).toBe(false);
    expect(() => applySettingsPatch(d, { replicationLagDependentWrites: "yes" })).toThrow(
      /replicationLagDependentWrites' must be a boolean/,
    );
    expect(() => applySettingsPatch(d, { deletedItemsDelegatedOnly: 1 })).toThrow(
      /deletedItemsDelegatedOnly' must be a boolean/,
    );
  });
});

describe("validation and rendering", () => {
  const sync = SCHEMAS["v1.0"].sync;
  test("messages name the property (with its path for nested ones)", () => {
    expect(() => validateBody(sync, { displayname: "x" })).toThrow("Invalid property 'displayname'.");
    expect(() => validateBody(sync, { userSyncInbound: { isSyncAllowed: "true" } })).toThrow(
      /'userSyncInbound.isSyncAllowed'.*'true'.*'Edm.Boolean'/,
    );
    expect(() => validateBody(sync, { tenantId: "0000aaaa-0000-4000-8000-000000000000" })).toThrow(
      "Property 'tenantId' is read-only and cannot be set.",
    );
    expect(validateBody(sync, { "@odata.type": "#x", displayName: null })).toEqual({ displayName: null });
  });

  test("render fills every property of the version with null and honours $select", () => {
    expect(renderEntity(SCHEMAS.beta.sync, { tenantId: "a", userSyncInbound: {} })).toEqual({
      tenantId: "a",
      displayName: null,
      userSyncInbound: { isSyncAllowed: null },
      groupSyncInbound: null,
      externalCloudAuthorizedApplicationId: null,
      deletedDateTime: null,
    });
    expect(renderEntity(sync, { tenantId: "a", groupSyncInbound: { isSyncAllowed: true } }, ["tenantId"])).toEqual({
      tenantId: "a",
    });
  });
});

describe("findDuplicateKey", () => {
  test.each([
    ['{"a":1,"a":2}', "a"],
    ['{"a":{"b":1,"b":2}}', "b"],
    ['{"a":1,"b":[{"a":1},{"a":2}]}', undefined],
    ['{"a":{"a":1}}', undefined],
    ['{"x":"\\"y\\":","y":1}', undefined],
    ['{"\\u0061":1,"a":2}', "a"],
    ['{ "a" : 1 , "a"\n: 2 }', "a"],
    ['["a","a"]', undefined],
  ])("%s → %s", (text, expected) => {
    JSON.parse(text);
    expect(findDuplicateKey(text)).toBe(expected);
  });
});

describe("resource units and throttle percentage", () => {
  const route = (method: string, path: string) => routeGraph(method, path.split("/").filter(Boolean), "v1.0");
  test("reads cost 1, $select −1, $expand +1, minimum 1; writes 1", () => {
    const list = route("GET", "policies/crossTenantAccessPolicy/partners");
    expect(resourceUnits(list, new URLSearchParams(""))).toBe(1);
    expect(resourceUnits(list, new URLSearchParams("$select=tenantId"))).toBe(1);
    expect(resourceUnits(list, new URLSearchParams("$expand=identitySynchronization"))).toBe(2);
    expect(
      resourceUnits(route("POST", "policies/crossTenantAccessPolicy/partners"), new URLSearchParams("$expand=x")),
    ).toBe(1);
  });

  test("the percentage header only from 80%, capped at 1.8", () => {
    expect(throttleLimitHeader(0.79)).toEqual({});
    expect(throttleLimitHeader(0.8)).toEqual({ "x-ms-throttle-limit-percentage": "0.8" });
    expect(throttleLimitHeader(5)).toEqual({ "x-ms-throttle-limit-percentage": "1.8" });
  });
});

describe("formats", () => {
  test("Graph innerError date has no fraction and no Z; Entra timestamp has a space and Z", () => {
    const t = Date.UTC(2026, 10, 23, 13, 1, 28, 456);
    expect(graphDate(t)).toBe("2026-11-23T13:01:28");
    expect(aadTimestamp(t)).toBe("2026-11-23 13:01:28Z");
  });

  test("client-credentials scope → resource", () => {
    expect(resourceFromScope("https://graph.microsoft.com/.default")).toBe("https://graph.microsoft.com");
    expect(resourceFromScope("https://127.0.0.1:8443/.default openid profile offline_access")).toBe(
      "https://127.0.0.1:8443",
    );
    expect(() => resourceFromScope("https://graph.microsoft.com/Policy.Read.All")).toThrow(/AADSTS1002012/);
    expect(() => resourceFromScope("a/.default b/.default")).toThrow(/AADSTS1002012/);
  });
});
