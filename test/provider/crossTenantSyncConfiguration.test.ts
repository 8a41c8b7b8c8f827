/**
 * CrossTenantSyncConfiguration through the runtime (what the Pulumi host calls) against the emulator over HTTPS:
 * the source tenant is the emulator's home tenant, the target its second tenant. Graph calls per step are counted
 * from the emulator's request log.
 */
import { randomUUID } from "crypto";
import { callsSince, runtimeFor, TestEmulator, useTestEmulator } from "./harness";
import { startLossyProxy } from "./lossyProxy";
import type { TypeProvider } from "../../provider/host/runtime";
import type { RequestLogEntry } from "../../emulator";
import {
  DEFAULT_TENANT_ID,
  ROLE_APP_ROLE_ASSIGNMENT_WRITE,
  ROLE_APPLICATION_WRITE,
  ROLE_READ,
  ROLE_WRITE,
} from "../../emulator";

const TYPE = "CrossTenantSyncConfiguration";
const TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const ALICE = "a11ce000-0000-4000-8000-000000000001";
const BOB = "b0b00000-0000-4000-8000-000000000002";
const SALES = "5a1e5000-0000-4000-8000-00000000000a";

/** An app with every permission but the synchronization ones (the bare 401 case). */
const NO_SYNC = { clientId: randomUUID(), clientSecret: "no-sync-secret" };

let t: TestEmulator;
let SOURCE: string;
let TARGET: string;
useTestEmulator(
  (e) => {
    t = e;
    SOURCE = e.defaults.tenantId;
    TARGET = e.defaults.second.tenantId;
  },
  {
    emulator: {
      apps: [
        {
          name: "noSync",
          tenantId: DEFAULT_TENANT_ID,
          ...NO_SYNC,
          roles: [ROLE_READ, ROLE_WRITE, ROLE_APPLICATION_WRITE, ROLE_APP_ROLE_ASSIGNMENT_WRITE],
        },
      ],
    },
  },
);

/** The source directory, and (unless `allowed` is false) both tenants' consent and the target's sync policy. */
async function seed(allowed = true): Promise<void> {
  await t.admin.seed({
    tenantId: SOURCE,
    users: [
      { id: ALICE, displayName: "Alice", userPrincipalName: "alice@source.example" },
      { id: BOB, displayName: "Bob", userPrincipalName: "bob@source.example" },
    ],
    groups: [{ id: SALES, displayName: "Sales", members: [BOB] }],
    partners: [{ tenantId: TARGET, automaticUserConsentSettings: { outboundAllowed: true } }],
  });
  if (allowed) await allowInTarget();
}

async function allowInTarget(): Promise<void> {
  await t.admin.seed({
    tenantId: TARGET,
    partners: [{ tenantId: SOURCE, automaticUserConsentSettings: { inboundAllowed: true } }],
    policies: [{ tenantId: SOURCE, userSyncInbound: { isSyncAllowed: true } }],
  });
}

async function provider(overrides: Record<string, string> = {}): Promise<TypeProvider> {
  return (await runtimeFor(t, "readWrite", overrides)).provider(TYPE);
}

const program = (over: Record<string, unknown> = {}) => ({
  displayName: "Sync to Fabrikam",
  targetTenantId: TARGET,
  scope: { users: [ALICE], groups: [SALES] },
  notificationEmail: "identity@source.example",
  ...over,
});

/** `METHOD path status`, the path without the API version and the service principal's and job's IDs. */
function line(c: RequestLogEntry, ids: Record<string, string> = {}): string {
  let p = `${c.path.replace(/^\/(v1\.0|beta)/, "")}${c.query ? `?${decodeURIComponent(c.query)}` : ""}`;
  for (const [name, id] of Object.entries(ids)) if (id) p = p.split(id).join(`{${name}}`);
  return `${c.method} ${p} ${c.status}`;
}

/** Graph calls of the source tenant since the last step. */
function stepper() {
  let mark = 0;
  return {
    async start() {
      mark = await t.admin.lastSeq();
    },
    async step(ids: Record<string, string> = {}): Promise<string[]> {
      const c = await callsSince(t, mark);
      mark = await t.admin.lastSeq();
      return c.graph.map((e) => line(e, ids));
    },
  };
}

type Outs = Record<string, any>;
const idsOf = (o: Outs) => ({ sp: o.servicePrincipalId, app: o.applicationObjectId, job: o.jobId });

async function applications(): Promise<Record<string, unknown>[]> {
  return (await t.admin.applications(SOURCE)) as Record<string, unknown>[];
}

async function createdConfig(p: TypeProvider, over: Record<string, unknown> = {}) {
  const checked = await p.check({}, program(over));
  expect(checked.failures).toEqual([]);
  const created = await p.create(checked.inputs);
  return { checked, created, outs: created.outs as Outs };
}

/** The error a failed call threw, with the partial-init fields the host reads. */
async function failure(p: Promise<unknown>): Promise<Error & { id?: string; properties?: Outs }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { id?: string; properties?: Outs };
  }
  throw new Error("expected a failure");
}

describe("create", () => {
  it("runs in Graph's order: find by name, instantiate, SP readable, job, secrets, validate, assign, schema, start", async () => {
    await seed();
    const p = await provider();
    const s = stepper();
    await s.start();
    const checked = await p.check({}, program());
    expect(checked.failures).toEqual([]);
    expect(await s.step()).toEqual([]); // check: no Graph call

    const created = await p.create(checked.inputs);
    const outs = created.outs as Outs;
    const ids = idsOf(outs);
    expect(created.id).toBe(outs.servicePrincipalId);
    expect(await s.step(ids)).toEqual([
      `GET /servicePrincipals?$filter=applicationTemplateId eq '${TEMPLATE}' 200`,
      `POST /applicationTemplates/${TEMPLATE}/instantiate 201`,
      "GET /servicePrincipals/{sp} 200",
      "POST /servicePrincipals/{sp}/synchronization/jobs 201",
      "PUT /servicePrincipals/{sp}/synchronization/secrets 204",
      "POST /servicePrincipals/{sp}/synchronization/jobs/validateCredentials 204",
      "POST /servicePrincipals/{sp}/appRoleAssignedTo 201",
      "POST /servicePrincipals/{sp}/appRoleAssignedTo 201",
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
      "POST /servicePrincipals/{sp}/synchronization/jobs/{job}/start 204",
    ]);
    expect(outs).toMatchObject({
      displayName: "Sync to Fabrikam",
      targetTenantId: TARGET,
      scope: { syncAll: false, users: [ALICE], groups: [SALES] },
      provisioningEnabled: true,
      notificationEmail: "identity@source.example",
      onDestroy: "delete",
      adopted: false,
      jobStatus: { state: "Active" },
    });
    expect(Object.keys(outs.assignments).sort()).toEqual([ALICE, SALES].sort());
    expect(outs.userRuleId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outs.pending).toBeUndefined();
    const secrets = ((await t.admin.state(SOURCE)).syncSecrets as Outs[]).find((x) => x.id === outs.servicePrincipalId);
    expect(secrets?.value).toEqual([
      { key: "AuthenticationType", value: "SyncPolicy" },
      { key: "CompanyId", value: TARGET },
      {
        key: "SyncNotificationSettings",
        value: '{"Enabled":true,"Recipients":"identity@source.example","DeleteThresholdEnabled":false}',
      },
      { key: "SyncAll", value: "false" },
    ]);
    expect(await applications()).toHaveLength(1);

    // Refresh with nothing changed: three reads, and the program diffs as no change; a preview makes no call.
    const read = await p.read(created.id, created.outs);
    expect(await s.step(ids)).toEqual([
      "GET /servicePrincipals/{sp} 200",
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job} 200",
      "GET /servicePrincipals/{sp}/appRoleAssignedTo 200",
    ]);
    expect(read.inputs).toEqual(checked.inputs);
    const again = await p.check(read.inputs ?? {}, program());
    expect(await p.diff(created.id, read.props ?? {}, again.inputs)).toMatchObject({ changes: false });
    expect(await s.step()).toEqual([]);
  });

  it("waits for a new service principal to become readable (bounded), then goes on", async () => {
    await seed();
    await t.admin.settings({ servicePrincipalReadLagMs: 600 });
    const p = await provider();
    const s = stepper();
    await s.start();
    const { outs } = await createdConfig(p);
    const calls = await s.step(idsOf(outs));
    expect(calls.filter((c) => c === "GET /servicePrincipals/{sp} 404").length).toBeGreaterThan(0);
    expect(calls.filter((c) => c === "GET /servicePrincipals/{sp} 200")).toHaveLength(1);
    expect(outs.pending).toBeUndefined();
  });

  it("a 503 on the secrets PUT beyond retries after the application exists: partial state; the next up finishes with ONE application", async () => {
    await seed();
    const p = await provider();
    await t.admin.addFault({
      match: { method: "PUT", path: "synchronization/secrets" },
      times: "always",
      action: { type: "status", status: 503, code: "ServiceUnavailable", message: "try later" },
    });
    const checked = await p.check({}, program());
    const e = await failure(p.create(checked.inputs));
    expect(e.message).toMatch(
      /^entra:CrossTenantSyncConfiguration: cannot write the synchronization secrets of the cross-tenant synchronization configuration "Sync to Fabrikam" \(service principal [0-9a-f-]{36}\): Graph PUT \/v1\.0\/servicePrincipals\/[0-9a-f-]{36}\/synchronization\/secrets failed: 503 ServiceUnavailable: try later \(request-id: [^,]+, client-request-id: [^,]+, .*attempts: \d+\)\. Graph kept failing on its side/,
    );
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    const partial = e.properties as Outs;
    expect(partial).toMatchObject({
      servicePrincipalId: e.id,
      pending: ["secrets", "validate", "assignments", "schema", "start"],
      assignments: {},
      provisioningEnabled: false,
    });
    expect(partial.jobId).toBeDefined();
    await t.admin.clearFaults();

    // The next up: the engine diffs the partial state against the program, then updates it.
    const d = await p.diff(e.id!, partial, checked.inputs);
    expect(d.changes).toBe(true);
    const s = stepper();
    await s.start();
    const updated = await p.update(e.id!, partial, checked.inputs);
    expect(await s.step(idsOf(partial))).toEqual([
      "PUT /servicePrincipals/{sp}/synchronization/secrets 204",
      "POST /servicePrincipals/{sp}/synchronization/jobs/validateCredentials 204",
      "POST /servicePrincipals/{sp}/appRoleAssignedTo 201",
      "POST /servicePrincipals/{sp}/appRoleAssignedTo 201",
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
      "POST /servicePrincipals/{sp}/synchronization/jobs/{job}/start 204",
    ]);
    expect((updated.outs as Outs).pending).toBeUndefined();
    expect(await applications()).toHaveLength(1);
    expect((await t.admin.servicePrincipals(SOURCE)).filter((x) => x.applicationTemplateId === TEMPLATE)).toHaveLength(
      1,
    );
  });

  it("an instantiate answered only on its retry: the configurations with the name are checked again, one application", async () => {
    await seed();
    const p = await provider();
    await t.admin.addFault({
      match: { method: "POST", path: "instantiate" },
      times: 1,
      action: { type: "status", status: 500, code: "InternalServerError", message: "boom" },
    });
    const s = stepper();
    await s.start();
    const { outs } = await createdConfig(p);
    expect((await s.step(idsOf(outs))).slice(0, 5)).toEqual([
      `GET /servicePrincipals?$filter=applicationTemplateId eq '${TEMPLATE}' 200`,
      `POST /applicationTemplates/${TEMPLATE}/instantiate 500`,
      `POST /applicationTemplates/${TEMPLATE}/instantiate 201`,
      `GET /servicePrincipals?$filter=applicationTemplateId eq '${TEMPLATE}' 200`,
      "GET /servicePrincipals/{sp} 200",
    ]);
    expect(outs.pending).toBeUndefined();
    expect(await applications()).toHaveLength(1);
  });

  it("an instantiate that landed but whose answer was lost, then retried: the second copy is deleted, saying so", async () => {
    await seed();
    // The token is for the proxy's address: the emulator is told not to mind the audience.
    await t.admin.settings({ checkAudience: false });
    const proxy = await startLossyProxy(t.url);
    try {
      // The debug log shows each request as it is sent: the first instantiate's answer is the one dropped.
      let armed = false;
      const rt = await runtimeFor(
        t,
        "readWrite",
        { "entra:graphEndpoint": proxy.url, "entra:debug": "true" },
        {
          logSink: (l) => {
            if (armed || !/^\[entra\] --> POST .*\/instantiate/.test(l)) return;
            armed = true;
            proxy.dropNextResponse();
          },
        },
      );
      const p = rt.provider(TYPE);
      const lines: string[] = [];
      const spy = jest.spyOn(console, "log").mockImplementation((l: unknown) => void lines.push(String(l)));
      let outs: Outs;
      const s = stepper();
      await s.start();
      try {
        outs = (await createdConfig(p)).outs;
      } finally {
        spy.mockRestore();
      }
      const calls = await s.step(idsOf(outs));
      expect(calls.slice(0, 6)).toEqual([
        `GET /servicePrincipals?$filter=applicationTemplateId eq '${TEMPLATE}' 200`,
        `POST /applicationTemplates/${TEMPLATE}/instantiate 201`,
        `POST /applicationTemplates/${TEMPLATE}/instantiate 201`,
        `GET /servicePrincipals?$filter=applicationTemplateId eq '${TEMPLATE}' 200`,
        expect.stringMatching(/^GET \/applications\?\$filter=appId eq '[0-9a-f-]{36}' 200$/),
        expect.stringMatching(/^DELETE \/applications\/[0-9a-f-]{36} 204$/),
      ]);
      expect(lines).toEqual([
        expect.stringMatching(
          /^entra:CrossTenantSyncConfiguration: deleted a second copy of the configuration "Sync to Fabrikam" \(service principal [0-9a-f-]{36}\) that a retried create request made; the configuration is service principal [0-9a-f-]{36}\.$/,
        ),
      ]);
      expect(lines[0]).toContain(`the configuration is service principal ${outs.servicePrincipalId}.`);
      expect((await applications()).map((a) => a.id)).toEqual([outs.applicationObjectId]);
      expect(outs.pending).toBeUndefined();
    } finally {
      await proxy.stop();
    }
  });

  it("an instantiate that fails through every retry: an error with Graph's answer, no application", async () => {
    await seed();
    const p = await provider();
    await t.admin.addFault({
      match: { method: "POST", path: "instantiate" },
      times: "always",
      action: { type: "status", status: 500, code: "InternalServerError", message: "boom" },
    });
    const checked = await p.check({}, program());
    const e = await failure(p.create(checked.inputs));
    expect(e.message).toMatch(
      /^entra:CrossTenantSyncConfiguration: cannot create the cross-tenant synchronization configuration "Sync to Fabrikam": Graph POST \/v1\.0\/applicationTemplates\/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7\/instantiate failed: 500 InternalServerError: boom/,
    );
    expect(e.id).toBeUndefined();
    expect(await applications()).toEqual([]);
  });

  it("a partial create through a named connection keeps the connection in the saved outputs (no replace next time)", async () => {
    await seed(false);
    const rw = t.defaults.readWrite;
    const p = await provider({
      "entra:connections": JSON.stringify({
        source: { tenantId: SOURCE, clientId: rw.clientId, clientSecret: rw.clientSecret },
      }),
    });
    const checked = await p.check({}, { ...program(), connection: "source" });
    expect(checked.failures).toEqual([]);
    const e = await failure(p.create(checked.inputs));
    expect(e.properties).toMatchObject({
      connection: "source",
      pending: ["validate", "assignments", "schema", "start"],
    });
    const d = await p.diff(e.id!, e.properties!, checked.inputs);
    expect(d).toMatchObject({ changes: true, replaces: [] });
  });

  it("a target that does not allow sync: partial state and a message naming the target's two objects; up converges once allowed", async () => {
    await seed(false);
    const p = await provider();
    const checked = await p.check({}, program());
    const e = await failure(p.create(checked.inputs));
    expect(e.message).toContain(
      `entra:CrossTenantSyncConfiguration: the target tenant ${TARGET} does not accept synchronization from this tenant, so the credentials of the cross-tenant synchronization configuration "Sync to Fabrikam" (service principal ${e.id}) do not validate (Graph: 400 `,
    );
    expect(e.message).toContain(
      `In the target tenant ${TARGET} (its connection), add for this (source) tenant: a CrossTenantIdentitySyncPolicyPartner with userSyncInbound: { isSyncAllowed: true } ` +
        `and a CrossTenantAccessPolicyConfigurationPartner with automaticUserConsentSettings: { inboundAllowed: true }; in this tenant, a CrossTenantAccessPolicyConfigurationPartner for ${TARGET} ` +
        "with automaticUserConsentSettings: { outboundAllowed: true }. CrossTenantSyncPartnership declares all of them in the order that validates. " +
        `Then run pulumi up again: the configuration's application ${(e.properties as Outs).applicationObjectId} exists and is kept in state, and the next up continues from this step.`,
    );
    expect(e.message).toMatch(/request-id: [0-9a-f-]{36}/);
    expect((e.properties as Outs).pending).toEqual(["validate", "assignments", "schema", "start"]);

    await allowInTarget();
    const updated = await p.update(e.id!, e.properties!, checked.inputs);
    expect((updated.outs as Outs).pending).toBeUndefined();
    expect((updated.outs as Outs).jobStatus.state).toBe("Active");
    expect(await applications()).toHaveLength(1);
  });

  it("without Synchronization.ReadWrite.All: the bare 401 is explained with the three permissions and Graph's request-id", async () => {
    await seed();
    const p = await provider({ "entra:clientId": NO_SYNC.clientId, "entra:clientSecret": NO_SYNC.clientSecret });
    const checked = await p.check({}, program());
    const e = await failure(p.create(checked.inputs));
    expect(e.message).toMatch(
      new RegExp(
        '^entra:CrossTenantSyncConfiguration: cannot create the synchronization job of the cross-tenant synchronization configuration "Sync to Fabrikam" \\(service principal [0-9a-f-]{36}\\): ' +
          "Graph answered 401 UnknownError on a synchronization endpoint, which is how it reports a missing permission there \\(not as a 403 naming it\\)\\. " +
          "Grant the application Microsoft Graph application permissions Synchronization\\.ReadWrite\\.All, Application\\.ReadWrite\\.All, AppRoleAssignment\\.ReadWrite\\.All " +
          "with admin consent in this \\(source\\) tenant \\(Entra admin center > App registrations > the app > API permissions\\), then run pulumi up again\\. " +
          "Graph: 401 UnknownError on POST /v1\\.0/servicePrincipals/[0-9a-f-]{36}/synchronization/jobs; request-id: [0-9a-f-]{36}, client-request-id: [0-9a-f-]{36}\\.$",
      ),
    );
    // The application exists: kept in state, so the next up (with the permission) finishes it.
    expect(e.id).toBeDefined();
    expect((e.properties as Outs).pending).toEqual(["job", "secrets", "validate", "assignments", "schema", "start"]);
  });

  it("takes over an existing configuration with the same name and template: adopted, never a second application", async () => {
    await seed();
    const made = await t.admin.graph("POST", `/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, {
      displayName: "Sync to Fabrikam",
    });
    expect(made.status).toBe(201);
    const p = await provider();
    const s = stepper();
    await s.start();
    const { outs } = await createdConfig(p);
    expect(outs.adopted).toBe(true);
    expect(typeof outs.adoptedAt).toBe("string");
    expect(outs.servicePrincipalId).toBe(String((made.body as Outs).servicePrincipal.id).toLowerCase());
    expect(await s.step(idsOf(outs))).toEqual([
      `GET /servicePrincipals?$filter=applicationTemplateId eq '${TEMPLATE}' 200`,
      `GET /applications?$filter=appId eq '${outs.appId}' 200`,
      "GET /servicePrincipals/{sp}/synchronization/jobs 200",
      "GET /servicePrincipals/{sp}/appRoleAssignedTo 200",
      "POST /servicePrincipals/{sp}/synchronization/jobs 201",
      "PUT /servicePrincipals/{sp}/synchronization/secrets 204",
      "POST /servicePrincipals/{sp}/synchronization/jobs/validateCredentials 204",
      "POST /servicePrincipals/{sp}/appRoleAssignedTo 201",
      "POST /servicePrincipals/{sp}/appRoleAssignedTo 201",
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
      "POST /servicePrincipals/{sp}/synchronization/jobs/{job}/start 204",
    ]);
    expect(await applications()).toHaveLength(1);
  });
});

describe("refresh and update", () => {
  it("a pause and a removed assignment in the portal are found by refresh and restored by up, call by call", async () => {
    await seed();
    const p = await provider();
    const { checked, created, outs } = await createdConfig(p);
    const sp = outs.servicePrincipalId as string;
    // The portal: pause the job, remove Alice.
    expect(
      (await t.admin.graph("POST", `/v1.0/servicePrincipals/${sp}/synchronization/jobs/${outs.jobId}/pause`)).status,
    ).toBe(204);
    expect(
      (await t.admin.graph("DELETE", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo/${outs.assignments[ALICE]}`))
        .status,
    ).toBe(204);

    const read = await p.read(created.id, created.outs);
    const props = read.props as Outs;
    expect(props.provisioningEnabled).toBe(false);
    expect(props.jobStatus.state).toBe("Paused");
    expect(props.scope).toEqual({ syncAll: false, users: [], groups: [SALES] });
    expect(read.inputs).toMatchObject({ provisioningEnabled: false, scope: { users: [], groups: [SALES] } });

    const d = await p.diff(created.id, props, checked.inputs);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const s = stepper();
    await s.start();
    const updated = await p.update(created.id, props, checked.inputs);
    expect(await s.step(idsOf(outs))).toEqual([
      "POST /servicePrincipals/{sp}/appRoleAssignedTo 201",
      "POST /servicePrincipals/{sp}/synchronization/jobs/{job}/start 204",
    ]);
    expect(updated.outs).toMatchObject({ provisioningEnabled: true, scope: { users: [ALICE], groups: [SALES] } });
    expect((await t.admin.appRoleAssignments(SOURCE)).map((a) => a.principalId).sort()).toEqual([ALICE, SALES].sort());
  });

  it("update changes only what changed: one removal, one rename (application + SP), secrets only for notifications", async () => {
    await seed();
    const p = await provider();
    const { outs } = await createdConfig(p);
    const s = stepper();
    await s.start();
    const news = (await p.check({}, program({ displayName: "Sync to Fabrikam (EU)", scope: { groups: [SALES] } })))
      .inputs;
    await p.update(outs.servicePrincipalId, outs, news);
    expect(await s.step({ ...idsOf(outs), assignment: outs.assignments[ALICE] })).toEqual([
      "PATCH /applications/{app} 204",
      "PATCH /servicePrincipals/{sp} 204",
      "DELETE /servicePrincipals/{sp}/appRoleAssignedTo/{assignment} 204",
    ]);

    const quiet = (await p.check({}, program({ notificationEmail: undefined, accidentalDeletionThreshold: 50 })))
      .inputs;
    await p.update(outs.servicePrincipalId, outs, quiet);
    expect(await s.step(idsOf(outs))).toEqual(["PUT /servicePrincipals/{sp}/synchronization/secrets 204"]);
  });

  it("refresh reports a quarantined job with Graph's reason and what to do; a 404 of the service principal means gone", async () => {
    await seed();
    const p = await provider();
    const { created, outs } = await createdConfig(p);
    // The target revokes its sync policy "in the portal"; the next cycle quarantines the job.
    await t.admin.graph(
      "PATCH",
      `/v1.0/policies/crossTenantAccessPolicy/partners/${SOURCE}/identitySynchronization`,
      { userSyncInbound: { isSyncAllowed: false } },
      { tenantId: TARGET },
    );
    await t.admin.runSyncCycle({ tenantId: SOURCE, servicePrincipalId: outs.servicePrincipalId });
    const lines: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((l: unknown) => void lines.push(String(l)));
    let read;
    try {
      read = await p.read(created.id, created.outs);
    } finally {
      spy.mockRestore();
    }
    const status = (read.props as Outs).jobStatus;
    expect(status).toMatchObject({
      state: "Active",
      code: "Quarantine",
      quarantine: { reason: "EncounteredQuarantineException" },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^entra:CrossTenantSyncConfiguration: the synchronization job of configuration "Sync to Fabrikam" is in quarantine since \S+ \(EncounteredQuarantineException — .+\): Graph retries it less often and provisions no one until the cause is fixed\. If the target tenant stopped allowing synchronization, restore in /,
    );

    // A failure other than 404 fails the refresh and keeps the resource.
    await t.admin.addFault({
      match: { method: "GET", path: "appRoleAssignedTo" },
      times: "always",
      action: { type: "status", status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges" },
    });
    const denied = await failure(p.read(created.id, created.outs));
    expect(denied.message).toMatch(
      /^entra:CrossTenantSyncConfiguration: cannot read the cross-tenant synchronization configuration "Sync to Fabrikam" \(service principal [0-9a-f-]{36}\): the application lacks a permission\. Grant the application Microsoft Graph application permissions Synchronization\.ReadWrite\.All, Application\.ReadWrite\.All, AppRoleAssignment\.ReadWrite\.All with admin consent/,
    );
    expect(denied.message).toContain("Graph: 403 Authorization_RequestDenied: Insufficient privileges on GET /v1.0/");
    await t.admin.clearFaults();

    // Deleted in the portal: refresh drops it (404 only).
    await t.admin.graph("DELETE", `/v1.0/applications/${outs.applicationObjectId}`);
    expect(await p.read(created.id, created.outs)).toEqual({ id: "" });
  });
});

describe("scope", () => {
  it("syncAll: SyncAll true in the secrets, no assignment; paused when provisioningEnabled is false", async () => {
    await seed();
    const p = await provider();
    const s = stepper();
    await s.start();
    const { outs } = await createdConfig(p, { scope: { syncAll: true }, provisioningEnabled: false });
    expect(await s.step(idsOf(outs))).toEqual([
      `GET /servicePrincipals?$filter=applicationTemplateId eq '${TEMPLATE}' 200`,
      `POST /applicationTemplates/${TEMPLATE}/instantiate 201`,
      "GET /servicePrincipals/{sp} 200",
      "POST /servicePrincipals/{sp}/synchronization/jobs 201",
      "PUT /servicePrincipals/{sp}/synchronization/secrets 204",
      "POST /servicePrincipals/{sp}/synchronization/jobs/validateCredentials 204",
      "GET /servicePrincipals/{sp}/synchronization/jobs/{job}/schema 200",
    ]);
    expect(outs).toMatchObject({
      scope: { syncAll: true, users: [], groups: [] },
      provisioningEnabled: false,
      assignments: {},
    });
    const secrets = ((await t.admin.state(SOURCE)).syncSecrets as Outs[])[0].value as Outs[];
    expect(secrets.find((x) => x.key === "SyncAll")).toEqual({ key: "SyncAll", value: "true" });
  });

  it("a user that does not exist in the source tenant: a message naming it and the fix; the rest is kept", async () => {
    await seed();
    const p = await provider();
    const ghost = "9a057000-0000-4000-8000-000000000099";
    const checked = await p.check({}, program({ scope: { users: [ghost] } }));
    const e = await failure(p.create(checked.inputs));
    expect(e.message).toMatch(
      new RegExp(
        `^entra:CrossTenantSyncConfiguration: cannot assign ${ghost} to the cross-tenant synchronization configuration "Sync to Fabrikam" \\(service principal ${e.id}\\): ` +
          "no user or group with that object ID exists in this \\(source\\) tenant \\(Graph: 404 \\S+; request-id: [0-9a-f-]{36}\\)\\. " +
          "Fix scope.users / scope.groups \\(object IDs of this tenant\\), then run pulumi up again\\.$",
      ),
    );
    expect((e.properties as Outs).pending).toEqual(["assignments", "schema", "start"]);
  });
});

describe("delete", () => {
  it('onDestroy "delete": pause, then delete the application (its SP and job go with it); 404 = already gone', async () => {
    await seed();
    const p = await provider();
    const { outs } = await createdConfig(p);
    const s = stepper();
    await s.start();
    await p.delete(outs.servicePrincipalId, outs);
    expect(await s.step(idsOf(outs))).toEqual([
      "POST /servicePrincipals/{sp}/synchronization/jobs/{job}/pause 204",
      "DELETE /applications/{app} 204",
    ]);
    expect(await applications()).toEqual([]);
    await p.delete(outs.servicePrincipalId, outs); // gone already: no error
    expect((await s.step(idsOf(outs))).map((c) => c.slice(-3))).toEqual(["404", "404"]);
  });

  it('onDestroy "pause": only pauses the job; the configuration stays', async () => {
    await seed();
    const p = await provider();
    const { outs } = await createdConfig(p, { onDestroy: "pause" });
    const s = stepper();
    await s.start();
    await p.delete(outs.servicePrincipalId, outs);
    expect(await s.step(idsOf(outs))).toEqual(["POST /servicePrincipals/{sp}/synchronization/jobs/{job}/pause 204"]);
    expect(await applications()).toHaveLength(1);
    expect((await t.admin.syncJobs(SOURCE))[0]).toMatchObject({ schedule: { state: "Paused" } });
  });
});

describe("check through the runtime", () => {
  it("refuses the connection's own tenant as the target and an unknown connection, with no Graph call", async () => {
    const p = await provider();
    const s = stepper();
    await s.start();
    const own = await p.check({}, program({ targetTenantId: SOURCE }));
    expect(own.failures).toEqual([
      {
        property: "targetTenantId",
        reason:
          `targetTenantId ${SOURCE} is the tenant this resource signs in to (entra:tenantId), and a tenant cannot be its own partner. ` +
          "Set targetTenantId to the other tenant's ID; to manage the other tenant's side, give the resource that tenant's connection (the `connection` input).",
      },
    ]);
    const unknown = await p.check({}, { ...program(), connection: "nowhere" });
    expect((unknown.failures ?? []).map((f) => f.property)).toEqual(["connection"]);
    expect(await s.step()).toEqual([]);
  });
});
