/**
 * Replays the HTTP examples of Microsoft's Graph documentation (microsoftgraph/microsoft-graph-docs-contrib,
 * api-reference/v1.0 and beta) against the emulator (issue 15). Each fixture in fixtures/docs-examples/ holds one
 * page's examples as published: the request (method, URL, headers, body text) and the response (status, body text),
 * with the page's source. Each example runs on a fresh directory seeded with what it addresses (its `setup`: the
 * partner tenant ids are the docs' own), is sent over HTTPS with an app token, and must answer the documented status
 * and every documented response property with the documented value. Where the docs cannot be compared literally
 * (instance-specific values, type placeholders, an inconsistent example) the fixture's `exceptions` say which
 * property is checked how, and why; fixtures/docs-examples/not-replayed.json lists pages left out, with the reason.
 */
import * as fs from "fs";
import * as path from "path";
import { AxiosInstance } from "axios";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import type { Seed } from "../../emulator";

interface HttpMessage {
  headers: Record<string, string>;
  /** The docs' text, verbatim; null when the example has no body. */
  body: string | null;
}
interface DocRequest extends HttpMessage {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
}
interface DocResponse extends HttpMessage {
  status: number;
  statusText: string;
}
/**
 * How one documented property is checked. Default (no exception): present, with the documented value.
 * `presence`: present, any value. `none`: not checked. `container`: not itself required; its properties are
 * checked by their own exceptions. `value`: the documented value, found at `actualPath` instead.
 */
interface PropertyException {
  path: string;
  check: "presence" | "none" | "container" | "value";
  actualPath?: string;
  reason: string;
}
interface DocExample {
  name: string;
  title: string;
  source?: Record<string, string>;
  setup?: { why: string; seed: Seed };
  /** Where the page contradicts itself about this example (it is replayed as written). */
  docsInconsistency?: string;
  request: DocRequest;
  /** Why the documented request body is not valid JSON; it is then sent with trailing commas dropped. */
  requestLenientJson?: string;
  response: DocResponse;
  /** Why the documented response body is not valid JSON; it is then parsed with trailing commas dropped. */
  lenientJson?: string;
  exceptions?: PropertyException[];
  /** A follow-up the page itself prescribes (e.g. GET after resetToSystemDefault). */
  then?: { why: string; request: DocRequest; response: DocResponse };
}
interface DocPage {
  source: Record<string, string>;
  version: "v1.0" | "beta";
  examples: DocExample[];
}

const FIXTURES = path.join(__dirname, "fixtures", "docs-examples");
const pages: [string, DocPage][] = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".json") && f !== "not-replayed.json")
  .sort()
  .map((f) => [f, JSON.parse(fs.readFileSync(path.join(FIXTURES, f), "utf8")) as DocPage]);

const GRAPH_HOST = "https://graph.microsoft.com";

let t: TestEmulator;
let graph: AxiosInstance;

beforeAll(async () => {
  t = await startTestEmulator();
  graph = await t.graph();
});
afterAll(() => t.stop());

/** Parses a documented body; `lenient` drops trailing commas (outside strings) that the docs' text carries. */
function parseDocBody(text: string, lenient: boolean): unknown {
  return JSON.parse(lenient ? dropTrailingCommas(text) : text);
}

function dropTrailingCommas(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ",") {
      const rest = text.slice(i + 1).trimStart();
      if (rest.startsWith("}") || rest.startsWith("]")) continue;
    }
    out += c;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `a.b[0].@odata.type` → ["a", "b", 0, "@odata.type"]: an OData annotation name is one key, dot included. */
function splitPath(p: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of p.matchAll(/(@odata\.[A-Za-z]+)|\[(\d+)\]|([^.[\]]+)/g))
    parts.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3]));
  return parts;
}

/** Looks a path up in the actual body: `{ found, value }`. */
function lookup(root: unknown, p: string): { found: boolean; value?: unknown } {
  let cur: unknown = root;
  for (const part of splitPath(p)) {
    if (typeof part === "number") {
      if (!Array.isArray(cur) || part >= cur.length) return { found: false };
      cur = cur[part];
    } else {
      if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return { found: false };
      cur = cur[part];
    }
  }
  return { found: true, value: cur };
}

const join = (base: string, key: string | number): string =>
  typeof key === "number" ? `${base}[${key}]` : base ? `${base}.${key}` : key;

/**
 * Every mismatch between the documented body and the actual one, one line each: each documented property (at any
 * depth) must be present with the documented value, unless an exception says otherwise. Arrays must have the
 * documented length (each example seeds exactly what its response lists).
 */
function compare(documented: unknown, actual: unknown, exceptions: PropertyException[]): string[] {
  const byPath = new Map(exceptions.map((e) => [e.path, e]));
  const used = new Set<string>();
  const problems: string[] = [];

  const walk = (doc: unknown, docPath: string, actualPath: string): void => {
    const ex = byPath.get(docPath);
    if (ex) used.add(docPath);
    if (ex?.check === "none") return;
    const target = ex?.actualPath ?? actualPath;
    if (ex?.check !== "container") {
      const got = lookup(actual, target);
      if (!got.found) {
        problems.push(`${target}: documented, missing from the response`);
        return;
      }
      if (ex?.check === "presence") return;
      if (!isObject(doc) && !Array.isArray(doc)) {
        if (!Object.is(got.value, doc))
          problems.push(`${target}: documented ${JSON.stringify(doc)}, got ${JSON.stringify(got.value)}`);
        return;
      }
      if (Array.isArray(doc)) {
        if (!Array.isArray(got.value))
          return void problems.push(`${target}: documented an array, got ${JSON.stringify(got.value)}`);
        if (got.value.length !== doc.length)
          problems.push(`${target}: documented ${doc.length} item(s), got ${got.value.length}`);
      } else if (!isObject(got.value)) {
        return void problems.push(`${target}: documented an object, got ${JSON.stringify(got.value)}`);
      }
    }
    const entries: [string | number, unknown][] = Array.isArray(doc)
      ? doc.map((v, i) => [i, v])
      : Object.entries(doc as object);
    for (const [k, v] of entries) walk(v, join(docPath, k), join(target, k));
  };
  walk(documented, "", "");
  for (const e of exceptions)
    if (!used.has(e.path)) problems.push(`exception for ${e.path} matches no documented property (stale fixture?)`);
  return problems;
}

async function send(
  request: DocRequest,
  lenient = false,
): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> {
  expect(request.url.startsWith(`${GRAPH_HOST}/`)).toBe(true);
  // A body meant as JSON must be JSON (unless the fixture says why not): catches a transcription slip.
  if (request.body !== null && !lenient) expect(() => JSON.parse(request.body as string)).not.toThrow();
  const r = await graph.request({
    method: request.method,
    url: request.url.slice(GRAPH_HOST.length),
    headers: { ...request.headers },
    // The docs' body text as published, not re-serialized.
    data: request.body === null ? undefined : lenient ? dropTrailingCommas(request.body) : request.body,
    transformRequest: [(d) => d],
    // The raw text, so an empty 204 body is seen as such.
    transformResponse: [(d) => d],
  });
  return { status: r.status, data: r.data, headers: r.headers as Record<string, unknown> };
}

function expectDocumentedResponse(
  r: { status: number; data: unknown; headers: Record<string, unknown> },
  response: DocResponse,
  lenientJson: string | undefined,
  exceptions: PropertyException[],
): void {
  const raw = typeof r.data === "string" ? r.data : "";
  if (r.status !== response.status)
    throw new Error(`documented ${response.status} ${response.statusText}, got ${r.status}: ${raw}`);
  if (response.body === null) {
    expect(raw).toBe("");
    return;
  }
  if (response.headers["Content-Type"])
    expect(String(r.headers["content-type"])).toContain(response.headers["Content-Type"]);
  const documented = parseDocBody(response.body, lenientJson !== undefined);
  expect(compare(documented, JSON.parse(raw), exceptions)).toEqual([]);
}

describe.each(pages)("%s", (_file, page) => {
  test("records its source and replays requests of its own version", () => {
    expect(page.source.repository ?? page.source.url).toBeTruthy();
    for (const e of page.examples) {
      expect(e.request.url.startsWith(`${GRAPH_HOST}/${page.version}/`)).toBe(true);
      for (const x of e.exceptions ?? []) expect(x.reason.length).toBeGreaterThan(10);
    }
  });

  test.each(page.examples.map((e) => [`${e.request.method} ${e.name}`, e] as const))("%s", async (_name, example) => {
    await t.admin.reset(example.setup?.seed);
    const r = await send(example.request, example.requestLenientJson !== undefined);
    expectDocumentedResponse(r, example.response, example.lenientJson, example.exceptions ?? []);
    if (example.then) {
      const next = await send(example.then.request);
      expectDocumentedResponse(next, example.then.response, undefined, []);
    }
  });
});

test("the exception checker itself: a missing or different property is reported, exceptions apply", () => {
  const doc = { a: 1, b: { c: [1, 2] }, d: "x", "@odata.type": "#t" };
  expect(compare(doc, { a: 1, b: { c: [1, 2] }, d: "x", "@odata.type": "#t", extra: true }, [])).toEqual([]);
  expect(compare(doc, { a: 2, b: { c: [1] } }, [])).toEqual([
    "a: documented 1, got 2",
    "b.c: documented 2 item(s), got 1",
    "b.c[1]: documented, missing from the response",
    "d: documented, missing from the response",
    "@odata.type: documented, missing from the response",
  ]);
  expect(
    compare({ value: { name: "n", t: "String" } }, { name: "n" }, [
      { path: "value", check: "container", reason: "compared at the top level" },
      { path: "value.name", check: "value", actualPath: "name", reason: "compared at the top level" },
      { path: "value.t", check: "none", reason: "a placeholder" },
    ]),
  ).toEqual([]);
  expect(parseDocBody('{ "a": { "b": false, }, "c": ",}" }', true)).toEqual({ a: { b: false }, c: ",}" });
});
