// Typed synchronization schema settings end to end (issue 17 acceptance) with the real Pulumi CLI against the
// two-tenant emulator: a partnership whose source configuration declares `schema` (userType Member applied always,
// a department scoping filter, Delete off). One up writes the schema in one PUT that carries the whole document
// with only the owned parts changed; `provision` creates a Sales user as a Member and skips an Engineering user as
// out of scope; a no-change preview makes no Graph call and a no-change up no PUT; a portal edit of an unowned
// mapping is not drift, one of an owned mapping is found by refresh and restored by up; narrowing the scope with
// Delete on warns at preview; bad settings fail at preview (offline ones with no Graph call; a malformed expression
// through parseExpression); destroy with onDestroy "pause" reverts the owned parts and keeps the portal's edit; a
// standalone CrossTenantSyncSchema on the kept job applies and reverts its own settings.
// The steps share one stack and run in order.
import { execFile } from "child_process";
import * as path from "path";
import * as fs from "fs";
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { ProgramSpec, writeSpec, writeSpecProgram } from "../../testkit/e2eStack";
import { entraConfig, entraSecrets } from "../../testkit/entraConfig";
import { findPulumiCli, opsFor, PulumiCli, PulumiWorkspace, REPO_ROOT } from "../../testkit/pulumiCli";

const CONFIGURATION = "CrossTenantSyncConfiguration";
const NAME = "Sync to Fabrikam";
const DOMAIN = "contoso.example";
const SAM = {
  id: "5a400000-0000-4000-8000-000000000001",
  displayName: "Sam Sales",
  userPrincipalName: `sam@${DOMAIN}`,
  department: "Sales",
};
const ERIN = {
  id: "e4140000-0000-4000-8000-000000000002",
  displayName: "Erin Engineer",
  userPrincipalName: `erin@${DOMAIN}`,
  department: "Engineering",
};

const SALES_ONLY = {
  name: "Sales only",
  clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }],
};
const SCHEMA = {
  userType: { value: "Member", apply: "always" },
  scopingFilters: [SALES_ONLY],
  targetObjectActions: { delete: false },
};

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;
let SOURCE: string;
let TARGET: string;
let spId: string;
let jobId: string;
const started = Date.now();

const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");
const line = (c: LoggedRequest) => `${c.method} ${bare(c.path)} ${c.status}`;
const schemaWrites = (calls: LoggedRequest[]) =>
  calls.filter((c) => c.method !== "GET" && /\/synchronization\/jobs\/[^/]+\/schema$/.test(c.path));

/** The program: the partnership, its source configuration with `schema` (and onDestroy "pause": destroy reverts). */
function spec(schema: Record<string, unknown> = SCHEMA): ProgramSpec {
  return {
    partnerships: [
      {
        name: "contoso-to-fabrikam",
        args: {
          source: { tenantId: SOURCE, connection: "source" },
          target: { tenantId: TARGET, connection: "target" },
          displayName: "Contoso",
          userSync: true,
          sourceConfiguration: {
            displayName: NAME,
            scope: { users: [SAM.id, ERIN.id] },
            onDestroy: "pause",
            schema,
          },
        },
      },
    ],
  };
}

async function during<T>(fn: () => Promise<T>): Promise<{ result: T; graph: LoggedRequest[] }> {
  const mark = await admin.lastSeq();
  const result = await fn();
  return { result, graph: await admin.graphCalls(mark) };
}

/** `pulumi-entra-cross-tenant provision` of the built package, with the stack's `source` connection. */
function provision(user: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const main = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  const args = [main, "provision", "--connection", "source", "--stack", ws.stack, "--cwd", ws.programDir];
  args.push("--configuration", NAME, "--user", user);
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: ws.env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function graphGet(p: string, tenantId: string): Promise<Record<string, any>> {
  const r = await admin.graph("GET", p, undefined, { tenantId });
  expect(r.status).toBe(200);
  return r.body as Record<string, any>;
}
const schemaUrl = () => `/v1.0/servicePrincipals/${spId}/synchronization/jobs/${encodeURIComponent(jobId)}/schema`;
const liveSchema = () => graphGet(schemaUrl(), SOURCE);
const templateSchema = () =>
  graphGet(`/v1.0/servicePrincipals/${spId}/synchronization/templates/Azure2Azure/schema`, SOURCE);

/** A schema without what is per job or volatile (ids, versions, stamps), for comparing documents. */
function content(doc: Record<string, any>): Record<string, any> {
  const d = structuredClone(doc);
  for (const k of ["@odata.context", "id", "version", "_comment"]) delete d[k];
  for (const r of d.synchronizationRules ?? []) delete r.id;
  for (const dir of d.directories ?? []) delete dir.version;
  return d;
}
function userMapping(doc: Record<string, any>): Record<string, any> {
  const rule = doc.synchronizationRules.find((r: any) => r.name === "USER_INBOUND_USER");
  return rule.objectMappings.find((m: any) => m.sourceObjectName === "User" && m.targetObjectName === "User");
}
const mappingOf = (doc: Record<string, any>, target: string) =>
  userMapping(doc).attributeMappings.find((m: any) => m.targetAttributeName === target);
const flags = (flowTypes: string) =>
  flowTypes
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean)
    .sort();

async function targetUsers(): Promise<Record<string, unknown>[]> {
  const r = await admin.graph("GET", "/v1.0/users?$select=id,displayName,userType", undefined, { tenantId: TARGET });
  expect(r.status).toBe(200);
  return (r.body as { value: Record<string, unknown>[] }).value;
}

async function configurationOutputs(): Promise<Record<string, any>> {
  const [config] = await ws.resources(CONFIGURATION);
  return config.outputs as Record<string, any>;
}

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  const built = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  if (!fs.existsSync(built))
    throw new Error(`${built} is missing: run \`npm run build\` (npm run test:e2e builds first).`);
  emu = await startEmulator({ port: 0, settings: { syncCycleOnStart: false } });
  SOURCE = emu.defaults.tenantId;
  TARGET = emu.defaults.second.tenantId;
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  await admin.seedDirectory({ defaultDomain: DOMAIN, users: [SAM, ERIN] }, SOURCE);

  ws = new PulumiWorkspace(cli, { project: "sync-schema" });
  writeSpecProgram(ws, "sync-schema", spec());
  const { "entra:tenantId": _home, ...topLevel } = entraConfig(emu);
  await ws.init(topLevel, entraSecrets(emu));
  await ws.setPathConfig({
    "entra:connections.source.tenantId": SOURCE,
    "entra:connections.target.tenantId": TARGET,
  });
});

afterAll(async () => {
  console.log(`syncSchema e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await ws?.dispose();
  await emu?.stop();
});

test("up: one schema PUT carrying the whole document, only the owned parts changed from the template", async () => {
  const { graph } = await during(() => ws.up());
  const puts = schemaWrites(graph);
  expect(puts.map(line)).toEqual([expect.stringMatching(/^PUT \/servicePrincipals\/.+\/schema 204$/)]);
  const outs = await configurationOutputs();
  spId = outs.servicePrincipalId;
  jobId = outs.jobId;
  expect(puts[0].path).toContain(`/servicePrincipals/${spId}/synchronization/jobs/`);

  // The template with exactly the owned parts set as declared: userType applied always, Delete off, the filter.
  const expected = content(await templateSchema());
  mappingOf(expected, "userType").flowType = "Always";
  userMapping(expected).flowTypes = "Add,Update";
  userMapping(expected).scope.groups = [
    {
      name: "Sales only",
      clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", targetOperand: { values: ["Sales"] } }],
    },
  ];
  expect(content(puts[0].body as Record<string, any>)).toEqual(expected);
  expect(content(await liveSchema())).toEqual(expected);
  expect(outs.schema).toEqual(SCHEMA);
  const rule = (await liveSchema()).synchronizationRules.find((r: any) => r.name === "USER_INBOUND_USER");
  expect(outs.userRuleId).toBe(rule.id);
});

test("provision: a Sales user is created as a Member; an Engineering user is skipped by the scoping filter", async () => {
  const sam = await provision(SAM.userPrincipalName);
  console.log(`provision ${SAM.userPrincipalName} (exit ${sam.code}):\n${sam.stdout}${sam.stderr}`);
  expect(sam.code).toBe(0);
  expect(sam.stdout).toMatch(/^CREATED /m);
  expect((await targetUsers()).filter((u) => u.displayName === SAM.displayName)).toEqual([
    expect.objectContaining({ userType: "Member" }),
  ]);

  const erin = await provision(ERIN.userPrincipalName);
  console.log(`provision ${ERIN.userPrincipalName} (exit ${erin.code}):\n${erin.stdout}${erin.stderr}`);
  expect(erin.code).toBe(3); // skipped
  expect(erin.stdout).toMatch(/^SKIPPED /m);
  expect(erin.stdout).toMatch(/scoping filter/i);
  expect((await targetUsers()).map((u) => u.displayName)).not.toContain(ERIN.displayName);
});

test("no change: the preview makes no Graph call, the up no write", async () => {
  const preview = await during(() => ws.preview(["--expect-no-changes"]));
  expect(preview.result.code).toBe(0);
  expect(preview.graph).toEqual([]);
  const up = await during(() => ws.up());
  expect(up.graph.filter((c) => c.method !== "GET").map(line)).toEqual([]);
});

test("a portal edit of an unowned mapping is not drift; one of an owned mapping is found by refresh and restored by up", async () => {
  // Unowned: jobTitle takes the department. Refresh keeps the settings as they were; nothing to change.
  await admin.portalEditSchema(spId, jobId, (s) => {
    Object.assign(mappingOf(s, "jobTitle").source, { expression: "[department]", name: "department" });
  });
  await ws.refresh();
  expect((await configurationOutputs()).schema).toEqual(SCHEMA);
  const clean = await during(() => ws.preview(["--expect-no-changes"]));
  expect(clean.result.code).toBe(0);
  expect(clean.graph).toEqual([]);

  // Owned: userType back to "only on create".
  await admin.portalEditSchema(spId, jobId, (s) => {
    mappingOf(s, "userType").flowType = "ObjectAddOnly";
  });
  const refresh = await ws.refresh(["--diff"]);
  console.log(`refresh after the portal edit:\n${refresh.output}`);
  expect((await configurationOutputs()).schema.userType).toEqual({ value: "Member", apply: "onCreate" });
  expect(opsFor(await ws.previewJson(), CONFIGURATION)).toEqual(["update"]);

  const { graph } = await during(() => ws.up());
  const puts = schemaWrites(graph);
  expect(puts.map(line)).toEqual([expect.stringMatching(/^PUT .+\/schema 204$/)]);
  const body = puts[0].body as Record<string, any>;
  expect(mappingOf(body, "userType").flowType).toBe("Always");
  expect(mappingOf(body, "jobTitle").source.name).toBe("department"); // the unowned edit is kept
  expect((await configurationOutputs()).schema).toEqual(SCHEMA);
  const after = await during(() => ws.preview(["--expect-no-changes"]));
  expect(after.graph).toEqual([]);
});

test("narrowing the scope while Delete is on: the preview warns that users leaving scope are soft-deleted", async () => {
  const narrower = {
    ...SCHEMA,
    targetObjectActions: { delete: true },
    scopingFilters: [
      { ...SALES_ONLY, clauses: [...SALES_ONLY.clauses, { attribute: "jobTitle", operator: "IS NOT NULL" }] },
    ],
  };
  writeSpec(ws, spec(narrower));
  const preview = await ws.preview();
  expect(preview.output.replace(/\s+/g, " ")).toContain(
    "users who leave scope will be soft-deleted in the target tenant on the next cycle",
  );
  writeSpec(ws, spec());
});

describe("bad settings fail at preview", () => {
  afterAll(() => writeSpec(ws, spec()));

  const offline: [string, Record<string, unknown>, string][] = [
    [
      "scoping on manager",
      {
        ...SCHEMA,
        scopingFilters: [{ name: "Managed", clauses: [{ attribute: "manager", operator: "IS NOT NULL" }] }],
      },
      'schema.scopingFilters[0].clauses[0].attribute "manager" cannot be used in a scoping filter',
    ],
    [
      "overriding alternativeSecurityIds",
      {
        ...SCHEMA,
        attributeMappings: [{ target: "alternativeSecurityIds", source: { kind: "direct", attribute: "netId" } }],
      },
      'schema.attributeMappings[0].target "alternativeSecurityIds" cannot be overridden or removed',
    ],
    [
      "an unknown operator",
      {
        ...SCHEMA,
        scopingFilters: [
          { name: "Sales", clauses: [{ attribute: "department", operator: "EQUAL", values: ["Sales"] }] },
        ],
      },
      'schema.scopingFilters[0].clauses[0].operator "EQUAL" is not a scoping-filter operator',
    ],
    [
      "the same target declared twice",
      {
        ...SCHEMA,
        attributeMappings: [
          { target: "department", source: { kind: "constant", value: "Sales" } },
          { target: "department", source: { kind: "direct", attribute: "jobTitle" } },
        ],
      },
      'schema.attributeMappings[1].target declares the mapping of "department" again (first at schema.attributeMappings[0].target)',
    ],
  ];
  test.each(offline)(
    "%s: the error names the property and the fix, with no Graph call",
    async (_what, schema, text) => {
      writeSpec(ws, spec(schema));
      const { result, graph } = await during(() => ws.preview([], { allowFailure: true }));
      expect(result.code).not.toBe(0);
      expect(result.output.replace(/\s+/g, " ")).toContain(text);
      expect(graph).toEqual([]);
    },
  );

  test("a malformed expression: the preview's live check asks parseExpression and names the expression", async () => {
    const expression = 'Join(" ", [givenName]';
    writeSpec(
      ws,
      spec({
        ...SCHEMA,
        attributeMappings: [{ target: "extensionAttribute1", source: { kind: "expression", expression } }],
      }),
    );
    const { result, graph } = await during(() => ws.preview([], { allowFailure: true }));
    expect(result.code).not.toBe(0);
    expect(result.output.replace(/\s+/g, " ")).toContain(
      "schema.attributeMappings[0].source.expression does not parse",
    );
    // A live check: the job's schema and parseExpression, reads only (parseExpression writes nothing).
    expect(graph.map(line)).toEqual([
      `GET /servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema 200`,
      `POST /servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema/parseExpression 200`,
    ]);
    expect(JSON.stringify(graph[1].body)).toContain("Join");
  });
});

test('destroy with onDestroy "pause": the owned parts are reverted, the portal\'s edit of an unowned mapping stays', async () => {
  const { graph } = await during(() => ws.destroy());
  console.log(`Graph calls of destroy (${graph.length}):\n${graph.map(line).join("\n")}`);
  expect(schemaWrites(graph).map(line)).toEqual([expect.stringMatching(/^PUT .+\/schema 204$/)]);
  expect(await ws.resources()).toEqual([]);
  const live = await liveSchema();
  const template = await templateSchema();
  expect(mappingOf(live, "userType")).toEqual(mappingOf(template, "userType"));
  expect(flags(userMapping(live).flowTypes)).toEqual(["Add", "Delete", "Update"]);
  expect(userMapping(live).scope.groups).toEqual([]);
  expect(mappingOf(live, "jobTitle").source.name).toBe("department");
  // Everything else as the template has it.
  const rest = content(live);
  mappingOf(rest, "jobTitle").source = mappingOf(content(template), "jobTitle").source;
  userMapping(rest).flowTypes = userMapping(template).flowTypes;
  expect(rest).toEqual(content(template));
});

test("a standalone CrossTenantSyncSchema on the (kept) job: up writes its settings in one PUT, destroy reverts them", async () => {
  const before = content(await liveSchema());
  ws.writeProgram(
    "sync-schema",
    `"use strict";
const { CrossTenantSyncSchema } = require("pulumi-entra-cross-tenant");
new CrossTenantSyncSchema("job-schema", {
    connection: "source",
    servicePrincipalId: ${JSON.stringify(spId)},
    jobId: ${JSON.stringify(jobId)},
    showInAddressList: { value: false },
    removeAttributeMappings: ["telephoneNumber"],
});
`,
  );
  const up = await during(() => ws.up());
  expect(schemaWrites(up.graph).map(line)).toEqual([expect.stringMatching(/^PUT .+\/schema 204$/)]);
  const applied = await liveSchema();
  expect(mappingOf(applied, "showInAddressList").source).toMatchObject({ type: "Constant", name: "false" });
  expect(mappingOf(applied, "telephoneNumber")).toBeUndefined();
  const noChange = await during(() => ws.preview(["--expect-no-changes"]));
  expect(noChange.graph).toEqual([]);

  const destroy = await during(() => ws.destroy());
  expect(schemaWrites(destroy.graph).map(line)).toEqual([expect.stringMatching(/^PUT .+\/schema 204$/)]);
  // Restored mapping by mapping; a re-added mapping goes at the end (the order of mappings means nothing to Graph).
  const byTarget = (doc: Record<string, any>) => {
    const d = content(doc);
    userMapping(d).attributeMappings.sort((a: any, b: any) => (a.targetAttributeName < b.targetAttributeName ? -1 : 1));
    return d;
  };
  expect(byTarget(await liveSchema())).toEqual(byTarget(before));
});
