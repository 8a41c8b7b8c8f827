/**
 * The source side of cross-tenant synchronization (issue 16 §4) on the emulator's HTTP API, with two tenants: the
 * configuration (instantiate → job → secrets → validate → assign → start), provisioning into the TARGET tenant's
 * directory, quarantine when the target revokes its sync policy and recovery, provisionOnDemand, permissions,
 * deleting the application, and persistence of the new collections.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AxiosInstance } from "axios";
import {
  partnerPath as partnerPathOf,
  partnersPath,
  startTestEmulator,
  syncPath,
  TestEmulator,
  useTestEmulator,
} from "../helpers/emulator";

const TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const FIXTURE_RULE_ID = "01e28086-1453-4cb2-b95d-4fbc4564fcc0";
const ids = {
  alice: "a1111111-0000-4000-8000-000000000001",
  bob: "b2222222-0000-4000-8000-000000000002",
  carol: "c3333333-0000-4000-8000-000000000003",
  erin: "e5555555-0000-4000-8000-000000000005",
  guest: "f6666666-0000-4000-8000-000000000006",
  eng: "9e000000-0000-4000-8000-0000000000e1",
  outer: "9e000000-0000-4000-8000-0000000000e2",
  inner: "9e000000-0000-4000-8000-0000000000e3",
};

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

async function seedTenants(): Promise<void> {
  await t.admin.seedDirectory(
    {
      defaultDomain: "source.example",
      users: [
        { id: ids.alice, displayName: "Alice", userPrincipalName: "alice@source.example", jobTitle: "Engineer" },
        { id: ids.bob, displayName: "Bob", userPrincipalName: "bob@source.example" },
        { id: ids.carol, displayName: "Carol", userPrincipalName: "carol@source.example" },
        { id: ids.erin, displayName: "Erin", userPrincipalName: "erin@source.example" },
        {
          id: ids.guest,
          displayName: "Guest",
          userPrincipalName: "guest_other.example#EXT#@source.example",
          userType: "Guest",
        },
      ],
      groups: [
        { id: ids.eng, displayName: "Engineering", members: [ids.bob, ids.guest] },
        { id: ids.inner, displayName: "Inner", members: [ids.erin] },
        { id: ids.outer, displayName: "Outer", members: [ids.inner] },
      ],
    },
    source,
  );
  await t.admin.seedDirectory({ defaultDomain: "target.example" }, target);
}

/** The target's policies that let the source synchronize, and the source's outbound consent. */
async function allowSync(): Promise<void> {
  expect(
    (await tgt.post(partnersPath(), { tenantId: source, automaticUserConsentSettings: { inboundAllowed: true } }))
      .status,
  ).toBe(201);
  expect((await tgt.put(syncPath(source), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
  expect(
    (await src.post(partnersPath(), { tenantId: target, automaticUserConsentSettings: { outboundAllowed: true } }))
      .status,
  ).toBe(201);
}

interface Configuration {
  appObjectId: string;
  spId: string;
  appRoleId: string;
  jobId: string;
}

async function configure(displayName = "Fabrikam"): Promise<Configuration> {
  const created = await src.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName });
  expect(created.status).toBe(201);
  const spId = created.data.servicePrincipal.id;
  const job = await src.post(`/v1.0/servicePrincipals/${spId}/synchronization/jobs`, { templateId: "Azure2Azure" });
  expect(job.status).toBe(201);
  const secrets = await src.put(`/v1.0/servicePrincipals/${spId}/synchronization/secrets`, {
    value: [
      { key: "AuthenticationType", value: "SyncPolicy" },
      { key: "CompanyId", value: target },
      {
        key: "SyncNotificationSettings",
        value: JSON.stringify({ Enabled: true, Recipients: "ops@source.example", DeleteThresholdEnabled: false }),
      },
      { key: "SyncAll", value: "false" },
    ],
  });
  expect(secrets.status).toBe(204);
  return {
    appObjectId: created.data.application.id,
    spId,
    appRoleId: created.data.servicePrincipal.appRoles[0].id,
    jobId: job.data.id,
  };
}

const jobs = (c: Configuration): string => `/v1.0/servicePrincipals/${c.spId}/synchronization/jobs`;
const job = (c: Configuration): string => `${jobs(c)}/${c.jobId}`;
const validateBody = () => ({
  useSavedCredentials: false,
  templateId: "Azure2Azure",
  credentials: [
    { key: "CompanyId", value: target },
    { key: "AuthenticationType", value: "SyncPolicy" },
  ],
});

async function assign(c: Configuration, principalId: string): Promise<string> {
  const r = await src.post(`/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo`, {
    principalId,
    resourceId: c.spId,
    appRoleId: c.appRoleId,
  });
  expect(r.status).toBe(201);
  return r.data.id;
}

async function userRuleId(c: Configuration): Promise<string> {
  const schema = await src.get(`${job(c)}/schema`);
  expect(schema.status).toBe(200);
  return schema.data.synchronizationRules.find((r: { name: string }) => r.name === "USER_INBOUND_USER").id;
}

async function targetUsers(): Promise<Record<string, any>[]> {
  const r = await tgt.get("/v1.0/users", {
    params: {
      $select: "id,displayName,userPrincipalName,userType,creationType,externalUserState,jobTitle,accountEnabled",
    },
  });
  expect(r.status).toBe(200);
  return r.data.value;
}

describe("the configuration, step by step", () => {
  test("instantiate answers Graph's applicationServicePrincipal; the SP is found by id, template and name", async () => {
    const r = await src.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName: "Fabrikam" });
    expect(r.status).toBe(201);
    expect(r.data["@odata.context"]).toMatch(/\$metadata#microsoft\.graph\.applicationServicePrincipal$/);
    const { application, servicePrincipal } = r.data;
    expect(application).toMatchObject({ displayName: "Fabrikam", applicationTemplateId: TEMPLATE });
    expect(servicePrincipal).toMatchObject({
      displayName: "Fabrikam",
      appId: application.appId,
      applicationTemplateId: TEMPLATE,
      appRoleAssignmentRequired: true,
      appOwnerOrganizationId: source,
    });
    expect(servicePrincipal.appRoles).toEqual([
      expect.objectContaining({ displayName: "msiam_access", allowedMemberTypes: ["User"], isEnabled: true }),
    ]);
    expect((await src.get(`/v1.0/servicePrincipals/${servicePrincipal.id}`)).data.id).toBe(servicePrincipal.id);
    const byTemplate = await src.get("/v1.0/servicePrincipals", {
      params: { $filter: `applicationTemplateId eq '${TEMPLATE}'` },
    });
    expect(byTemplate.data.value.map((s: { id: string }) => s.id)).toEqual([servicePrincipal.id]);
    const byName = await src.get("/beta/servicePrincipals", { params: { $filter: "displayName eq 'Fabrikam'" } });
    expect(byName.data.value).toHaveLength(1);
    expect((await src.get("/v1.0/servicePrincipals", { params: { $filter: "startswith(x,'a')" } })).status).toBe(400);
    const both = await src.get("/v1.0/servicePrincipals", {
      params: { $filter: `applicationTemplateId eq '${TEMPLATE}' and displayName eq 'fabrikam'` },
    });
    expect(both.data.value).toHaveLength(1);
    const none = await src.get("/v1.0/servicePrincipals", {
      params: { $filter: `applicationTemplateId eq '${TEMPLATE}' and displayName eq 'Other'` },
    });
    expect(none.data.value).toEqual([]);
    expect(
      (await src.get("/v1.0/servicePrincipals", { params: { $filter: "displayName eq 'a' or id eq 'b'" } })).status,
    ).toBe(400);
    // The SP is in the source tenant only.
    expect((await tgt.get(`/v1.0/servicePrincipals/${servicePrincipal.id}`)).status).toBe(404);
    expect((await src.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, {})).status).toBe(400);
  });

  test("a new service principal is unreadable for servicePrincipalReadLagMs", async () => {
    await t.admin.request("PATCH", "/_emulator/settings", { servicePrincipalReadLagMs: 300 });
    const r = await src.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName: "Lagging" });
    const read = await src.get(`/v1.0/servicePrincipals/${r.data.servicePrincipal.id}`);
    expect(read.status).toBe(404);
    expect(read.data.error.code).toBe("Request_ResourceNotFound");
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await src.get(`/v1.0/servicePrincipals/${r.data.servicePrincipal.id}`)).status).toBe(200);
  });

  test("job create/list/get, secrets, rename, validateCredentials fails until the target allows, then passes", async () => {
    await seedTenants();
    const c = await configure();
    const got = await src.get(job(c));
    expect(got.status).toBe(200);
    expect(got.data).toMatchObject({
      id: c.jobId,
      templateId: "Azure2Azure",
      schedule: { expiration: null, interval: "PT40M", state: "Disabled" },
      status: { code: "Paused", lastExecution: null, quarantine: null },
      synchronizationJobSettings: [
        { name: "AzureIngestionAttributeOptimization", value: "False" },
        { name: "LookaheadQueryEnabled", value: "False" },
      ],
    });
    expect(got.data).not.toHaveProperty("servicePrincipalId");
    expect((await src.get(jobs(c))).data.value.map((j: { id: string }) => j.id)).toEqual([c.jobId]);
    expect((await src.post(jobs(c), { templateId: "Other" })).status).toBe(400);
    // No GET of secrets: Microsoft documents only PUT.
    expect((await src.get(`/v1.0/servicePrincipals/${c.spId}/synchronization/secrets`)).status).toBe(405);

    expect((await src.patch(`/v1.0/applications/${c.appObjectId}`, { displayName: "Renamed" })).status).toBe(204);
    expect((await src.patch(`/v1.0/servicePrincipals/${c.spId}`, { displayName: "Renamed" })).status).toBe(204);
    expect((await src.get(`/v1.0/applications/${c.appObjectId}`)).data.displayName).toBe("Renamed");
    expect((await src.get(`/v1.0/servicePrincipals/${c.spId}`)).data.displayName).toBe("Renamed");

    const refused = await src.post(`${jobs(c)}/validateCredentials`, validateBody());
    expect(refused.status).toBe(400);
    expect(refused.data.error.code).toBe("BadRequest");
    expect(refused.data.error.message).toContain("has not allowed inbound synchronization");
    expect(refused.data.error.message).toContain("AzureDirectoryB2BManagementPolicyCheckFailure");
    await allowSync();
    expect((await src.post(`${jobs(c)}/validateCredentials`, validateBody())).status).toBe(204);
    expect(
      (await src.post(`${jobs(c)}/microsoft.graph.validateCredentials`, { useSavedCredentials: true })).status,
    ).toBe(204);
    expect(
      (
        await src.post(`${jobs(c)}/validateCredentials`, {
          credentials: [
            { key: "CompanyId", value: source },
            { key: "AuthenticationType", value: "SyncPolicy" },
          ],
        })
      ).status,
    ).toBe(400);
  });

  test("validateCredentials names the missing piece: sync policy, then inbound, then outbound auto-redemption", async () => {
    const c = await configure();
    const message = async (): Promise<string> => {
      const r = await src.post(`${jobs(c)}/validateCredentials`, validateBody());
      expect(r.status).toBe(400);
      expect(r.data.error.message).toMatch(
        /^Failed to validate credentials\. Error code: AzureDirectoryB2BManagementPolicyCheckFailure\. Details: /,
      );
      return r.data.error.message;
    };
    expect(await message()).toContain("identity synchronization policy for the source tenant is missing");
    expect((await tgt.post(partnersPath(), { tenantId: source })).status).toBe(201);
    expect((await tgt.put(syncPath(source), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
    expect(await message()).toContain(
      `Policy permitting auto-redemption of invitations not configured. In the target tenant '${target}'`,
    );
    expect(
      (await tgt.patch(partnerPathOf(source), { automaticUserConsentSettings: { inboundAllowed: true } })).status,
    ).toBe(204);
    expect(await message()).toContain("In this tenant, the partner configuration for the target tenant");
    expect(
      (await src.post(partnersPath(), { tenantId: target, automaticUserConsentSettings: { outboundAllowed: true } }))
        .status,
    ).toBe(201);
    expect((await src.post(`${jobs(c)}/validateCredentials`, validateBody())).status).toBe(204);
  });

  test("assignments: users and groups, 404 for an unknown principal, duplicate refused, list and delete", async () => {
    await seedTenants();
    const c = await configure();
    const alice = await assign(c, ids.alice);
    await assign(c, ids.eng);
    const dup = await src.post(`/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo`, {
      principalId: ids.alice,
      resourceId: c.spId,
      appRoleId: c.appRoleId,
    });
    expect(dup.status).toBe(400);
    expect(dup.data.error.message).toBe("Permission being assigned already exists on the object.");
    const unknown = await src.post(`/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo`, {
      principalId: "0d000000-0000-4000-8000-000000000000",
      resourceId: c.spId,
      appRoleId: c.appRoleId,
    });
    expect(unknown.status).toBe(404);
    const list = await src.get(`/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo`);
    expect(list.data.value).toEqual([
      expect.objectContaining({
        id: alice,
        principalId: ids.alice,
        principalType: "User",
        principalDisplayName: "Alice",
        resourceId: c.spId,
        resourceDisplayName: "Fabrikam",
        appRoleId: c.appRoleId,
        deletedDateTime: null,
      }),
      expect.objectContaining({ principalId: ids.eng, principalType: "Group", principalDisplayName: "Engineering" }),
    ]);
    expect((await src.delete(`/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo/${alice}`)).status).toBe(204);
    expect((await src.delete(`/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo/${alice}`)).status).toBe(404);
    expect((await src.get(`/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo`)).data.value).toHaveLength(1);
  });

  test("schema: the default schema with the job's id and a fresh USER_INBOUND_USER rule id per job", async () => {
    const a = await configure("A");
    const b = await configure("B");
    const schema = await src.get(`${job(a)}/schema`);
    expect(schema.data.id).toBe(a.jobId);
    expect(schema.data).not.toHaveProperty("_comment");
    const ruleA = await userRuleId(a);
    const ruleB = await userRuleId(b);
    expect(ruleA).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([ruleA, ruleB, FIXTURE_RULE_ID]).size).toBe(3);
    expect(await userRuleId(a)).toBe(ruleA);
  });

  test("users and groups: by id or UPN, $filter, $select, direct members", async () => {
    await seedTenants();
    expect((await src.get(`/v1.0/users/${ids.alice}`)).data).toMatchObject({
      id: ids.alice,
      displayName: "Alice",
      userPrincipalName: "alice@source.example",
    });
    expect((await src.get("/v1.0/users/ALICE@source.example")).data.id).toBe(ids.alice);
    const filtered = await src.get("/v1.0/users", { params: { $filter: "userPrincipalName eq 'bob@source.example'" } });
    expect(filtered.data.value.map((u: { id: string }) => u.id)).toEqual([ids.bob]);
    expect((await src.get(`/v1.0/users/${ids.alice}`, { params: { $select: "id,userType" } })).data).toEqual({
      "@odata.context": expect.any(String),
      id: ids.alice,
      userType: "Member",
    });
    expect((await src.get("/v1.0/users/nobody@source.example")).status).toBe(404);
    expect((await src.get(`/v1.0/groups/${ids.eng}`)).data.displayName).toBe("Engineering");
    const members = await src.get(`/v1.0/groups/${ids.outer}/members`);
    expect(members.data.value).toEqual([
      expect.objectContaining({ "@odata.type": "#microsoft.graph.group", id: ids.inner }),
    ]);
    expect((await tgt.get(`/v1.0/users/${ids.alice}`)).status).toBe(404);
  });
});

describe("provisioning into the target tenant", () => {
  test("start → the cycle creates the in-scope users in the target; revoke → quarantine; restore → recovery", async () => {
    await seedTenants();
    await allowSync();
    const c = await configure();
    await assign(c, ids.alice);
    await assign(c, ids.eng);
    await assign(c, ids.outer);
    expect((await src.post(`${job(c)}/start`)).status).toBe(204);

    const started = (await src.get(job(c))).data;
    expect(started.schedule.state).toBe("Active");
    expect(started.status).toMatchObject({ code: "Active", quarantine: null });
    expect(started.status.lastExecution).toMatchObject({ state: "Succeeded", countEntitled: 2, countExported: 2 });

    const users = await targetUsers();
    expect(users.map((u) => u.displayName).sort()).toEqual(["Alice", "Bob"]);
    const alice = users.find((u) => u.displayName === "Alice")!;
    expect(alice).toMatchObject({
      userPrincipalName: "alice_source.example#EXT#@target.example",
      userType: "Member",
      creationType: "Invitation",
      externalUserState: "Accepted",
      jobTitle: "Engineer",
      accountEnabled: true,
    });
    expect(alice.id).not.toBe(ids.alice);
    // Carol (not assigned), Erin (nested group member) and the guest (external) are not provisioned.
    const stored = await t.admin.users(target);
    expect(stored.find((u) => u.displayName === "Alice")?.synchronizedFrom).toEqual({
      tenantId: source,
      id: ids.alice,
    });

    // A second cycle updates what changed in the source.
    await t.admin.seedDirectory(
      {
        users: [
          {
            id: ids.alice,
            displayName: "Alice Smith",
            userPrincipalName: "alice@source.example",
            accountEnabled: false,
          },
        ],
      },
      source,
    );
    const [second] = await t.admin.runSyncCycle({ tenantId: source, servicePrincipalId: c.spId });
    expect(second.status.lastExecution).toMatchObject({ state: "Succeeded", countExported: 1 });
    expect((await targetUsers()).map((u) => u.displayName).sort()).toEqual(["Alice Smith", "Bob"]);
    expect((await targetUsers()).find((u) => u.displayName === "Alice Smith")).toMatchObject({
      id: alice.id,
      accountEnabled: false,
      userType: "Member",
    });

    // The target switches its sync policy off "in the portal".
    expect((await tgt.patch(syncPath(source), { userSyncInbound: { isSyncAllowed: false } })).status).toBe(204);
    const [quarantined] = await t.admin.runSyncCycle({ tenantId: source, jobId: c.jobId });
    expect(quarantined.status.code).toBe("Quarantine");
    expect(quarantined.status.quarantine).toMatchObject({
      reason: "EncounteredQuarantineException",
      seriesCount: 0,
      error: { code: "AzureDirectoryB2BManagementPolicyCheckFailure", tenantActionable: true },
    });
    expect(quarantined.status.lastExecution).toMatchObject({ state: "Failed" });
    const seen = (await src.get(job(c))).data;
    expect(seen.status.quarantine.error.message).toContain("has not allowed inbound synchronization");
    expect(seen.schedule.state).toBe("Active");
    const again = (await t.admin.runSyncCycle({ tenantId: source, jobId: c.jobId }))[0];
    expect(again.status.quarantine).toMatchObject({
      seriesCount: 1,
      seriesBegan: quarantined.status.quarantine!.seriesBegan,
    });

    // Restored: the next cycle recovers.
    expect((await tgt.patch(syncPath(source), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
    const [recovered] = await t.admin.runSyncCycle({ tenantId: source, jobId: c.jobId });
    expect(recovered.status).toMatchObject({ code: "Active", quarantine: null });
    expect(recovered.status.lastExecution).toMatchObject({ state: "Succeeded" });

    // Paused jobs do not run.
    expect((await src.post(`${job(c)}/pause`)).status).toBe(204);
    expect((await src.get(job(c))).data).toMatchObject({ schedule: { state: "Paused" }, status: { code: "Paused" } });
    expect((await t.admin.request("POST", "/_emulator/sync/run", { jobId: c.jobId })).status).toBe(409);
  });

  test("start without the target's consent quarantines at once; restart after the fix recovers", async () => {
    await seedTenants();
    const c = await configure();
    await assign(c, ids.alice);
    expect((await src.post(`${job(c)}/start`)).status).toBe(204);
    expect((await src.get(job(c))).data.status.code).toBe("Quarantine");
    expect(await targetUsers()).toEqual([]);
    await allowSync();
    expect((await src.post(`${job(c)}/restart`, { criteria: { resetScope: "Full" } })).status).toBe(204);
    expect((await src.get(job(c))).data.status).toMatchObject({ code: "Active", quarantine: null });
    expect((await targetUsers()).map((u) => u.displayName)).toEqual(["Alice"]);
  });

  test("provisionOnDemand: in scope → created (then redundant), out of scope → skipped, bad ruleId → 400", async () => {
    await seedTenants();
    await allowSync();
    const c = await configure();
    await assign(c, ids.eng);
    const ruleId = await userRuleId(c);
    const provision = (objectId: string, rule = ruleId) =>
      src.post(`${job(c)}/provisionOnDemand`, {
        parameters: [{ ruleId: rule, subjects: [{ objectId, objectTypeName: "User" }] }],
      });

    const created = await provision(ids.bob);
    expect(created.status).toBe(200);
    expect(created.data).toMatchObject({
      "@odata.context": expect.stringMatching(/\$metadata#microsoft\.graph\.stringKeyStringValuePair$/),
      key: "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo",
    });
    const [result] = JSON.parse(created.data.value);
    expect(result.statusInfo.status).toBe("Success");
    expect(result.action).toBe("Create");
    expect(result.provisioningSteps.map((s: { name: string }) => s.name)).toEqual([
      "EntryImport",
      "EntrySynchronizationScoping",
      "EntryImport",
      "EntryExportAdd",
    ]);
    expect((await targetUsers()).map((u) => u.displayName)).toEqual(["Bob"]);
    expect(result.targetIdentity.id).toBe((await targetUsers())[0].id);

    const [redundant] = JSON.parse((await provision(ids.bob)).data.value);
    expect(redundant.statusInfo).toMatchObject({ status: "Skipped", errorCode: "RedundantExport" });

    const [skipped] = JSON.parse((await provision(ids.carol)).data.value);
    expect(skipped.statusInfo).toMatchObject({ status: "Skipped", errorCode: "NotEffectivelyEntitled" });
    expect(skipped.statusInfo.reason).toContain("not assigned");
    const [external] = JSON.parse((await provision(ids.guest)).data.value);
    expect(external.statusInfo.status).toBe("Skipped");
    expect((await targetUsers()).map((u) => u.displayName)).toEqual(["Bob"]);

    const bad = await provision(ids.bob, "00000000-1111-4111-8111-000000000000");
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toContain("ruleId");
    expect((await provision("0d000000-0000-4000-8000-000000000000")).status).toBe(404);

    // The v1.0 page's shape, behind the switch.
    await t.admin.request("PATCH", "/_emulator/settings", { provisionOnDemandShape: "result" });
    const alt = await provision(ids.carol);
    expect(JSON.parse(alt.data.key)).toMatchObject({
      result: "Skipped",
      details: { errorCode: "NotEffectivelyEntitled" },
    });
    expect(JSON.parse(alt.data.value).statusInfo.status).toBe("Skipped");
  });

  test("provisionOnDemandRateLimit: the documented 5 per 10 seconds answers 429 with Retry-After", async () => {
    await seedTenants();
    await allowSync();
    const c = await configure();
    await assign(c, ids.alice);
    await t.admin.request("PATCH", "/_emulator/settings", {
      provisionOnDemandRateLimit: { requests: 5, windowMs: 10_000 },
    });
    const body = {
      parameters: [{ ruleId: await userRuleId(c), subjects: [{ objectId: ids.alice, objectTypeName: "User" }] }],
    };
    for (let i = 0; i < 5; i++) expect((await src.post(`${job(c)}/provisionOnDemand`, body)).status).toBe(200);
    const limited = await src.post(`${job(c)}/provisionOnDemand`, body);
    expect(limited.status).toBe(429);
    expect(limited.data.error.code).toBe("TooManyRequests");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });

  test("provisionOnDemand fails with the policy check error while the target does not allow sync", async () => {
    await seedTenants();
    const c = await configure();
    await assign(c, ids.alice);
    const r = await src.post(`${job(c)}/provisionOnDemand`, {
      parameters: [{ ruleId: await userRuleId(c), subjects: [{ objectId: ids.alice, objectTypeName: "User" }] }],
    });
    expect(r.status).toBe(200);
    const [result] = JSON.parse(r.data.value);
    expect(result.statusInfo).toMatchObject({
      status: "Failure",
      errorCode: "AzureDirectoryB2BManagementPolicyCheckFailure",
    });
    expect(await targetUsers()).toEqual([]);
  });
});

describe("permissions", () => {
  const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

  test("sync endpoints without Synchronization.ReadWrite.All: the bare 401 UnknownError", async () => {
    const c = await configure();
    const token = await t.admin.mintToken({ roles: ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"] });
    for (const [method, url] of [
      ["get", jobs(c)],
      ["get", job(c)],
      ["post", `${job(c)}/start`],
    ] as const) {
      const r = await t.http.request({ method, url, ...bearer(token) });
      expect(r.status).toBe(401);
      expect(r.data.error).toMatchObject({ code: "UnknownError", message: "" });
      expect(r.data.error.innerError).toHaveProperty("request-id");
    }
    // Synchronization.Read.All reads but does not write.
    const reader = await t.admin.mintToken({ roles: ["Synchronization.Read.All"] });
    expect((await t.http.get(jobs(c), bearer(reader))).status).toBe(200);
    expect((await t.http.post(`${job(c)}/pause`, {}, bearer(reader))).status).toBe(401);
    await t.admin.request("PATCH", "/_emulator/settings", { syncMissingPermission: "forbidden" });
    expect((await t.http.get(jobs(c), bearer(token))).status).toBe(403);
  });

  test("applications need Application.ReadWrite.All, assignments AppRoleAssignment.ReadWrite.All (403)", async () => {
    await seedTenants();
    const c = await configure();
    const policyOnly = await t.admin.mintToken({ roles: ["Policy.ReadWrite.CrossTenantAccess"] });
    const instantiate = await t.http.post(
      `/v1.0/applicationTemplates/${TEMPLATE}/instantiate`,
      { displayName: "X" },
      bearer(policyOnly),
    );
    expect(instantiate.status).toBe(403);
    expect(instantiate.data.error.code).toBe("Authorization_RequestDenied");
    const appsOnly = await t.admin.mintToken({ roles: ["Application.ReadWrite.All"] });
    const assignment = await t.http.post(
      `/v1.0/servicePrincipals/${c.spId}/appRoleAssignedTo`,
      { principalId: ids.alice, resourceId: c.spId, appRoleId: c.appRoleId },
      bearer(appsOnly),
    );
    expect(assignment.status).toBe(403);
    expect((await t.http.get(`/v1.0/users/${ids.alice}`, bearer(appsOnly))).status).toBe(403);
    expect((await t.http.get(`/v1.0/servicePrincipals/${c.spId}`, bearer(appsOnly))).status).toBe(200);
  });
});

test("deleting the application removes its service principal, jobs, secrets and assignments", async () => {
  await seedTenants();
  const c = await configure();
  await assign(c, ids.alice);
  const other = await configure("Other");
  expect((await src.delete(`/v1.0/applications/${c.appObjectId}`)).status).toBe(204);
  expect((await src.get(`/v1.0/applications/${c.appObjectId}`)).status).toBe(404);
  expect((await src.get(`/v1.0/servicePrincipals/${c.spId}`)).status).toBe(404);
  expect((await src.get(jobs(c))).status).toBe(404);
  const state = await t.admin.state(source);
  expect(state.servicePrincipals.map((s) => s.id)).toEqual([other.spId]);
  expect(state.syncJobs.map((j) => j.id)).toEqual([other.jobId]);
  expect(state.syncSecrets.map((s) => s.id)).toEqual([other.spId]);
  expect(state.appRoleAssignments).toEqual([]);
  expect((await src.delete(`/v1.0/applications/${c.appObjectId}`)).status).toBe(404);
});

test("the file store keeps users, groups, applications, service principals, assignments, jobs and secrets", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-source-"));
  const dataFile = path.join(dir, "state.json");
  try {
    const first = await startTestEmulator({ dataDir: dir, dataFile });
    let spId: string;
    let jobId: string;
    let ruleId: string;
    try {
      await first.admin.seedDirectory(
        {
          users: [{ id: ids.alice, displayName: "Alice", userPrincipalName: "alice@source.example" }],
          groups: [{ id: ids.eng, displayName: "Engineering", members: [ids.alice] }],
        },
        first.defaults.tenantId,
      );
      const g = await first.graph();
      const created = await g.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName: "Kept" });
      spId = created.data.servicePrincipal.id;
      jobId = (await g.post(`/v1.0/servicePrincipals/${spId}/synchronization/jobs`, { templateId: "Azure2Azure" })).data
        .id;
      ruleId = (await g.get(`/v1.0/servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`)).data
        .synchronizationRules[0].id;
      expect(
        (
          await g.post(`/v1.0/servicePrincipals/${spId}/appRoleAssignedTo`, {
            principalId: ids.eng,
            resourceId: spId,
            appRoleId: created.data.servicePrincipal.appRoles[0].id,
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await g.put(`/v1.0/servicePrincipals/${spId}/synchronization/secrets`, {
            value: [{ key: "CompanyId", value: first.defaults.second.tenantId }],
          })
        ).status,
      ).toBe(204);
      const onDisk = JSON.parse(fs.readFileSync(dataFile, "utf8"));
      expect(onDisk.servicePrincipals.map((s: { id: string }) => s.id)).toEqual([spId]);
      expect(onDisk.syncSecrets).toEqual([
        { id: spId, value: [{ key: "CompanyId", value: first.defaults.second.tenantId }] },
      ]);
    } finally {
      await first.stop();
    }
    const second = await startTestEmulator({ dataDir: dir, dataFile });
    try {
      const g = await second.graph();
      expect((await g.get(`/v1.0/users/${ids.alice}`)).data.displayName).toBe("Alice");
      expect((await g.get(`/v1.0/groups/${ids.eng}/members`)).data.value.map((m: { id: string }) => m.id)).toEqual([
        ids.alice,
      ]);
      expect((await g.get(`/v1.0/servicePrincipals/${spId}`)).data.displayName).toBe("Kept");
      expect((await g.get(`/v1.0/servicePrincipals/${spId}/appRoleAssignedTo`)).data.value).toHaveLength(1);
      const jobRead = await g.get(`/v1.0/servicePrincipals/${spId}/synchronization/jobs/${jobId}`);
      expect(jobRead.data.id).toBe(jobId);
      const schema = await g.get(`/v1.0/servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`);
      expect(schema.data.synchronizationRules[0].id).toBe(ruleId);
      expect((await second.admin.state()).syncSecrets).toHaveLength(1);
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("seed errors name the item and the fix", async () => {
  const bad = async (seed: unknown) => (await t.admin.request("POST", "/_emulator/seed", seed)).text;
  expect(await bad({ users: [{ userPrincipalName: "a@x.example" }] })).toContain(
    "seed.users[0].displayName is required",
  );
  expect(await bad({ users: [{ displayName: "A", userPrincipalName: "a@x", colour: "red" }] })).toContain(
    "unknown user property 'colour'",
  );
  expect(await bad({ groups: [{ displayName: "G", members: ["0d000000-0000-4000-8000-000000000000"] }] })).toContain(
    "is no user or group of this tenant",
  );
  expect((await t.admin.state()).users).toEqual([]);
});

test("the source side's settings are checked like the others", async () => {
  const patch = (body: unknown) => t.admin.request("PATCH", "/_emulator/settings", body);
  expect((await patch({ servicePrincipalReadLagMs: -1 })).text).toContain("servicePrincipalReadLagMs' must be");
  expect((await patch({ provisionOnDemandShape: "other" })).status).toBe(400);
  expect((await patch({ syncMissingPermission: "ignore" })).status).toBe(400);
  expect((await patch({ validateCredentialsError: { status: 200, code: "X" } })).status).toBe(400);
  const ok = await patch({ syncCycleOnStart: false, syncedUserCreationType: null });
  expect(ok.body).toMatchObject({ syncCycleOnStart: false, syncedUserCreationType: null });
});
