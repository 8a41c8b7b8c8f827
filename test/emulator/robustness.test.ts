/**
 * Robustness of the HTTP surface: odd paths and methods, encoded ids, OData key syntax, HEAD/OPTIONS, body limits,
 * bursts of concurrent requests. Nothing here may produce a 500 or an internal-error log line.
 */
import * as https from "https";
import { AxiosInstance } from "axios";
import { newTenantId, partnerPath, partnersPath, startTestEmulator, syncPath, TestEmulator } from "../helpers/emulator";
import { MAX_BODY_BYTES } from "../../emulator/http/body";

let t: TestEmulator;
let graph: AxiosInstance;
let id: string;
let consoleError: jest.SpyInstance;

beforeAll(async () => {
  t = await startTestEmulator();
  graph = await t.graph();
  consoleError = jest.spyOn(console, "error");
});
afterAll(async () => {
  // An internal error is logged with console.error: none may have happened in this suite.
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
  await t.stop();
});
beforeEach(async () => {
  await t.admin.reset();
  id = newTenantId();
  await t.admin.seed({ policies: [{ tenantId: id, displayName: "A", userSyncInbound: { isSyncAllowed: true } }] });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request exactly as written (axios would normalise the path and the body). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string | Buffer[],
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: "127.0.0.1", port: t.emu.port, path, method, ca: t.caCertPem, agent: false, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (Array.isArray(body)) for (const b of body) req.write(b);
    else if (body !== undefined) req.write(body);
    req.end();
  });
}

const bearer = async (): Promise<Record<string, string>> => ({ authorization: `Bearer ${await t.token()}` });

describe("paths", () => {
  test.each(["%", "%25", "%zz", "%E0%A4%A", "a%2Fb"])(
    "a partner id of %s is simply not found (404, never 500)",
    async (seg) => {
      const r = await raw("GET", `/v1.0/policies/crossTenantAccessPolicy/partners/${seg}`, await bearer());
      expect(r.status).toBe(404);
      expect(JSON.parse(r.text).error.code).toBe("Request_ResourceNotFound");
    },
  );

  test("a percent-encoded id is decoded once", async () => {
    const encoded = id.replace(/-/g, "%2D").toUpperCase();
    const r = await raw(
      "GET",
      `/v1.0/policies/crossTenantAccessPolicy/partners/${encoded}/identitySynchronization`,
      await bearer(),
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).tenantId).toBe(id);
  });

  test("OData key syntax partners('{id}') addresses the same partner", async () => {
    const r = await graph.get(`/v1.0/policies/crossTenantAccessPolicy/partners('${id}')/identitySynchronization`);
    expect(r.status).toBe(200);
    expect(r.data.displayName).toBe("A");
    expect((await graph.get(`/beta/policies/crossTenantAccessPolicy/partners(${id})`)).data.tenantId).toBe(id);
  });

  test("trailing and doubled slashes are ignored", async () => {
    expect((await raw("GET", `${syncPath(id)}/`, await bearer())).status).toBe(200);
    expect((await raw("GET", `//v1.0//policies/crossTenantAccessPolicy/partners/${id}//`, await bearer())).status).toBe(
      200,
    );
  });

  test("odd paths get Graph's 400 envelope", async () => {
    for (const path of [
      "/",
      "/v1.0",
      "/v1.0/policies",
      "/v1.0/policies/crossTenantAccessPolicy/templates",
      `${syncPath(id)}/extra/more`,
      "/favicon.ico",
    ]) {
      const r = await raw("GET", path, await bearer());
      expect([path, r.status]).toEqual([path, 400]);
      expect(JSON.parse(r.text).error.innerError["request-id"]).toBe(r.headers["request-id"]);
    }
  });

  test("the policy path of the stale doc stub (crossTenantIdentitySyncPolicy) does not exist", async () => {
    const r = await graph.patch(`/beta/policies/crossTenantIdentitySyncPolicy/partners/${id}`, { displayName: "x" });
    expect(r.status).toBe(400);
    expect(r.data.error.message).toBe("Resource not found for the segment 'crossTenantIdentitySyncPolicy'.");
  });
});

describe("methods", () => {
  test("405 carries Graph's envelope and the Allow header", async () => {
    const r = await graph.post(syncPath(id), {});
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
    expect(r.data.error.code).toBe("Request_BadRequest");
    expect(r.data.error.message).toContain("'POST'");
    expect(r.data.error.innerError["client-request-id"]).toBe(r.headers["client-request-id"]);
    expect((await graph.delete(partnersPath())).headers.allow).toBe("GET, POST, HEAD, OPTIONS");
    expect((await graph.get(`/beta/policies/deletedItems/crossTenantPartners/${id}/restore`)).headers.allow).toBe(
      "POST, OPTIONS",
    );
  });

  test.each(["TRACE", "PROPFIND", "MKCOL"])("%s is a 405 with the envelope", async (method) => {
    const r = await raw(method, syncPath(id), await bearer());
    expect(r.status).toBe(405);
    expect(JSON.parse(r.text).error.code).toBe("Request_BadRequest");
  });

  test("HEAD is GET without a body (and needs the same permission)", async () => {
    const r = await raw("HEAD", syncPath(id), await bearer());
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
    expect(Number(r.headers["content-length"])).toBeGreaterThan(0);
    expect((await raw("HEAD", syncPath(newTenantId()), await bearer())).status).toBe(404);
    expect((await raw("HEAD", syncPath(id))).status).toBe(401);
  });

  test("OPTIONS answers 204 with Allow, without a token (CORS preflights carry none)", async () => {
    const r = await raw("OPTIONS", partnerPath(id));
    expect(r.status).toBe(204);
    expect(r.headers.allow).toBe("GET, PATCH, DELETE, HEAD, OPTIONS");
    expect(r.headers["request-id"]).toBeDefined();
    expect((await raw("OPTIONS", "/v1.0/policies/nothing")).status).toBe(400);
  });
});

describe("bodies", () => {
  test("a declared body over the limit is refused with 413 before it is read", async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const r = await raw("PUT", syncPath(id), { ...(await bearer()), "content-type": "application/json" }, big);
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe("close");
    expect(JSON.parse(r.text).error.code).toBe("Request_BadRequest");
  });

  test("a chunked body that grows over the limit is refused with 413", async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const r = await raw(
      "PATCH",
      syncPath(id),
      { ...(await bearer()), "content-type": "application/json", "transfer-encoding": "chunked" },
      [chunk, chunk, chunk, chunk, chunk],
    );
    expect(r.status).toBe(413);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("A");
  });

  test("a body on GET or DELETE is ignored, whatever it holds", async () => {
    // Node's client sends GET/DELETE bodies only with an explicit Content-Length.
    const junk = { ...(await bearer()), "content-type": "text/plain", "content-length": "9" };
    expect((await raw("GET", syncPath(id), junk, "{not json")).status).toBe(200);
    expect((await raw("DELETE", syncPath(id), junk, "{not json")).status).toBe(204);
  });

  test("a UTF-8 byte-order mark before the JSON is accepted", async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"displayName":"bom"}')]);
    const r = await raw(
      "PATCH",
      syncPath(id),
      { ...(await bearer()), "content-type": "application/json", "content-length": String(body.length) },
      body,
    );
    expect(r.status).toBe(204);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("bom");
  });

  test("null for the POST key tenantId → 400 naming it", async () => {
    const r = await graph.post(partnersPath(), { tenantId: null });
    expect(r.status).toBe(400);
    expect(r.data.error.message).toContain("'tenantId'");
  });

  test("property annotations are accepted and dropped", async () => {
    const r = await graph.patch(syncPath(id), { "displayName@odata.type": "#Edm.String", displayName: "B" });
    expect(r.status).toBe(204);
    expect((await graph.get(syncPath(id))).data.displayName).toBe("B");
  });

  test("null is accepted for every nullable property, nested ones included", async () => {
    expect(
      (await graph.patch(syncPath(id), { displayName: null, userSyncInbound: { isSyncAllowed: null } })).status,
    ).toBe(204);
    const g = await graph.get(syncPath(id));
    expect(g.data).toMatchObject({ displayName: null, userSyncInbound: { isSyncAllowed: null } });
    expect((await graph.patch(syncPath(id), { userSyncInbound: null })).status).toBe(204);
    expect((await graph.get(syncPath(id))).data.userSyncInbound).toBeNull();
  });

  test("wrong JSON types deep inside a partner body name the full property path", async () => {
    const r = await graph.patch(partnerPath(id), {
      b2bDirectConnectOutbound: { applications: { targets: [{ target: "AllApplications", targetType: 1 }] } },
    });
    expect(r.status).toBe(400);
    expect(r.data.error.message).toContain("'b2bDirectConnectOutbound.applications.targets[0].targetType'");
  });

  test("token endpoint: a malformed escape in HTTP Basic credentials is an OAuth error, not a 500", async () => {
    const basic = Buffer.from("a%:b%zz").toString("base64");
    const r = await raw(
      "POST",
      `/${t.defaults.readWrite.tenantId}/oauth2/v2.0/token`,
      { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      `grant_type=client_credentials&scope=${encodeURIComponent(`${t.url}/.default`)}`,
    );
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toBe("unauthorized_client");
  });

  test("token endpoint: an oversize form is refused in Entra's shape, not Graph's", async () => {
    const r = await raw(
      "POST",
      `/${t.defaults.readWrite.tenantId}/oauth2/v2.0/token`,
      { "content-type": "application/x-www-form-urlencoded" },
      `grant_type=client_credentials&client_assertion=${"a".repeat(70 * 1024)}`,
    );
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toMatchObject({ error: "invalid_request", error_codes: [expect.any(Number)] });
  });

  test("missingPartner=autoCreate never creates a partner keyed by a non-GUID", async () => {
    await t.admin.settings({ missingPartner: "autoCreate" });
    const r = await graph.put(`${partnersPath()}/contoso.com/identitySynchronization`, { displayName: "x" });
    expect(r.status).toBe(400);
    expect(r.data.error.message).toContain("tenantId");
    expect((await t.admin.state()).partners.map((p) => p.tenantId)).toEqual([id]);
  });
});

describe("concurrency", () => {
  test("a burst of 200 mixed concurrent requests: no error, consistent state", async () => {
    const ids = Array.from({ length: 40 }, () => newTenantId());
    await Promise.all(ids.map((p) => graph.post(partnersPath(), { tenantId: p })));
    const ops = ids.flatMap((p, i) => [
      graph.put(syncPath(p), { displayName: `p${i}`, userSyncInbound: { isSyncAllowed: true } }),
      graph.get(partnerPath(p)),
      graph.get(`${partnersPath()}?$expand=identitySynchronization`),
      graph.patch(partnerPath(p), { inboundTrust: { isMfaAccepted: i % 2 === 0 } }),
      graph.post(partnersPath(), { tenantId: p }),
    ]);
    const statuses = (await Promise.all(ops)).map((r) => r.status);
    expect(new Set(statuses)).toEqual(new Set([204, 200, 409]));
    expect(statuses.filter((s) => s === 409)).toHaveLength(ids.length);
    const state = await t.admin.state();
    expect(state.partners).toHaveLength(ids.length + 1);
    expect(state.policies).toHaveLength(ids.length + 1);
    for (const [i, p] of ids.entries()) {
      expect(state.policies.find((x) => x.tenantId === p)).toEqual({
        tenantId: p,
        displayName: `p${i}`,
        userSyncInbound: { isSyncAllowed: true },
      });
    }
  });
});
