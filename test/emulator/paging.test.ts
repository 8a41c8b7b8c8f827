/**
 * Server-side paging of `GET …/partners` (what `export` relies on): `@odata.nextLink` with a `$skiptoken` while more
 * remain, `$top` up to `maxPageSize`, the query (`$expand`, `$select`) carried into the next link, one logged
 * request per page.
 */
import { AxiosInstance } from "axios";
import { partnerTenant } from "../../testkit/tenantIds";
import { partnersPath, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => partnerTenant(i + 1, "cafe"));

async function seedPartners(n: number, withPolicies = false): Promise<string[]> {
  const all = ids(n);
  await t.admin.seed({
    partners: all.map((tenantId) => ({ tenantId })),
    policies: withPolicies
      ? all.filter((_, i) => i % 2 === 0).map((tenantId, i) => ({ tenantId, displayName: `p${i}` }))
      : [],
  });
  return all;
}

/** Follows `@odata.nextLink` from `first`; returns the pages. */
async function allPages(first: string): Promise<{ value: any[]; next?: string }[]> {
  const pages: { value: any[]; next?: string }[] = [];
  let url: string | undefined = first;
  while (url) {
    const r: { status: number; data: any } = await graph.get(url);
    expect(r.status).toBe(200);
    pages.push({ value: r.data.value, next: r.data["@odata.nextLink"] });
    url = r.data["@odata.nextLink"];
    if (pages.length > 50) throw new Error("runaway paging");
  }
  return pages;
}

test("250 partners: pages of 100, 100, 50 with nextLink on all but the last; every partner once, in order; one request per page", async () => {
  const all = await seedPartners(250);
  const since = await t.admin.lastSeq();
  const pages = await allPages(partnersPath());
  expect(pages.map((p) => p.value.length)).toEqual([100, 100, 50]);
  expect(pages.map((p) => p.next === undefined)).toEqual([false, false, true]);
  expect(pages[0].next).toMatch(
    new RegExp(`^${t.url}/v1\\.0/policies/crossTenantAccessPolicy/partners\\?\\$skiptoken=[A-Za-z0-9_-]+$`),
  );
  expect(pages.flatMap((p) => p.value.map((x) => x.tenantId))).toEqual(all);
  const calls = (await t.admin.requests(since)).filter((e) => e.kind === "graph");
  expect(calls).toHaveLength(3);
  expect(calls.every((c) => c.method === "GET" && c.status === 200 && c.tenantId === t.defaults.tenantId)).toBe(true);
});

test("the next link keeps $expand, $select and $top; expanded policies are on every page", async () => {
  const all = await seedPartners(20, true);
  const pages = await allPages(
    `${partnersPath("beta")}?$select=tenantId&$expand=identitySynchronization($select=displayName)&$top=7`,
  );
  expect(pages.map((p) => p.value.length)).toEqual([7, 7, 6]);
  for (const p of pages.slice(0, 2)) {
    expect(p.next).toContain("$select=tenantId");
    expect(p.next).toContain("$expand=identitySynchronization($select=displayName)");
    expect(p.next).toContain("$top=7");
    expect(p.next).toContain("/beta/");
  }
  const flat = pages.flatMap((p) => p.value);
  expect(flat.map((x) => x.tenantId)).toEqual(all);
  expect(flat[0]).toEqual({ tenantId: all[0], identitySynchronization: { displayName: "p0" } });
  expect(flat[1]).toEqual({ tenantId: all[1], identitySynchronization: null });
  expect(flat[14]).toEqual({ tenantId: all[14], identitySynchronization: { displayName: "p7" } });
});

test("exactly one full page has no next link; an empty list has none either", async () => {
  expect((await graph.get(partnersPath())).data).not.toHaveProperty("@odata.nextLink");
  await seedPartners(100);
  const r = await graph.get(partnersPath());
  expect(r.data.value).toHaveLength(100);
  expect(r.data).not.toHaveProperty("@odata.nextLink");
});

test("$top: 1…maxPageSize (999) accepted; 0, 1000, -1, 2.5, abc → 400 with the directory wording", async () => {
  await seedPartners(3);
  expect((await graph.get(`${partnersPath()}?$top=999`)).data.value).toHaveLength(3);
  const one = await graph.get(`${partnersPath()}?$top=1`);
  expect(one.data.value).toHaveLength(1);
  expect(one.data["@odata.nextLink"]).toBeDefined();
  for (const bad of ["0", "1000", "-1", "2.5", "abc"]) {
    const r = await graph.get(`${partnersPath()}?$top=${bad}`);
    expect(r.status).toBe(400);
    expect(r.data.error).toMatchObject({
      code: "Request_BadRequest",
      message: `Invalid page size specified: '${bad}'. Must be between 1 and 999 inclusive.`,
    });
  }
});

test("pageSize and maxPageSize are settings", async () => {
  await seedPartners(25);
  await t.admin.settings({ pageSize: 10, maxPageSize: 12 });
  expect((await allPages(partnersPath())).map((p) => p.value.length)).toEqual([10, 10, 5]);
  expect((await graph.get(`${partnersPath()}?$top=13`)).status).toBe(400);
  expect((await graph.get(`${partnersPath()}?$top=12`)).data.value).toHaveLength(12);
  expect((await t.http.patch("/_emulator/settings", { pageSize: 0 })).status).toBe(400);
});

test("a forged or garbled $skiptoken → 400; a token past the end gives an empty last page", async () => {
  await seedPartners(5);
  const bad = await graph.get(`${partnersPath()}?$skiptoken=nonsense`);
  expect(bad.status).toBe(400);
  expect(bad.data.error.code).toBe("Request_BadRequest");
  const first = await graph.get(`${partnersPath()}?$top=3`);
  await t.admin.reset({ partners: ids(2).map((tenantId) => ({ tenantId })) });
  const after = await graph.get(first.data["@odata.nextLink"]);
  expect(after.status).toBe(200);
  expect(after.data.value).toEqual([]);
  expect(after.data).not.toHaveProperty("@odata.nextLink");
});

test("500 partners with policies read back in 5 requests", async () => {
  await seedPartners(500, true);
  const since = await t.admin.lastSeq();
  const started = Date.now();
  const pages = await allPages(`${partnersPath()}?$expand=identitySynchronization`);
  const ms = Date.now() - started;
  expect(pages.flatMap((p) => p.value)).toHaveLength(500);
  expect((await t.admin.requests(since)).filter((e) => e.kind === "graph")).toHaveLength(5);
  expect(ms).toBeLessThan(10_000); // a sanity bound, not a benchmark
});
