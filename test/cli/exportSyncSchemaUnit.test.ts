// The comparison of a job's schema with its template (export, issue 17 item 4), on the emulator's Azure2Azure
// fixture: no difference exports nothing; each difference the settings cannot express is named with the reason
// (the resource's own check for those the check refuses); the merge of what is exported never changes the schema.
import * as fs from "fs";
import * as path from "path";
import { schemaSettingsFromTemplate } from "../../provider/cli/export/schemaSettingsFromTemplate";
import { mergeSchema } from "../../provider/resources/syncSchema/merge";
import type { GraphSyncSchema } from "../../provider/resources/syncSchema/types";

const FIXTURE = path.join(__dirname, "..", "..", "emulator", "fixtures", "azure2azure-default-schema.json");
const template = (): GraphSyncSchema => JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as GraphSyncSchema;

function edited(edit: (user: any, schema: any) => void): GraphSyncSchema {
  const s = template() as any;
  const rule = s.synchronizationRules.find((r: any) => r.name === "USER_INBOUND_USER");
  edit(
    rule.objectMappings.find((m: any) => m.sourceObjectName === "User" && m.targetObjectName === "User"),
    s,
  );
  return s;
}
const find = (user: any, target: string) => user.attributeMappings.find((m: any) => m.targetAttributeName === target);

/** The export of `live`, and proof that its settings merged onto `live` change nothing. */
function exported(live: GraphSyncSchema) {
  const r = schemaSettingsFromTemplate(live, template());
  if (r.settings) expect(mergeSchema(live, r.settings, {}, { ruleName: "USER_INBOUND_USER" }).changed).toBe(false);
  return r;
}

test("the template itself: no settings, nothing to name; volatile fields and flag spacing are no difference", () => {
  expect(exported(template())).toEqual({ inexpressible: [] });
  const live = edited((user, s) => {
    s.version = "v1.9";
    s.id = "Azure2Azure.0123.abcd";
    s.directories[0].version = "Date:2030-01-01T00:00:00Z, ActivityId:x";
    user.flowTypes = "Add, Update, Delete";
    find(user, "showInAddressList").source.name = "True";
  });
  expect(exported(live)).toEqual({ inexpressible: [] });
});

test("userType Guest on create, a mapping to none, a filter with a unary operator", () => {
  const live = edited((user) => {
    find(user, "userType").source = { expression: '"Guest"', name: "Guest", type: "Constant", parameters: [] };
    Object.assign(find(user, "country"), { source: null, defaultValue: "US" });
    user.scope.groups = [
      {
        name: "Has a department",
        clauses: [{ sourceOperandName: "department", operatorName: "IS NOT NULL", targetOperand: { values: [] } }],
      },
    ];
  });
  expect(exported(live)).toEqual({
    settings: {
      userType: { value: "Guest", apply: "onCreate" },
      scopingFilters: [{ name: "Has a department", clauses: [{ attribute: "department", operator: "IS NOT NULL" }] }],
      attributeMappings: [{ target: "country", source: { kind: "none" }, defaultValue: "US" }],
    },
    inexpressible: [],
  });
});

test("what the settings cannot express is named with the reason, and the rest is still exported", () => {
  const live = edited((user, s) => {
    user.flowTypes = "Add,Update";
    user.scope.groups = [
      {
        name: "Managed",
        clauses: [{ sourceOperandName: "manager", operatorName: "IS NOT NULL", targetOperand: { values: [] } }],
      },
    ];
    user.attributeMappings = user.attributeMappings.filter(
      (m: any) => !["alternativeSecurityIds", "surname"].includes(m.targetAttributeName),
    );
    find(user, "IsSoftDeleted").defaultValue = "True";
    s.synchronizationRules[0].objectMappings.find((m: any) => m.targetObjectName === "Group").enabled = true;
    const sourceUser = s.directories[0].objects.find((o: any) => o.name === "User");
    sourceUser.attributes.push({ name: "extension_abc_tags", type: "String", multivalued: true });
  });
  const r = exported(live);
  expect(r.settings).toEqual({ targetObjectActions: { delete: false }, removeAttributeMappings: ["surname"] });
  expect(r.inexpressible).toEqual([
    expect.stringMatching(
      /^the scoping filters \(scope\.groups\): schema\.scopingFilters\[0\]\.clauses\[0\]\.attribute "manager" cannot be used in a scoping filter/,
    ),
    expect.stringMatching(/^the IsSoftDeleted mapping \(changed from the template\): IsSoftDeleted cannot be declared/),
    expect.stringMatching(
      /^the template's alternativeSecurityIds mapping is missing: it cannot be declared \(it is the matching attribute/,
    ),
    'the source directory (Microsoft Entra ID)\'s added User attribute definition extension_abc_tags (type "String", multi-valued): extensionAttributes defines single-valued String attributes only',
    "the Group object mapping (enabled)",
  ]);
});

test("every target object action off cannot be declared (the check refuses it): named, not exported", () => {
  const r = exported(edited((user) => (user.flowTypes = "")));
  expect(r.settings).toBeUndefined();
  expect(r.inexpressible).toEqual([
    expect.stringMatching(/^the target object actions "": schema\.targetObjectActions turns every action off/),
  ]);
});

test("a schema without the user rule: nothing compared, and said", () => {
  const live = template();
  live.synchronizationRules![0].name = "OTHER";
  live.synchronizationRules!.push({ ...structuredClone(live.synchronizationRules![0]), name: "SECOND" });
  expect(exported(live)).toEqual({
    inexpressible: [expect.stringMatching(/^the job's schema: the job's schema has no rule named "USER_INBOUND_USER"/)],
  });
});
