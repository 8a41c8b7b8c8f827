/** Pins the public API: the package entry exports, and the Args type (compile-time checks via @ts-expect-error). */
import * as pulumi from "@pulumi/pulumi";
import * as pkg from "../../provider";
import {
  CrossTenantAccessPolicy,
  CrossTenantAccessPolicyArgs,
  CrossTenantAccessPolicyConfigurationDefault,
  CrossTenantAccessPolicyConfigurationDefaultArgs,
  CrossTenantAccessPolicyConfigurationPartner,
  CrossTenantAccessPolicyConfigurationPartnerArgs,
  CrossTenantIdentitySyncPolicyPartner,
  CrossTenantIdentitySyncPolicyPartnerArgs,
} from "../../provider";

// Internal shapes are not public API.
// @ts-expect-error PolicyInputs is internal
export type NotPublicInputs = import("../../provider").PolicyInputs;
// @ts-expect-error PolicyOutputs is internal
export type NotPublicOutputs = import("../../provider").PolicyOutputs;

// Type-checked by `tsc -p test/tsconfig.json`; never executed.
export function typeOnly(): void {
  const ok: CrossTenantIdentitySyncPolicyPartnerArgs = {
    tenantId: "90e29127-71ad-49c7-9ce8-db3f41ea06f1",
    displayName: pulumi.output("Fabrikam"),
    userSyncInbound: { isSyncAllowed: pulumi.output(true) },
    groupSyncInbound: pulumi.output({ isSyncAllowed: false }),
    adoptExisting: true,
  };
  // @ts-expect-error userSyncInbound is required
  const missing: CrossTenantIdentitySyncPolicyPartnerArgs = { tenantId: "x" };
  // @ts-expect-error typo in a nested key
  const typo: CrossTenantIdentitySyncPolicyPartnerArgs = { tenantId: "x", userSyncInbound: { isSyncAlowed: true } };
  const r = new CrossTenantIdentitySyncPolicyPartner("p", ok);
  const outs: pulumi.Output<unknown>[] = [
    r.tenantId,
    r.displayName,
    r.userSyncInbound,
    r.groupSyncInbound,
    r.adoptExisting,
    r.apiVersion,
    r.adopted,
    r.adoptedAt,
  ];
  void [missing, typo, outs];
}

// Type-checked only: Graph's camelCase names, B2B settings of one or both halves, read-only outputs.
export function partnerTypesOnly(): void {
  const partner = new CrossTenantAccessPolicyConfigurationPartner("source", {
    tenantId: "90e29127-71ad-49c7-9ce8-db3f41ea06f1",
    automaticUserConsentSettings: { inboundAllowed: true },
    b2bCollaborationInbound: {
      usersAndGroups: {
        accessType: "allowed",
        targets: [{ target: pulumi.output("6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11"), targetType: "group" }],
      },
      applications: { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] },
    },
    inboundTrust: { isMfaAccepted: true },
    adoptExisting: false,
    connection: "target",
  });
  new CrossTenantIdentitySyncPolicyPartner("sync", {
    tenantId: partner.tenantId,
    userSyncInbound: { isSyncAllowed: true },
  });
  // One half may be left out (it is sent as null, the setting still whole); an empty target list is valid.
  const half: CrossTenantAccessPolicyConfigurationPartnerArgs = {
    tenantId: "x",
    b2bCollaborationOutbound: { usersAndGroups: { accessType: "allowed", targets: [] } },
    tenantRestrictions: {
      applications: { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] },
    },
  };
  // @ts-expect-error a B2B setting sets usersAndGroups, applications or both
  const neither: CrossTenantAccessPolicyConfigurationPartnerArgs = { tenantId: "x", b2bCollaborationInbound: {} };
  const access: CrossTenantAccessPolicyConfigurationPartnerArgs = {
    tenantId: "x",
    tenantRestrictions: {
      // @ts-expect-error accessType is "allowed" | "blocked"
      usersAndGroups: { accessType: "Allowed", targets: [] },
      applications: { accessType: "allowed", targets: [] },
    },
  };
  const consent: CrossTenantAccessPolicyConfigurationDefaultArgs = {
    // @ts-expect-error the default configuration has no automaticUserConsentSettings (read-only there)
    automaticUserConsentSettings: { inboundAllowed: true },
  };
  const d = new CrossTenantAccessPolicyConfigurationDefault("default", { inboundTrust: { isMfaAccepted: true } });
  const outs: pulumi.Output<unknown>[] = [
    partner.isServiceProvider,
    partner.isInMultiTenantOrganization,
    partner.adopted,
    partner.adoptedAt,
    partner.tenantRestrictionsDevices,
    d.isServiceDefault,
    d.adoptedAt,
    d.tenantRestrictionsDevices,
  ];
  void [half, neither, access, consent, outs];
}

// Type-checked only: the newer settings, Graph's enums as literal types, the top-level policy.
export function publishedApiTypesOnly(): void {
  const d: CrossTenantAccessPolicyConfigurationDefaultArgs = {
    invitationRedemptionIdentityProviderConfiguration: {
      primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory"],
      fallbackIdentityProvider: "emailOneTimePasscode",
    },
    m365CollaborationInbound: {
      users: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
    },
    appServiceConnectInbound: { applications: { accessType: "blocked", targets: [] } },
    blockServiceProviderOutboundAccess: false,
  };
  const idp: CrossTenantAccessPolicyConfigurationDefaultArgs = {
    invitationRedemptionIdentityProviderConfiguration: {
      // @ts-expect-error "google" is not a b2bIdentityProvidersType value
      primaryIdentityProviderPrecedenceOrder: ["google"],
      fallbackIdentityProvider: "microsoftAccount",
    },
  };
  const p: CrossTenantAccessPolicyConfigurationPartnerArgs = {
    tenantId: "x",
    m365CollaborationOutbound: { usersAndGroups: { accessType: "allowed", targets: [] } },
    blockServiceProviderOutboundAccess: true,
  };
  const half: CrossTenantAccessPolicyConfigurationPartnerArgs = {
    tenantId: "x",
    // @ts-expect-error m365CollaborationInbound has `users`, not `usersAndGroups`
    m365CollaborationInbound: { usersAndGroups: { accessType: "allowed", targets: [] } },
  };
  const a: CrossTenantAccessPolicyArgs = {
    allowedCloudEndpoints: ["microsoftonline.us", pulumi.output("partner.microsoftonline.cn" as const)],
  };
  // @ts-expect-error not a Microsoft cloud endpoint
  const cloud: CrossTenantAccessPolicyArgs = { allowedCloudEndpoints: ["microsoftonline.de"] };
  const policy = new CrossTenantAccessPolicy("clouds", a);
  const sync: CrossTenantIdentitySyncPolicyPartnerArgs = {
    tenantId: "x",
    userSyncInbound: { isSyncAllowed: true },
    externalCloudAuthorizedApplicationId: "e35c54ff-bd24-4c52-921a-4b90a35808eb",
  };
  const outs: pulumi.Output<unknown>[] = [
    policy.allowedCloudEndpoints,
    policy.adoptedAt,
    new CrossTenantAccessPolicyConfigurationDefault("d", d).automaticUserConsentSettings,
  ];
  void [idp, p, half, cloud, sync, outs];
}

describe("package entry", () => {
  it("exports the resource classes", () => {
    for (const cls of [
      pkg.CrossTenantIdentitySyncPolicyPartner,
      pkg.CrossTenantAccessPolicyConfigurationPartner,
      pkg.CrossTenantAccessPolicyConfigurationDefault,
      pkg.CrossTenantAccessPolicy,
    ]) {
      expect(typeof cls).toBe("function");
      expect(cls.prototype).toBeInstanceOf(pulumi.dynamic.Resource);
    }
  });

  it("resolves the runtime by package name, as the serialized provider does", () => {
    const runtime = require("pulumi-entra-cross-tenant/runtime");
    for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"])
      expect(typeof runtime[m]).toBe("function");
  });
});
