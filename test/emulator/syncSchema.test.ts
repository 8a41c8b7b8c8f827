/**
 * A synchronization job's schema on the emulator's HTTP API (issue 17; sync-schema.md §5): GET, PUT (whole
 * document, validated: 400 `schemaInvalid`), DELETE (template), PATCH/POST (404 UnknownError), the template's
 * schema, filterOperators, functions, parseExpression, the 401 without the Synchronization permission, the
 * switches and the fault hooks.
 */
import { AxiosInstance } from "axios";
import { TestEmulator, useTestEmulator } from "../helpers/emulator";

const TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";

let t: TestEmulator;
let src: AxiosInstance;

useTestEmulator(async (e) => {
  t = e;
  src = await t.graph("readWrite", t.defaults.tenantId);
});

interface Job {
  spId: string;
  jobId: string;
}

type Json = Record<string, any>;

async function newJob(): Promise<Job> {
  const created = await src.post(`/v1.0/applicationTemplates/${TEMPLATE}/instantiate`, { displayName: "Fabrikam" });
  const spId = created.data.servicePrincipal.id;
  const job = await src.post(`/v1.0/servicePrincipals/${spId}/synchronization/jobs`, { templateId: "Azure2Azure" });
  expect(job.status).toBe(201);
  return { spId, jobId: job.data.id };
}

const schemaPath = (j: Job, version = "v1.0"): string =>
  `/${version}/servicePrincipals/${j.spId}/synchronization/jobs/${j.jobId}/schema`;

async function getSchema(j: Job): Promise<Json> {
  const r = await src.get(schemaPath(j));
  expect(r.status).toBe(200);
  return r.data;
}

/** The User → User object mapping of a schema document. */
const userMapping = (schema: Json): Json =>
  schema.synchronizationRules
    .find((r: Json) => r.name === "USER_INBOUND_USER")
    .objectMappings.find((m: Json) => m.sourceObjectName === "User" && m.targetObjectName === "User");
const mappingOf = (schema: Json, target: string): Json =>
  userMapping(schema).attributeMappings.find((m: Json) => m.targetAttributeName === target);

async function putSchema(j: Job, schema: Json): Promise<{ status: number; data: any }> {
  const r = await src.put(schemaPath(j), schema);
  return { status: r.status, data: r.data };
}

async function expectInvalid(j: Job, schema: Json, reason: RegExp): Promise<string> {
  const r = await putSchema(j, schema);
  expect(r.status).toBe(400);
  expect(r.data.error.code).toBe("BadRequest");
  expect(r.data.error.message).toMatch(/^schemaInvalid: /);
  expect(r.data.error.message).toMatch(reason);
  return r.data.error.message;
}

describe("GET, PUT, DELETE", () => {
  test("GET: the template with the job's id, rule id, version v1.2, the directories' stamp and its context", async () => {
    const j = await newJob();
    const schema = await getSchema(j);
    expect(schema["@odata.context"]).toMatch(
      new RegExp(
        `/v1\\.0/\\$metadata#servicePrincipals\\('${j.spId}'\\)/synchronization/jobs\\('${j.jobId.replace(/\./g, "\\.")}'\\)/schema/\\$entity$`,
      ),
    );
    expect(schema).toMatchObject({ id: j.jobId, version: "v1.2" });
    expect(schema.directories.map((d: Json) => d.name)).toEqual([
      "Microsoft Entra ID",
      "Microsoft Entra ID (target tenant)",
    ]);
    for (const d of schema.directories)
      expect(d.version).toMatch(/^Date:\d{4}-\d\d-\d\dT[\d:.]+Z, ActivityId:[0-9a-f-]{36}$/);
    expect(userMapping(schema).attributeMappings).toHaveLength(23);
    expect(mappingOf(schema, "userType")).toMatchObject({
      flowType: "ObjectAddOnly",
      source: { type: "Constant", name: "Member", expression: '"Member"' },
    });
    expect(userMapping(schema).flowTypes).toBe("Add,Update,Delete");
    // The stamp is stable between GETs (switch volatileDirectoryVersion below).
    expect((await getSchema(j)).directories[0].version).toBe(schema.directories[0].version);
    expect((await src.get(schemaPath(j, "beta"))).data.id).toBe(j.jobId);
  });

  test("PUT replaces the whole document (204, no body); GET reads it back; DELETE restores the template", async () => {
    const j = await newJob();
    const before = await getSchema(j);
    const edited = structuredClone(before);
    mappingOf(edited, "userType").flowType = "Always";
    userMapping(edited).flowTypes = "Add, Update";
    userMapping(edited).scope.groups = [
      {
        name: "Sales only",
        clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", targetOperand: { values: ["Sales"] } }],
      },
    ];
    const since = await t.admin.lastSeq();
    const put = await src.put(schemaPath(j), edited);
    expect(put.status).toBe(204);
    expect(put.data).toBe("");
    // The request log keeps the whole document sent (what a client's PUT carried).
    const [logged] = (await t.admin.graphCalls(since)).filter((c) => c.method === "PUT");
    expect(logged).toMatchObject({ status: 204 });
    expect(userMapping(logged.body as Json).attributeMappings).toHaveLength(23);
    const after = await getSchema(j);
    expect(mappingOf(after, "userType").flowType).toBe("Always");
    expect(userMapping(after).flowTypes).toBe("Add, Update"); // kept as sent (switch flowTypesFormat)
    expect(userMapping(after).scope.groups).toHaveLength(1);
    expect(userMapping(after).scope.inputFilterGroups).toEqual(userMapping(before).scope.inputFilterGroups);
    expect(after.version).toBe("v1.2");
    expect(after.synchronizationRules[0].id).toBe(before.synchronizationRules[0].id);
    expect(await t.admin.schemaState(j.jobId)).toMatchObject({ customized: true });

    expect((await src.delete(schemaPath(j))).status).toBe(204);
    const reset = await getSchema(j);
    expect(mappingOf(reset, "userType").flowType).toBe("ObjectAddOnly");
    expect(userMapping(reset).flowTypes).toBe("Add,Update,Delete");
    expect(userMapping(reset).scope.groups).toEqual([]);
    expect(reset.synchronizationRules[0].id).toBe(before.synchronizationRules[0].id);
    expect(await t.admin.schemaState(j.jobId)).toMatchObject({ customized: false });
  });

  test("the GET output PUT back verbatim is accepted (the documented backup/restore procedure)", async () => {
    const j = await newJob();
    const schema = await getSchema(j);
    expect((await putSchema(j, schema)).status).toBe(204);
    // A byte-identical PUT changes nothing, so it does not restart the job.
    expect(await t.admin.schemaState(j.jobId)).toMatchObject({ customized: true, initialCycleDue: false });
  });

  test("a constant into extensionAttribute1 is accepted; a directory extension needs its attribute definition", async () => {
    const j = await newJob();
    const schema = await getSchema(j);
    userMapping(schema).attributeMappings.push({
      targetAttributeName: "extensionAttribute1",
      source: { expression: '"CrossTenantSynced"', name: "CrossTenantSynced", type: "Constant", parameters: [] },
      defaultValue: null,
      flowType: "Always",
      flowBehavior: "FlowWhenChanged",
      matchingPriority: 0,
      exportMissingReferences: false,
    });
    expect((await putSchema(j, schema)).status).toBe(204);
    expect(mappingOf(await getSchema(j), "extensionAttribute1").source.name).toBe("CrossTenantSynced");

    const ext = "extension_0a1b2c3d4e5f40718293a4b5c6d7e8f9_costCenter";
    const withExtension = await getSchema(j);
    userMapping(withExtension).attributeMappings.push({
      targetAttributeName: ext,
      source: { expression: "[department]", name: "department", type: "Attribute", parameters: [] },
      flowType: "Always",
      matchingPriority: 0,
    });
    const message = await expectInvalid(j, withExtension, /target attribute '.*costCenter' is not defined/);
    expect(message).toContain("add its attributeDefinition to directories in the same PUT");
    const target = withExtension.directories.find((d: Json) => d.name === "Microsoft Entra ID (target tenant)");
    target.objects.find((o: Json) => o.name === "User").attributes.push({ name: ext, type: "String" });
    expect((await putSchema(j, withExtension)).status).toBe(204);
  });

  test("bumpVersionOnPut, volatileDirectoryVersion, flowTypesFormat, schemaReadLagMs", async () => {
    const j = await newJob();
    await t.admin.settings({ bumpVersionOnPut: true, volatileDirectoryVersion: true, flowTypesFormat: "compact" });
    const schema = await getSchema(j);
    expect((await getSchema(j)).directories[0].version).not.toBe(schema.directories[0].version);
    userMapping(schema).flowTypes = "Add, Update";
    expect((await putSchema(j, schema)).status).toBe(204);
    const after = await getSchema(j);
    expect(after.version).toBe("v1.3");
    expect(userMapping(after).flowTypes).toBe("Add,Update");

    await t.admin.settings({ schemaReadLagMs: 400 });
    mappingOf(after, "userType").flowType = "Always";
    expect((await putSchema(j, after)).status).toBe(204);
    const stale = await getSchema(j);
    expect(mappingOf(stale, "userType").flowType).toBe("ObjectAddOnly");
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(mappingOf(await getSchema(j), "userType").flowType).toBe("Always");
  });

  test("flowTypesFormat spaced, reverseScopeGroupsOnPut: the server's spelling and order differ from the PUT's", async () => {
    const j = await newJob();
    await t.admin.settings({ flowTypesFormat: "spaced", reverseScopeGroupsOnPut: true });
    const schema = await getSchema(j);
    userMapping(schema).flowTypes = "Add,Update";
    const group = (name: string, value: string) => ({
      name,
      clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", targetOperand: { values: [value] } }],
    });
    userMapping(schema).scope.groups = [group("Sales", "Sales"), group("Support", "Support")];
    expect((await putSchema(j, schema)).status).toBe(204);
    const after = userMapping(await getSchema(j));
    expect(after.flowTypes).toBe("Add, Update");
    expect(after.scope.groups.map((g: Json) => g.name)).toEqual(["Support", "Sales"]);
    expect(after.scope.inputFilterGroups).toEqual(userMapping(schema).scope.inputFilterGroups);
  });
});

describe("PUT validation: 400 schemaInvalid", () => {
  test("the matching attribute cannot be changed, nor another one added [DOC]", async () => {
    const j = await newJob();
    const changed = await getSchema(j);
    const matching = mappingOf(changed, "alternativeSecurityIds");
    matching.source = { expression: "[mail]", name: "mail", type: "Attribute", parameters: [] };
    const m1 = await expectInvalid(j, changed, /The matching attribute cannot be changed/);
    expect(m1).toBe(
      "schemaInvalid: The matching attribute cannot be changed: the User → User mapping must keep exactly one matching attribute, 'alternativeSecurityIds' ← AltSecIdFromNetId([netId]); found 'alternativeSecurityIds' ← [mail] (matchingPriority 1).",
    );

    const added = await getSchema(j);
    mappingOf(added, "mail").matchingPriority = 2;
    const m2 = await expectInvalid(j, added, /exactly one matching attribute/);
    expect(m2).toContain(
      "found 'alternativeSecurityIds' ← AltSecIdFromNetId([netId]) (matchingPriority 1), 'mail' ← [mail] (matchingPriority 2)",
    );

    const removed = await getSchema(j);
    userMapping(removed).attributeMappings = userMapping(removed).attributeMappings.filter(
      (m: Json) => m.targetAttributeName !== "alternativeSecurityIds",
    );
    expect(await expectInvalid(j, removed, /found none\.$/)).toBeTruthy();
    // Nothing was saved.
    expect(await t.admin.schemaState(j.jobId)).toMatchObject({ customized: false });
  });

  test("missing parts, foreign rule ids, unknown objects and attributes, enums, operators, long expressions", async () => {
    const j = await newJob();
    const base = await getSchema(j);
    const variant = (edit: (s: Json) => void): Json => {
      const s = structuredClone(base);
      edit(s);
      return s;
    };
    await expectInvalid(
      j,
      variant((s) => delete s.directories),
      /^schemaInvalid: directories is required and must not be empty/,
    );
    await expectInvalid(
      j,
      variant((s) => (s.synchronizationRules = [])),
      /synchronizationRules is required/,
    );
    await expectInvalid(
      j,
      variant((s) => (s.synchronizationRules[0].id = "01e28086-1453-4cb2-b95d-4fbc4564fcc0")),
      /is not a rule of this job's template; keep the rule ids GET returns/,
    );
    await expectInvalid(
      j,
      variant((s) => (s.synchronizationRules[0].targetDirectoryName = "Azure Active Directory (target tenant)")),
      /targetDirectoryName 'Azure Active Directory \(target tenant\)' names no directory/,
    );
    await expectInvalid(
      j,
      variant((s) => (userMapping(s).attributeMappings[5].source.name = "nickname")),
      /source attribute 'nickname' is not defined on object 'User' of directory 'Microsoft Entra ID'/,
    );
    await expectInvalid(
      j,
      variant((s) => (mappingOf(s, "userType").flowType = "OnCreate")),
      /flowType 'OnCreate' is not one of Always, ObjectAddOnly/,
    );
    await expectInvalid(
      j,
      variant((s) => (userMapping(s).flowTypes = "Add,Update,Remove")),
      /flowTypes 'Add,Update,Remove' must be flags of Add, Update, Delete/,
    );
    await expectInvalid(
      j,
      variant(
        (s) =>
          (userMapping(s).scope.groups = [
            {
              name: "Bad",
              clauses: [{ sourceOperandName: "department", operatorName: "LIKE", targetOperand: { values: ["x"] } }],
            },
          ]),
      ),
      /scope.groups 'Bad': operator 'LIKE' is not a filter operator/,
    );
    await expectInvalid(
      j,
      variant(
        (s) =>
          (userMapping(s).scope.groups = [
            {
              name: "Costs",
              clauses: [{ sourceOperandName: "costCentre", operatorName: "EQUALS", targetOperand: { values: ["1"] } }],
            },
          ]),
      ),
      /source attribute 'costCentre' is not defined on object 'User'/,
    );
    await expectInvalid(
      j,
      variant(
        (s) => (mappingOf(s, "userType").source = { type: "Constant", name: "x", expression: "x".repeat(10_001) }),
      ),
      /longer than 10000 characters/,
    );
    const wrongType = await putSchema(
      j,
      variant((s) => (s.synchronizationRules = "x")),
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.data.error.code).toBe("Request_BadRequest");
  });

  test("the schema switches are checked like the other settings", async () => {
    const patch = (body: unknown) => t.admin.request("PATCH", "/_emulator/settings", body);
    expect((await patch({ schemaInvalidError: { status: 200, code: "X" } })).status).toBe(400);
    expect((await patch({ schemaReadLagMs: -1 })).text).toContain("schemaReadLagMs' must be a number >= 0");
    expect((await patch({ bumpVersionOnPut: "yes" })).status).toBe(400);
    expect((await patch({ scopingFilterSkipReason: "Other" })).status).toBe(400);
    expect((await patch({ flowTypesFormat: "other" })).status).toBe(400);
    expect((await patch({ syncJobNotFoundError: { status: 410, code: "Gone" } })).status).toBe(200);
    expect((await patch({ schemaChangeRunsCycle: true, reverseScopeGroupsOnPut: true })).status).toBe(200);
  });

  test("the status and code are switchable (schemaInvalidError)", async () => {
    const j = await newJob();
    await t.admin.settings({ schemaInvalidError: { status: 422, code: "SchemaInvalid" } });
    const s = await getSchema(j);
    delete s.directories;
    const r = await putSchema(j, s);
    expect(r.status).toBe(422);
    expect(r.data.error.code).toBe("SchemaInvalid");
  });
});

describe("verbs the service does not have, permissions, unknown jobs", () => {
  test("PATCH and POST on …/schema: 404 UnknownError with syncfabric's message", async () => {
    const j = await newJob();
    for (const method of ["patch", "post"] as const) {
      const r = await src.request({ method, url: schemaPath(j), data: { synchronizationRules: [] } });
      expect(r.status).toBe(404);
      expect(r.data.error.code).toBe("UnknownError");
      expect(JSON.parse(r.data.error.message)).toEqual({
        Message: `No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api/servicePrincipals('${j.spId}')/synchronization/jobs('${j.jobId}')/schema?api-version=2.0'.`,
      });
      expect(r.data.error.innerError).toHaveProperty("request-id");
    }
    expect(await t.admin.schemaState(j.jobId)).toMatchObject({ customized: false });
  });

  test("without Synchronization.ReadWrite.All: 401 UnknownError; Read.All reads only", async () => {
    const j = await newJob();
    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    const none = await t.admin.mintToken({ roles: ["Application.ReadWrite.OwnedBy"] });
    const schema = await getSchema(j);
    for (const [method, url, data] of [
      ["get", schemaPath(j), undefined],
      ["put", schemaPath(j), schema],
      ["delete", schemaPath(j), undefined],
      ["get", `${schemaPath(j)}/filterOperators`, undefined],
      ["post", `${schemaPath(j)}/parseExpression`, { expression: "[mail]" }],
    ] as const) {
      const r = await t.http.request({ method, url, data, ...bearer(none) });
      expect(r.status).toBe(401);
      expect(r.data.error).toMatchObject({ code: "UnknownError", message: "" });
    }
    const reader = await t.admin.mintToken({ roles: ["Synchronization.Read.All"] });
    expect((await t.http.get(schemaPath(j), bearer(reader))).status).toBe(200);
    expect((await t.http.put(schemaPath(j), schema, bearer(reader))).status).toBe(401);
  });

  test("unknown job or service principal: 404", async () => {
    const j = await newJob();
    const r = await src.get(schemaPath({ ...j, jobId: "Azure2Azure.00000000000000000000000000000000.x" }));
    expect(r.status).toBe(404);
    expect(r.data.error.code).toBe("Request_ResourceNotFound");
    expect((await src.get(schemaPath({ ...j, spId: "0d000000-0000-4000-8000-000000000000" }))).status).toBe(404);
    await t.admin.settings({ syncJobNotFoundError: { status: 400, code: "BadRequest" } });
    const switched = await src.delete(schemaPath({ ...j, jobId: "Azure2Azure.00000000000000000000000000000000.x" }));
    expect(switched.status).toBe(400);
    expect(switched.data.error.code).toBe("BadRequest");
  });
});

describe("template, filterOperators, functions, parseExpression", () => {
  test("the Azure2Azure template's schema; other templates 404", async () => {
    const j = await newJob();
    const r = await src.get(`/v1.0/servicePrincipals/${j.spId}/synchronization/templates/Azure2Azure/schema`);
    expect(r.status).toBe(200);
    expect(userMapping(r.data).attributeMappings).toHaveLength(23);
    expect((await src.get(`/v1.0/servicePrincipals/${j.spId}/synchronization/templates/gsuite/schema`)).status).toBe(
      404,
    );
  });

  test("filterOperators: the 14 operators, EQUALS as documented; functions include the documented ones", async () => {
    const j = await newJob();
    const ops = await src.get(`${schemaPath(j)}/filterOperators`);
    expect(ops.status).toBe(200);
    expect(ops.data.value).toHaveLength(14);
    expect(ops.data.value.find((o: Json) => o.name === "EQUALS")).toEqual({
      name: "EQUALS",
      arity: "Binary",
      multivaluedComparisonType: "All",
      supportedAttributeTypes: ["String", "Integer"],
    });
    expect(ops.data.value.find((o: Json) => o.name === "IS NULL").arity).toBe("Unary");
    expect((await src.get(`${schemaPath(j)}/microsoft.graph.filterOperators`)).status).toBe(200);
    const fns = await src.get(`${schemaPath(j)}/functions`);
    expect(fns.status).toBe(200);
    const names = fns.data.value.map((f: Json) => f.name);
    for (const name of [
      "Append",
      "AltSecIdFromNetId",
      "Switch",
      "Replace",
      "Mid",
      "Not",
      "IIF",
      "Join",
      "DefaultDomain",
    ])
      expect(names).toContain(name);
    expect(fns.data.value.find((f: Json) => f.name === "Append").parameters[0]).toEqual({
      name: "source",
      required: true,
      allowMultipleOccurrences: false,
      type: "String",
    });
  });

  test("parseExpression: the documented example (normalized, evaluated), syntax errors, unknown functions", async () => {
    const j = await newJob();
    const parse = (body: Json) => src.post(`${schemaPath(j)}/parseExpression`, body);
    const r = await parse({
      expression: 'Replace([preferredLanguage], "-", , , "_", ,  )',
      targetAttributeDefinition: null,
      testInputObject: {
        definition: null,
        properties: [
          { key: "objectId", value: "66E4A8CC-1B7B-435E-95F8-F06CEA133828" },
          { key: "preferredLanguage", value: "EN-US" },
          { key: "appRoleAssignments", "value@odata.type": "#Collection(String)", value: ["Default Assignment"] },
        ],
      },
    });
    expect(r.status).toBe(200);
    const { "@odata.context": context, ...rest } = r.data;
    expect(context).toMatch(/\$metadata#microsoft\.graph\.parseExpressionResponse$/);
    expect(rest).toEqual({
      error: null,
      evaluationSucceeded: true,
      evaluationResult: ["EN_US"],
      parsedExpression: {
        expression: 'Replace([preferredLanguage], "-", , , "_", , )',
        name: "Replace",
        parameters: [
          {
            key: "source",
            value: { expression: "[preferredLanguage]", name: "preferredLanguage", parameters: [], type: "Attribute" },
          },
          { key: "Find", value: { expression: '"-"', name: "-", parameters: [], type: "Constant" } },
          { key: "Replacement", value: { expression: '"_"', name: "_", parameters: [], type: "Constant" } },
        ],
        type: "Function",
      },
      parsingSucceeded: true,
    });

    const constant = (await parse({ expression: '  "CrossTenantSynced" ' })).data;
    expect(constant).toMatchObject({
      parsingSucceeded: true,
      evaluationSucceeded: false,
      parsedExpression: { expression: '"CrossTenantSynced"', name: "CrossTenantSynced", type: "Constant" },
    });
    expect((await parse({ expression: "AltSecIdFromNetId( [netId] )" })).data.parsedExpression.expression).toBe(
      "AltSecIdFromNetId([netId])",
    );
    expect((await parse({ expression: "DefaultDomain()" })).data.parsingSucceeded).toBe(true);
    const nested = await parse({
      expression: 'Append(ToUpper([givenName]), "-x")',
      testInputObject: { properties: [{ key: "givenName", value: "ann" }] },
    });
    expect(nested.data.evaluationResult).toEqual(["ANN-x"]);

    for (const [expression, message] of [
      ['Append([mail], "x"', /expected ',' or '\)'/],
      ["[mail", /expected an attribute name and '\]'/],
      ['"open', /closing the string/],
      ["Frobnicate([mail])", /Unknown function 'Frobnicate'/],
      ["Append([mail])", /requires its argument 'suffix'/],
      ["[mail] [city]", /expected the end of the expression/],
    ] as const) {
      const bad = await parse({ expression });
      expect(bad.status).toBe(200);
      expect(bad.data).toMatchObject({ parsingSucceeded: false, parsedExpression: null, evaluationSucceeded: false });
      expect(bad.data.error.message).toMatch(message);
    }
    expect((await parse({})).status).toBe(400);
    expect(
      (
        await src.post(
          `/v1.0/servicePrincipals/${j.spId}/synchronization/templates/Azure2Azure/schema/parseExpression`,
          {
            expression: "[mail]",
          },
        )
      ).data.parsingSucceeded,
    ).toBe(true);
  });
});

describe("fault hooks", () => {
  test("failNextPut answers one PUT with the given error and saves nothing", async () => {
    const j = await newJob();
    const schema = await getSchema(j);
    mappingOf(schema, "userType").flowType = "Always";
    await t.admin.armSchemaFaults(j.jobId, {
      failNextPut: { status: 503, code: "ServiceUnavailable", message: "busy" },
    });
    const failed = await putSchema(j, schema);
    expect(failed.status).toBe(503);
    expect(failed.data.error).toMatchObject({ code: "ServiceUnavailable", message: "busy" });
    expect(mappingOf(await getSchema(j), "userType").flowType).toBe("ObjectAddOnly");
    await t.admin.armSchemaFaults(j.jobId, { failNextPut: { status: 409, body: { odd: true } } });
    expect(await putSchema(j, schema)).toEqual({ status: 409, data: { odd: true } });
    expect((await putSchema(j, schema)).status).toBe(204);
  });

  test("concurrentEdit: a portal change lands between a client's GET and PUT; the PUT overwrites it", async () => {
    const j = await newJob();
    await t.admin.armSchemaFaults(j.jobId, {
      concurrentEdit: {
        attributeMappings: [
          {
            targetAttributeName: "department",
            source: { expression: '"Portal"', name: "Portal", type: "Constant", parameters: [] },
          },
        ],
      },
    });
    const read = await getSchema(j);
    expect(mappingOf(read, "department").source.type).toBe("Attribute");
    expect(mappingOf(await getSchema(j), "department").source.name).toBe("Portal");
    mappingOf(read, "userType").flowType = "Always";
    expect((await putSchema(j, read)).status).toBe(204);
    const last = await getSchema(j);
    expect(mappingOf(last, "department").source.type).toBe("Attribute");
    expect(mappingOf(last, "userType").flowType).toBe("Always");
    expect((await t.admin.request("POST", "/_emulator/sync/schemaFaults", { jobId: "nope" })).status).toBe(404);
    expect((await t.admin.request("POST", "/_emulator/sync/schemaFaults", { jobId: j.jobId, x: 1 })).status).toBe(400);
  });
});
