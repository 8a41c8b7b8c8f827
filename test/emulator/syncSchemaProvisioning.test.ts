/**
 * Provisioning that honors the job's schema (issue 17; sync-schema.md §2, §5), with two tenants: the userType
 * mapping (Constant value, Always vs ObjectAddOnly), showInAddressList, an extension attribute constant, scoping
 * filters (department EQUALS Sales skips Engineering), target object actions (Delete off keeps a user who left
 * scope, Delete on soft-deletes them; no Add, no Update), the restart a saved change causes, and persistence.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AxiosInstance } from "axios";
import { partnersPath, startTestEmulator, syncPath, TestEmulator, useTestEmulator } from "../helpers/emulator";

const TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const ids = {
  sally: "5a111111-0000-4000-8000-000000000001",
  eddie: "ed222222-0000-4000-8000-000000000002",
  guest: "f6666666-0000-4000-8000-000000000006",
};

type Json = Record<string, any>;

let t: TestEmulator;
let source: string;
let target: string;
let src: AxiosInstance;
let tgt: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  source = t.defaults.tenantId;
  target = t.defaults.second.tenantId;
  src = await t.graph("readWrite", source);
  tgt = await t.graph("readWrite", target);
});

interface Job {
  spId: string;
  jobId: string;
}

/** Two source users (Sales, Engineering) and a guest, the target's consent, a job syncing all users. */
async function setUp(): Promise<Job> {
  await t.admin.seedDirectory(
    {
      defaultDomain: "source.example",
      users: [
        { id: ids.sally, displayName: "Sally", userPrincipalName: "sally@source.example", department: "Sales" },
        { id: ids.eddie, displayName: "Eddie", userPrincipalName: "eddie@source.example", department: "Engineering" },
        {
          id: ids.guest,
          displayName: "Guest",
          userPrincipalName: "guest_other.example#EXT#@source.example",
          userType: "Guest",
          department: "Sales",
        },
      ],
    },
    source,
  );
  await t.admin.seedDirectory({ defaultDomain: "target.example" }, target);
  expect(
    (await tgt.post(partnersPath(), { tenantId: source, automaticUserConsentSettings: { inboundAllowed: true } }))
      .status,
  ).toBe(201);
  expect((await tgt.put(syncPath(source), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
  expect(
    (await src.post(partnersPath(), { tenantId: target, automaticUserConsentSettings: { outboundAllowed: true } }))
      .status,
  ).toBe(201);
  const created = await src.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName: "Fabrikam" });
  const spId = created.data.servicePrincipal.id;
  const job = await src.post(`/v1.0/servicePrincipals/${spId}/synchronization/jobs`, { templateId: "Azure2Azure" });
  const secrets = await src.put(`/v1.0/servicePrincipals/${spId}/synchronization/secrets`, {
    value: [
      { key: "AuthenticationType", value: "SyncPolicy" },
      { key: "CompanyId", value: target },
      { key: "SyncAll", value: "true" },
    ],
  });
  expect(secrets.status).toBe(204);
  return { spId, jobId: job.data.id };
}

const jobPath = (j: Job): string => `/v1.0/servicePrincipals/${j.spId}/synchronization/jobs/${j.jobId}`;

const userMapping = (schema: Json): Json =>
  schema.synchronizationRules
    .find((r: Json) => r.name === "USER_INBOUND_USER")
    .objectMappings.find((m: Json) => m.sourceObjectName === "User" && m.targetObjectName === "User");
const mappingOf = (schema: Json, targetName: string): Json =>
  userMapping(schema).attributeMappings.find((m: Json) => m.targetAttributeName === targetName);
const constant = (value: string): Json => ({
  expression: `"${value}"`,
  name: value,
  type: "Constant",
  parameters: [],
});
const salesOnly = [
  {
    name: "Sales only",
    clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", targetOperand: { values: ["Sales"] } }],
  },
];

/** GET the schema, edit it, PUT it whole (204). */
async function editSchema(j: Job, edit: (schema: Json) => void): Promise<void> {
  const r = await src.get(`${jobPath(j)}/schema`);
  expect(r.status).toBe(200);
  edit(r.data);
  const put = await src.put(`${jobPath(j)}/schema`, r.data);
  expect(put.status).toBe(204);
}

async function cycle(j: Job): Promise<Json> {
  const [run] = await t.admin.runSyncCycle({ tenantId: source, jobId: j.jobId });
  return run;
}

async function targetUsers(): Promise<Json[]> {
  const r = await tgt.get("/v1.0/users", {
    params: { $select: "id,displayName,userType,showInAddressList,department,onPremisesExtensionAttributes" },
  });
  expect(r.status).toBe(200);
  return r.data.value;
}
const byName = async (name: string): Promise<Json | undefined> =>
  (await targetUsers()).find((u) => u.displayName === name);

async function provision(j: Job, objectId: string): Promise<Json> {
  const schema = await src.get(`${jobPath(j)}/schema`);
  const ruleId = schema.data.synchronizationRules[0].id;
  const r = await src.post(`${jobPath(j)}/provisionOnDemand`, {
    parameters: [{ ruleId, subjects: [{ objectId, objectTypeName: "User" }] }],
  });
  expect(r.status).toBe(200);
  return JSON.parse(r.data.value)[0];
}

test("userType: Member applied always makes an existing Guest-typed target user a Member on the next cycle", async () => {
  const j = await setUp();
  await editSchema(j, (s) => (mappingOf(s, "userType").source = constant("Guest")));
  expect((await src.post(`${jobPath(j)}/start`)).status).toBe(204);
  expect(await byName("Sally")).toMatchObject({ userType: "Guest", showInAddressList: true });
  const sallyId = (await byName("Sally"))!.id;

  // Member, only on create (the default): existing users keep their userType.
  expect((await src.delete(`${jobPath(j)}/schema`)).status).toBe(204);
  await cycle(j);
  expect((await byName("Sally"))!.userType).toBe("Guest");

  // Member, applied always: the change restarts the job; its next (initial) cycle converts the user.
  await editSchema(j, (s) => (mappingOf(s, "userType").flowType = "Always"));
  const restarted = (await src.get(jobPath(j))).data;
  expect(restarted.status).toMatchObject({ code: "NotRun", steadyStateFirstAchievedTime: "0001-01-01T00:00:00Z" });
  expect(await t.admin.schemaState(j.jobId)).toMatchObject({ customized: true, initialCycleDue: true });
  expect((await byName("Sally"))!.userType).toBe("Guest");
  const run = await cycle(j);
  expect(run.status.code).toBe("Active");
  expect(run.status.lastExecution).toMatchObject({ state: "Succeeded", countExported: 2 });
  expect(await byName("Sally")).toMatchObject({ id: sallyId, userType: "Member" });
  expect(await t.admin.schemaState(j.jobId)).toMatchObject({ initialCycleDue: false });
  expect((await src.get(jobPath(j))).data.status.steadyStateFirstAchievedTime).not.toBe("0001-01-01T00:00:00Z");
});

test("scoping filter department EQUALS Sales: Sales is created, Engineering is skipped with the reason", async () => {
  const j = await setUp();
  await editSchema(j, (s) => (userMapping(s).scope.groups = salesOnly));
  const skipped = await provision(j, ids.eddie);
  expect(skipped.statusInfo).toMatchObject({ status: "Skipped", errorCode: "ScopingFilter" });
  expect(skipped.statusInfo.reason).toBe(
    "The User 'eddie@source.example' was skipped because it did not pass the scoping filter: no scoping filter group matched: 'Sales only' (department EQUALS Sales).",
  );
  const scoping = skipped.provisioningSteps.find((s: Json) => s.name === "EntrySynchronizationScoping");
  expect(scoping).toMatchObject({ status: "Skipped", details: { "Scoping filter evaluation passed": "False" } });

  const created = await provision(j, ids.sally);
  expect(created).toMatchObject({ action: "Create", statusInfo: { status: "Success" } });
  expect(await byName("Sally")).toMatchObject({ userType: "Member", department: "Sales" });
  // The built-in "Filter external users" still leaves the Sales guest out.
  const guest = await provision(j, ids.guest);
  expect(guest.statusInfo.reason).toContain("external users are not synchronized");

  // A cycle does the same; the skip reason is switchable.
  expect((await src.post(`${jobPath(j)}/start`)).status).toBe(204);
  expect((await targetUsers()).map((u) => u.displayName)).toEqual(["Sally"]);
  await t.admin.settings({ scopingFilterSkipReason: "NotEffectivelyEntitled" });
  expect((await provision(j, ids.eddie)).statusInfo.errorCode).toBe("NotEffectivelyEntitled");
});

test("Delete off keeps a user who left scope; Delete on soft-deletes them; back in scope restores them", async () => {
  const j = await setUp();
  expect((await src.post(`${jobPath(j)}/start`)).status).toBe(204);
  expect((await targetUsers()).map((u) => u.displayName).sort()).toEqual(["Eddie", "Sally"]);
  const eddieId = (await byName("Eddie"))!.id;

  // Narrow the scope with Delete off (in the same PUT): Eddie stays.
  await editSchema(j, (s) => {
    userMapping(s).scope.groups = salesOnly;
    userMapping(s).flowTypes = "Add,Update";
  });
  await cycle(j);
  expect((await targetUsers()).map((u) => u.displayName).sort()).toEqual(["Eddie", "Sally"]);

  // Delete on (a portal edit): the next cycle soft-deletes Eddie in the target.
  await t.admin.portalEditSchema(j.spId, j.jobId, (s) => (userMapping(s).flowTypes = "Add,Update,Delete"));
  const run = await cycle(j);
  expect(run.status.lastExecution).toMatchObject({ state: "Succeeded", countEntitled: 1, countExported: 1 });
  expect((await targetUsers()).map((u) => u.displayName)).toEqual(["Sally"]);
  expect((await tgt.get(`/v1.0/users/${eddieId}`)).status).toBe(404);
  const deleted = (await t.admin.state(target)).deletedUsers;
  expect(deleted).toEqual([expect.objectContaining({ id: eddieId, deletedDateTime: expect.any(String) })]);

  // Back in scope: restored with the same object id.
  expect((await src.delete(`${jobPath(j)}/schema`)).status).toBe(204);
  await cycle(j);
  expect((await byName("Eddie"))!.id).toBe(eddieId);
  expect((await t.admin.state(target)).deletedUsers).toEqual([]);
});

test("showInAddressList and a constant into extensionAttribute1 are written as mapped", async () => {
  const j = await setUp();
  await editSchema(j, (s) => {
    mappingOf(s, "showInAddressList").source = constant("false");
    userMapping(s).attributeMappings.push({
      targetAttributeName: "extensionAttribute1",
      source: constant("CrossTenantSynced"),
      defaultValue: null,
      flowType: "Always",
      flowBehavior: "FlowWhenChanged",
      matchingPriority: 0,
      exportMissingReferences: false,
    });
  });
  const created = await provision(j, ids.sally);
  expect(created.action).toBe("Create");
  expect(await byName("Sally")).toMatchObject({
    showInAddressList: false,
    onPremisesExtensionAttributes: { extensionAttribute1: "CrossTenantSynced" },
  });
  expect(created.modifiedProperties).toEqual(
    expect.arrayContaining([{ displayName: "showInAddressList", oldValue: null, newValue: "false" }]),
  );
});

test("target object actions: without Add nothing is created; without Update existing users are not updated", async () => {
  const j = await setUp();
  await editSchema(j, (s) => (userMapping(s).flowTypes = "Update, Delete"));
  const noAdd = await provision(j, ids.sally);
  expect(noAdd.statusInfo).toMatchObject({ status: "Skipped", errorCode: "TargetObjectActionDisabled" });
  expect(noAdd.statusInfo.reason).toContain("do not include Add (Create)");
  expect(await targetUsers()).toEqual([]);

  expect((await src.delete(`${jobPath(j)}/schema`)).status).toBe(204);
  expect((await provision(j, ids.sally)).action).toBe("Create");
  await editSchema(j, (s) => (userMapping(s).flowTypes = "Add"));
  await t.admin.seedDirectory(
    { users: [{ id: ids.sally, displayName: "Sally Renamed", userPrincipalName: "sally@source.example" }] },
    source,
  );
  const noUpdate = await provision(j, ids.sally);
  expect(noUpdate.statusInfo.errorCode).toBe("TargetObjectActionDisabled");
  expect(await byName("Sally")).toBeDefined();
});

test("schemaChangeRunsCycle: the initial cycle runs as the change is saved", async () => {
  const j = await setUp();
  expect((await src.post(`${jobPath(j)}/start`)).status).toBe(204);
  await t.admin.settings({ schemaChangeRunsCycle: true });
  await editSchema(j, (s) => {
    userMapping(s).scope.groups = salesOnly;
  });
  expect((await targetUsers()).map((u) => u.displayName)).toEqual(["Sally"]);
  expect((await src.get(jobPath(j))).data.status.code).toBe("Active");
  // A paused job only owes the initial cycle.
  expect((await src.post(`${jobPath(j)}/pause`)).status).toBe(204);
  expect((await src.delete(`${jobPath(j)}/schema`)).status).toBe(204);
  expect((await src.get(jobPath(j))).data.status.code).toBe("Paused");
  expect(await t.admin.schemaState(j.jobId)).toMatchObject({ initialCycleDue: true });
});

test("the file store keeps a customized schema and its version", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-schema-"));
  const dataFile = path.join(dir, "state.json");
  try {
    const first = await startTestEmulator({ dataDir: dir, dataFile });
    let spId: string;
    let jobId: string;
    try {
      await first.admin.settings({ bumpVersionOnPut: true });
      const g = await first.graph();
      const created = await g.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName: "Kept" });
      spId = created.data.servicePrincipal.id;
      jobId = (await g.post(`/v1.0/servicePrincipals/${spId}/synchronization/jobs`, { templateId: "Azure2Azure" })).data
        .id;
      const url = `/v1.0/servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`;
      const schema = (await g.get(url)).data;
      mappingOf(schema, "userType").flowType = "Always";
      expect((await g.put(url, schema)).status).toBe(204);
    } finally {
      await first.stop();
    }
    const second = await startTestEmulator({ dataDir: dir, dataFile });
    try {
      const g = await second.graph();
      const read = (await g.get(`/v1.0/servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`)).data;
      expect(read.version).toBe("v1.3");
      expect(mappingOf(read, "userType").flowType).toBe("Always");
      expect(await second.admin.schemaState(jobId)).toMatchObject({ customized: true });
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
