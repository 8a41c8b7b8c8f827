import { checkInputs, suggest } from "../../provider/resources/identitySyncPolicy/schema";
import { diffPolicy } from "../../provider/resources/identitySyncPolicy/diff";
import { UNKNOWN } from "../../provider/resources/identitySyncPolicy/types";

const T = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
const ok = { tenantId: T, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } };

function failures(news: Record<string, unknown>, api: "v1.0" | "beta" = "v1.0") {
  return checkInputs(news, api).failures;
}

describe("check", () => {
  it("accepts the issue's example and normalises tenantId", () => {
    const r = checkInputs({ ...ok, tenantId: T.toUpperCase(), __provider: "x" }, "v1.0");
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({ tenantId: T, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } });
  });

  it("requires tenantId as a GUID", () => {
    expect(failures({ ...ok, tenantId: undefined })).toEqual([
      { property: "tenantId", reason: expect.stringMatching(/required/) },
    ]);
    expect(failures({ ...ok, tenantId: "fabrikam.onmicrosoft.com" })[0]).toEqual({
      property: "tenantId",
      reason: expect.stringMatching(/GUID like "90e29127/),
    });
    expect(failures({ ...ok, tenantId: 42 })[0].property).toBe("tenantId");
    expect(failures({ ...ok, tenantId: "00000000-0000-0000-0000-000000000000" })[0].reason).toMatch(/nil GUID/);
  });

  it("validates displayName type, emptiness and length", () => {
    expect(failures({ ...ok, displayName: 5 })[0]).toEqual({
      property: "displayName",
      reason: expect.stringMatching(/string, got number/),
    });
    expect(failures({ ...ok, displayName: "  " })[0].reason).toMatch(/must not be empty/);
    expect(failures({ ...ok, displayName: "x".repeat(257) })[0].reason).toMatch(/257 characters; the maximum is 256/);
    expect(failures({ ...ok, displayName: "x".repeat(256) })).toEqual([]);
  });

  it("requires userSyncInbound.isSyncAllowed as a boolean", () => {
    expect(failures({ tenantId: T })[0]).toEqual({
      property: "userSyncInbound",
      reason: expect.stringMatching(/required/),
    });
    expect(failures({ tenantId: T, userSyncInbound: true })[0].reason).toMatch(
      /must be an object like \{ isSyncAllowed: true \}/,
    );
    expect(failures({ tenantId: T, userSyncInbound: {} })[0]).toEqual({
      property: "userSyncInbound.isSyncAllowed",
      reason: expect.stringMatching(/required/),
    });
    expect(failures({ tenantId: T, userSyncInbound: { isSyncAllowed: "true" } })[0].reason).toMatch(
      /boolean.*got string "true"/,
    );
  });

  it("names the right key for a typo, at any level", () => {
    expect(failures({ tenantId: T, userSyncInbound: { isSyncAlowed: true } })).toEqual([
      {
        property: "userSyncInbound.isSyncAlowed",
        reason: 'unknown property "userSyncInbound.isSyncAlowed"; did you mean "userSyncInbound.isSyncAllowed"?',
      },
      { property: "userSyncInbound.isSyncAllowed", reason: expect.stringMatching(/required/) },
    ]);
    // The normalised inputs of a failed check still go back through the host, which cannot encode undefined.
    expect(checkInputs({ tenantId: T, userSyncInbound: { isSyncAlowed: true } }, "v1.0").inputs).toEqual({
      tenantId: T,
      userSyncInbound: {},
    });
    expect(failures({ ...ok, tenantID: T })[0].reason).toBe('unknown property "tenantID"; did you mean "tenantId"?');
    expect(failures({ ...ok, userSyncInbund: {} })[0].reason).toMatch(/did you mean "userSyncInbound"/);
    expect(failures({ ...ok, colour: "red" })[0].reason).toMatch(/valid properties are "tenantId", "displayName"/);
    expect(suggest("adoptexisting", ["adoptExisting"])).toBe("adoptExisting");
  });

  it("rejects groupSyncInbound on v1.0 and accepts it on beta", () => {
    const g = { ...ok, groupSyncInbound: { isSyncAllowed: false } };
    expect(failures(g, "v1.0")).toEqual([
      {
        property: "groupSyncInbound",
        reason: expect.stringMatching(/beta API; set `pulumi config set entra:apiVersion beta`/),
      },
    ]);
    const r = checkInputs(g, "beta");
    expect(r.failures).toEqual([]);
    expect(r.inputs.groupSyncInbound).toEqual({ isSyncAllowed: false });
  });

  it("validates adoptExisting", () => {
    expect(failures({ ...ok, adoptExisting: "yes" })[0].property).toBe("adoptExisting");
    expect(checkInputs({ ...ok, adoptExisting: true }, "v1.0").inputs.adoptExisting).toBe(true);
  });

  it("passes unknown preview values through without validating them", () => {
    const r = checkInputs(
      { tenantId: UNKNOWN, displayName: UNKNOWN, userSyncInbound: { isSyncAllowed: UNKNOWN }, adoptExisting: UNKNOWN },
      "v1.0",
    );
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({
      tenantId: UNKNOWN,
      displayName: UNKNOWN,
      userSyncInbound: { isSyncAllowed: UNKNOWN },
      adoptExisting: UNKNOWN,
    });
    expect(checkInputs({ tenantId: T, userSyncInbound: UNKNOWN }, "v1.0")).toEqual({
      inputs: { tenantId: T, userSyncInbound: UNKNOWN },
      failures: [],
    });
  });

  it("reports every failure at once", () => {
    expect(
      failures({ tenantId: "nope", displayName: 1, userSyncInbound: { isSyncAllowed: 1 }, adoptExisting: 2 }).map(
        (f) => f.property,
      ),
    ).toEqual(["tenantId", "displayName", "userSyncInbound.isSyncAllowed", "adoptExisting"]);
  });
});

describe("diff", () => {
  const olds = { ...ok, apiVersion: "v1.0", adopted: false, __provider: "old text" };

  it("no change when equal, whatever the serialized provider text", () => {
    expect(diffPolicy(olds, { ...ok, __provider: "new text" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
      changed: [],
    });
  });

  it("tenantId change replaces, delete first (case-insensitive)", () => {
    expect(diffPolicy(olds, { ...ok, tenantId: T.toUpperCase() }).changes).toBe(false);
    const d = diffPolicy(olds, { ...ok, tenantId: "11111111-1111-4111-8111-111111111111" });
    expect(d).toMatchObject({ changes: true, replaces: ["tenantId"], deleteBeforeReplace: true });
  });

  it("managed field changes update in place", () => {
    expect(diffPolicy(olds, { ...ok, displayName: "Contoso" })).toMatchObject({
      changes: true,
      replaces: [],
      changed: ["displayName"],
    });
    expect(diffPolicy(olds, { ...ok, userSyncInbound: { isSyncAllowed: false } }).changed).toEqual([
      "userSyncInbound.isSyncAllowed",
    ]);
    expect(diffPolicy(olds, { ...ok, groupSyncInbound: { isSyncAllowed: true } }).changed).toEqual([
      "groupSyncInbound.isSyncAllowed",
    ]);
  });

  it("omitted optional fields and adoptExisting are not managed", () => {
    expect(diffPolicy(olds, { tenantId: T, userSyncInbound: { isSyncAllowed: true } }).changes).toBe(false);
    expect(diffPolicy(olds, { ...ok, adoptExisting: true }).changes).toBe(false);
  });

  it("unknown values are changes; an unknown tenantId is a replace", () => {
    expect(diffPolicy(olds, { ...ok, displayName: UNKNOWN }).changed).toEqual(["displayName"]);
    expect(diffPolicy(olds, { ...ok, userSyncInbound: UNKNOWN }).changed).toEqual(["userSyncInbound.isSyncAllowed"]);
    expect(diffPolicy(olds, { ...ok, userSyncInbound: { isSyncAllowed: UNKNOWN } }).changes).toBe(true);
    expect(diffPolicy(olds, { ...ok, tenantId: UNKNOWN }).replaces).toEqual(["tenantId"]);
  });
});
