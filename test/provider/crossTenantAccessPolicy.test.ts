/**
 * CrossTenantAccessPolicy through the runtime against the emulator over HTTPS: the tenant's one policy object, of
 * which the resource manages allowedCloudEndpoints (a set). create = GET + a PATCH only when the list differs, read
 * = GET, update = one PATCH of the list, delete = PATCH of the empty list; a list someone had set is an adoption.
 */
import { callsSince, runtimeFor, summary, TestEmulator, useTestEmulator } from "./harness";
import type { TypeProvider } from "../../provider/host/runtime";

let t: TestEmulator;
useTestEmulator((e) => (t = e));

const TYPE = "CrossTenantAccessPolicy";
const PATH = "/policies/crossTenantAccessPolicy";
const US = "microsoftonline.us";
const CN = "partner.microsoftonline.cn";

async function policyProvider(): Promise<TypeProvider> {
  return (await runtimeFor(t)).provider(TYPE);
}

async function graphEndpoints(): Promise<unknown> {
  return ((await (await t.graph()).get(`/v1.0${PATH}`)).data as Record<string, unknown>).allowedCloudEndpoints;
}

async function step(since: number) {
  const c = await callsSince(t, since);
  return { calls: summary(c.graph), entries: c.graph, next: await t.admin.lastSeq() };
}

describe("cross-tenant access policy lifecycle", () => {
  it("create GET + PATCH, read GET, diff as a set, update one PATCH of the list, delete PATCH of the empty list", async () => {
    const p = await policyProvider();
    let mark = await t.admin.lastSeq();
    const checked = await p.check({}, { allowedCloudEndpoints: [US] });
    expect(checked).toEqual({ inputs: { allowedCloudEndpoints: [US] }, failures: [] });
    expect((await step(mark)).calls).toEqual([]); // check makes no Graph call

    const created = await p.create(checked.inputs);
    expect(created).toEqual({ id: "crossTenantAccessPolicy", outs: { allowedCloudEndpoints: [US] } }); // Graph's empty list: not an adoption
    let s = await step(mark);
    expect(s.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `GET /v1.0${PATH} 200`,
      `PATCH /v1.0${PATH} 204`,
    ]);
    expect(s.entries[1].body).toEqual({ allowedCloudEndpoints: [US] });
    expect(await graphEndpoints()).toEqual([US]);
    mark = await t.admin.lastSeq();

    expect(
      (
        await p.diff(
          "crossTenantAccessPolicy",
          { ...created.outs, __provider: "a" },
          { ...checked.inputs, __provider: "b" },
        )
      ).changes,
    ).toBe(false);
    const read = await p.read("crossTenantAccessPolicy", created.outs);
    expect(read).toEqual({ id: "crossTenantAccessPolicy", props: created.outs, inputs: checked.inputs });
    s = await step(mark);
    expect(s.calls).toEqual(["GET 200"]);
    mark = s.next;

    const news = { allowedCloudEndpoints: [CN, US] };
    expect(await p.diff("crossTenantAccessPolicy", created.outs, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await p.update("crossTenantAccessPolicy", created.outs, news);
    expect(updated.outs).toEqual(news);
    s = await step(mark);
    expect(s.calls).toEqual(["PATCH 204"]);
    expect(s.entries[0].body).toEqual({ allowedCloudEndpoints: [CN, US] });
    // Another order of the same set is no change.
    expect((await p.diff("crossTenantAccessPolicy", updated.outs!, { allowedCloudEndpoints: [US, CN] })).changes).toBe(
      false,
    );
    mark = s.next;

    await p.delete("crossTenantAccessPolicy", updated.outs!);
    s = await step(mark);
    expect(s.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([`PATCH /v1.0${PATH} 204`]);
    expect(s.entries[0].body).toEqual({ allowedCloudEndpoints: [] });
    expect(await graphEndpoints()).toEqual([]);
  });

  it("a create that finds the program's list already there (any order) makes one GET, no write, and records the take-over", async () => {
    await t.admin.seed({ crossTenantAccessPolicy: { allowedCloudEndpoints: [CN, US] } } as never);
    const p = await policyProvider();
    const mark = await t.admin.lastSeq();
    const r = await p.create({ allowedCloudEndpoints: [US, CN] });
    expect(r.outs).toMatchObject({ allowedCloudEndpoints: [US, CN], adoptedAt: expect.any(String) });
    expect((await step(mark)).calls).toEqual(["GET 200"]);
  });

  it("a create that finds another list PATCHes the program's and records the take-over (destroy empties it)", async () => {
    await t.admin.seed({ crossTenantAccessPolicy: { allowedCloudEndpoints: [CN] } } as never);
    const p = await policyProvider();
    const mark = await t.admin.lastSeq();
    const r = await p.create({ allowedCloudEndpoints: [US] });
    expect(r.outs).toMatchObject({ allowedCloudEndpoints: [US], adoptedAt: expect.any(String) });
    const s = await step(mark);
    expect(s.calls).toEqual(["GET 200", "PATCH 204"]);
    expect(await graphEndpoints()).toEqual([US]);
  });

  it("refresh finds a list changed in the portal; the following diff shows the change", async () => {
    const p = await policyProvider();
    const created = await p.create({ allowedCloudEndpoints: [US] });
    await (await t.graph()).patch(`/v1.0${PATH}`, { allowedCloudEndpoints: [CN] });
    const read = await p.read("crossTenantAccessPolicy", created.outs);
    expect(read).toEqual({
      id: "crossTenantAccessPolicy",
      props: { allowedCloudEndpoints: [CN] },
      inputs: { allowedCloudEndpoints: [CN] },
    });
    expect((await p.diff("crossTenantAccessPolicy", read.props!, { allowedCloudEndpoints: [US] })).changes).toBe(true);
  });

  it("a refused read names Graph's code and request-id; the refresh fails (the policy always exists)", async () => {
    await t.admin.addFault({
      match: { method: "GET", path: `/v1.0${PATH}` },
      times: "always",
      action: { type: "status", status: 403, code: "Authorization_RequestDenied" },
    });
    const p = await policyProvider();
    const err = (await p
      .read("crossTenantAccessPolicy", { allowedCloudEndpoints: [] })
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /^entra:CrossTenantAccessPolicy: cannot read the cross-tenant access policy \(allowedCloudEndpoints\): .*403 Authorization_RequestDenied.*request-id/,
    );
  });

  it("a bad value fails check naming the allowed values, with no Graph call", async () => {
    const p = await policyProvider();
    const mark = await t.admin.lastSeq();
    const r = await p.check({}, { allowedCloudEndpoints: ["microsoftonline.de"] });
    // A nested path reaches the engine without a property (the reason names it).
    expect(r.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^allowedCloudEndpoints\[0\] must be one of "microsoftonline.com" .*"microsoftonline.us" .*"partner.microsoftonline.cn" .*got "microsoftonline.de"/,
        ),
      },
    ]);
    expect((await step(mark)).calls).toEqual([]);
  });
});
