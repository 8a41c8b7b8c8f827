/**
 * CrossTenantSyncConfiguration's `schema` (issue 17) through the runtime against the emulator over HTTPS: applied
 * after the job exists and before start (the first cycle already uses it), one PUT of the whole document with only
 * the owned parts changed, no PUT when nothing owned differs, refresh shows drift on owned parts only, preview-time
 * validation (offline with 0 calls; live with the job's definitions and parseExpression), preview notices, revert.
 * Graph calls per step are counted from the emulator's request log (docs/sync-schema.md quotes them).
 */
import * as fs from "fs";
import * as path from "path";
import { callsSince, runtimeFor, TestEmulator, useTestEmulator } from "./harness";
import type { TypeProvider } from "../../provider/host/runtime";
import type { RequestLogEntry } from "../../emulator";
import { PREVIEW_NOTICES_INPUT } from "../../provider/resources/handler";
import {
  INITIAL_CYCLE_NOTICE,
  SCOPE_DELETE_NOTICE,
  userTypeOnCreateNotice,
} from "../../provider/resources/syncSchema/notices";

const TYPE = "CrossTenantSyncConfiguration";
const SALLY = "5a111111-0000-4000-8000-000000000001";
const EDDIE = "ed222222-0000-4000-8000-000000000002";

type Outs = Record<string, any>;
let t: TestEmulator;
let SOURCE: string;
let TARGET: string;
useTestEmulator((e) => {
  t = e;
  SOURCE = e.defaults.tenantId;
  TARGET = e.defaults.second.tenantId;
});

async function seed(): Promise<void> {
  await t.admin.seed({
    tenantId: SOURCE,
    users: [
      { id: SALLY, displayName: "Sally", userPrincipalName: "sally@source.example", department: "Sales" },
      { id: EDDIE, displayName: "Eddie", userPrincipalName: "eddie@source.example", department: "Engineering" },
    ],
    partners: [{ tenantId: TARGET, automaticUserConsentSettings: { outboundAllowed: true } }],
  });
  await t.admin.seed({
    tenantId: TARGET,
    partners: [{ tenantId: SOURCE, automaticUserConsentSettings: { inboundAllowed: true } }],
    policies: [{ tenantId: SOURCE, userSyncInbound: { isSyncAllowed: true } }],
  });
}

const provider = async (): Promise<TypeProvider> => (await runtimeFor(t)).provider(TYPE);

const SALES_ONLY = {
  userType: { value: "Member", apply: "always" },
  targetObjectActions: { delete: false },
  scopingFilters: [{ name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
};

const program = (schema?: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  displayName: "Sync to Fabrikam",
  targetTenantId: TARGET,
  scope: { users: [SALLY, EDDIE] },
  ...(schema ? { schema } : {}),
  ...over,
});

function line(c: RequestLogEntry, ids: Record<string, string>): string {
  let p = `${c.path.replace(/^\/(v1\.0|beta)/, "")}${c.query ? `?${decodeURIComponent(c.query)}` : ""}`;
  for (const [name, id] of Object.entries(ids))
    if (id) p = p.split(encodeURIComponent(id)).join(`{${name}}`).split(id).join(`{${name}}`);
  return `${c.method} ${p} ${c.status}`;
}

function stepper() {
  let mark = 0;
  return {
    async start() {
      mark = await t.admin.lastSeq();
    },
    async step(ids: Record<string, string> = {}): Promise<{ lines: string[]; entries: RequestLogEntry[] }> {
      const c = await callsSince(t, mark);
      mark = await t.admin.lastSeq();
      return { lines: c.graph.map((e) => line(e, ids)), entries: c.graph };
    },
  };
}

const template = () =>
  JSON.parse(
    fs.readFileSync(
      path.join(__dirname, "..", "..", "emulator", "fixtures", "azure2azure-default-schema.json"),
      "utf8",
    ),
  );
const userMapping = (doc: Outs) =>
  doc.synchronizationRules[0].objectMappings.find((m: Outs) => m.sourceObjectName === "User");

async function liveSchema(outs: Outs): Promise<Outs> {
  const g = await t.graph("readWrite", SOURCE);
  const r = await g.get(
    `/v1.0/servicePrincipals/${outs.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(outs.jobId)}/schema`,
  );
  expect(r.status).toBe(200);
  return r.data;
}

async function targetUsers(): Promise<Outs[]> {
  return ((await t.admin.users(TARGET)) as Outs[]).filter((u) => u.synchronizedFrom);
}

async function create(p: TypeProvider, schema?: Record<string, unknown>, over: Record<string, unknown> = {}) {
  const checked = await p.check({}, program(schema, over));
  expect(checked.failures).toEqual([]);
  const created = await p.create(checked.inputs);
  return { checked, created, outs: created.outs as Outs };
}

describe("create with schema", () => {
  it("applies the settings between the job and its start with one PUT of the whole schema; the first cycle uses them", async () => {
    await seed();
    const p = await provider();
    const s = stepper();
    await s.start();
    const { outs } = await create(p, SALES_ONLY);
    const ids = { sp: outs.servicePrincipalId, job: outs.jobId };
    const { lines, entries } = await s.step(ids);
    const schemaCalls = lines.filter((l) => l.includes("/schema") || l.includes("/start"));
    expect(schemaCalls).toEqual([
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
      "PUT /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 204",
      "POST /servicePrincipals/{sp}/synchronization/jobs/{job}/start 204",
    ]);
    expect(lines.indexOf(schemaCalls[1])).toBeLessThan(lines.indexOf(schemaCalls[2]));

    // The PUT carried the whole document: the template with only the owned parts changed.
    const put = entries.find((e) => e.method === "PUT" && e.path.endsWith("/schema"))!.body as Outs;
    const expected = template();
    const um = userMapping(expected);
    um.attributeMappings.find((m: Outs) => m.targetAttributeName === "userType").flowType = "Always";
    um.flowTypes = "Add,Update";
    um.scope.groups = [
      {
        name: "Sales",
        clauses: [{ operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { values: ["Sales"] } }],
      },
    ];
    const strip = (d: Outs) => {
      const { "@odata.context": _c, _comment, id: _id, version: _v, ...rest } = d;
      for (const dir of rest.directories) delete dir.version;
      for (const rule of rest.synchronizationRules) delete rule.id;
      return rest;
    };
    expect(strip(structuredClone(put))).toEqual(strip(expected));
    expect(userMapping(put).attributeMappings).toHaveLength(um.attributeMappings.length);

    expect(outs.schema).toEqual({
      userType: { value: "Member", apply: "always" },
      targetObjectActions: { delete: false },
      scopingFilters: [
        { name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
      ],
    });
    expect(outs.schemaBaseline).toMatchObject({ actions: { Delete: true }, scopeGroups: [] });
    expect(outs.userRuleId).toMatch(/^[0-9a-f-]{36}$/);

    await t.admin.runSyncCycle({ tenantId: SOURCE, servicePrincipalId: outs.servicePrincipalId });
    const users = await targetUsers();
    expect(users.map((u) => [u.displayName, u.userType])).toEqual([["Sally", "Member"]]);
  });

  it("settings the job's schema refuses: a partial create that keeps the job paused, named property, nothing written", async () => {
    await seed();
    const p = await provider();
    const checked = await p.check(
      {},
      program({
        ...SALES_ONLY,
        attributeMappings: [{ target: "extensionAttribute1", source: { kind: "direct", attribute: "costCentre" } }],
      }),
    );
    expect(checked.failures).toEqual([]);
    const e = (await p.create(checked.inputs).then(
      () => undefined,
      (x: unknown) => x,
    )) as Error & { properties?: Outs };
    expect(e.message).toMatch(
      /cannot apply the schema settings of the cross-tenant synchronization configuration "Sync to Fabrikam" \(service principal [0-9a-f-]{36}\): the settings do not fit the job's schema, and nothing was written\. schema\.attributeMappings\[0\]\.source\.attribute: the source User object of this job's schema \(directory "Microsoft Entra ID"\) has no attribute "costCentre"/,
    );
    expect(e.properties?.pending).toEqual(["schema", "start"]);
    expect(e.properties?.jobStatus.state).not.toBe("Active");
    const um = userMapping(await liveSchema(e.properties!));
    expect(um.flowTypes).toBe("Add,Update,Delete");
  });

  it("without schema: no PUT, as before", async () => {
    await seed();
    const p = await provider();
    const s = stepper();
    await s.start();
    const { outs } = await create(p);
    const { lines } = await s.step({ sp: outs.servicePrincipalId, job: outs.jobId });
    expect(lines.filter((l) => l.includes("/schema"))).toEqual([
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
    ]);
    expect(outs.schemaBaseline).toBeUndefined();
  });
});

describe("preview and refresh", () => {
  it("a no-change preview makes 0 calls; refresh reads the schema once; an unowned portal edit is not drift, an owned one is and up restores it", async () => {
    await seed();
    const p = await provider();
    const { created, checked, outs } = await create(p, SALES_ONLY);
    const ids = { sp: outs.servicePrincipalId, job: outs.jobId };
    const s = stepper();
    await s.start();

    const again = await p.check(checked.inputs, program(SALES_ONLY));
    expect(again.inputs[PREVIEW_NOTICES_INPUT]).toBeUndefined();
    expect(await p.diff(created.id, outs, again.inputs)).toMatchObject({ changes: false });
    expect((await s.step()).lines).toEqual([]);

    const read = await p.read(created.id, outs);
    expect((await s.step(ids)).lines).toEqual([
      "GET /servicePrincipals/{sp} 200",
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job} 200",
      "GET /servicePrincipals/{sp}/appRoleAssignedTo 200",
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
    ]);
    expect((read.inputs as Outs).schema).toEqual(outs.schema);

    // A portal edit outside the owned parts (another mapping, the server's flowTypes spacing) is not drift.
    await t.admin.portalEditSchema(outs.servicePrincipalId, outs.jobId, (doc) => {
      const um = userMapping(doc);
      um.attributeMappings.find((m: Outs) => m.targetAttributeName === "department").flowType = "ObjectAddOnly";
      um.flowTypes = "Add, Update";
    });
    const unowned = await p.read(created.id, outs);
    const c1 = await p.check(read.inputs ?? {}, program(SALES_ONLY));
    expect(await p.diff(created.id, unowned.props ?? {}, c1.inputs)).toMatchObject({ changes: false });

    // A portal edit of an owned mapping is drift: refresh shows it, up restores it with one PUT.
    await t.admin.portalEditSchema(outs.servicePrincipalId, outs.jobId, (doc) => {
      userMapping(doc).attributeMappings.find((m: Outs) => m.targetAttributeName === "userType").flowType =
        "ObjectAddOnly";
    });
    const drift = await p.read(created.id, outs);
    expect((drift.props as Outs).schema.userType).toEqual({ value: "Member", apply: "onCreate" });
    const c2 = await p.check(drift.inputs ?? {}, program(SALES_ONLY));
    expect(c2.inputs[PREVIEW_NOTICES_INPUT]).toEqual([INITIAL_CYCLE_NOTICE]);
    await s.start();
    expect(await p.diff(created.id, drift.props ?? {}, c2.inputs)).toMatchObject({ changes: true });
    const updated = await p.update(created.id, drift.props ?? {}, c2.inputs);
    const { lines } = await s.step(ids);
    expect(lines.filter((l) => l.includes("/schema"))).toEqual([
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
      "PUT /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 204",
    ]);
    expect((updated.outs as Outs).schema).toEqual(outs.schema);
    const live = await liveSchema(outs);
    const um = userMapping(live);
    expect(um.attributeMappings.find((m: Outs) => m.targetAttributeName === "userType").flowType).toBe("Always");
    // The unowned edit stays.
    expect(um.attributeMappings.find((m: Outs) => m.targetAttributeName === "department").flowType).toBe(
      "ObjectAddOnly",
    );
  });

  it("an update that changes nothing owned sends no PUT", async () => {
    await seed();
    const p = await provider();
    const { created, outs } = await create(p, SALES_ONLY);
    const s = stepper();
    await s.start();
    const c = await p.check({}, program(SALES_ONLY, { notificationEmail: "ops@source.example" }));
    await p.update(created.id, outs, c.inputs);
    expect((await s.step()).lines.filter((l) => l.includes("/schema"))).toEqual([]);
  });
});

describe("preview-time validation", () => {
  it.each([
    [
      "scoping on manager",
      { scopingFilters: [{ name: "m", clauses: [{ attribute: "manager", operator: "IS NOT NULL" }] }] },
      /schema.scopingFilters\[0\].clauses\[0\].attribute "manager" cannot be used in a scoping filter/,
    ],
    [
      "overriding alternativeSecurityIds",
      { attributeMappings: [{ target: "alternativeSecurityIds", source: { kind: "direct", attribute: "mail" } }] },
      /schema.attributeMappings\[0\].target "alternativeSecurityIds" cannot be overridden/,
    ],
    [
      "an unknown operator",
      { scopingFilters: [{ name: "s", clauses: [{ attribute: "department", operator: "LIKE", values: ["S%"] }] }] },
      /schema.scopingFilters\[0\].clauses\[0\].operator "LIKE" is not a scoping-filter operator/,
    ],
    [
      "the same target twice",
      {
        userType: { value: "Guest" },
        attributeMappings: [{ target: "userType", source: { kind: "constant", value: "Member" } }],
      },
      /schema.attributeMappings\[0\].target declares the mapping of "userType" again/,
    ],
  ])("offline, 0 Graph calls: %s", async (_what, schema, reason) => {
    const p = await provider();
    const s = stepper();
    await s.start();
    const c = await p.check({}, program(schema));
    expect((c.failures ?? []).map((f) => f.reason).join(" ")).toMatch(reason);
    expect((await s.step()).lines).toEqual([]);
  });

  it("live, at preview of an update: a malformed expression (parseExpression) and an attribute the job does not define", async () => {
    await seed();
    const p = await provider();
    const { created, outs } = await create(p, SALES_ONLY);
    const ids = { sp: outs.servicePrincipalId, job: outs.jobId };
    const s = stepper();
    await s.start();
    const bad = {
      ...SALES_ONLY,
      attributeMappings: [
        {
          target: "extensionAttribute1",
          source: { kind: "expression", expression: 'Join(" ", [givenName], [surname]' },
        },
        { target: "extensionAttribute2", source: { kind: "direct", attribute: "costCentre" } },
      ],
    };
    const c = await p.check(outs, program(bad));
    expect(c.failures).toEqual([]);
    const e = await p.diff(created.id, outs, c.inputs).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e?.message).toMatch(
      /schema.attributeMappings\[0\].source.expression does not parse: Graph's parseExpression answered/,
    );
    expect(e?.message).toMatch(
      /schema.attributeMappings\[1\].source.attribute: the source User object of this job's schema \(directory "Microsoft Entra ID"\) has no attribute "costCentre"/,
    );
    expect((await s.step(ids)).lines).toEqual([
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
      "POST /servicePrincipals/{sp}/synchronization/jobs/{job}/schema/parseExpression 200",
    ]);
  });
});

describe("notices and revert", () => {
  it("warns at preview: initial cycle, scope narrowing with Delete on, userType onCreate", async () => {
    await seed();
    const p = await provider();
    const { outs } = await create(p, { userType: { value: "Member" } });
    const narrowing = { userType: { value: "Guest", apply: "onCreate" }, scopingFilters: SALES_ONLY.scopingFilters };
    const c = await p.check({ ...program({ userType: { value: "Member" } }) }, program(narrowing));
    expect(c.inputs[PREVIEW_NOTICES_INPUT]).toEqual([
      INITIAL_CYCLE_NOTICE,
      SCOPE_DELETE_NOTICE,
      userTypeOnCreateNotice("Guest"),
    ]);
    // Delete off in the same settings: no soft-delete warning.
    const safe = await p.check(program({ userType: { value: "Member" } }), program(SALES_ONLY));
    expect(safe.inputs[PREVIEW_NOTICES_INPUT]).toEqual([INITIAL_CYCLE_NOTICE]);
    expect(outs.schemaBaseline).toBeDefined();
  });

  it("removing schema reverts the owned parts; destroy with onDestroy pause reverts them too", async () => {
    await seed();
    const p = await provider();
    const { created, outs } = await create(p, SALES_ONLY, { onDestroy: "pause" });
    const c = await p.check({}, program(undefined, { onDestroy: "pause" }));
    expect(await p.diff(created.id, outs, c.inputs)).toMatchObject({ changes: true });
    const updated = (await p.update(created.id, outs, c.inputs)).outs as Outs;
    expect(updated.schema).toBeUndefined();
    expect(updated.schemaBaseline).toBeUndefined();
    const um = userMapping(await liveSchema(outs));
    expect(um.flowTypes).toBe("Add,Update,Delete");
    expect(um.scope.groups).toEqual([]);
    expect(um.attributeMappings.find((m: Outs) => m.targetAttributeName === "userType").flowType).toBe("ObjectAddOnly");

    // Put them back, then destroy with onDestroy "pause": the job stays paused, its schema reverted.
    const c2 = await p.check({}, program(SALES_ONLY, { onDestroy: "pause" }));
    const again = (await p.update(created.id, updated, c2.inputs)).outs as Outs;
    expect(userMapping(await liveSchema(outs)).flowTypes).toBe("Add,Update");
    await p.delete(created.id, again);
    const after = userMapping(await liveSchema(outs));
    expect(after.flowTypes).toBe("Add,Update,Delete");
    expect(after.attributeMappings.find((m: Outs) => m.targetAttributeName === "userType").flowType).toBe(
      "ObjectAddOnly",
    );
  });
});
