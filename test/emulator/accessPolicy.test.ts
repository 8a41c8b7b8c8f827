/**
 * The top-level cross-tenant access policy, `/policies/crossTenantAccessPolicy` (v1.0 and beta): GET shows the
 * documented properties (`displayName`, `allowedCloudEndpoints`; beta also the deprecated `definition`), PATCH
 * takes `displayName` and `allowedCloudEndpoints` (the documented values only, never null), one policy per tenant
 * directory, and the admin API seeds it (portal drift) and shows it in the state.
 */
import { AxiosInstance } from "axios";
import { startTestEmulator, TestEmulator, useTestEmulator } from "../helpers/emulator";

let t: TestEmulator;
let graph: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  graph = await t.graph();
});

const policyPath = (version: "v1.0" | "beta" = "v1.0"): string => `/${version}/policies/crossTenantAccessPolicy`;

function expectBadRequest(r: { status: number; data: any }, naming: string, ...mentions: string[]): void {
  expect(r.status).toBe(400);
  expect(r.data.error.code).toBe("Request_BadRequest");
  expect(r.data.error.message).toContain(`'${naming}'`);
  for (const m of mentions) expect(r.data.error.message).toContain(m);
  expect(Object.keys(r.data.error.innerError).sort()).toEqual(["client-request-id", "date", "request-id"]);
}

describe.each(["v1.0", "beta"] as const)("crossTenantAccessPolicy (%s)", (version) => {
  test("GET before any change: the documented display name, no other cloud", async () => {
    const r = await graph.get(policyPath(version));
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toContain("application/json");
    expect(r.data).toEqual({
      "@odata.context": `${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy/$entity`,
      displayName: "CrossTenantAccessPolicy",
      ...(version === "beta" ? { definition: [] } : {}),
      allowedCloudEndpoints: [],
    });
  });

  test("PATCH allowedCloudEndpoints (the documented request) → 204; GET shows it; the list is replaced whole", async () => {
    const r = await graph.patch(policyPath(version), { allowedCloudEndpoints: ["microsoftonline.us"] });
    expect(r.status).toBe(204);
    expect(r.data).toBe("");
    expect((await graph.get(policyPath(version))).data.allowedCloudEndpoints).toEqual(["microsoftonline.us"]);
    expect(
      (
        await graph.patch(policyPath(version), {
          allowedCloudEndpoints: ["partner.microsoftonline.cn", "microsoftonline.us", "microsoftonline.com"],
        })
      ).status,
    ).toBe(204);
    expect((await graph.get(policyPath(version))).data.allowedCloudEndpoints).toEqual([
      "partner.microsoftonline.cn",
      "microsoftonline.us",
      "microsoftonline.com",
    ]);
    // Back to none: an empty list.
    expect((await graph.patch(policyPath(version), { allowedCloudEndpoints: [] })).status).toBe(204);
    expect((await graph.get(policyPath(version))).data.allowedCloudEndpoints).toEqual([]);
  });

  test("PATCH displayName (in the update table) keeps the endpoints; a PATCH without a property keeps it", async () => {
    await graph.patch(policyPath(version), { allowedCloudEndpoints: ["microsoftonline.us"] });
    expect((await graph.patch(policyPath(version), { displayName: "Contoso policy" })).status).toBe(204);
    const g = (await graph.get(policyPath(version))).data;
    expect(g).toMatchObject({ displayName: "Contoso policy", allowedCloudEndpoints: ["microsoftonline.us"] });
    expect((await graph.patch(policyPath(version), {})).status).toBe(204);
    expect((await graph.get(policyPath(version))).data).toMatchObject({
      displayName: "Contoso policy",
      allowedCloudEndpoints: ["microsoftonline.us"],
    });
  });

  test.each([
    [
      "an unknown cloud",
      { allowedCloudEndpoints: ["microsoftonline.de"] },
      "allowedCloudEndpoints[0]",
      ["'microsoftonline.de'", "microsoftonline.com, microsoftonline.us, partner.microsoftonline.cn"],
    ],
    [
      "an unknown cloud after a good one",
      { allowedCloudEndpoints: ["microsoftonline.us", "MicrosoftOnline.US"] },
      "allowedCloudEndpoints[1]",
      [],
    ],
    [
      "a Graph host instead of the cloud's name",
      { allowedCloudEndpoints: ["graph.microsoft.us"] },
      "allowedCloudEndpoints[0]",
      [],
    ],
    [
      "a string instead of a list",
      { allowedCloudEndpoints: "microsoftonline.us" },
      "allowedCloudEndpoints",
      ["Collection(Edm.String)"],
    ],
    ["null for the list", { allowedCloudEndpoints: null }, "allowedCloudEndpoints", ["does not allow null values"]],
    ["a number in the list", { allowedCloudEndpoints: [1] }, "allowedCloudEndpoints[0]", []],
    ["a miscased name", { AllowedCloudEndpoints: ["microsoftonline.us"] }, "AllowedCloudEndpoints", []],
    ["a default-configuration property", { inboundTrust: null }, "inboundTrust", []],
  ])("%s → 400 in Graph's error shape naming it; nothing changes", async (_name, body, property, mentions) => {
    expectBadRequest(await graph.patch(policyPath(version), body), property as string, ...(mentions as string[]));
    expect((await graph.get(policyPath(version))).data.allowedCloudEndpoints).toEqual([]);
  });

  test("$select; an unknown name is 400", async () => {
    const r = await graph.get(`${policyPath(version)}?$select=allowedCloudEndpoints`);
    expect(r.data).toEqual({
      "@odata.context": `${t.url}/${version}/$metadata#policies/crossTenantAccessPolicy(allowedCloudEndpoints)/$entity`,
      allowedCloudEndpoints: [],
    });
    expect((await graph.get(`${policyPath(version)}?$select=partners`)).status).toBe(400);
  });
});

test("beta's definition is read-only; v1.0 does not know it", async () => {
  expectBadRequest(await graph.patch(policyPath("beta"), { definition: ["{}"] }), "definition", "read-only");
  expectBadRequest(await graph.patch(policyPath(), { definition: ["{}"] }), "definition");
});

test("permissions, methods and the request log", async () => {
  const ro = await t.graph("readOnly");
  expect((await ro.get(policyPath())).status).toBe(200);
  expect((await ro.patch(policyPath(), { allowedCloudEndpoints: ["microsoftonline.us"] })).status).toBe(403);
  expect((await (await t.graph("noRoles")).get(policyPath())).status).toBe(403);
  const del = await graph.delete(policyPath());
  expect(del.status).toBe(405);
  expect(del.headers.allow).toBe("GET, PATCH, HEAD, OPTIONS");
  expect((await graph.post(policyPath(), {})).status).toBe(405);
  const since = await t.admin.lastSeq();
  await graph.patch(policyPath(), { allowedCloudEndpoints: ["microsoftonline.us"] });
  const [entry] = (await t.admin.requests(since)).filter((e) => e.kind === "graph");
  expect(entry).toMatchObject({
    method: "PATCH",
    path: policyPath(),
    status: 204,
    tenantId: t.defaults.tenantId,
    body: { allowedCloudEndpoints: ["microsoftonline.us"] },
  });
});

test("one policy per tenant directory", async () => {
  const other = await t.graph("readWrite", t.defaults.second.tenantId);
  await graph.patch(policyPath(), { allowedCloudEndpoints: ["microsoftonline.us"] });
  expect((await other.get(policyPath())).data.allowedCloudEndpoints).toEqual([]);
  await other.patch(policyPath(), { allowedCloudEndpoints: ["partner.microsoftonline.cn"] });
  expect((await graph.get(policyPath())).data.allowedCloudEndpoints).toEqual(["microsoftonline.us"]);
  expect((await t.admin.state(t.defaults.second.tenantId)).crossTenantAccessPolicy.allowedCloudEndpoints).toEqual([
    "partner.microsoftonline.cn",
  ]);
  // A tenant-scoped reset clears that tenant's policy only.
  await t.admin.reset(undefined, t.defaults.second.tenantId);
  expect((await other.get(policyPath())).data.allowedCloudEndpoints).toEqual([]);
  expect((await graph.get(policyPath())).data.allowedCloudEndpoints).toEqual(["microsoftonline.us"]);
});

describe("admin API", () => {
  test("state shows the policy as a beta GET does (without @odata.context)", async () => {
    const fresh = await t.admin.state();
    expect(fresh.crossTenantAccessPolicy).toEqual({
      displayName: "CrossTenantAccessPolicy",
      definition: [],
      allowedCloudEndpoints: [],
    });
    await graph.patch(policyPath(), { allowedCloudEndpoints: ["microsoftonline.us"] });
    const g = (await graph.get(policyPath("beta"))).data;
    delete g["@odata.context"];
    expect((await t.admin.state()).crossTenantAccessPolicy).toEqual(g);
  });

  test("seed sets it like a portal change (portal drift); properties not given keep their value", async () => {
    await graph.patch(policyPath(), { displayName: "Mine", allowedCloudEndpoints: ["microsoftonline.us"] });
    await t.admin.seed({
      crossTenantAccessPolicy: { allowedCloudEndpoints: ["microsoftonline.us", "partner.microsoftonline.cn"] },
    });
    expect((await graph.get(policyPath())).data).toMatchObject({
      displayName: "Mine",
      allowedCloudEndpoints: ["microsoftonline.us", "partner.microsoftonline.cn"],
    });
    // Into another tenant, by the seed's tenantId.
    await t.admin.seed({
      tenantId: t.defaults.second.tenantId,
      crossTenantAccessPolicy: { allowedCloudEndpoints: ["microsoftonline.com"] },
    });
    expect((await t.admin.state(t.defaults.second.tenantId)).crossTenantAccessPolicy.allowedCloudEndpoints).toEqual([
      "microsoftonline.com",
    ]);
    // A reset with a seed starts from the service's values.
    await t.admin.reset({ crossTenantAccessPolicy: { allowedCloudEndpoints: ["partner.microsoftonline.cn"] } });
    expect((await graph.get(policyPath())).data).toMatchObject({
      displayName: "CrossTenantAccessPolicy",
      allowedCloudEndpoints: ["partner.microsoftonline.cn"],
    });
  });

  test("a bad seed is 400 and changes nothing", async () => {
    for (const crossTenantAccessPolicy of [
      { allowedCloudEndpoints: ["nowhere.example"] },
      { allowedCloudEndpoints: null },
      { bogus: 1 },
      "x",
    ]) {
      const r = await t.http.post("/_emulator/seed", { crossTenantAccessPolicy });
      expect(r.status).toBe(400);
      expect(r.data.error.message).toContain("crossTenantAccessPolicy");
    }
    expect((await graph.get(policyPath())).data.allowedCloudEndpoints).toEqual([]);
  });

  test("survives a restart in file mode", async () => {
    const os = await import("os");
    const fs = await import("fs");
    const path = await import("path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-policy-"));
    try {
      const dataFile = path.join(dir, "state.json");
      const first = await startTestEmulator({ dataDir: dir, dataFile });
      try {
        expect(
          (await (await first.graph()).patch(policyPath(), { allowedCloudEndpoints: ["microsoftonline.us"] })).status,
        ).toBe(204);
      } finally {
        await first.stop();
      }
      const again = await startTestEmulator({ dataDir: dir, dataFile });
      try {
        expect((await (await again.graph()).get(policyPath())).data.allowedCloudEndpoints).toEqual([
          "microsoftonline.us",
        ]);
      } finally {
        await again.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
