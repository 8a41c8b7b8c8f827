/**
 * check, diff and Graph mapping of the partner and default configurations (no Graph call). The failure messages
 * here are what a user sees at `pulumi preview`.
 */
import { checkPartnerInputs } from "../../provider/resources/partnerConfiguration/schema";
import { diffPartner } from "../../provider/resources/partnerConfiguration/diff";
import {
  outputsFrom,
  patchBody,
  postBody,
  remoteFromGraph,
} from "../../provider/resources/partnerConfiguration/payload";
import { checkDefaultInputs } from "../../provider/resources/defaultConfiguration/schema";
import { diffDefault } from "../../provider/resources/defaultConfiguration/diff";
import {
  patchBody as defaultPatchBody,
  remoteFromGraph as defaultFromGraph,
} from "../../provider/resources/defaultConfiguration/payload";
import { checkInputs as checkPolicyInputs } from "../../provider/resources/identitySyncPolicy/schema";
import {
  changedSettings,
  devicesFromGraph,
  SETTING_NAMES,
  settingsFromGraph,
  settingToGraph,
} from "../../provider/resources/crossTenantSettings";
import { UNKNOWN } from "../../provider/resources/shared/values";

const T = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
const G1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const G2 = "0f0e2d47-58a4-4f60-a0b9-5a8a8f1d9c22";
const allApps = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
const allUsers = { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] };
const b2b = { usersAndGroups: allUsers, applications: allApps };

const partnerFailures = (news: Record<string, unknown>) => checkPartnerInputs({ tenantId: T, ...news }).failures;
const defaultFailures = (news: Record<string, unknown>) => checkDefaultInputs(news).failures;

describe("partner check", () => {
  it("accepts a full configuration, lower-cases GUIDs, keeps program order, drops host keys", () => {
    const r = checkPartnerInputs({
      tenantId: T.toUpperCase(),
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: {
        usersAndGroups: {
          accessType: "allowed",
          targets: [
            { target: G2.toUpperCase(), targetType: "group" },
            { target: G1, targetType: "user" },
          ],
        },
        applications: { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] },
      },
      b2bCollaborationOutbound: b2b,
      b2bDirectConnectInbound: b2b,
      b2bDirectConnectOutbound: b2b,
      tenantRestrictions: {
        usersAndGroups: { ...allUsers, accessType: "blocked" },
        applications: { ...allApps, accessType: "blocked" },
      },
      inboundTrust: { isMfaAccepted: true },
      adoptExisting: false,
      __provider: "x",
      __ownership: UNKNOWN,
    });
    expect(r.failures).toEqual([]);
    expect(r.inputs.tenantId).toBe(T);
    expect(r.inputs.b2bCollaborationInbound).toEqual({
      usersAndGroups: {
        accessType: "allowed",
        targets: [
          { target: G2, targetType: "group" },
          { target: G1, targetType: "user" },
        ],
      },
      applications: { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] },
    });
    expect(r.inputs.inboundTrust).toEqual({ isMfaAccepted: true });
    expect(Object.keys(r.inputs)).not.toContain("__provider");
  });

  it("an empty boolean setting (or one of nulls) fails, naming both choices: leave it out to inherit, or set its fields", () => {
    const r = checkPartnerInputs({
      tenantId: T,
      inboundTrust: {},
      automaticUserConsentSettings: { inboundAllowed: null },
    });
    expect(r.inputs).toEqual({ tenantId: T });
    expect(r.failures).toEqual([
      {
        property: "automaticUserConsentSettings",
        reason:
          "automaticUserConsentSettings sets none of inboundAllowed, outboundAllowed. Leave automaticUserConsentSettings out to inherit the default configuration's value, " +
          "or set its fields, e.g. { inboundAllowed: false, outboundAllowed: false }.",
      },
      {
        property: "inboundTrust",
        reason:
          "inboundTrust sets none of isMfaAccepted, isCompliantDeviceAccepted, isHybridAzureADJoinedDeviceAccepted. Leave inboundTrust out to inherit the default configuration's value, " +
          "or set its fields, e.g. { isMfaAccepted: false, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false }.",
      },
    ]);
    expect(checkDefaultInputs({ inboundTrust: { isMfaAccepted: null } }).failures).toEqual([
      {
        property: "inboundTrust",
        reason: expect.stringMatching(
          /^inboundTrust sets none of .*\. Leave inboundTrust out to leave it as it is, or set its fields/,
        ),
      },
    ]);
    // A typo is reported as the typo, not as an empty setting.
    expect(
      checkPartnerInputs({ tenantId: T, inboundTrust: { isMfaAcepted: true } }).failures.map((f) => f.property),
    ).toEqual(["inboundTrust.isMfaAcepted"]);
  });

  it("a B2B setting may leave out one half (null in Graph), but not both; the message says what that means", () => {
    for (const name of ["b2bCollaborationInbound", "tenantRestrictions"]) {
      const users = checkPartnerInputs({ tenantId: T, [name]: { usersAndGroups: allUsers } });
      expect(users).toEqual({ inputs: { tenantId: T, [name]: { usersAndGroups: allUsers } }, failures: [] });
      const apps = checkPartnerInputs({ tenantId: T, [name]: { usersAndGroups: null, applications: allApps } });
      expect(apps).toEqual({ inputs: { tenantId: T, [name]: { applications: allApps } }, failures: [] });
    }
    expect(partnerFailures({ b2bCollaborationInbound: {} })).toEqual([
      {
        property: "b2bCollaborationInbound",
        reason:
          'b2bCollaborationInbound must set usersAndGroups, applications or both, e.g. { usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] } }. ' +
          "A half left out is sent as null (not set), the setting still whole; omit it to inherit the default configuration.",
      },
    ]);
    expect(
      defaultFailures({ b2bCollaborationInbound: { usersAndGroups: null, applications: null } })[0].reason,
    ).toMatch(/A half left out is sent as null .* omit it to leave it as it is\.$/);
  });

  it("an empty target list is accepted (Graph stores { accessType, targets: [] }); targets itself is still required", () => {
    const empty = { accessType: "blocked", targets: [] };
    expect(
      checkPartnerInputs({ tenantId: T, b2bDirectConnectOutbound: { usersAndGroups: empty, applications: allApps } }),
    ).toEqual({
      inputs: { tenantId: T, b2bDirectConnectOutbound: { usersAndGroups: empty, applications: allApps } },
      failures: [],
    });
    expect(partnerFailures({ b2bDirectConnectOutbound: { usersAndGroups: { accessType: "blocked" } } })).toEqual([
      {
        property: "b2bDirectConnectOutbound.usersAndGroups.targets",
        reason: expect.stringMatching(
          /targets is required: a list of \{ target, targetType \}.*\(an empty list \[\] is accepted, as Graph stores it\)\.$/,
        ),
      },
    ]);
  });

  it("targets are GUIDs or the reserved values valid for their targetType", () => {
    const bad = (targets: unknown[], half: "usersAndGroups" | "applications" = "usersAndGroups") =>
      partnerFailures({ b2bCollaborationInbound: { ...b2b, [half]: { accessType: "allowed", targets } } });
    expect(bad([{ target: "alice@contoso.com", targetType: "user" }])[0]).toEqual({
      property: "b2bCollaborationInbound.usersAndGroups.targets[0].target",
      reason:
        'b2bCollaborationInbound.usersAndGroups.targets[0].target must be the object ID (a GUID) of a user or group, or "AllUsers"; got "alice@contoso.com".',
    });
    expect(bad([{ target: "allusers", targetType: "user" }])[0].reason).toMatch(
      /must be written "AllUsers" \(reserved values are case-sensitive\)/,
    );
    expect(bad([{ target: "AllUsers", targetType: "group" }])[0]).toEqual({
      property: "b2bCollaborationInbound.usersAndGroups.targets[0].targetType",
      reason:
        'b2bCollaborationInbound.usersAndGroups.targets[0]: "AllUsers" is valid only with targetType "user", got "group".',
    });
    expect(bad([{ target: "AllApplications", targetType: "application" }])[0].reason).toMatch(
      /targetType must be "user" or "group" in usersAndGroups, got "application". Targets of type "application" belong in applications./,
    );
    expect(bad([{ target: G1, targetType: "Group" }])[0].reason).toMatch(/Did you mean "group"\?/);
    expect(bad([{ target: "AllUsers", targetType: "user" }], "applications")[0].reason).toMatch(
      /targetType must be "application" in applications/,
    );
    expect(bad([{ target: G1 }])[0]).toEqual({
      property: "b2bCollaborationInbound.usersAndGroups.targets[0].targetType",
      reason: 'b2bCollaborationInbound.usersAndGroups.targets[0].targetType is required: "user" or "group".',
    });
    expect(bad([])).toEqual([]);
    expect(bad([{ target: G1, targetType: "group", extra: 1 }])[0].reason).toMatch(
      /unknown property "b2bCollaborationInbound.usersAndGroups.targets\[0\].extra"/,
    );
  });

  it("a reserved 'all' value is not mixed with specific IDs; a target is listed once", () => {
    expect(
      partnerFailures({
        b2bCollaborationInbound: {
          ...b2b,
          usersAndGroups: {
            accessType: "blocked",
            targets: [
              { target: "AllUsers", targetType: "user" },
              { target: G1, targetType: "group" },
            ],
          },
        },
      }),
    ).toEqual([
      {
        property: "b2bCollaborationInbound.usersAndGroups.targets",
        reason:
          'b2bCollaborationInbound.usersAndGroups.targets: "AllUsers" cannot be combined with other targets (it already covers all of them); list either "AllUsers" alone or specific IDs.',
      },
    ]);
    expect(
      partnerFailures({
        b2bCollaborationInbound: {
          ...b2b,
          applications: {
            accessType: "allowed",
            targets: [
              { target: "AllApplications", targetType: "application" },
              { target: "Office365", targetType: "application" },
            ],
          },
        },
      })[0].reason,
    ).toMatch(/"AllApplications" cannot be combined/);
    expect(
      partnerFailures({
        b2bCollaborationInbound: {
          ...b2b,
          usersAndGroups: {
            accessType: "allowed",
            targets: [
              { target: G1, targetType: "group" },
              { target: G1.toUpperCase(), targetType: "group" },
            ],
          },
        },
      }),
    ).toEqual([
      {
        property: "b2bCollaborationInbound.usersAndGroups.targets[1]",
        reason: expect.stringMatching(/repeats b2bCollaborationInbound.usersAndGroups.targets\[0\]/),
      },
    ]);
  });

  it("partners may mix allowed and blocked between users and applications (landscape Q4)", () => {
    expect(
      partnerFailures({
        b2bCollaborationInbound: { usersAndGroups: allUsers, applications: { ...allApps, accessType: "blocked" } },
      }),
    ).toEqual([]);
  });

  it("accessType and booleans are validated with a suggestion", () => {
    expect(
      partnerFailures({ b2bCollaborationOutbound: { ...b2b, applications: { ...allApps, accessType: "Allowed" } } })[0],
    ).toEqual({
      property: "b2bCollaborationOutbound.applications.accessType",
      reason:
        'b2bCollaborationOutbound.applications.accessType must be "allowed" or "blocked", got "Allowed". Did you mean "allowed"?',
    });
    expect(partnerFailures({ automaticUserConsentSettings: { inboundAllowed: "true" } })[0]).toEqual({
      property: "automaticUserConsentSettings.inboundAllowed",
      reason: 'automaticUserConsentSettings.inboundAllowed must be a boolean (true or false), got string "true".',
    });
    expect(partnerFailures({ inboundTrust: true })[0].reason).toBe(
      "inboundTrust must be an object like { isMfaAccepted: true }, got boolean; omit it to inherit the default configuration.",
    );
  });

  it("tenantRestrictions refuses device filters in the program (not managed) and says a portal filter is kept", () => {
    expect(partnerFailures({ tenantRestrictions: { ...b2b, devices: { mode: "blocked", rule: "x" } } })).toEqual([
      {
        property: "tenantRestrictions.devices",
        reason: expect.stringMatching(
          /not managed by this package .*isn't supported on the server side yet.*remove it\. A device filter set in the portal is kept .*tenantRestrictionsDevices/,
        ),
      },
    ]);
  });

  it("a device filter mode of Conditional Access (include/exclude) is named with Graph's values, allowed and blocked", () => {
    for (const check of [partnerFailures, defaultFailures]) {
      const failures = check({
        tenantRestrictions: { ...b2b, devices: { mode: "include", rule: "device.isCompliant -eq True" } },
      });
      expect(failures[0]).toEqual({
        property: "tenantRestrictions.devices.mode",
        reason:
          'tenantRestrictions.devices.mode must be "allowed" or "blocked" (Graph devicesFilter.mode), got "include" ("include" is a Conditional Access filter mode).',
      });
      expect(failures.map((f) => f.property)).toEqual([
        "tenantRestrictions.devices.mode",
        "tenantRestrictions.devices",
      ]);
    }
    expect(partnerFailures({ tenantRestrictions: { ...b2b, devices: { mode: "bogus" } } })[0].reason).toBe(
      'tenantRestrictions.devices.mode must be "allowed" or "blocked" (Graph devicesFilter.mode), got "bogus".',
    );
  });

  it("unknown keys get a 'did you mean'; keys of other objects say where they belong", () => {
    expect(partnerFailures({ b2bCollaborationInbund: b2b })[0].reason).toBe(
      'unknown property "b2bCollaborationInbund"; did you mean "b2bCollaborationInbound"?',
    );
    expect(partnerFailures({ B2BCollaborationInbound: b2b })[0].reason).toMatch(
      /did you mean "b2bCollaborationInbound"/,
    );
    expect(partnerFailures({ inboundTrust: { isMfaAcepted: true } })[0].reason).toMatch(
      /did you mean "inboundTrust.isMfaAccepted"/,
    );
    expect(partnerFailures({ isServiceProvider: true })[0].reason).toMatch(
      /delegated \(user\) sign-in.*403.*read-only output/,
    );
    expect(partnerFailures({ userSyncInbound: { isSyncAllowed: true } })[0].reason).toMatch(
      /belongs to the identity sync policy: new CrossTenantIdentitySyncPolicyPartner\("…", \{ tenantId: partner.tenantId/,
    );
  });

  it("requires tenantId as a GUID", () => {
    expect(checkPartnerInputs({}).failures).toEqual([
      { property: "tenantId", reason: expect.stringMatching(/required/) },
    ]);
    expect(checkPartnerInputs({ tenantId: "contoso.onmicrosoft.com" }).failures[0].reason).toMatch(/GUID like/);
  });

  it("unknown preview values pass through at any level", () => {
    const r = checkPartnerInputs({
      tenantId: UNKNOWN,
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: "allowed", targets: [{ target: UNKNOWN, targetType: "group" }, UNKNOWN] },
        applications: UNKNOWN,
      },
      inboundTrust: UNKNOWN,
    });
    expect(r.failures).toEqual([]);
    expect(r.inputs.b2bCollaborationInbound).toEqual({
      usersAndGroups: { accessType: "allowed", targets: [{ target: UNKNOWN, targetType: "group" }, UNKNOWN] },
      applications: UNKNOWN,
    });
  });
});

describe("default check", () => {
  it("rejects automaticUserConsentSettings as read-only there, pointing to the partner resource", () => {
    expect(defaultFailures({ automaticUserConsentSettings: { inboundAllowed: true } })).toEqual([
      {
        property: "automaticUserConsentSettings",
        reason:
          "automaticUserConsentSettings is read-only in the default configuration (always false there). Set it per partner on a CrossTenantAccessPolicyConfigurationPartner (e.g. { tenantId, automaticUserConsentSettings: { inboundAllowed: true } }), and remove it here.",
      },
    ]);
  });

  it("applies the default-only rules of landscape Q4", () => {
    expect(
      defaultFailures({
        b2bDirectConnectOutbound: { usersAndGroups: allUsers, applications: { ...allApps, accessType: "blocked" } },
      })[0],
    ).toEqual({
      property: "b2bDirectConnectOutbound.applications.accessType",
      reason:
        'b2bDirectConnectOutbound: in the default configuration usersAndGroups.accessType and applications.accessType must be the same; got "allowed" and "blocked".',
    });
    expect(
      defaultFailures({
        b2bDirectConnectInbound: {
          usersAndGroups: { accessType: "allowed", targets: [{ target: G1, targetType: "group" }] },
          applications: allApps,
        },
      })[0].reason,
    ).toMatch(
      /supports only \[\{ target: "AllUsers", targetType: "user" \}\]; set specific users and groups on a partner configuration/,
    );
    expect(
      defaultFailures({
        b2bCollaborationInbound: {
          usersAndGroups: { accessType: "blocked", targets: [{ target: G1, targetType: "group" }] },
          applications: { ...allApps, accessType: "blocked" },
        },
      }),
    ).toEqual([]);
  });

  it("has no tenantId or adoptExisting, and says why", () => {
    expect(defaultFailures({ tenantId: T })[0].reason).toMatch(
      /has no tenantId; for one partner use CrossTenantAccessPolicyConfigurationPartner/,
    );
    expect(defaultFailures({ adoptExisting: true })[0].reason).toMatch(/always exists/);
  });

  it("an inboundTrust leaf left out is false (the system default), an omitted setting is not managed", () => {
    const r = checkDefaultInputs({ inboundTrust: { isMfaAccepted: true } });
    expect(r).toEqual({
      inputs: {
        inboundTrust: {
          isMfaAccepted: true,
          isCompliantDeviceAccepted: false,
          isHybridAzureADJoinedDeviceAccepted: false,
        },
      },
      failures: [],
    });
    expect(checkDefaultInputs({}).inputs).toEqual({});
  });
});

describe("identity sync policy check points partner settings to the partner resource", () => {
  it("automaticUserConsentSettings on the policy", () => {
    const f = checkPolicyInputs(
      { tenantId: T, userSyncInbound: { isSyncAllowed: true }, automaticUserConsentSettings: { inboundAllowed: true } },
      "v1.0",
    ).failures;
    expect(f).toEqual([
      {
        property: "automaticUserConsentSettings",
        reason: expect.stringMatching(
          /^"automaticUserConsentSettings" is not a property of this resource: it belongs to the partner configuration. Set it on a CrossTenantAccessPolicyConfigurationPartner with the same tenantId/,
        ),
      },
    ]);
  });
});

describe("Graph mapping", () => {
  it("an inherited setting reads as absent, as null or as an object of nulls", () => {
    const nullLeaves = {
      automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
      inboundTrust: { isMfaAccepted: null, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null },
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: null, targets: [] },
        applications: { accessType: null, targets: null },
      },
      tenantRestrictions: { usersAndGroups: null, applications: null, devices: null },
      b2bDirectConnectInbound: null,
    };
    expect(settingsFromGraph(nullLeaves)).toEqual({});
    expect(
      remoteFromGraph({ tenantId: T, isServiceProvider: null, isInMultiTenantOrganization: false, ...nullLeaves }),
    ).toEqual({
      settings: {},
      isServiceProvider: false,
      isInMultiTenantOrganization: false,
    });
    expect(
      settingsFromGraph({ automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null } }),
    ).toEqual({ automaticUserConsentSettings: { inboundAllowed: true } });
  });

  it("POST carries the key and the set settings only; never isServiceProvider; tenantRestrictions without @odata.type", () => {
    const inputs = checkPartnerInputs({
      tenantId: T,
      automaticUserConsentSettings: { inboundAllowed: true },
      tenantRestrictions: b2b,
    }).inputs;
    expect(postBody(inputs as never)).toEqual({
      tenantId: T,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null },
      tenantRestrictions: b2b,
    });
  });

  it("PATCH carries each changed setting whole, null for a setting the program dropped, nothing else", () => {
    const old = {
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: b2b,
      inboundTrust: { isMfaAccepted: true },
    };
    const next = {
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: {
        ...b2b,
        usersAndGroups: { accessType: "allowed", targets: [{ target: G1, targetType: "group" }] },
      },
    };
    expect(patchBody(next as never, old as never)).toEqual({
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: "allowed", targets: [{ target: G1, targetType: "group" }] },
        applications: allApps,
      },
      inboundTrust: null,
    });
  });
});

describe("partner diff", () => {
  const olds = {
    tenantId: T,
    automaticUserConsentSettings: { inboundAllowed: true },
    b2bCollaborationInbound: b2b,
    isServiceProvider: false,
    isInMultiTenantOrganization: false,
    adopted: false,
    __provider: "a",
  };
  const news = {
    tenantId: T,
    automaticUserConsentSettings: { inboundAllowed: true },
    b2bCollaborationInbound: b2b,
    __provider: "b",
  };

  it("no change when equal; target order and GUID case do not matter", () => {
    expect(diffPartner(olds, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, changed: [] });
    const two = (a: string, b: string) => ({
      ...b2b,
      usersAndGroups: {
        accessType: "allowed",
        targets: [
          { target: a, targetType: "group" },
          { target: b, targetType: "group" },
        ],
      },
    });
    expect(
      diffPartner(
        { ...olds, b2bCollaborationInbound: two(G1, G2) },
        { ...news, b2bCollaborationInbound: two(G2.toUpperCase(), G1) },
      ).changes,
    ).toBe(false);
    expect(diffPartner(olds, { ...news, adoptExisting: true }).changes).toBe(false);
  });

  it("a setting found by refresh but omitted by the program is a change (up sends null)", () => {
    expect(diffPartner({ ...olds, inboundTrust: { isMfaAccepted: true } }, news).changed).toEqual(["inboundTrust"]);
  });

  it("tenantId change (or unknown) replaces, delete first; unknown nested values are changes", () => {
    expect(diffPartner(olds, { ...news, tenantId: G1 })).toMatchObject({
      replaces: ["tenantId"],
      deleteBeforeReplace: true,
    });
    expect(diffPartner(olds, { ...news, tenantId: UNKNOWN }).replaces).toEqual(["tenantId"]);
    expect(diffPartner(olds, { ...news, tenantId: T.toUpperCase() }).changes).toBe(false);
    const unknownTarget = {
      ...b2b,
      usersAndGroups: { accessType: "allowed", targets: [{ target: UNKNOWN, targetType: "group" }] },
    };
    expect(diffPartner(olds, { ...news, b2bCollaborationInbound: unknownTarget }).changed).toEqual([
      "b2bCollaborationInbound",
    ]);
  });
});

describe("default diff", () => {
  it("only settings the program gives count; dropping one is a state-only change", () => {
    const olds = { b2bCollaborationInbound: b2b, isServiceDefault: false };
    expect(diffDefault(olds, { b2bCollaborationInbound: b2b }).changes).toBe(false);
    expect(diffDefault(olds, { b2bCollaborationInbound: b2b, inboundTrust: { isMfaAccepted: true } }).changed).toEqual([
      "inboundTrust",
    ]);
    expect(diffDefault(olds, {})).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      changed: ["b2bCollaborationInbound"],
    });
  });
});

describe("shapes Graph can return that a program must be able to declare", () => {
  const trustNames = ["isMfaAccepted", "isCompliantDeviceAccepted", "isHybridAzureADJoinedDeviceAccepted"];

  it("one half null: Graph → that half alone; the program with that half alone is equal; it is sent whole, the other half null", () => {
    for (const shape of [null, { accessType: null, targets: [] }]) {
      const graph = {
        b2bCollaborationOutbound: {
          usersAndGroups: shape,
          applications: { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] },
        },
      };
      const remote = settingsFromGraph(graph);
      expect(remote).toEqual({
        b2bCollaborationOutbound: { applications: graph.b2bCollaborationOutbound.applications },
      });
      const program = checkPartnerInputs({ tenantId: T, ...remote }).inputs;
      expect(changedSettings(program, remote as never, SETTING_NAMES)).toEqual([]);
      expect(diffPartner({ tenantId: T, ...remote }, program).changes).toBe(false);
    }
    expect(settingToGraph("tenantRestrictions", { usersAndGroups: allUsers })).toEqual({
      usersAndGroups: allUsers,
      applications: null,
    });
    // A half added later is a change of that setting, sent whole.
    expect(
      patchBody({ tenantRestrictions: b2b } as never, { tenantRestrictions: { usersAndGroups: allUsers } } as never),
    ).toEqual({ tenantRestrictions: b2b });
    expect(
      patchBody({ tenantRestrictions: { applications: allApps } } as never, { tenantRestrictions: b2b } as never),
    ).toEqual({
      tenantRestrictions: { usersAndGroups: null, applications: allApps },
    });
  });

  it("an accessType with an empty target list: kept, compared as such (not as inherited, not equal to a non-empty list)", () => {
    const empty = { accessType: "allowed", targets: [] };
    const remote = settingsFromGraph({
      b2bDirectConnectInbound: { usersAndGroups: empty, applications: { accessType: "allowed", targets: null } },
    });
    expect(remote).toEqual({ b2bDirectConnectInbound: { usersAndGroups: empty, applications: empty } });
    const program = checkPartnerInputs({ tenantId: T, ...remote }).inputs;
    expect(changedSettings(program, remote as never, SETTING_NAMES)).toEqual([]);
    expect(
      changedSettings({ b2bDirectConnectInbound: { usersAndGroups: empty } }, remote as never, SETTING_NAMES),
    ).toEqual(["b2bDirectConnectInbound"]);
    expect(changedSettings({ b2bDirectConnectInbound: b2b }, remote as never, SETTING_NAMES)).toEqual([
      "b2bDirectConnectInbound",
    ]);
    expect(
      changedSettings(
        {
          b2bDirectConnectInbound: {
            ...remote.b2bDirectConnectInbound,
            applications: { accessType: "blocked", targets: [] },
          },
        },
        remote as never,
        SETTING_NAMES,
      ),
    ).toEqual(["b2bDirectConnectInbound"]);
    expect(settingToGraph("b2bDirectConnectInbound", program.b2bDirectConnectInbound)).toEqual({
      usersAndGroups: empty,
      applications: empty,
    });
    // The default configuration's b2bDirectConnectInbound rule (AllUsers only) accepts an empty list too.
    expect(
      defaultFailures({
        b2bDirectConnectInbound: {
          usersAndGroups: { accessType: "blocked", targets: [] },
          applications: { accessType: "blocked", targets: [] },
        },
      }),
    ).toEqual([]);
    // A default setting with one half: the same-accessType rule has nothing to compare.
    expect(defaultFailures({ b2bDirectConnectOutbound: { usersAndGroups: allUsers } })).toEqual([]);
  });

  it("inboundTrust null leaves: false in the default configuration (as check fills), inherited (absent) on a partner", () => {
    const graph = {
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null },
    };
    const filled = {
      isMfaAccepted: true,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false,
    };
    // Default: Graph's null leaf and the program's omitted leaf are both false, so a take-over makes no PATCH.
    const remote = defaultFromGraph(graph).settings;
    expect(remote).toEqual({ inboundTrust: filled });
    const program = checkDefaultInputs({ inboundTrust: { isMfaAccepted: true } }).inputs;
    expect(defaultPatchBody(program, remote)).toEqual({});
    expect(defaultPatchBody(checkDefaultInputs({ inboundTrust: filled }).inputs, remote)).toEqual({});
    // A null inboundTrust in the default means nothing is trusted: all false.
    expect(defaultFromGraph({ inboundTrust: null }).settings).toEqual({
      inboundTrust: Object.fromEntries(trustNames.map((k) => [k, false])),
    });
    expect(defaultFromGraph({}).settings).toEqual({});
    // A real false still differs from true.
    expect(defaultPatchBody(checkDefaultInputs({ inboundTrust: { isMfaAccepted: false } }).inputs, remote)).toEqual({
      inboundTrust: {
        isMfaAccepted: false,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
    // Partner: a null leaf inherits the default's leaf, so it stays absent and is not the same as false.
    const partnerRemote = remoteFromGraph(graph).settings;
    expect(partnerRemote).toEqual({ inboundTrust: { isMfaAccepted: true } });
    expect(
      patchBody(
        checkPartnerInputs({ tenantId: T, inboundTrust: { isMfaAccepted: true } }).inputs as never,
        partnerRemote,
      ),
    ).toEqual({});
    expect(patchBody(checkPartnerInputs({ tenantId: T, inboundTrust: filled }).inputs as never, partnerRemote)).toEqual(
      { inboundTrust: filled },
    );
    expect(settingToGraph("inboundTrust", { isMfaAccepted: true })).toEqual({
      isMfaAccepted: true,
      isCompliantDeviceAccepted: null,
      isHybridAzureADJoinedDeviceAccepted: null,
    });
  });

  it("tenantRestrictions.devices: read from Graph, never managed, sent back whenever tenantRestrictions is written", () => {
    const devices = { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' };
    const graph = {
      tenantRestrictions: {
        "@odata.type": "#microsoft.graph.crossTenantAccessPolicyTenantRestrictions",
        ...b2b,
        devices: { "@odata.type": "#microsoft.graph.devicesFilter", ...devices },
      },
    };
    expect(devicesFromGraph(graph)).toEqual(devices);
    for (const none of [null, { mode: null, rule: null }, undefined])
      expect(devicesFromGraph({ tenantRestrictions: { ...b2b, devices: none } })).toBeUndefined();
    expect(devicesFromGraph({ tenantRestrictions: null })).toBeUndefined();

    const remote = remoteFromGraph(graph);
    expect(remote.devices).toEqual(devices);
    expect(remote.settings.tenantRestrictions).toEqual(b2b); // devices is not part of the compared setting
    expect(outputsFrom({ tenantId: T }, remote, { adopted: false, devices: remote.devices })).toMatchObject({
      tenantRestrictionsDevices: devices,
    });
    // A change of tenantRestrictions keeps the filter; a change of another setting does not touch it.
    const narrower = {
      usersAndGroups: { accessType: "allowed", targets: [{ target: G1, targetType: "group" }] },
      applications: allApps,
    };
    expect(patchBody({ tenantRestrictions: narrower } as never, remote.settings, remote.devices)).toEqual({
      tenantRestrictions: { ...narrower, devices },
    });
    expect(
      patchBody(
        { tenantRestrictions: b2b, inboundTrust: { isMfaAccepted: true } } as never,
        remote.settings,
        remote.devices,
      ),
    ).toEqual({
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null },
    });
    // Inheriting (tenantRestrictions left out) with a filter present: both halves null next to the filter.
    expect(patchBody({} as never, remote.settings, remote.devices)).toEqual({
      tenantRestrictions: { usersAndGroups: null, applications: null, devices },
    });
    expect(patchBody({} as never, remote.settings)).toEqual({ tenantRestrictions: null });
    // Such a setting reads back as inherited: no drift.
    expect(settingsFromGraph({ tenantRestrictions: { usersAndGroups: null, applications: null, devices } })).toEqual(
      {},
    );
    // The default configuration keeps it too.
    const d = defaultFromGraph(graph);
    expect(d.devices).toEqual(devices);
    expect(defaultPatchBody({ tenantRestrictions: narrower } as never, d.settings, d.devices)).toEqual({
      tenantRestrictions: { ...narrower, devices },
    });
  });
});
