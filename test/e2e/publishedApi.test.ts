// Issue 15 end to end with the real Pulumi CLI against the emulator: what Microsoft's published API has and this
// package once lacked. One stack declares the three objects: the default configuration with
// `invitationRedemptionIdentityProviderConfiguration`, a partner whose tenant restrictions carry a device filter
// with Graph's `mode: "blocked"` set outside the program (seeded through the emulator's admin API; kept through up,
// refresh and a write of tenantRestrictions), and a `CrossTenantAccessPolicy` with `allowedCloudEndpoints`: bad
// values fail at preview naming the allowed values with no Graph call; up; a no-change preview with no Graph call;
// portal drift found by refresh and restored by up; destroy restoring what it should. Then `export` of a tenant that
// has all three, whose first `pulumi up` makes no write. The steps run in order.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { entraConfig, entraEnv, entraSecrets } from "../../testkit/entraConfig";
import { ProgramSpec, SpecResource, writeSpec, writeSpecProgram } from "../../testkit/e2eStack";
import { installPackage } from "../../testkit/providerHost";
import { opsFor, PulumiCli, PulumiWorkspace, REPO_ROOT } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const POLICY = "CrossTenantAccessPolicy";
const DEFAULT = "CrossTenantAccessPolicyConfigurationDefault";
const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const P1 = partnerTenant(0x1, "15150000");
const P2 = partnerTenant(0x2, "15150000");
const US = "microsoftonline.us";
const CN = "partner.microsoftonline.cn";
const POLICY_PATH = "/policies/crossTenantAccessPolicy";

const blockedUsers = { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] };
const blockedApps = { accessType: "blocked", targets: [{ target: "AllApplications", targetType: "application" }] };
const allowedApps = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
const allUsers = { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] };
// Graph's devicesFilter: devices matching the rule are blocked (crossTenantAccessPolicyTargetConfigurationAccessType).
const filter = (rule: string) => ({ mode: "blocked", rule });
const RULE1 = 'device.trustType -eq "ServerAD"';
const RULE2 = 'device.deviceOwnership -eq "Personal"';
// A documented update example: no Microsoft accounts offered for redemption.
const noMsa = {
  primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
  fallbackIdentityProvider: "emailOneTimePasscode",
};

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

const clouds: SpecResource = { name: "clouds", args: { allowedCloudEndpoints: [US] } };
const defaults: SpecResource = {
  name: "tenant-defaults",
  args: { invitationRedemptionIdentityProviderConfiguration: noMsa },
};
const partner: SpecResource = {
  name: "contoso",
  args: { tenantId: P1, tenantRestrictions: { usersAndGroups: blockedUsers, applications: blockedApps } },
};
const spec: ProgramSpec = { accessPolicies: [clouds], defaults: [defaults], partners: [partner] };

const version = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");
const writes = (calls: LoggedRequest[]) => calls.filter((c) => c.method !== "GET");
const fmt = (calls: LoggedRequest[]) => calls.map((c) => `${c.method} ${version(c.path)} ${c.status}`).sort();

async function policyInGraph(): Promise<unknown> {
  return ((await admin.state()).crossTenantAccessPolicy as Record<string, unknown> | undefined)?.allowedCloudEndpoints;
}

async function devicesInGraph(tenantId: string): Promise<unknown> {
  return ((await admin.partner(tenantId))?.tenantRestrictions as Record<string, unknown> | undefined)?.devices;
}

useE2eStack(
  {
    project: "published",
    program: async (s) => {
      // The partner exists already, with a device filter set in the portal (not managed by this package).
      await s.admin.seed({
        partners: [
          {
            tenantId: P1,
            tenantRestrictions: { usersAndGroups: blockedUsers, applications: blockedApps, devices: filter(RULE1) },
          },
        ],
      });
      writeSpecProgram(s.ws, "published", spec);
    },
    timed: "publishedApi",
  },
  (s) => ({ cli, emu, admin, ws } = s),
);

describe("bad values (and a second policy) fail at preview naming the allowed values (or both owners), with no Graph call", () => {
  const cases: [string, ProgramSpec, string][] = [
    [
      "devicesFilter mode \"include\" (Conditional Access's word, not Graph's)",
      {
        partners: [
          {
            name: "bad-mode",
            args: {
              tenantId: P2,
              tenantRestrictions: { applications: blockedApps, devices: { mode: "include", rule: RULE1 } },
            },
          },
        ],
      },
      `${PARTNER} resource 'bad-mode' has a problem: tenantRestrictions.devices.mode must be "allowed" or "blocked" (Graph devicesFilter.mode), got "include" ("include" is a Conditional Access filter mode).`,
    ],
    [
      "an unknown identity provider",
      {
        defaults: [
          {
            name: "bad-idp",
            args: {
              invitationRedemptionIdentityProviderConfiguration: { ...noMsa, fallbackIdentityProvider: "google" },
            },
          },
        ],
      },
      `${DEFAULT} resource 'bad-idp' has a problem: invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider must be one of "defaultConfiguredIdp", "emailOneTimePasscode", "microsoftAccount", got "google".`,
    ],
    [
      "an unknown cloud endpoint",
      { accessPolicies: [{ name: "bad-cloud", args: { allowedCloudEndpoints: [US, "microsoftonline.de"] } }] },
      `${POLICY} resource 'bad-cloud' has a problem: allowedCloudEndpoints[1] must be one of "microsoftonline.com" (the commercial (global) cloud), "microsoftonline.us" (Microsoft Azure Government), "partner.microsoftonline.cn" (Microsoft Azure operated by 21Vianet (China)); got "microsoftonline.de". Did you mean "microsoftonline.us"?`,
    ],
    [
      "a second CrossTenantAccessPolicy for the same tenant (one owner per Graph object)",
      { accessPolicies: [clouds, { name: "more-clouds", args: { allowedCloudEndpoints: [CN] } }] },
      `${POLICY} resource 'more-clouds' has a problem: ${POLICY} "more-clouds" and ${POLICY} "clouds" both manage the cross-tenant access policy (allowedCloudEndpoints) in the tenant of the top-level entra:* settings.`,
    ],
  ];

  test.each(cases)("%s", async (_what, bad, message) => {
    writeSpec(ws, bad);
    try {
      const { result, calls } = await admin.graphCallsDuring(() => ws.preview([], { allowFailure: true }));
      expect(result.code).not.toBe(0);
      expect(result.output.replace(/\s*\n\s*/g, " ")).toContain(message);
      expect(calls).toEqual([]);
      console.log(`preview message: ${message}`);
    } finally {
      writeSpec(ws, spec);
    }
  });
});

test("preview of the three: creates, no Graph call", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.previewJson());
  expect(opsFor(result, POLICY)).toEqual(["create"]);
  expect(opsFor(result, DEFAULT)).toEqual(["create"]);
  expect(opsFor(result, PARTNER)).toEqual(["create"]);
  expect(calls).toEqual([]);
});

test("up: the policy and the default PATCHed once each; the partner taken over with no write and its device filter kept", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.up());
  expect(fmt(writes(calls))).toEqual(
    [`PATCH ${POLICY_PATH} 204`, `PATCH ${POLICY_PATH}/default 204`, `POST ${POLICY_PATH}/partners 409`].sort(),
  );
  const patch = (p: string) => writes(calls).find((c) => c.method === "PATCH" && version(c.path) === p)!.body;
  expect(patch(POLICY_PATH)).toEqual({ allowedCloudEndpoints: [US] });
  expect(patch(`${POLICY_PATH}/default`)).toEqual({ invitationRedemptionIdentityProviderConfiguration: noMsa });
  expect(await policyInGraph()).toEqual([US]);
  expect((await admin.defaultConfiguration()).invitationRedemptionIdentityProviderConfiguration).toEqual(noMsa);
  expect(await devicesInGraph(P1)).toEqual(filter(RULE1));
  const [p] = await ws.resources(PARTNER);
  expect(p.outputs).toMatchObject({ adopted: true, tenantRestrictionsDevices: filter(RULE1) });
  const [d] = await ws.resources(DEFAULT);
  expect(d.outputs).toMatchObject({ automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false } });
  // The policy was Graph's default (empty): not an adoption, so no take-over warning for it.
  expect(result.output).not.toMatch(/CrossTenantAccessPolicy "clouds" took over/);
});

test("a second preview: no changes and no Graph call", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.preview(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(calls).toEqual([]);
});

test("portal drift: refresh finds the other clouds and the new device filter; up restores the clouds and keeps the filter", async () => {
  await admin.seed({ crossTenantAccessPolicy: { allowedCloudEndpoints: [CN] } });
  await admin.portalPatchPartner(P1, {
    tenantRestrictions: { usersAndGroups: blockedUsers, applications: blockedApps, devices: filter(RULE2) },
  });
  const refresh = await ws.refresh();
  // The engine counts the policy (an input changed); the partner's filter is an output only, but it is stored.
  expect(refresh.output).toMatch(/CrossTenantAccessPolicy clouds updated .*\[diff: ~allowedCloudEndpoints\]/);
  expect((await ws.resources(POLICY))[0].outputs?.allowedCloudEndpoints).toEqual([CN]);
  expect((await ws.resources(PARTNER))[0].outputs?.tenantRestrictionsDevices).toEqual(filter(RULE2));

  const preview = await ws.previewJson();
  expect(opsFor(preview, POLICY)).toEqual(["update"]);
  expect(opsFor(preview, PARTNER)).toEqual([]);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, version(c.path), c.body])).toEqual([
    ["PATCH", POLICY_PATH, { allowedCloudEndpoints: [US] }],
  ]);
  expect(await policyInGraph()).toEqual([US]);
  expect(await devicesInGraph(P1)).toEqual(filter(RULE2));
});

test('a write of tenantRestrictions sends the filter back as refresh read it, mode "blocked" included', async () => {
  partner.args!.tenantRestrictions = { usersAndGroups: blockedUsers, applications: allowedApps };
  writeSpec(ws, spec);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, version(c.path), c.body])).toEqual([
    [
      "PATCH",
      `${POLICY_PATH}/partners/${P1}`,
      { tenantRestrictions: { usersAndGroups: blockedUsers, applications: allowedApps, devices: filter(RULE2) } },
    ],
  ]);
  expect(await devicesInGraph(P1)).toEqual(filter(RULE2));
  await ws.preview(["--expect-no-changes"]);
});

test("the list is a set: the same clouds in another order are no change", async () => {
  clouds.args!.allowedCloudEndpoints = [CN, US];
  writeSpec(ws, spec);
  const { calls: first } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(first).map((c) => [c.method, c.body])).toEqual([["PATCH", { allowedCloudEndpoints: [CN, US] }]]);
  clouds.args!.allowedCloudEndpoints = [US, CN];
  writeSpec(ws, spec);
  const { result, calls } = await admin.graphCallsDuring(() => ws.preview(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(calls).toEqual([]);
});

test("destroy: the policy's list emptied, the default reset, the partner deleted", async () => {
  const { calls } = await admin.graphCallsDuring(() => ws.destroy());
  expect(fmt(writes(calls).filter((c) => c.status < 300))).toEqual(
    [
      `PATCH ${POLICY_PATH} 204`,
      `POST ${POLICY_PATH}/default/resetToSystemDefault 204`,
      `DELETE ${POLICY_PATH}/partners/${P1} 204`,
    ].sort(),
  );
  expect(writes(calls).find((c) => c.method === "PATCH")!.body).toEqual({ allowedCloudEndpoints: [] });
  expect(await policyInGraph()).toEqual([]);
  expect((await admin.defaultConfiguration()).isServiceDefault).toBe(true);
  expect(await admin.partner(P1)).toBeUndefined();
  expect(await ws.resources()).toEqual([]);
});

describe("export of a tenant that has all three; its first up makes no write", () => {
  let exported: PulumiWorkspace;

  beforeAll(async () => {
    await admin.reset({
      crossTenantAccessPolicy: { allowedCloudEndpoints: [CN, US] },
      defaultConfiguration: {
        invitationRedemptionIdentityProviderConfiguration: noMsa,
        m365CollaborationInbound: { users: allUsers },
      },
      partners: [
        {
          tenantId: P1,
          tenantRestrictions: { usersAndGroups: blockedUsers, applications: blockedApps, devices: filter(RULE1) },
          m365CollaborationOutbound: { usersAndGroups: allUsers },
        },
      ],
    });
    exported = new PulumiWorkspace(cli, { project: "published-export" });
  });

  afterAll(async () => {
    await exported?.dispose();
  });

  test("export writes the three and up takes each over: GETs and one POST 409, nothing written; then no changes, no call", async () => {
    const mark = await admin.lastSeq();
    const r = await runExport(["export", "--out", exported.programDir, "--project", "published-export", "--force"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fmt(await admin.graphCalls(mark))).toEqual(
      [
        `GET ${POLICY_PATH}/partners 200`,
        `GET ${POLICY_PATH}/default 200`,
        `GET ${POLICY_PATH} 200`,
        // the tenant's synchronization configurations (none here): one listing of their service principals
        `GET /servicePrincipals 200`,
      ].sort(),
    );
    const program = fs.readFileSync(path.join(exported.programDir, "index.ts"), "utf8");
    expect(program).toMatch(
      /new CrossTenantAccessPolicy\("cross-tenant-access-policy", \{\s+allowedCloudEndpoints: \["microsoftonline.us", "partner.microsoftonline.cn"\],\s+\}\);/,
    );
    expect(program).toContain('fallbackIdentityProvider: "emailOneTimePasscode"');
    expect(program).toContain("Not managed by this package, left as they are: tenantRestrictions.devices.");

    installPackage(exported.programDir);
    await exported.init(entraConfig(emu), entraSecrets(emu));
    const before = await admin.state();
    const { result, calls } = await admin.graphCallsDuring(() => exported.up());
    expect(calls.filter((c) => c.method !== "GET" && c.status < 300)).toEqual([]);
    expect(fmt(writes(calls))).toEqual([`POST ${POLICY_PATH}/partners 409`]);
    expect(await admin.state()).toEqual(before);
    // Each take-over is said: the policy's list was not empty, the default was customised, the partner existed.
    console.log(
      `export's first up: ${result.output
        .split("\n")
        .filter((l) => /took over|take-over|taken over/i.test(l))
        .join(" | ")}`,
    );
    expect(result.output).toContain("the cross-tenant access policy (allowedCloudEndpoints)");
    const none = await admin.graphCallsDuring(() => exported.preview(["--expect-no-changes"]));
    expect(none.result.code).toBe(0);
    expect(none.calls).toEqual([]);
    // And destroy gives the list back to Graph's default.
    await exported.destroy();
    expect(await policyInGraph()).toEqual([]);
    expect(await devicesInGraph(P1)).toBeUndefined();
  });
});

/** The command line as built (dist/), with the emulator's settings in the environment, as a user would run it. */
function runExport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const main = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...entraEnv(emu),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
