/**
 * The program side of schema settings (issue 17), under pulumi.runtime.setMocks (a preview): the partnership passes
 * `sourceConfiguration.schema` on and checks it at construction with the resource's own check; the preview notices
 * check() hands over (the hidden output `__previewNotices`) become warnings on the resource; a CrossTenantSyncSchema
 * on the job of a configuration that has `schema` is an ownership conflict.
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossTenantSyncConfiguration, CrossTenantSyncPartnership, CrossTenantSyncSchema } from "../../provider";
import { resetPartnershipClaims } from "../../provider/program/components/crossTenantSyncPartnership/claims";
import { resetOwnershipRegistry } from "../../provider/program/ownership";
import { PREVIEW_NOTICES_INPUT } from "../../provider/resources/handler";

const X = "11111111-1111-4111-8111-111111111111";
const Y = "33333333-3333-4333-8333-333333333333";
const SP = "5e000000-0000-4000-8000-000000000001";
const JOB = "Azure2Azure.0123456789abcdef0123456789abcdef.6a0b230b-0000-4000-8000-000000000001";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
let registered: Registered[] = [];
/** What the mocked engine returns as outputs, per resource name, on top of the inputs. */
let extraState: Record<string, Record<string, unknown>> = {};

beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...(extraState[args.name] ?? {}) } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  ),
);

beforeEach(() => {
  registered = [];
  extraState = {};
  resetOwnershipRegistry();
  resetPartnershipClaims();
  pulumi.runtime.setAllConfig({});
});
afterEach(() => pulumi.runtime.awaitStackRegistrations());

async function settled(...outputs: pulumi.Output<unknown>[]): Promise<void> {
  await Promise.all(outputs.map((o) => (o as unknown as { promise(): Promise<unknown> }).promise()));
  await new Promise((r) => setTimeout(r, 50));
}

const sides = { source: { tenantId: X, connection: "source" }, target: { tenantId: Y, connection: "target" } };
const SCHEMA = {
  userType: { value: "Member" as const, apply: "always" as const },
  targetObjectActions: { delete: false },
  scopingFilters: [{ name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
};

describe("partnership", () => {
  it("passes sourceConfiguration.schema on to the configuration", async () => {
    const p = new CrossTenantSyncPartnership("cf", {
      ...sides,
      displayName: "Contoso",
      sourceConfiguration: { displayName: "Sync", scope: { syncAll: true }, schema: SCHEMA },
    });
    await settled(p.sourceConfiguration!.urn);
    expect(registered.find((r) => r.name === "cf-source-configuration")!.inputs.schema).toEqual(SCHEMA);
  });

  it("checks it at construction with the resource's check (no Graph call)", () => {
    expect(
      () =>
        new CrossTenantSyncPartnership("bad", {
          ...sides,
          displayName: "Contoso",
          sourceConfiguration: {
            displayName: "Sync",
            scope: { syncAll: true },
            schema: { scopingFilters: [{ name: "m", clauses: [{ attribute: "manager", operator: "IS NOT NULL" }] }] },
          },
        }),
    ).toThrow(
      /CrossTenantSyncPartnership "bad": sourceConfiguration\.schema\.scopingFilters\[0\]\.clauses\[0\]\.attribute "manager" cannot be used in a scoping filter/,
    );
  });
});

describe("preview notices", () => {
  it("become warnings on the resource during preview", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    extraState["to-y"] = { [PREVIEW_NOTICES_INPUT]: ["the next provisioning cycle will be an initial cycle"] };
    const c = new CrossTenantSyncConfiguration("to-y", {
      displayName: "Sync",
      targetTenantId: Y,
      scope: { syncAll: true },
      schema: SCHEMA,
    });
    await settled(c.urn, c.displayName);
    expect(warn).toHaveBeenCalledWith(
      'CrossTenantSyncConfiguration "to-y": the next provisioning cycle will be an initial cycle',
      c,
    );
    warn.mockRestore();
  });
});

describe("one owner per job schema", () => {
  it("a CrossTenantSyncSchema on the job of a configuration with schema is a conflict", async () => {
    const error = jest.spyOn(pulumi.log, "error").mockResolvedValue();
    extraState["cfg"] = { servicePrincipalId: SP, jobId: JOB };
    const standalone = new CrossTenantSyncSchema("s", {
      servicePrincipalId: SP,
      jobId: JOB,
      userType: { value: "Guest" },
    });
    const cfg = new CrossTenantSyncConfiguration("cfg", {
      displayName: "Sync",
      targetTenantId: Y,
      scope: { syncAll: true },
      schema: SCHEMA,
    });
    await settled(standalone.urn, cfg.urn, cfg.jobId);
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(
        /CrossTenantSyncConfiguration "cfg" and CrossTenantSyncSchema "s" both manage the synchronization schema of job Azure2Azure\..* \(service principal 5e000000-0000-4000-8000-000000000001\).*Declare the schema settings once per job/i,
      ),
      cfg,
    );
    error.mockRestore();
  });
});
