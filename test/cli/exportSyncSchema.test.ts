// `export` of a synchronization configuration whose job's schema was customized in the portal (issue 17, item 4),
// against the two-tenant emulator over HTTPS: its differences from the Azure2Azure template (GET …/templates/
// Azure2Azure/schema) become `schema` settings with the job's own values; the differences the settings cannot
// express are named in a comment; the program type-checks; taking the exported configuration over sends no
// schema PUT (the merge of the written settings onto the live schema is the live schema); a schema Graph does not
// give (a 4xx) leaves `schema` out and the program says why.
import * as fs from "fs";
import * as path from "path";
import { TestEmulator, useTestEmulator } from "../helpers/emulator";
import { runtimeFor } from "../provider/harness";
import { mergeSchema } from "../../provider/resources/syncSchema/merge";
import { sameSettings } from "../../provider/resources/syncSchema/project";
import type { GraphSyncSchema, SyncSchemaSettings } from "../../provider/resources/syncSchema/types";
import { cli, emulatorEnv } from "./cliHarness";
import { compileProgram, scratchDir } from "./compileProgram";

let t: TestEmulator;
let SOURCE: string;
let TARGET: string;
let work: string;
let spId: string;
let jobId: string;

const TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const NAME = "Sync to Fabrikam";
const CAROL = "ca401000-0000-4000-8000-000000000003";
const EXTENSION = "extension_0123456789abcdef0123456789abcdef_costCenter";
const EXPRESSION = 'Join(" ", [givenName], [surname])';

async function portal(method: string, p: string, body?: unknown): Promise<any> {
  const r = await t.admin.graph(method, p, body, { tenantId: SOURCE });
  if (r.status >= 300) throw new Error(`${method} ${p} -> ${r.status} ${r.text}`);
  return r.body;
}

const schemaPath = () => `/v1.0/servicePrincipals/${spId}/synchronization/jobs/${encodeURIComponent(jobId)}/schema`;

/** A mapping as the portal writes one (the template's shape). */
const mapping = (target: string, source: unknown, over: Record<string, unknown> = {}) => ({
  defaultValue: null,
  exportMissingReferences: false,
  flowBehavior: "FlowWhenChanged",
  flowType: "Always",
  matchingPriority: 0,
  targetAttributeName: target,
  source,
  ...over,
});
const attribute = (name: string) => ({ expression: `[${name}]`, name, type: "Attribute", parameters: [] });
const constant = (value: string) => ({ expression: `"${value}"`, name: value, type: "Constant", parameters: [] });

/** The settings the export must write: the portal's edits below, with the job's values. */
const EXPECTED: SyncSchemaSettings = {
  userType: { value: "Member", apply: "always" },
  showInAddressList: { value: false, apply: "always" },
  targetObjectActions: { delete: false },
  scopingFilters: [
    { name: "Sales only", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
  ],
  attributeMappings: [
    { target: "city", source: { kind: "direct", attribute: "city" }, defaultValue: "Unknown" },
    { target: "displayName", source: { kind: "expression", expression: EXPRESSION } },
    { target: "jobTitle", source: { kind: "direct", attribute: "department" }, apply: "onCreate" },
    { target: "extensionAttribute1", source: { kind: "constant", value: "CrossTenantSynced" } },
    { target: EXTENSION, source: { kind: "direct", attribute: "department" } },
  ],
  removeAttributeMappings: ["telephoneNumber"],
  extensionAttributes: { target: [EXTENSION] },
};

useTestEmulator(
  async (e) => {
    t = e;
    SOURCE = t.defaults.tenantId;
    TARGET = t.defaults.second.tenantId;
    work = scratchDir("cli-export-sync-schema");
    await t.admin.seed({
      tenantId: SOURCE,
      defaultDomain: "contoso.example",
      users: [{ id: CAROL, displayName: "Carol Clark", userPrincipalName: "carol@contoso.example" }],
    });
    await t.admin.seed({
      tenantId: TARGET,
      partners: [{ tenantId: SOURCE, automaticUserConsentSettings: { inboundAllowed: true } }],
      policies: [{ tenantId: SOURCE, userSyncInbound: { isSyncAllowed: true } }],
    });
    await t.admin.seed({
      tenantId: SOURCE,
      partners: [{ tenantId: TARGET, automaticUserConsentSettings: { outboundAllowed: true } }],
    });
    const made = await portal("POST", `/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName: NAME });
    spId = made.servicePrincipal.id ?? made.servicePrincipal.objectId;
    jobId = (
      await portal("POST", `/v1.0/servicePrincipals/${spId}/synchronization/jobs`, { templateId: "Azure2Azure" })
    ).id;
    await portal("PUT", `/v1.0/servicePrincipals/${spId}/synchronization/secrets`, {
      value: [
        { key: "CompanyId", value: TARGET },
        { key: "SyncAll", value: "false" },
      ],
    });
    const appRoleId = (made.servicePrincipal.appRoles ?? [])[0]?.id ?? "00000000-0000-0000-0000-000000000000";
    await portal("POST", `/v1.0/servicePrincipals/${spId}/appRoleAssignedTo`, {
      principalId: CAROL,
      resourceId: spId,
      appRoleId,
    });
    await portal("POST", `/v1.0/servicePrincipals/${spId}/synchronization/jobs/${jobId}/start`);

    // The expression's tree as the service parses it (what the portal saves).
    const parsed = await portal("POST", `${schemaPath()}/parseExpression`, { expression: EXPRESSION });
    expect(parsed.parsingSucceeded).toBe(true);
    // What an administrator changed in the portal: each of the settings, and some things they cannot express.
    await t.admin.portalEditSchema(spId, jobId, (schema) => {
      const rule = schema.synchronizationRules.find((r: any) => r.name === "USER_INBOUND_USER");
      const user = rule.objectMappings.find((m: any) => m.sourceObjectName === "User" && m.targetObjectName === "User");
      const find = (target: string) => user.attributeMappings.find((m: any) => m.targetAttributeName === target);
      find("userType").flowType = "Always";
      find("showInAddressList").source = constant("False");
      user.flowTypes = "Add,Update";
      user.scope.groups = [
        {
          name: "Sales only",
          clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", targetOperand: { values: ["Sales"] } }],
        },
      ];
      find("city").defaultValue = "Unknown";
      find("displayName").source = parsed.parsedExpression;
      Object.assign(find("jobTitle"), { source: attribute("department"), flowType: "ObjectAddOnly" });
      user.attributeMappings = user.attributeMappings.filter((m: any) => m.targetAttributeName !== "telephoneNumber");
      user.attributeMappings.push(mapping("extensionAttribute1", constant("CrossTenantSynced")));
      const targetUser = schema.directories
        .find((d: any) => d.name === rule.targetDirectoryName)
        .objects.find((o: any) => o.name === "User");
      targetUser.attributes.push({
        anchor: false,
        apiExpressions: [],
        caseExact: false,
        defaultValue: null,
        flowNullValues: false,
        metadata: [],
        multivalued: false,
        mutability: "ReadWrite",
        name: EXTENSION,
        referencedObjects: [],
        required: false,
        type: "String",
      });
      user.attributeMappings.push(mapping(EXTENSION, attribute("department")));
      // Not expressible: a flowBehavior, a flowType other than Always/ObjectAddOnly, the built-in external-user filter.
      find("postalCode").flowBehavior = "FlowAlways";
      find("mail").flowType = "AttributeAddOnly";
      user.scope.inputFilterGroups[0].clauses = user.scope.inputFilterGroups[0].clauses.slice(0, 1);
    });
  },
  { emulator: { settings: { syncCycleOnStart: false } } as never, resetBeforeEach: false },
);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");

/** The object literal of `schema:` in the program's configuration, evaluated (it is plain data). */
function writtenSettings(program: string): SyncSchemaSettings {
  const block = program.slice(program.indexOf('new CrossTenantSyncConfiguration("sync-to-fabrikam"'));
  const start = block.indexOf("    schema: {");
  expect(start).toBeGreaterThan(0);
  let depth = 0;
  let end = block.indexOf("{", start);
  for (let i = end; i < block.length; i++) {
    if (block[i] === "{") depth++;
    if (block[i] === "}" && --depth === 0) {
      end = i + 1;
      break;
    }
  }
  const literal = block.slice(block.indexOf("{", start), end);
  return new Function(`return (${literal});`)() as SyncSchemaSettings;
}

let program: string;
let out: string;

test("the job's schema differences from the template become schema settings; two GETs more per configuration", async () => {
  out = path.join(work, "program");
  const since = await t.admin.lastSeq();
  // Graph does not give the target back here (the emulator serves no GET of the secrets): --sync-target names it.
  const r = await cli(
    ["export", "--out", out, "--skip-default", "--skip-policy", "--sync-target", `${NAME}=${TARGET}`],
    emulatorEnv(t),
  );
  expect(r.code).toBe(0);
  expect(r.stderr).not.toMatch(/schema/i);
  const calls = (await t.admin.graphCalls(since)).map((c) => `${c.method} ${bare(c.path)}`);
  expect(calls).toEqual([
    "GET /policies/crossTenantAccessPolicy/partners",
    "GET /servicePrincipals",
    `GET /servicePrincipals/${spId}/synchronization/jobs`,
    `GET /servicePrincipals/${spId}/appRoleAssignedTo`,
    `GET /servicePrincipals/${spId}/synchronization/secrets`,
    `GET /servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`,
    `GET /servicePrincipals/${spId}/synchronization/templates/Azure2Azure/schema`,
  ]);
  expect(r.stdout).toMatch(/Graph: 7 requests \(.*; 6 for synchronization configurations\)/);
  program = fs.readFileSync(path.join(out, "index.ts"), "utf8");
  expect(writtenSettings(program)).toEqual(EXPECTED);
  const block = program.slice(program.indexOf('new CrossTenantSyncConfiguration("sync-to-fabrikam"'));
  expect(block.slice(0, block.indexOf("\n});") + 4)).toContain(
    [
      "    schema: {",
      '        userType: { value: "Member", apply: "always" },',
      '        showInAddressList: { value: false, apply: "always" },',
      "        targetObjectActions: { delete: false },",
      "        scopingFilters: [",
    ].join("\n"),
  );
});

test("what the settings cannot express is named in a comment, never dropped", () => {
  const prose = program.replace(/\n\/\/ /g, " ");
  expect(prose).toContain(
    "`schema` declares how its job's schema differs from the Azure2Azure template, with the values the job has: the first `pulumi up` takes them over without a schema PUT.",
  );
  const lines = program.split("\n");
  const start = lines.findIndex((l) => l.includes("Differences from the template that `schema` cannot express"));
  expect(start).toBeGreaterThan(0);
  // One "// - " item per difference (wrapped items continue on "// " lines), up to the next comment or code.
  const items: string[] = [];
  const first = lines.findIndex((l, i) => i > start && l.startsWith("// - "));
  for (const l of lines.slice(first)) {
    if (l.startsWith("// - ")) items.push(l.slice(5));
    else if (l.startsWith("// ") && items.length && !/^\/\/ [A-Z]/.test(l)) items[items.length - 1] += ` ${l.slice(3)}`;
    else break;
  }
  expect(items).toEqual([
    'the built-in scope.inputFilterGroups ("Filter external users"), changed from the template: never managed by these settings',
    'the postalCode mapping\'s flowBehavior "FlowAlways" (template "FlowWhenChanged")',
    'the mail mapping (changed from the template): its flowType "AttributeAddOnly" is neither "Always" nor "ObjectAddOnly" (apply "always" / "onCreate")',
  ]);
});

test("the first up writes no schema PUT: the written settings merged onto the live schema are the live schema", async () => {
  const settings = writtenSettings(program);
  const live = (await portal("GET", schemaPath())) as GraphSyncSchema;
  const merged = mergeSchema(live, settings, {}, { ruleName: "USER_INBOUND_USER" });
  expect(merged.changed).toBe(false);

  // The configuration's take-over through the provider (what the first `up` runs): it reads the schema, owns the
  // declared parts (their baseline recorded) and sends no schema PUT, nor DELETE.
  const p = (await runtimeFor(t)).provider("CrossTenantSyncConfiguration");
  const checked = await p.check(
    {},
    { displayName: NAME, targetTenantId: TARGET, scope: { users: [CAROL] }, schema: settings },
  );
  expect(checked.failures).toEqual([]);
  const since = await t.admin.lastSeq();
  const created = await p.create(checked.inputs);
  const calls = (await t.admin.graphCalls(since)).map((c) => `${c.method} ${bare(c.path)}`);
  expect(calls).toContain(`GET /servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`);
  expect(calls.filter((c) => c.endsWith("/schema") && !c.startsWith("GET "))).toEqual([]);
  const outs = created.outs as Record<string, any>;
  expect(outs.adopted).toBe(true);
  expect(sameSettings(outs.schema, settings)).toBe(true);
  expect(outs.schemaBaseline).toBeDefined();
});

test("the exported program type-checks", () => {
  const c = compileProgram(out);
  expect(c.programErrors).toEqual([]);
  expect(c.status).toBe(0);
}, 300_000);

test("a schema Graph will not give: the configuration is exported without `schema`, and the program says why", async () => {
  await t.admin.addFault({
    match: { method: "GET", path: "synchronization/templates/Azure2Azure/schema" },
    times: 1,
    action: { type: "status", status: 404, code: "Request_ResourceNotFound" },
  });
  const r = await cli(
    ["export", "--stdout", "--skip-default", "--skip-policy", "--sync-target", `${NAME}=${TARGET}`],
    emulatorEnv(t),
  );
  expect(r.code).toBe(0);
  const prose = r.stdout.replace(/\n\/\/ /g, " ");
  expect(prose).toContain(
    "Its job's schema was not compared with its template (GET …/synchronization/templates/Azure2Azure/schema answered 404 Request_ResourceNotFound): no `schema` is declared, so the program owns no part of it.",
  );
  expect(r.stdout).not.toContain("schema: {");
  expect(r.stdout).toContain('new CrossTenantSyncConfiguration("sync-to-fabrikam", {');
});
