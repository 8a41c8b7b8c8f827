/**
 * Request bodies as Graph's gateway reads them: Microsoft's Kiota-based SDKs send POST, PATCH and PUT bodies with
 * `Content-Encoding: gzip`; the emulator decodes gzip and deflate and answers exactly as it does for the plain body,
 * refuses any other coding with 415 (the SDKs' cue to resend uncompressed), and applies the 1 MiB body limit to the
 * decoded bytes without inflating past it. Real sockets, Node's zlib.
 */
import * as https from "https";
import * as zlib from "zlib";
import {
  defaultConfigPath,
  newTenantId,
  partnerPath,
  partnersPath,
  startTestEmulator,
  syncPath,
  TestEmulator,
} from "../helpers/emulator";
import { MAX_BODY_BYTES } from "../../emulator/http/body";

let t: TestEmulator;
let consoleError: jest.SpyInstance;

beforeAll(async () => {
  t = await startTestEmulator();
  consoleError = jest.spyOn(console, "error");
});
afterAll(async () => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
  await t.stop();
});
beforeEach(() => t.admin.reset());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

type Encoder = (data: Buffer) => Buffer;
const ENCODERS: Record<string, Encoder> = {
  gzip: (d) => zlib.gzipSync(d),
  deflate: (d) => zlib.deflateSync(d),
};

/**
 * Sends `json` with the given `Content-Encoding` over a fresh TLS connection, as an SDK would: the compressed bytes
 * with their `Content-Length`, or chunked (no length) when `chunked`.
 */
async function send(
  method: string,
  path: string,
  json: unknown,
  encoding?: string,
  body?: Buffer,
  chunked = false,
): Promise<Answer> {
  let payload: Buffer = Buffer.from(JSON.stringify(json), "utf8");
  if (body) payload = body;
  else
    for (const e of (encoding ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean))
      payload = ENCODERS[e](payload);
  const headers: Record<string, string> = {
    authorization: `Bearer ${await t.token()}`,
    "content-type": "application/json",
    ...(encoding ? { "content-encoding": encoding } : {}),
    ...(chunked ? {} : { "content-length": String(payload.length) }),
  };
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: "127.0.0.1", port: t.emu.port, path, method, ca: t.caCertPem, agent: false, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on("error", reject);
    if (chunked) {
      // Two writes, so the body really arrives in chunks.
      req.write(payload.subarray(0, 5));
      req.write(payload.subarray(5));
    } else req.write(payload);
    req.end();
  });
}

const partnerBody = (id: string) => ({
  tenantId: id,
  inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false },
  b2bDirectConnectInbound: {
    applications: { accessType: "allowed", targets: [{ target: "Office365", targetType: "application" }] },
  },
});
const patchBody = { automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } };
const syncBody = { displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } };

/** The response without what differs per request (ids in `innerError`). */
function comparable(a: Answer): unknown {
  const body = a.body?.error ? { error: { ...a.body.error, innerError: undefined } } : a.body;
  return { status: a.status, body };
}

/** Creates, patches and puts the sync policy of a fresh partner; returns every answer and the resulting state. */
async function flow(encoding: string | undefined, chunked = false) {
  const id = newTenantId();
  const created = await send("POST", partnersPath(), partnerBody(id), encoding, undefined, chunked);
  const patched = await send("PATCH", partnerPath(id), patchBody, encoding, undefined, chunked);
  const put = await send("PUT", syncPath(id), syncBody, encoding, undefined, chunked);
  const again = await send("PUT", syncPath(id), syncBody, encoding, undefined, chunked);
  const partner = (await (await t.graph()).get(partnerPath(id))).data;
  const sync = (await (await t.graph()).get(syncPath(id))).data;
  const strip = (x: any) => JSON.parse(JSON.stringify(x).split(id).join("{id}"));
  return strip({ answers: [created, patched, put, again].map(comparable), partner, sync });
}

describe.each([
  ["gzip", false],
  ["gzip", true],
  ["deflate", false],
  ["deflate, gzip", false],
] as const)("Content-Encoding: %s (chunked: %s)", (encoding, chunked) => {
  test("POST, PATCH and PUT get the same answers and leave the same state as uncompressed bodies", async () => {
    const plain = await flow(undefined);
    const compressed = await flow(encoding, chunked);
    expect(compressed).toEqual(plain);
    expect(compressed.answers.map((a: { status: number }) => a.status)).toEqual([201, 204, 204, 409]);
    expect(compressed.partner.inboundTrust.isMfaAccepted).toBe(true);
    expect(compressed.partner.automaticUserConsentSettings).toEqual(patchBody.automaticUserConsentSettings);
    expect(compressed.sync.displayName).toBe("Fabrikam");
  });
});

test("a gzip PATCH of the default configuration is applied", async () => {
  const r = await send("PATCH", defaultConfigPath("beta"), { inboundTrust: { isMfaAccepted: true } }, "gzip");
  expect(r.status).toBe(204);
  expect((await t.admin.state()).defaultConfiguration.inboundTrust).toMatchObject({ isMfaAccepted: true });
});

test("raw deflate (no zlib header), as some clients send it, is decoded too", async () => {
  const id = newTenantId();
  const r = await send(
    "POST",
    partnersPath(),
    { tenantId: id },
    "deflate",
    zlib.deflateRawSync(JSON.stringify({ tenantId: id })),
  );
  expect(r.status).toBe(201);
  expect(r.body.tenantId).toBe(id);
});

test("the request log keeps the coding and the decoded body", async () => {
  const since = await t.admin.lastSeq();
  const id = newTenantId();
  await send("POST", partnersPath(), { tenantId: id }, "gzip");
  const [entry] = (await t.admin.requests(since)).filter((e) => e.kind === "graph");
  expect(entry).toMatchObject({ method: "POST", status: 201, contentEncoding: "gzip", body: { tenantId: id } });
});

describe.each(["br", "x-foo", "compress"])("an unsupported Content-Encoding (%s)", (encoding) => {
  test.each(["POST", "PATCH", "PUT"])(
    "%s → 415 in Graph's error shape with Accept-Encoding; nothing is written",
    async (method) => {
      const id = newTenantId();
      if (method !== "POST") await t.admin.seed({ partners: [{ tenantId: id }] });
      const path = method === "POST" ? partnersPath() : method === "PATCH" ? partnerPath(id) : syncPath(id);
      const json = method === "POST" ? { tenantId: id } : method === "PATCH" ? patchBody : syncBody;
      const r = await send(method, path, json, encoding, zlib.gzipSync(JSON.stringify(json)));
      expect(r.status).toBe(415);
      expect(r.headers["accept-encoding"]).toBe("gzip, deflate");
      expect(r.body.error.code).toBe("UnsupportedMediaType");
      expect(r.body.error.message).toContain(`'${encoding}'`);
      expect(r.body.error.innerError["request-id"]).toBe(r.headers["request-id"]);
      const state = await t.admin.state();
      expect(state.partners.length).toBe(method === "POST" ? 0 : 1);
      expect(state.policies).toEqual([]);
      if (method === "PATCH") expect(state.partners[0].automaticUserConsentSettings).toEqual({});
    },
  );
});

test("Content-Encoding: identity is a plain body", async () => {
  const id = newTenantId();
  const r = await send(
    "POST",
    partnersPath(),
    { tenantId: id },
    "identity",
    Buffer.from(JSON.stringify({ tenantId: id })),
  );
  expect(r.status).toBe(201);
});

test("bytes that are not gzip are 400 naming the coding, not a JSON error", async () => {
  const r = await send("POST", partnersPath(), {}, "gzip", Buffer.from(JSON.stringify({ tenantId: newTenantId() })));
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe("Request_BadRequest");
  expect(r.body.error.message).toContain("'gzip'");
});

describe("the 1 MiB limit applies to the decoded body", () => {
  test("a gzip bomb (64 MiB of zeros in ~64 KiB) is refused with 413 without inflating it whole", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES / 4);
    const before = process.memoryUsage().arrayBuffers;
    const r = await send("POST", partnersPath(), {}, "gzip", bomb);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("Request_BadRequest");
    // Inflation stopped at the limit: nowhere near 64 MiB of buffers were held (generous margin for the test's own).
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect((await t.admin.state()).partners).toEqual([]);
  });

  test("a compressed body that decodes to just under the limit is read (and judged as JSON)", async () => {
    const id = newTenantId();
    const padded = `{"tenantId":"${id}"${" ".repeat(MAX_BODY_BYTES - 100)}}`;
    const r = await send("POST", partnersPath(), {}, "gzip", zlib.gzipSync(padded));
    expect(r.status).toBe(201);
  });

  test("one that decodes to just over it is 413", async () => {
    const padded = `{"tenantId":"${newTenantId()}"${" ".repeat(MAX_BODY_BYTES)}}`;
    const r = await send("POST", partnersPath(), {}, "gzip", zlib.gzipSync(padded));
    expect(r.status).toBe(413);
  });
});

test("GET and DELETE ignore a body whatever its coding, as they ignore plain ones", async () => {
  const id = newTenantId();
  await t.admin.seed({ partners: [{ tenantId: id }] });
  expect((await send("GET", partnerPath(id), {}, "x-foo", Buffer.from("junk"))).status).toBe(200);
  expect((await send("DELETE", partnerPath(id), {}, "x-foo", Buffer.from("junk"))).status).toBe(204);
});
