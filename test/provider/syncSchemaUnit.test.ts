/**
 * Typed schema settings, pure parts: check() (the offline list of sync-schema.md §4.4, each failure naming the
 * property and the fix), the merge onto the Azure2Azure template (§4.2), revert, projection and the canonical
 * compares. No emulator, no Graph call.
 */
import * as fs from "fs";
import * as path from "path";
import { checkSchemaProperty, checkSyncSchemaInputs } from "../../provider/resources/syncSchema/schema";
import { canonicalSchema, mergeSchema, revertSchema, sameSchema } from "../../provider/resources/syncSchema/merge";
import { projectSettings, sameSettings } from "../../provider/resources/syncSchema/project";
import { normalizeExpression } from "../../provider/resources/syncSchema/sources";
import type {
  GraphAttributeMapping,
  GraphSyncSchema,
  SyncSchemaSettings,
} from "../../provider/resources/syncSchema/types";
import { UNKNOWN } from "../../provider/resources/shared/values";

const FIXTURE = path.join(__dirname, "..", "..", "emulator", "fixtures", "azure2azure-default-schema.json");
const template = (): GraphSyncSchema => JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as GraphSyncSchema;
const RULE = "USER_INBOUND_USER";
const userMapping = (doc: GraphSyncSchema) =>
  doc.synchronizationRules![0].objectMappings!.find((m) => m.sourceObjectName === "User")!;
const mapping = (doc: GraphSyncSchema, target: string): GraphAttributeMapping | undefined =>
  userMapping(doc).attributeMappings!.find((m) => m.targetAttributeName === target);

function check(settings: Record<string, unknown>) {
  const failures: { property: string; reason: string }[] = [];
  const value = checkSchemaProperty(settings, failures);
  return { value: value as SyncSchemaSettings, failures };
}

describe("check (offline, 0 Graph calls)", () => {
  it("accepts the issue's settings and fills the defaults", () => {
    const { value, failures } = check({
      userType: { value: "Member" },
      targetObjectActions: { delete: false },
      scopingFilters: [
        { name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
      ],
      attributeMappings: [{ target: "extensionAttribute1", source: { kind: "constant", value: "CrossTenantSynced" } }],
    });
    expect(failures).toEqual([]);
    expect(value.userType).toEqual({ value: "Member", apply: "always" });
    expect(value.attributeMappings![0].apply).toBe("always");
  });

  it.each([
    [
      "scoping on manager",
      { scopingFilters: [{ name: "m", clauses: [{ attribute: "manager", operator: "IS NOT NULL" }] }] },
      "schema.scopingFilters[0].clauses[0].attribute",
      /cannot be used in a scoping filter: manager is a reference/,
    ],
    [
      "scoping on userType",
      { scopingFilters: [{ name: "m", clauses: [{ attribute: "userType", operator: "EQUALS", values: ["Member"] }] }] },
      "schema.scopingFilters[0].clauses[0].attribute",
      /userType/,
    ],
    [
      "overriding alternativeSecurityIds",
      { attributeMappings: [{ target: "alternativeSecurityIds", source: { kind: "direct", attribute: "netId" } }] },
      "schema.attributeMappings[0].target",
      /cannot be overridden or removed: it is the matching attribute/,
    ],
    [
      "removing alternativeSecurityIds",
      { removeAttributeMappings: ["alternativeSecurityIds"] },
      "schema.removeAttributeMappings[0]",
      /matching attribute/,
    ],
    [
      "an unknown operator",
      { scopingFilters: [{ name: "s", clauses: [{ attribute: "department", operator: "EQUAL", values: ["x"] }] }] },
      "schema.scopingFilters[0].clauses[0].operator",
      /"EQUAL" is not a scoping-filter operator; did you mean "EQUALS"\?/,
    ],
    [
      "a unary operator with values",
      { scopingFilters: [{ name: "s", clauses: [{ attribute: "department", operator: "IS NULL", values: ["x"] }] }] },
      "schema.scopingFilters[0].clauses[0].values",
      /takes no value/,
    ],
    [
      "a binary operator without values",
      { scopingFilters: [{ name: "s", clauses: [{ attribute: "department", operator: "EQUALS" }] }] },
      "schema.scopingFilters[0].clauses[0].values",
      /is required: operator "EQUALS"/,
    ],
    [
      "a non-integer for Greater_Than",
      {
        scopingFilters: [
          { name: "s", clauses: [{ attribute: "employeeId", operator: "Greater_Than", values: ["ten"] }] },
        ],
      },
      "schema.scopingFilters[0].clauses[0].values[0]",
      /whole number/,
    ],
    [
      "the same target twice",
      {
        attributeMappings: [
          { target: "jobTitle", source: { kind: "direct", attribute: "jobTitle" } },
          { target: "jobTitle", source: { kind: "constant", value: "x" } },
        ],
      },
      "schema.attributeMappings[1].target",
      /declares the mapping of "jobTitle" again \(first at schema.attributeMappings\[0\].target\)/,
    ],
    [
      "userType in both places",
      {
        userType: { value: "Member" },
        attributeMappings: [{ target: "userType", source: { kind: "constant", value: "Guest" } }],
      },
      "schema.attributeMappings[0].target",
      /again \(first at schema.userType\)/,
    ],
    [
      "upsert and remove of one target",
      { attributeMappings: [{ target: "jobTitle", source: { kind: "none" } }], removeAttributeMappings: ["jobTitle"] },
      "schema.removeAttributeMappings[0]",
      /either mapped or removed/,
    ],
    [
      "an expression too long",
      {
        attributeMappings: [
          { target: "jobTitle", source: { kind: "expression", expression: `Join(",", ${"[a],".repeat(2600)}[b])` } },
        ],
      },
      "schema.attributeMappings[0].source.expression",
      /at most 10000/,
    ],
    [
      "every action off",
      { targetObjectActions: { create: false, update: false, delete: false } },
      "schema.targetObjectActions",
      /every action off/,
    ],
    ["userType lower case", { userType: { value: "member" } }, "schema.userType.value", /capitalized/],
    [
      "proxyAddresses as a target",
      { attributeMappings: [{ target: "proxyAddresses", source: { kind: "direct", attribute: "mail" } }] },
      "schema.attributeMappings[0].target",
      /read-only/,
    ],
    [
      "a custom security attribute",
      { attributeMappings: [{ target: "customSecurityAttributes.x", source: { kind: "direct", attribute: "mail" } }] },
      "schema.attributeMappings[0].target",
      /custom security attributes/,
    ],
    ["an unknown key", { userTypes: { value: "Member" } }, "schema.userTypes", /did you mean "schema.userType"/],
    ["a raw schema key", { flowTypes: "Add,Update" }, "schema.flowTypes", /targetObjectActions/],
    [
      "duplicate group names",
      {
        scopingFilters: [
          { name: "a", clauses: [{ attribute: "city", operator: "IS NULL" }] },
          { name: "A", clauses: [{ attribute: "city", operator: "IS NULL" }] },
        ],
      },
      "schema.scopingFilters[1].name",
      /own name/,
    ],
  ])("refuses %s, naming the property and the fix", (_what, settings, property, reason) => {
    const { failures } = check(settings as Record<string, unknown>);
    const f = failures.find((x) => x.property === property);
    expect(failures.map((x) => x.property)).toContain(property);
    expect(f!.reason).toMatch(reason);
  });

  it("passes unknown values through (preview)", () => {
    const { failures } = check({
      userType: UNKNOWN,
      scopingFilters: [UNKNOWN],
      attributeMappings: [{ target: UNKNOWN, source: UNKNOWN }],
    });
    expect(failures).toEqual([]);
  });

  it("standalone: IDs required, a jobId with a slash refused, defaults filled, at least one setting", () => {
    expect(checkSyncSchemaInputs({}).failures.map((f) => f.property)).toEqual(["servicePrincipalId", "jobId", ""]);
    const slash = checkSyncSchemaInputs({
      servicePrincipalId: "S",
      jobId: "/servicePrincipals/s/synchronization/jobs/j",
      userType: { value: "Guest" },
    });
    expect(slash.failures.map((f) => f.property)).toEqual(["jobId"]);
    const ok = checkSyncSchemaInputs({
      servicePrincipalId: "ABC",
      jobId: "Azure2Azure.x.y",
      targetObjectActions: { delete: false },
    });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toMatchObject({ servicePrincipalId: "abc", ruleName: RULE, onDelete: "revert" });
    expect(checkSyncSchemaInputs({ servicePrincipalId: "a", jobId: "b", schema: {} }).failures[0].reason).toMatch(
      /top level/,
    );
  });
});

describe("merge onto the Azure2Azure template", () => {
  const settings: SyncSchemaSettings = {
    userType: { value: "Member", apply: "always" },
    targetObjectActions: { delete: false },
    scopingFilters: [{ name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
    attributeMappings: [
      { target: "extensionAttribute1", source: { kind: "constant", value: "CrossTenantSynced" }, apply: "always" },
    ],
  };

  it("changes only the owned parts and records their baseline", () => {
    const live = template();
    const { merged, baseline, changed, ruleId } = mergeSchema(live, settings, {}, { ruleName: RULE });
    expect(changed).toBe(true);
    expect(ruleId).toBe("01e28086-1453-4cb2-b95d-4fbc4564fcc0");
    expect(mapping(merged, "userType")).toMatchObject({
      flowType: "Always",
      source: { type: "Constant", name: "Member" },
    });
    expect(userMapping(merged).flowTypes).toBe("Add,Update");
    expect(userMapping(merged).scope!.groups).toEqual([
      {
        name: "Sales",
        clauses: [{ operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { values: ["Sales"] } }],
      },
    ]);
    expect(userMapping(merged).scope!.inputFilterGroups).toEqual(userMapping(live).scope!.inputFilterGroups);
    const ext = userMapping(merged).attributeMappings!.at(-1)!;
    expect(ext).toMatchObject({
      targetAttributeName: "extensionAttribute1",
      source: { expression: '"CrossTenantSynced"' },
      flowType: "Always",
      matchingPriority: 0,
    });
    // Everything else as read: 23 template mappings + 1, same order.
    expect(userMapping(merged).attributeMappings!.length).toBe(userMapping(live).attributeMappings!.length + 1);
    const untouched = (d: GraphSyncSchema) => {
      const c = structuredClone(d);
      const m = userMapping(c);
      m.attributeMappings = m.attributeMappings!.filter(
        (a) => !["userType", "extensionAttribute1"].includes(a.targetAttributeName!),
      );
      m.flowTypes = "";
      m.scope!.groups = [];
      return JSON.stringify(c);
    };
    expect(untouched(merged)).toBe(untouched(live));
    expect(baseline).toEqual({
      mappings: { userType: mapping(live, "userType"), extensionAttribute1: null },
      actions: { Delete: true },
      scopeGroups: [],
    });
  });

  it("is a no-op (no PUT) when the live schema already has the settings, whatever the service's spelling", () => {
    const first = mergeSchema(template(), settings, {}, { ruleName: RULE });
    const reread = structuredClone(first.merged);
    userMapping(reread).flowTypes = "Add, Update"; // the docs' spelling
    userMapping(reread).scope!.groups!.reverse();
    reread.version = "v1.3";
    const again = mergeSchema(reread, settings, first.baseline, { ruleName: RULE });
    expect(again.changed).toBe(false);
    expect(again.baseline).toEqual(first.baseline);
    expect(sameSchema(again.merged, reread)).toBe(true);
  });

  it("restores the baseline of paths no longer declared, keeps the others", () => {
    const live = template();
    const first = mergeSchema(live, settings, {}, { ruleName: RULE });
    const fewer: SyncSchemaSettings = { userType: settings.userType };
    const second = mergeSchema(first.merged, fewer, first.baseline, { ruleName: RULE });
    expect(second.changed).toBe(true);
    expect(userMapping(second.merged).flowTypes).toBe("Add,Update,Delete");
    expect(userMapping(second.merged).scope!.groups).toEqual([]);
    expect(mapping(second.merged, "extensionAttribute1")).toBeUndefined();
    expect(mapping(second.merged, "userType")!.flowType).toBe("Always");
    expect(second.baseline).toEqual({ mappings: { userType: mapping(live, "userType") } });
  });

  it("reverts to the template (delete) and keeps a portal edit of an unowned mapping", () => {
    const live = template();
    const first = mergeSchema(live, settings, {}, { ruleName: RULE });
    const edited = structuredClone(first.merged);
    mapping(edited, "department")!.source = { expression: '"R&D"', name: "R&D", type: "Constant", parameters: [] };
    const reverted = revertSchema(edited, first.baseline, RULE);
    expect(reverted.baseline).toEqual({});
    const expected = structuredClone(live);
    mapping(expected, "department")!.source = mapping(edited, "department")!.source;
    expect(canonicalSchema(reverted.merged)).toBe(canonicalSchema(expected));
  });

  it("removes a mapping and puts it back on revert; adds extension definitions and removes them when unused", () => {
    const live = template();
    const s: SyncSchemaSettings = {
      removeAttributeMappings: ["jobTitle"],
      extensionAttributes: { target: ["extension_0123456789abcdef0123456789abcdef_costCenter"] },
      attributeMappings: [
        {
          target: "extension_0123456789abcdef0123456789abcdef_costCenter",
          source: { kind: "direct", attribute: "department" },
          apply: "always",
        },
      ],
    };
    const { merged, baseline } = mergeSchema(live, s, {}, { ruleName: RULE });
    expect(mapping(merged, "jobTitle")).toBeUndefined();
    const targetUser = merged.directories![1].objects!.find((o) => o.name === "User")!;
    expect(targetUser.attributes!.at(-1)).toMatchObject({
      name: "extension_0123456789abcdef0123456789abcdef_costCenter",
      type: "String",
    });
    expect(baseline.definitions).toEqual({ target: { extension_0123456789abcdef0123456789abcdef_costCenter: false } });
    const back = revertSchema(merged, baseline, RULE);
    expect(mapping(back.merged, "jobTitle")).toEqual(mapping(live, "jobTitle"));
    expect(back.merged.directories![1].objects!.find((o) => o.name === "User")!.attributes!.length).toBe(
      live.directories![1].objects!.find((o) => o.name === "User")!.attributes!.length,
    );
  });

  it("an unknown rule name is a clear error", () => {
    expect(() => mergeSchema(template(), settings, {}, { ruleName: "NOPE" })).toThrow(
      /no rule named "NOPE" \(its rules: "USER_INBOUND_USER"\)/,
    );
  });
});

describe("projection and settings compare", () => {
  const settings: SyncSchemaSettings = {
    userType: { value: "Member", apply: "always" },
    showInAddressList: { value: false, apply: "always" },
    targetObjectActions: { delete: false },
    scopingFilters: [
      { name: "B", clauses: [{ attribute: "city", operator: "IS NOT NULL", values: [] }] },
      { name: "A", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
    ],
    attributeMappings: [
      {
        target: "jobTitle",
        source: { kind: "expression", expression: 'Join(" ", [givenName], [surname])' },
        apply: "always",
        defaultValue: "",
      },
    ],
    removeAttributeMappings: ["telephoneNumber"],
  };

  it("shows the owned paths only; a portal edit elsewhere is not drift", () => {
    const { merged } = mergeSchema(template(), settings, {}, { ruleName: RULE });
    mapping(merged, "department")!.flowType = "ObjectAddOnly"; // unowned
    userMapping(merged).flowTypes = "Add, Update"; // re-emitted with spaces
    mapping(merged, "jobTitle")!.source!.expression = 'Join(" ",[givenName],[surname])';
    const seen = projectSettings(merged, settings, RULE);
    expect(sameSettings(seen, settings)).toBe(true);
    expect(seen.targetObjectActions).toEqual({ delete: false });
  });

  it("an edit of an owned mapping is drift", () => {
    const { merged } = mergeSchema(template(), settings, {}, { ruleName: RULE });
    mapping(merged, "userType")!.flowType = "ObjectAddOnly";
    const seen = projectSettings(merged, settings, RULE);
    expect(seen.userType).toEqual({ value: "Member", apply: "onCreate" });
    expect(sameSettings(seen, settings)).toBe(false);
  });

  it("filters compare as sets, expressions without spacing, apply defaults filled", () => {
    const a: SyncSchemaSettings = {
      scopingFilters: [...settings.scopingFilters!].reverse(),
      userType: { value: "Member" },
    };
    const b: SyncSchemaSettings = {
      scopingFilters: settings.scopingFilters,
      userType: { value: "Member", apply: "always" },
    };
    expect(sameSettings(a, b)).toBe(true);
    expect(normalizeExpression('Replace([mail], "-", , , "_", ,  )')).toBe('Replace([mail],"-",,,"_",,)');
    expect(normalizeExpression('Join(" a ", [x])')).toBe('Join(" a ",[x])');
  });
});
