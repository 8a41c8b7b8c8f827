/**
 * CrossTenantSyncSchema (issue 17): typed settings on a job made elsewhere (service principal + job IDs), through
 * the runtime against the emulator: create merges onto the live schema with one PUT and records the baseline; a
 * take-over of parts already changed from the template says so (adopted); no-change update sends no PUT; refresh;
 * delete reverts (default), resets to the template, or retains; a job that does not exist is a clear error.
 */
import { callsSince, runtimeFor, TestEmulator, useTestEmulator } from "./harness";
import type { TypeProvider } from "../../provider/host/runtime";
import { PREVIEW_NOTICES_INPUT } from "../../provider/resources/handler";
import { INITIAL_CYCLE_NOTICE, SCOPE_DELETE_NOTICE } from "../../provider/resources/syncSchema/notices";

const TYPE = "CrossTenantSyncSchema";
type Outs = Record<string, any>;
let t: TestEmulator;
let SOURCE: string;
useTestEmulator((e) => {
  t = e;
  SOURCE = e.defaults.tenantId;
});

const provider = async (): Promise<TypeProvider> => (await runtimeFor(t)).provider(TYPE);

/** A configuration and job made "elsewhere" (as @pulumi/azuread would): instantiate + POST job, straight to Graph. */
async function jobElsewhere(): Promise<{ sp: string; job: string }> {
  const g = await t.graph("readWrite", SOURCE);
  const inst = await g.post("/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", {
    displayName: `Made elsewhere ${Math.random().toString(36).slice(2)}`,
  });
  expect(inst.status).toBe(201);
  const sp = String(inst.data.servicePrincipal.id);
  const job = await g.post(`/v1.0/servicePrincipals/${sp}/synchronization/jobs`, { templateId: "Azure2Azure" });
  expect(job.status).toBe(201);
  return { sp, job: String(job.data.id) };
}

const schemaUrl = (ids: { sp: string; job: string }) =>
  `/v1.0/servicePrincipals/${ids.sp}/synchronization/jobs/${encodeURIComponent(ids.job)}/schema`;
async function live(ids: { sp: string; job: string }): Promise<Outs> {
  const r = await (await t.graph("readWrite", SOURCE)).get(schemaUrl(ids));
  expect(r.status).toBe(200);
  return r.data.synchronizationRules[0].objectMappings.find((m: Outs) => m.sourceObjectName === "User");
}
const mappingOf = (um: Outs, target: string) =>
  um.attributeMappings.find((m: Outs) => m.targetAttributeName === target);

async function calls(since: number): Promise<string[]> {
  return (await callsSince(t, since)).graph.map((e) => `${e.method} ${e.path.split("/").slice(-1)[0]} ${e.status}`);
}

describe("CrossTenantSyncSchema", () => {
  it("create: notices and live checks at check, one GET + one PUT (+ the template's GET), baseline, then revert on delete", async () => {
    const ids = await jobElsewhere();
    const p = await provider();
    const news = {
      servicePrincipalId: ids.sp,
      jobId: ids.job,
      userType: { value: "Member" },
      scopingFilters: [
        { name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
      ],
      attributeMappings: [
        { target: "extensionAttribute1", source: { kind: "expression", expression: 'Append([department], "-x")' } },
      ],
    };
    let mark = await t.admin.lastSeq();
    const checked = await p.check({}, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs[PREVIEW_NOTICES_INPUT]).toEqual([INITIAL_CYCLE_NOTICE, SCOPE_DELETE_NOTICE]);
    expect(await calls(mark)).toEqual(["GET schema 200", "POST parseExpression 200"]);

    mark = await t.admin.lastSeq();
    const created = await p.create(checked.inputs);
    const outs = created.outs as Outs;
    expect(created.id).toBe(`${ids.sp}/${ids.job}`);
    expect(await calls(mark)).toEqual([
      "GET schema 200",
      "POST parseExpression 200",
      "PUT schema 204",
      "GET schema 200",
    ]);
    expect(outs).toMatchObject({
      userType: { value: "Member", apply: "always" },
      ruleName: "USER_INBOUND_USER",
      onDelete: "revert",
      adopted: false,
      schemaBaseline: { mappings: { extensionAttribute1: null }, scopeGroups: [] },
    });
    expect(outs.attributeMappings[0].source).toEqual({ kind: "expression", expression: 'Append([department], "-x")' });
    const um = await live(ids);
    expect(mappingOf(um, "extensionAttribute1").source).toMatchObject({ type: "Function", name: "Append" });
    expect(mappingOf(um, "userType").flowType).toBe("Always");

    // No change: check and diff make no call; update with the same settings sends no PUT.
    mark = await t.admin.lastSeq();
    const again = await p.check(checked.inputs, news);
    expect(again.inputs[PREVIEW_NOTICES_INPUT]).toBeUndefined();
    expect(await p.diff(created.id, outs, again.inputs)).toMatchObject({ changes: false });
    expect(await calls(mark)).toEqual([]);
    await p.update(created.id, outs, again.inputs);
    expect(await calls(mark)).toEqual(["GET schema 200", "POST parseExpression 200"]);

    // Refresh: one GET.
    mark = await t.admin.lastSeq();
    const read = await p.read(created.id, outs);
    expect(await calls(mark)).toEqual(["GET schema 200"]);
    expect((read.inputs as Outs).userType).toEqual(outs.userType);

    await p.delete(created.id, outs);
    const back = await live(ids);
    expect(mappingOf(back, "extensionAttribute1")).toBeUndefined();
    expect(mappingOf(back, "userType").flowType).toBe("ObjectAddOnly");
    expect(back.scope.groups).toEqual([]);
  });

  it("take-over: parts already changed from the template make it adopted; revert restores those values", async () => {
    const ids = await jobElsewhere();
    await t.admin.portalEditSchema(ids.sp, ids.job, (doc) => {
      const um = doc.synchronizationRules[0].objectMappings.find((m: Outs) => m.sourceObjectName === "User");
      um.flowTypes = "Add,Update";
    });
    const p = await provider();
    const c = await p.check({}, { servicePrincipalId: ids.sp, jobId: ids.job, targetObjectActions: { delete: true } });
    const created = await p.create(c.inputs);
    const outs = created.outs as Outs;
    expect(outs.adopted).toBe(true);
    expect(outs.adoptedAt).toEqual(expect.any(String));
    expect((await live(ids)).flowTypes).toBe("Add,Update,Delete");
    await p.delete(created.id, outs);
    expect((await live(ids)).flowTypes).toBe("Add,Update");
  });

  it("onDelete resetToTemplate sends DELETE; retain leaves the schema", async () => {
    const ids = await jobElsewhere();
    const p = await provider();
    const c = await p.check(
      {},
      {
        servicePrincipalId: ids.sp,
        jobId: ids.job,
        onDelete: "resetToTemplate",
        targetObjectActions: { delete: false },
      },
    );
    const created = await p.create(c.inputs);
    const mark = await t.admin.lastSeq();
    await p.delete(created.id, created.outs);
    expect(await calls(mark)).toEqual(["DELETE schema 204"]);
    expect((await live(ids)).flowTypes).toBe("Add,Update,Delete");

    const c2 = await p.check(
      {},
      { servicePrincipalId: ids.sp, jobId: ids.job, onDelete: "retain", targetObjectActions: { delete: false } },
    );
    const created2 = await p.create(c2.inputs);
    const mark2 = await t.admin.lastSeq();
    await p.delete(created2.id, created2.outs);
    expect(await calls(mark2)).toEqual([]);
    expect((await live(ids)).flowTypes).toBe("Add,Update");
  });

  it("a job that does not exist: a clear error naming the IDs; refresh of a deleted job is gone", async () => {
    const p = await provider();
    const sp = "00000000-1111-4111-8111-000000000001";
    const c = await p.check({}, { servicePrincipalId: sp, jobId: "Azure2Azure.x.y", userType: { value: "Guest" } });
    expect(c.failures).toEqual([]);
    await expect(p.create(c.inputs)).rejects.toThrow(
      /entra:CrossTenantSyncSchema: cannot apply the schema settings to the synchronization schema of job Azure2Azure.x.y \(service principal 00000000-1111-4111-8111-000000000001\): the job Azure2Azure.x.y of service principal 00000000-1111-4111-8111-000000000001 does not exist/,
    );
    expect(
      (
        await p.read(`${sp}/Azure2Azure.x.y`, {
          servicePrincipalId: sp,
          jobId: "Azure2Azure.x.y",
          userType: { value: "Guest" },
        })
      ).id,
    ).toBe("");
  });

  it("Graph's refusal of the PUT names its code and request-id; a token without the synchronization permission gets the permission to grant", async () => {
    const ids = await jobElsewhere();
    const p = await provider();
    const c = await p.check({}, { servicePrincipalId: ids.sp, jobId: ids.job, targetObjectActions: { delete: false } });
    await t.admin.armSchemaFaults(ids.job, {
      failNextPut: {
        status: 400,
        code: "BadRequest",
        message: "schemaInvalid: the matching attribute cannot be changed.",
      },
    });
    await expect(p.create(c.inputs)).rejects.toThrow(
      /entra:CrossTenantSyncSchema: cannot apply the schema settings to the synchronization schema of job .*: Graph refused the merged schema \(Graph: 400 BadRequest: schemaInvalid: the matching attribute cannot be changed; request-id: .*\), so the job's schema is unchanged\./s,
    );

    const readOnly = (await runtimeFor(t, "readOnly")).provider(TYPE);
    const c2 = await readOnly.check(
      {},
      { servicePrincipalId: ids.sp, jobId: ids.job, targetObjectActions: { delete: false } },
    );
    expect(c2.failures).toEqual([]); // the live check cannot read the schema: create says why
    await expect(readOnly.create(c2.inputs)).rejects.toThrow(
      /Graph answered 401 UnknownError on a synchronization endpoint, which is how it reports a missing permission there.*Synchronization\.ReadWrite\.All/s,
    );
  });

  it("live failures at check: an attribute the job does not define", async () => {
    const ids = await jobElsewhere();
    const p = await provider();
    const c = await p.check(
      {},
      {
        servicePrincipalId: ids.sp,
        jobId: ids.job,
        scopingFilters: [{ name: "x", clauses: [{ attribute: "departmen", operator: "EQUALS", values: ["Sales"] }] }],
      },
    );
    expect(c.failures?.map((f) => f.reason).join(" ")).toMatch(
      /scopingFilters\[0\].clauses\[0\].attribute: the source User object of this job's schema \(directory "Microsoft Entra ID"\) has no attribute "departmen"; did you mean "department"\?/,
    );
  });
});
