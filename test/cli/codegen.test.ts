// Unit tests of the export's code generation (no emulator): names, literals, Graph → arguments, managed partners,
// determinism, and that a generated program type-checks against this package with `tsc --noEmit`.
import * as fs from "fs";
import * as path from "path";
import {
  partnerArgs,
  syncPolicyArgs,
  unmanagedSettings,
  PARTNER_MANAGED,
  defaultArgs,
} from "../../provider/cli/export/argsFromGraph";
import { buildModel } from "../../provider/cli/export/buildModel";
import { renderProgram } from "../../provider/cli/export/codegen/program";
import { packageJson, projectName, pulumiYaml, tsconfigJson } from "../../provider/cli/export/codegen/projectFiles";
import { code, comment, render } from "../../provider/cli/export/codegen/tsLiteral";
import { managedReason, MICROSOFT_SUPPORT_TENANT_ID } from "../../provider/cli/export/managedPartners";
import { camelCase, namePartners, slugify } from "../../provider/cli/export/naming";
import { nextPath } from "../../provider/graph/paths";
import { TenantSnapshot } from "../../provider/cli/export/readTenant";
import { compileProgram, scratchDir } from "./compileProgram";
import { fixtureTenant, variedTenant } from "../../testkit/variedTenant";

type Obj = Record<string, unknown>;

/** A snapshot shaped like Graph's list answer, built from the fixture seed (partners with their policy expanded). */
function snapshotOf(
  seed: ReturnType<typeof variedTenant>["seed"],
  apiVersion: "v1.0" | "beta" = "v1.0",
): TenantSnapshot {
  const policies = new Map(seed.policies.map((p) => [p.tenantId as string, p]));
  const partners = seed.partners.map((p) => {
    const { displayName, ...rest } = p;
    return {
      ...(apiVersion === "beta" && displayName !== undefined ? { displayName } : {}),
      ...rest,
      identitySynchronization: policies.get(p.tenantId as string) ?? null,
    } as Obj;
  });
  return {
    apiVersion,
    partners,
    defaultConfiguration: { isServiceDefault: false, ...seed.defaultConfiguration },
    pages: [],
    requests: 0,
  };
}

const model = (s: TenantSnapshot, includeManaged = false) =>
  buildModel(s, { homeTenantId: "11111111-1111-4111-8111-111111111111", packageVersion: "0.1.0", includeManaged });

describe("names", () => {
  test("slugs read like names; nothing usable → empty", () => {
    expect(slugify("Contoso Ltd.")).toBe("contoso-ltd");
    expect(slugify("Fabrikam & Co. (EMEA 9)")).toBe("fabrikam-and-co-emea-9");
    expect(slugify("Ünïcödé GmbH")).toBe("unicode-gmbh");
    expect(slugify("日本支社")).toBe("");
    expect(slugify("x".repeat(80))).toHaveLength(48);
    expect(camelCase("contoso-ltd")).toBe("contosoLtd");
    expect(camelCase("3m-emea")).toBe("tenant3mEmea");
  });

  test("collisions: every colliding partner gets its own tenant-ID suffix, independent of order and of other partners", () => {
    const a = "aaaa1111-0000-4000-8000-000000000001";
    const b = "bbbb2222-0000-4000-8000-000000000002";
    const c = "cccc3333-0000-4000-8000-000000000003";
    const names = namePartners([
      { tenantId: b, label: "Contoso" },
      { tenantId: a, label: "Contoso" },
      { tenantId: c, label: "Fabrikam" },
    ]);
    expect(names.get(a)?.resourceName).toBe("contoso-aaaa");
    expect(names.get(b)?.resourceName).toBe("contoso-bbbb");
    expect(names.get(c)?.resourceName).toBe("fabrikam");
    expect(names.get(a)?.variable).toBe("contosoAaaa");
    expect(names.get(c)?.tenantIdConstant).toBe("fabrikamTenantId");
    const reversed = namePartners([
      { tenantId: c, label: "Fabrikam" },
      { tenantId: a, label: "Contoso" },
      { tenantId: b, label: "Contoso" },
    ]);
    expect([...reversed.entries()].sort()).toEqual([...names.entries()].sort());
  });

  test("no name: the tenant ID is the resource name and a hex prefix the variable; reserved words are avoided", () => {
    const id = "9c5d0a4e-1234-4abc-8def-0123456789ab";
    const names = namePartners([
      { tenantId: id },
      { tenantId: "11112222-0000-4000-8000-000000000000", label: "Default" },
    ]);
    expect(names.get(id)).toEqual({
      tenantId: id,
      resourceName: id,
      variable: "partner9c5d0a4e",
      tenantIdConstant: "partner9c5d0a4eTenantId",
    });
    expect(names.get("11112222-0000-4000-8000-000000000000")?.variable).toBe("defaultPartner");
  });

  test("well-known tenants without a display name get a readable name", () => {
    const names = namePartners([{ tenantId: MICROSOFT_SUPPORT_TENANT_ID }], {
      [MICROSOFT_SUPPORT_TENANT_ID]: "microsoft-support",
    });
    expect(names.get(MICROSOFT_SUPPORT_TENANT_ID)?.resourceName).toBe("microsoft-support");
  });
});

describe("literals", () => {
  test("flat objects inline, nested ones spread, strings escaped, code as is", () => {
    expect(render({ isSyncAllowed: true })).toBe("{ isSyncAllowed: true }");
    expect(render({ tenantId: code("contoso.tenantId"), displayName: 'Say "hi" \\ \u2028' })).toBe(
      '{ tenantId: contoso.tenantId, displayName: "Say \\"hi\\" \\\\ \\u2028" }',
    );
    expect(render({ a: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] } })).toBe(
      [
        "{",
        "    a: {",
        '        accessType: "allowed",',
        '        targets: [{ target: "AllUsers", targetType: "user" }],',
        "    },",
        "}",
      ].join("\n"),
    );
  });

  test("comments stay comments: no line breaks or separators from data, wrapped at the width", () => {
    const lines = comment("a\u2028b\nc\r\nd" + " word".repeat(40));
    for (const l of lines) expect(l.startsWith("// ") || l === "//").toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(110);
    expect(lines.join("\n")).not.toMatch(/[\u2028\u2029\r]/);
  });
});

describe("Graph → arguments", () => {
  const tenantId = fixtureTenant(1);

  test("inherited settings (null, all-null leaves, empty target lists) are left out; present leaves kept", () => {
    const args = partnerArgs({
      tenantId: tenantId.toUpperCase(),
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null },
      inboundTrust: { isMfaAccepted: null, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null },
      b2bCollaborationInbound: null,
      b2bCollaborationOutbound: {
        usersAndGroups: { accessType: null, targets: [] },
        applications: { accessType: null, targets: [] },
      },
      tenantRestrictions: { usersAndGroups: null, applications: null, devices: null },
      isServiceProvider: null,
    });
    expect(args).toEqual({ tenantId, automaticUserConsentSettings: { inboundAllowed: true } });
  });

  test("one half null → that half alone; an accessType with no targets → an empty list; the default's null inboundTrust leaf → false", () => {
    const blocked = { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] };
    expect(
      partnerArgs({
        tenantId,
        b2bCollaborationOutbound: { usersAndGroups: null, applications: blocked },
        tenantRestrictions: {
          usersAndGroups: { accessType: null, targets: [] },
          applications: blocked,
          devices: { mode: "blocked", rule: "x" },
        },
        b2bDirectConnectInbound: {
          usersAndGroups: { accessType: "blocked", targets: [] },
          applications: { accessType: "allowed", targets: null },
        },
      }),
    ).toEqual({
      tenantId,
      b2bCollaborationOutbound: { applications: blocked },
      b2bDirectConnectInbound: {
        usersAndGroups: { accessType: "blocked", targets: [] },
        applications: { accessType: "allowed", targets: [] },
      },
      tenantRestrictions: { applications: blocked },
    });
    expect(
      defaultArgs({
        inboundTrust: {
          isMfaAccepted: true,
          isCompliantDeviceAccepted: null,
          isHybridAzureADJoinedDeviceAccepted: null,
        },
      }),
    ).toEqual({
      inboundTrust: {
        isMfaAccepted: true,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
  });

  test("a sync policy: displayName only when set, userSyncInbound always, groupSyncInbound only on beta", () => {
    const p = {
      tenantId,
      identitySynchronization: { userSyncInbound: null, groupSyncInbound: { isSyncAllowed: true } },
    };
    expect(syncPolicyArgs(p, "v1.0")).toEqual({ tenantId, userSyncInbound: { isSyncAllowed: false } });
    expect(syncPolicyArgs(p, "beta")).toEqual({
      tenantId,
      userSyncInbound: { isSyncAllowed: false },
      groupSyncInbound: { isSyncAllowed: true },
    });
    expect(syncPolicyArgs({ tenantId, identitySynchronization: null }, "v1.0")).toBeUndefined();
  });

  test("the default configuration: every setting it has, never the read-only automaticUserConsentSettings", () => {
    expect(
      defaultArgs({
        isServiceDefault: true,
        automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
        inboundTrust: {
          isMfaAccepted: false,
          isCompliantDeviceAccepted: false,
          isHybridAzureADJoinedDeviceAccepted: false,
        },
      }),
    ).toEqual({
      inboundTrust: {
        isMfaAccepted: false,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
  });

  test("settings the package does not manage are named, empty ones are not", () => {
    expect(
      unmanagedSettings(
        {
          tenantId,
          protectedContentSharing: { inboundAllowed: true, outboundAllowed: null },
          crossCloudMeetingConfiguration: { inboundAllowed: null, outboundAllowed: null },
          blockServiceProviderOutboundAccess: false,
          tenantRestrictions: { usersAndGroups: null, applications: null, devices: { mode: "allowed", rule: "x" } },
          "@odata.context": "x",
        },
        PARTNER_MANAGED,
      ),
    ).toEqual(["protectedContentSharing", "tenantRestrictions.devices"]);
  });

  test("managed partners: service provider, multi-tenant organization, Microsoft's support tenant", () => {
    expect(managedReason({ tenantId, isServiceProvider: true })).toMatch(/service provider/);
    expect(managedReason({ tenantId, isInMultiTenantOrganization: true })).toMatch(/multi-tenant organization/);
    expect(managedReason({ tenantId: MICROSOFT_SUPPORT_TENANT_ID.toUpperCase(), isServiceProvider: true })).toMatch(
      /Microsoft Support/,
    );
    expect(managedReason({ tenantId, isServiceProvider: false, isInMultiTenantOrganization: false })).toBeUndefined();
  });
});

describe("program", () => {
  const fixture = variedTenant();

  test("deterministic: Graph's order does not matter, the same tenant gives the same bytes", () => {
    const a = renderProgram(model(snapshotOf(fixture.seed)));
    const shuffled = snapshotOf(fixture.seed);
    shuffled.partners = [...shuffled.partners].reverse();
    const b = renderProgram(model(shuffled));
    expect(b).toBe(a);
    expect(renderProgram(model(snapshotOf(variedTenant().seed)))).toBe(a);
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps
  });

  test("reads like hand-written code: constants, linked policies, inherited settings left out, sorted sections", () => {
    const text = renderProgram(model(snapshotOf(fixture.seed)));
    const live = text.split("\n").filter((l) => !l.startsWith("//"));
    // Every configured partner has one constant, and resources use it, never a literal tenant ID.
    for (const id of fixture.all.filter((id) => !fixture.managed.includes(id))) {
      expect(live.filter((l) => new RegExp(`^const \\w+TenantId = "${id}";$`).test(l))).toHaveLength(1);
    }
    expect(live.join("\n")).not.toContain('tenantId: "');
    expect(live.join("\n")).not.toMatch(/\bnull\b/);
    // Policies point at their partner resource.
    expect(text).toMatch(
      /new CrossTenantIdentitySyncPolicyPartner\("subsidiary-2", \{\n {4}tenantId: subsidiary2\.tenantId,\n {4}displayName: "Subsidiary 2",/,
    );
    // A partner that inherits everything is just its tenant ID.
    expect(text).toMatch(
      new RegExp(
        `new CrossTenantAccessPolicyConfigurationPartner\\("${fixtureTenant(1)}", \\{\\s*tenantId: partner\\w+TenantId,?\\s*\\}\\);`,
      ),
    );
    // Collisions, unslugable and escaped names.
    expect(text).toContain('new CrossTenantIdentitySyncPolicyPartner("say-hi-ltd", {');
    expect(text).toContain('displayName: "Say \\"hi\\" \\\\ Ltd"');
    // v1.0: no group sync.
    expect(text).not.toContain("groupSyncInbound");
    // Resource sections sorted by name.
    const names = [
      ...text.matchAll(/^(?:const \w+ = )?new CrossTenantAccessPolicyConfigurationPartner\("([^"]+)"/gm),
    ].map((m) => m[1]);
    expect(names).toEqual([...names].sort());
  });

  test("partners the tenant did not configure are commented out with the reason, or live with --include-managed", () => {
    const text = renderProgram(model(snapshotOf(fixture.seed)));
    const sp = fixture.managed[0];
    const commented = text.split("\n").filter((l) => l.includes(sp));
    expect(commented.length).toBeGreaterThan(0);
    for (const l of commented) expect(l.startsWith("//")).toBe(true);
    expect(text).toContain("// Microsoft Support tenant: Microsoft 365 adds it while a support request is open");
    expect(text).toContain("// created by the multi-tenant organization");
    expect(text).toContain("// service provider (GDAP/CSP) partner");
    const included = renderProgram(model(snapshotOf(fixture.seed), true));
    expect(included.split("\n").filter((l) => l.startsWith("const ") && l.includes(`"${sp}"`))).toHaveLength(1);
    expect(included).toContain(
      "// Not configured by this tenant itself (exported with --include-managed): service provider",
    );
  });

  test("beta: partner display names name the resources and group sync is written", () => {
    const text = renderProgram(model(snapshotOf(fixture.seed, "beta")));
    expect(text).toContain('new CrossTenantAccessPolicyConfigurationPartner("fabrikam-and-co-emea-9", {');
    expect(text).toMatch(/groupSyncInbound: \{ isSyncAllowed: true \}/);
    expect(text).toMatch(/groupSyncInbound: \{ isSyncAllowed: false \}/);
    expect(text).toMatch(/new CrossTenantAccessPolicyConfigurationPartner\("contoso-f1e70000090[01]", \{/);
    expect(text).toContain("entra:apiVersion beta");
    expect(text).toContain("// Not managed by this package, left as they are: protectedContentSharing.");
  });

  test("project files are fixed text: Pulumi.yaml (beta sets entra:apiVersion), package.json with this package's version", () => {
    const o = {
      project: projectName("My Entra"),
      description: "d",
      apiVersion: "beta" as const,
      packageVersion: "0.1.0",
      pulumiRange: "^3.216.0",
    };
    expect(o.project).toBe("my-entra");
    expect(pulumiYaml(o)).toContain("  entra:apiVersion: beta\n");
    expect(pulumiYaml({ ...o, apiVersion: "v1.0" })).not.toContain("config:");
    // by default the packed tarball next to package.json: never a range the public registry could answer
    expect(JSON.parse(packageJson(o)).dependencies).toEqual({
      "@pulumi/pulumi": "^3.216.0",
      "pulumi-entra-cross-tenant": "file:./pulumi-entra-cross-tenant-0.1.0.tgz",
    });
    // --package-spec: e.g. the tarball while the package is not on the public registry
    const spec = "file:../pulumi-entra-cross-tenant-0.1.0.tgz";
    expect(JSON.parse(packageJson({ ...o, packageSpec: spec })).dependencies["pulumi-entra-cross-tenant"]).toBe(spec);
    expect(JSON.parse(tsconfigJson()).compilerOptions.strict).toBe(true);
  });

  test("the generated program type-checks with tsc --noEmit (v1.0 and beta, managed partners included)", () => {
    for (const [apiVersion, includeManaged] of [
      ["v1.0", false],
      ["beta", true],
    ] as const) {
      const dir = scratchDir("codegen-compile");
      try {
        fs.writeFileSync(
          path.join(dir, "index.ts"),
          renderProgram(model(snapshotOf(fixture.seed, apiVersion), includeManaged)),
        );
        fs.writeFileSync(path.join(dir, "tsconfig.json"), tsconfigJson());
        const r = compileProgram(dir);
        expect(r.programErrors).toEqual([]);
        expect({ status: r.status, output: r.output }).toEqual({ status: 0, output: "" });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 300_000);
});

describe("take-over check", () => {
  test("the varied tenant is taken over unchanged: no resource is flagged", () => {
    const m = model(snapshotOf(variedTenant().seed, "beta"), true);
    expect(m.partners.filter((p) => p.problems.length).map((p) => [p.names.resourceName, p.problems])).toEqual([]);
    expect(m.defaultConfiguration?.problems).toEqual([]);
    expect(renderProgram(m)).not.toContain("CHECK BEFORE");
  });

  test("what the resource cannot declare is flagged in the program, naming the setting and the fix", () => {
    const id = fixtureTenant(77);
    // A target that is neither an object ID nor a reserved value (not a shape Graph documents).
    const odd = { accessType: "allowed", targets: [{ target: "alice@contoso.com", targetType: "user" }] };
    const s: TenantSnapshot = {
      apiVersion: "v1.0",
      partners: [{ tenantId: id, b2bCollaborationInbound: { usersAndGroups: odd, applications: null } }],
      defaultConfiguration: null,
      pages: [],
      requests: 0,
    };
    const m = model(s);
    expect(m.partners[0].problems.join("\n")).toContain(
      "b2bCollaborationInbound.usersAndGroups.targets[0].target must be the object ID (a GUID) of a user or group",
    );
    expect(renderProgram(m)).toContain(
      "// CHECK BEFORE `pulumi up`: this resource would not be taken over unchanged: check:",
    );
  });
});

describe("the cross-tenant access policy and the newer settings", () => {
  const s = (accessPolicy: Obj | null, partners: Obj[] = [], apiVersion: "v1.0" | "beta" = "v1.0"): TenantSnapshot => ({
    apiVersion,
    partners,
    defaultConfiguration: null,
    accessPolicy,
    pages: [],
    requests: 0,
  });

  test("the policy is declared with its list sorted (a set); an empty list says it is Graph's default", () => {
    const listed = renderProgram(
      model(
        s({
          displayName: "CrossTenantAccessPolicy",
          allowedCloudEndpoints: ["partner.microsoftonline.cn", "microsoftonline.us"],
        }),
      ),
    );
    expect(listed).toContain('import { CrossTenantAccessPolicy } from "pulumi-entra-cross-tenant";');
    expect(listed).toMatch(
      /new CrossTenantAccessPolicy\("cross-tenant-access-policy", \{\s+allowedCloudEndpoints: \["microsoftonline.us", "partner.microsoftonline.cn"\],\s+\}\);/,
    );
    const empty = renderProgram(model(s({ allowedCloudEndpoints: [] })));
    expect(empty).toContain(
      'new CrossTenantAccessPolicy("cross-tenant-access-policy", { allowedCloudEndpoints: [] });',
    );
    expect(empty).toMatch(/may collaborate with: none, Graph's\s+\/\/ default\./);
    expect(renderProgram(model(s(null)))).not.toContain("CrossTenantAccessPolicy");
  });

  test("a value check() refuses is flagged before pulumi up, naming the allowed values", () => {
    const m = model(s({ allowedCloudEndpoints: ["microsoftonline.de"] }));
    expect(m.accessPolicy?.problems.join("\n")).toMatch(
      /allowedCloudEndpoints\[0\] must be one of "microsoftonline.com" .* got "microsoftonline.de"/,
    );
    expect(renderProgram(m)).toContain(
      "// CHECK BEFORE `pulumi up`: this resource would not be taken over unchanged: check:",
    );
  });

  test("beta: a partner's blockServiceProviderOutboundAccess is declared only when true (false is Graph's default, left unmanaged)", () => {
    const on = fixtureTenant(0xb1);
    const off = fixtureTenant(0xb2);
    const m = model(
      s(
        null,
        [
          { tenantId: on, blockServiceProviderOutboundAccess: true },
          { tenantId: off, blockServiceProviderOutboundAccess: false },
        ],
        "beta",
      ),
    );
    const byId = new Map(m.partners.map((p) => [p.names.tenantId, p]));
    expect(byId.get(on)?.args).toEqual({ tenantId: on, blockServiceProviderOutboundAccess: true });
    expect(byId.get(off)?.args).toEqual({ tenantId: off });
    for (const p of m.partners) expect(p.problems).toEqual([]);
  });
});

describe("paging links", () => {
  test("@odata.nextLink → a path under the same root and version; another host is refused", () => {
    expect(
      nextPath(
        "https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners?$expand=x&$skiptoken=abc",
        "https://graph.microsoft.com",
        "v1.0",
      ),
    ).toBe("/policies/crossTenantAccessPolicy/partners?$expand=x&$skiptoken=abc");
    expect(() => nextPath("https://evil.example/v1.0/policies?x", "https://graph.microsoft.com", "v1.0")).toThrow(
      /not followed/,
    );
    expect(() =>
      nextPath("https://graph.microsoft.com/beta/policies?x", "https://graph.microsoft.com", "v1.0"),
    ).toThrow(/outside/);
  });
});
