/**
 * The settings Microsoft's published API has and this package once lacked (issue 15), without Graph: check (the
 * messages a user sees at preview), the Graph mapping, comparison and diff of the one-half settings
 * (m365CollaborationInbound/Outbound, appServiceConnectInbound), the default's invitation redemption identity
 * providers, the beta-only properties on a v1.0 connection, and the cross-tenant access policy's cloud endpoints.
 */
import { checkPartnerInputs } from "../../provider/resources/partnerConfiguration/schema";
import { diffPartner } from "../../provider/resources/partnerConfiguration/diff";
import { patchBody, postBody, remoteFromGraph } from "../../provider/resources/partnerConfiguration/payload";
import { checkDefaultInputs } from "../../provider/resources/defaultConfiguration/schema";
import { diffDefault } from "../../provider/resources/defaultConfiguration/diff";
import {
  outputsFrom as defaultOutputs,
  patchBody as defaultPatchBody,
  remoteFromGraph as defaultFromGraph,
} from "../../provider/resources/defaultConfiguration/payload";
import { checkInputs as checkPolicyInputs } from "../../provider/resources/identitySyncPolicy/schema";
import { diffPolicy } from "../../provider/resources/identitySyncPolicy/diff";
import {
  patchBody as policyPatchBody,
  putBody,
  remoteFromGraph as policyFromGraph,
} from "../../provider/resources/identitySyncPolicy/payload";
import { checkAccessPolicyInputs } from "../../provider/resources/crossTenantAccessPolicy/schema";
import { diffAccessPolicy } from "../../provider/resources/crossTenantAccessPolicy/diff";
import { inputsFromRemote, sameEndpoints } from "../../provider/resources/crossTenantAccessPolicy/payload";
import { sameSetting, settingsFromGraph, settingToGraph } from "../../provider/resources/crossTenantSettings";
import { UNKNOWN } from "../../provider/resources/shared/values";

const T = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
const G1 = "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11";
const APP = "e35c54ff-bd24-4c52-921a-4b90a35808eb";
const allUsers = { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] };
const allApps = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
const group = (id: string) => ({ accessType: "allowed", targets: [{ target: id, targetType: "group" }] });
const idp = {
  primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
  fallbackIdentityProvider: "defaultConfiguredIdp",
};

const partner = (news: Record<string, unknown>, apiVersion: "v1.0" | "beta" = "v1.0", key?: string) =>
  checkPartnerInputs({ tenantId: T, ...news }, apiVersion, key);
const defaults = (news: Record<string, unknown>, apiVersion: "v1.0" | "beta" = "v1.0", key?: string) =>
  checkDefaultInputs(news, apiVersion, key);

describe("m365CollaborationInbound / m365CollaborationOutbound / appServiceConnectInbound (v1.0 and beta, partner and default)", () => {
  const settings = {
    m365CollaborationInbound: { users: allUsers },
    m365CollaborationOutbound: { usersAndGroups: group(G1.toUpperCase()) },
    appServiceConnectInbound: { applications: allApps },
  };

  it("are accepted on both kinds and both versions, GUIDs lower-cased", () => {
    for (const check of [partner, defaults]) {
      for (const v of ["v1.0", "beta"] as const) {
        const r = check(settings, v);
        expect(r.failures).toEqual([]);
        expect(r.inputs).toMatchObject({ ...settings, m365CollaborationOutbound: { usersAndGroups: group(G1) } });
      }
    }
  });

  it("each has its one half, named in the message when it is missing or wrong", () => {
    expect(partner({ m365CollaborationInbound: { usersAndGroups: allUsers } }).failures.map((f) => f.reason)).toEqual([
      '"m365CollaborationInbound.usersAndGroups" is not a property of this resource: m365CollaborationInbound has "users" (the other organization\'s users and groups), e.g. { users: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] } }.',
      'm365CollaborationInbound must set users, e.g. { users: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] } }; omit it to inherit the default configuration.',
    ]);
    expect(defaults({ appServiceConnectInbound: {} }).failures[0].reason).toBe(
      'appServiceConnectInbound must set applications, e.g. { applications: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] } }; omit it to leave it as it is.',
    );
    expect(partner({ m365CollaborationOutbound: "AllUsers" }).failures[0].reason).toBe(
      "m365CollaborationOutbound must be an object { usersAndGroups }, got string; omit it to inherit the default configuration.",
    );
  });

  it("targets follow their half: users and groups in users/usersAndGroups, applications in applications", () => {
    const wrongType = partner({
      m365CollaborationInbound: {
        users: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] },
      },
    }).failures;
    expect(wrongType.map((f) => f.reason)).toEqual([
      'm365CollaborationInbound.users.targets[0].targetType must be "user" or "group" in users, got "application".',
      'm365CollaborationInbound.users.targets[0].target "AllApplications" is not valid in users: use the object ID (a GUID) of a user or group, or "AllUsers".',
    ]);
    expect(
      partner({
        appServiceConnectInbound: {
          applications: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
        },
      }).failures[0].reason,
    ).toBe(
      'appServiceConnectInbound.applications.targets[0].targetType must be "application" in applications, got "user".',
    );
    expect(
      partner({ m365CollaborationOutbound: { usersAndGroups: { accessType: "Allowed", targets: [] } } }).failures[0]
        .reason,
    ).toBe(
      'm365CollaborationOutbound.usersAndGroups.accessType must be "allowed" or "blocked", got "Allowed". Did you mean "allowed"?',
    );
  });

  it("Graph → canonical → Graph: sent whole with its half; compared as sets; inherited (null) is absent", () => {
    expect(settingToGraph("m365CollaborationInbound", { users: allUsers })).toEqual({ users: allUsers });
    expect(settingToGraph("appServiceConnectInbound", undefined)).toBeNull();
    const remote = remoteFromGraph({
      tenantId: T,
      m365CollaborationInbound: { users: allUsers },
      m365CollaborationOutbound: null,
      appServiceConnectInbound: { applications: null },
    });
    expect(remote.settings).toEqual({ m365CollaborationInbound: { users: allUsers } });
    const two = {
      accessType: "allowed",
      targets: [
        { target: G1, targetType: "group" },
        { target: APP, targetType: "user" },
      ],
    };
    const reversed = { accessType: "allowed", targets: [...two.targets].reverse() };
    expect(sameSetting("m365CollaborationOutbound", { usersAndGroups: two }, { usersAndGroups: reversed })).toBe(true);
    expect(sameSetting("m365CollaborationOutbound", { usersAndGroups: two }, { usersAndGroups: group(G1) })).toBe(
      false,
    );
  });

  it("a partner PATCHes only the changed one (whole), null where the program now inherits; POST carries what is set", () => {
    const olds = {
      tenantId: T,
      m365CollaborationInbound: { users: allUsers },
      appServiceConnectInbound: { applications: allApps },
    };
    const news = { tenantId: T, m365CollaborationInbound: { users: group(G1) } };
    expect(diffPartner(olds, news).changed).toEqual(["m365CollaborationInbound", "appServiceConnectInbound"]);
    expect(patchBody(news as never, olds as never)).toEqual({
      m365CollaborationInbound: { users: group(G1) },
      appServiceConnectInbound: null,
    });
    expect(postBody({ tenantId: T, appServiceConnectInbound: { applications: allApps } } as never)).toEqual({
      tenantId: T,
      appServiceConnectInbound: { applications: allApps },
    });
  });

  it("the default PATCHes only what differs from Graph; a setting dropped from the program is no longer managed (no write)", () => {
    const remote = defaultFromGraph({
      isServiceDefault: true,
      m365CollaborationInbound: { users: allUsers },
      appServiceConnectInbound: { applications: allApps },
    });
    expect(
      defaultPatchBody(
        {
          m365CollaborationInbound: { users: allUsers },
          appServiceConnectInbound: { applications: { ...allApps, accessType: "blocked" } },
        } as never,
        remote.settings,
      ),
    ).toEqual({
      appServiceConnectInbound: { applications: { ...allApps, accessType: "blocked" } },
    });
    expect(diffDefault({ m365CollaborationInbound: { users: allUsers } }, {})).toMatchObject({
      changes: true,
      changed: ["m365CollaborationInbound"],
    });
  });
});

describe("invitationRedemptionIdentityProviderConfiguration (default configuration, v1.0 and beta)", () => {
  it("accepts the documented examples, keeps the precedence order", () => {
    for (const v of ["v1.0", "beta"] as const) {
      const r = defaults({ invitationRedemptionIdentityProviderConfiguration: idp }, v);
      expect(r).toEqual({ inputs: { invitationRedemptionIdentityProviderConfiguration: idp }, failures: [] });
    }
    expect(
      defaults({
        invitationRedemptionIdentityProviderConfiguration: { ...idp, fallbackIdentityProvider: "emailOneTimePasscode" },
      }).failures,
    ).toEqual([]);
  });

  it("an unknown identity provider fails at preview naming the allowed values", () => {
    expect(
      defaults({ invitationRedemptionIdentityProviderConfiguration: { ...idp, fallbackIdentityProvider: "bogus" } })
        .failures,
    ).toEqual([
      {
        property: "invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider",
        reason:
          'invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider must be one of "defaultConfiguredIdp", "emailOneTimePasscode", "microsoftAccount", got "bogus".',
      },
    ]);
    const primary = defaults({
      invitationRedemptionIdentityProviderConfiguration: {
        ...idp,
        primaryIdentityProviderPrecedenceOrder: [
          "azureActiveDirectory",
          "google",
          "microsoftAccount",
          "azureActiveDirectory",
        ],
      },
    });
    expect(primary.failures.map((f) => f.reason)).toEqual([
      'invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder[1] must be one of "azureActiveDirectory", "externalFederation", "socialIdentityProviders", got "google".',
      'invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder[2] must be one of "azureActiveDirectory", "externalFederation", "socialIdentityProviders", got "microsoftAccount". "microsoftAccount" is a fallback provider: set it as fallbackIdentityProvider.',
      'invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder[3] repeats invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder[0] ("azureActiveDirectory"); list each identity provider once.',
    ]);
    expect(
      defaults({
        invitationRedemptionIdentityProviderConfiguration: { ...idp, fallbackIdentityProvider: "externalFederation" },
      }).failures[0].reason,
    ).toMatch(/"externalFederation" is a primary provider: list it in primaryIdentityProviderPrecedenceOrder\.$/);
    expect(
      defaults({
        invitationRedemptionIdentityProviderConfiguration: { ...idp, fallbackIdentityProvider: "emailOneTimePassCode" },
      }).failures[0].reason,
    ).toMatch(/Did you mean "emailOneTimePasscode"\?$/);
  });

  it("Graph takes it whole: both properties are required", () => {
    expect(
      defaults({
        invitationRedemptionIdentityProviderConfiguration: { fallbackIdentityProvider: "microsoftAccount" },
      }).failures.map((f) => f.property),
    ).toEqual(["invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder"]);
  });

  it("is a default setting only: on a partner it says where it belongs", () => {
    expect(partner({ invitationRedemptionIdentityProviderConfiguration: idp }).failures[0].reason).toMatch(
      /default configuration.*CrossTenantAccessPolicyConfigurationDefault/,
    );
  });

  it("compares in order (precedence), maps whole, and an unmanaged Graph value is left alone", () => {
    const reordered = {
      ...idp,
      primaryIdentityProviderPrecedenceOrder: [...idp.primaryIdentityProviderPrecedenceOrder].reverse(),
    };
    expect(sameSetting("invitationRedemptionIdentityProviderConfiguration", idp, reordered)).toBe(false);
    expect(sameSetting("invitationRedemptionIdentityProviderConfiguration", idp, { ...idp })).toBe(true);
    const remote = defaultFromGraph({ invitationRedemptionIdentityProviderConfiguration: reordered });
    expect(
      defaultPatchBody({ invitationRedemptionIdentityProviderConfiguration: idp } as never, remote.settings),
    ).toEqual({ invitationRedemptionIdentityProviderConfiguration: idp });
    expect(defaultPatchBody({} as never, remote.settings)).toEqual({});
    expect(
      settingsFromGraph(
        { invitationRedemptionIdentityProviderConfiguration: null },
        ["invitationRedemptionIdentityProviderConfiguration"],
        "default",
      ),
    ).toEqual({});
  });
});

describe("the default's automaticUserConsentSettings is a read-only output", () => {
  it("is read from Graph into the outputs and never written", () => {
    const remote = defaultFromGraph({
      isServiceDefault: true,
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    });
    expect(remote.automaticUserConsentSettings).toEqual({ inboundAllowed: false, outboundAllowed: false });
    expect(
      defaultOutputs({}, { isServiceDefault: true, automaticUserConsentSettings: remote.automaticUserConsentSettings }),
    ).toEqual({
      isServiceDefault: true,
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    });
    expect(defaults({ automaticUserConsentSettings: { inboundAllowed: true } }).failures[0].reason).toMatch(
      /read-only in the default configuration/,
    );
    // A previous output never makes a diff (it is not managed).
    expect(
      diffDefault({ automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false } }, {}).changes,
    ).toBe(false);
  });
});

describe("beta-only properties on a v1.0 connection fail at preview naming apiVersion", () => {
  it("blockServiceProviderOutboundAccess (partner and default)", () => {
    for (const check of [partner, defaults]) {
      expect(check({ blockServiceProviderOutboundAccess: true }).failures).toEqual([
        {
          property: "blockServiceProviderOutboundAccess",
          reason:
            "blockServiceProviderOutboundAccess exists only in the Graph beta API; set `pulumi config set entra:apiVersion beta`, or remove blockServiceProviderOutboundAccess.",
        },
      ]);
      expect(
        check({ blockServiceProviderOutboundAccess: false }, "v1.0", "entra:connections.contoso.apiVersion").failures[0]
          .reason,
      ).toContain("`pulumi config set --path entra:connections.contoso.apiVersion beta`");
      expect(check({ blockServiceProviderOutboundAccess: false }, "beta")).toMatchObject({
        inputs: { blockServiceProviderOutboundAccess: false },
        failures: [],
      });
      expect(check({ blockServiceProviderOutboundAccess: "yes" }, "beta").failures[0].reason).toBe(
        'blockServiceProviderOutboundAccess must be a boolean (true or false), got string "yes".',
      );
    }
  });

  it("blockServiceProviderOutboundAccess on a partner is managed only when given (Graph's default is false, not inherit); on the default null reads as false", () => {
    expect(remoteFromGraph({ tenantId: T, blockServiceProviderOutboundAccess: null }).settings).toEqual({});
    expect(remoteFromGraph({ tenantId: T, blockServiceProviderOutboundAccess: false }).settings).toEqual({
      blockServiceProviderOutboundAccess: false,
    });
    expect(defaultFromGraph({ blockServiceProviderOutboundAccess: null }).settings).toEqual({
      blockServiceProviderOutboundAccess: false,
    });
    expect(patchBody({ blockServiceProviderOutboundAccess: true }, {})).toEqual({
      blockServiceProviderOutboundAccess: true,
    });
    expect(
      patchBody({ blockServiceProviderOutboundAccess: false }, { blockServiceProviderOutboundAccess: true }),
    ).toEqual({ blockServiceProviderOutboundAccess: false });
    // Omitted: left as it is, whatever Graph has (a new partner may read back false): no write, no endless drift.
    expect(patchBody({}, { blockServiceProviderOutboundAccess: true })).toEqual({});
    expect(diffPartner({ tenantId: T, blockServiceProviderOutboundAccess: false }, { tenantId: T })).toMatchObject({
      changes: true,
      changed: ["blockServiceProviderOutboundAccess"],
    });
    expect(diffPartner({ tenantId: T }, { tenantId: T }).changes).toBe(false);
  });

  it("externalCloudAuthorizedApplicationId (identity sync policy): beta only, an application ID", () => {
    const base = { tenantId: T, userSyncInbound: { isSyncAllowed: true } };
    expect(checkPolicyInputs({ ...base, externalCloudAuthorizedApplicationId: APP }, "v1.0").failures).toEqual([
      {
        property: "externalCloudAuthorizedApplicationId",
        reason:
          "externalCloudAuthorizedApplicationId exists only in the Graph beta API; set `pulumi config set entra:apiVersion beta`, or remove externalCloudAuthorizedApplicationId.",
      },
    ]);
    expect(checkPolicyInputs({ ...base, externalCloudAuthorizedApplicationId: APP.toUpperCase() }, "beta")).toEqual({
      inputs: { ...base, externalCloudAuthorizedApplicationId: APP },
      failures: [],
    });
    expect(
      checkPolicyInputs({ ...base, externalCloudAuthorizedApplicationId: "my-app" }, "beta").failures[0].reason,
    ).toMatch(/must be an application \(client\) ID, a GUID/);
  });

  it("externalCloudAuthorizedApplicationId: PUT carries it, PATCH only when it differs (any letter case), diff sees a change", () => {
    const inputs = { tenantId: T, userSyncInbound: { isSyncAllowed: true }, externalCloudAuthorizedApplicationId: APP };
    expect(putBody(inputs)).toEqual({
      userSyncInbound: { isSyncAllowed: true },
      externalCloudAuthorizedApplicationId: APP,
    });
    const remote = policyFromGraph({
      userSyncInbound: { isSyncAllowed: true },
      externalCloudAuthorizedApplicationId: APP.toUpperCase(),
    });
    expect(policyPatchBody(inputs, remote)).toEqual({});
    expect(
      policyPatchBody(
        inputs,
        policyFromGraph({ userSyncInbound: { isSyncAllowed: true }, externalCloudAuthorizedApplicationId: null }),
      ),
    ).toEqual({ externalCloudAuthorizedApplicationId: APP });
    expect(diffPolicy({ ...inputs }, { ...inputs, externalCloudAuthorizedApplicationId: G1 }).changed).toEqual([
      "externalCloudAuthorizedApplicationId",
    ]);
    expect(diffPolicy({ ...inputs, externalCloudAuthorizedApplicationId: APP.toUpperCase() }, inputs).changes).toBe(
      false,
    );
  });
});

describe("CrossTenantAccessPolicy: allowedCloudEndpoints is a set of Graph's values", () => {
  it("accepts the documented values in any order, and the empty list", () => {
    expect(
      checkAccessPolicyInputs({
        allowedCloudEndpoints: ["partner.microsoftonline.cn", "microsoftonline.us"],
        __provider: "x",
      }),
    ).toEqual({
      inputs: { allowedCloudEndpoints: ["partner.microsoftonline.cn", "microsoftonline.us"] },
      failures: [],
    });
    expect(checkAccessPolicyInputs({ allowedCloudEndpoints: [] }).failures).toEqual([]);
    expect(checkAccessPolicyInputs({ allowedCloudEndpoints: ["microsoftonline.com"] }).failures).toEqual([]);
    expect(checkAccessPolicyInputs({ allowedCloudEndpoints: UNKNOWN }).failures).toEqual([]);
  });

  it("an unknown value fails naming the allowed values", () => {
    expect(
      checkAccessPolicyInputs({ allowedCloudEndpoints: ["microsoftonline.us", "microsoftonline.de"] }).failures,
    ).toEqual([
      {
        property: "allowedCloudEndpoints[1]",
        reason:
          'allowedCloudEndpoints[1] must be one of "microsoftonline.com" (the commercial (global) cloud), "microsoftonline.us" (Microsoft Azure Government), ' +
          '"partner.microsoftonline.cn" (Microsoft Azure operated by 21Vianet (China)); got "microsoftonline.de". Did you mean "microsoftonline.us"?',
      },
    ]);
    expect(checkAccessPolicyInputs({ allowedCloudEndpoints: ["MicrosoftOnline.US"] }).failures[0].reason).toBe(
      'allowedCloudEndpoints[0] "MicrosoftOnline.US" must be written "microsoftonline.us".',
    );
  });

  it("duplicates, a bare string and a missing list fail with the fix", () => {
    expect(
      checkAccessPolicyInputs({ allowedCloudEndpoints: ["microsoftonline.us", "microsoftonline.us"] }).failures[0]
        .reason,
    ).toBe(
      'allowedCloudEndpoints[1] repeats allowedCloudEndpoints[0] ("microsoftonline.us"); list each cloud once (the list is a set).',
    );
    expect(checkAccessPolicyInputs({ allowedCloudEndpoints: "microsoftonline.us" }).failures[0].reason).toMatch(
      /got string\. Write it as a list: \["microsoftonline.us"\]\.$/,
    );
    expect(checkAccessPolicyInputs({}).failures[0].reason).toMatch(
      /^allowedCloudEndpoints is required: .*\[\] for none \(Graph's default\)\.$/,
    );
    expect(checkAccessPolicyInputs({ allowedCloudEndpoints: [], displayName: "x" }).failures[0].reason).toMatch(
      /display name is not managed/,
    );
  });

  it("diff and refresh treat the list as a set: another order is no change and keeps the program's order", () => {
    expect(
      diffAccessPolicy(
        { allowedCloudEndpoints: ["microsoftonline.us", "partner.microsoftonline.cn"] },
        { allowedCloudEndpoints: ["partner.microsoftonline.cn", "microsoftonline.us"] },
      ).changes,
    ).toBe(false);
    expect(
      diffAccessPolicy({ allowedCloudEndpoints: ["microsoftonline.us"] }, { allowedCloudEndpoints: [] }),
    ).toMatchObject({ changes: true, replaces: [], changed: ["allowedCloudEndpoints"] });
    expect(diffAccessPolicy({ allowedCloudEndpoints: [] }, { allowedCloudEndpoints: UNKNOWN }).changes).toBe(true);
    expect(
      inputsFromRemote(["partner.microsoftonline.cn", "microsoftonline.us"], {
        allowedCloudEndpoints: ["microsoftonline.us", "partner.microsoftonline.cn"],
      }),
    ).toEqual({
      allowedCloudEndpoints: ["microsoftonline.us", "partner.microsoftonline.cn"],
    });
    expect(inputsFromRemote(["microsoftonline.us"], { allowedCloudEndpoints: [] })).toEqual({
      allowedCloudEndpoints: ["microsoftonline.us"],
    });
    expect(sameEndpoints([], undefined)).toBe(true);
  });
});
