import {
  inputsFromRemote,
  matches,
  outputsFromInputs,
  patchBody,
  putBody,
  remoteFromGraph,
  stripUndefined,
} from "../../provider/resources/identitySyncPolicy/payload";

const T = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";

describe("payload mapping", () => {
  it("ignores extra fields and handles missing or null nested objects", () => {
    expect(
      remoteFromGraph({
        "@odata.context": "x",
        tenantId: T,
        displayName: "F",
        userSyncInbound: { isSyncAllowed: true },
        somethingNew: { a: 1 },
      }),
    ).toEqual({
      displayName: "F",
      userSyncAllowed: true,
      groupSyncAllowed: null,
    });
    expect(remoteFromGraph({ tenantId: T, userSyncInbound: null, displayName: null })).toEqual({
      displayName: null,
      userSyncAllowed: false,
      groupSyncAllowed: null,
    });
    expect(remoteFromGraph({ userSyncInbound: {}, groupSyncInbound: null })).toEqual({
      displayName: null,
      userSyncAllowed: false,
      groupSyncAllowed: false,
    });
    expect(remoteFromGraph(undefined)).toEqual({ displayName: null, userSyncAllowed: false, groupSyncAllowed: null });
  });

  it("PUT carries only writable managed fields; PATCH only what differs, nested objects whole", () => {
    const inputs = { tenantId: T, displayName: "F", userSyncInbound: { isSyncAllowed: true } };
    expect(putBody(inputs)).toEqual({ displayName: "F", userSyncInbound: { isSyncAllowed: true } });
    expect(patchBody(inputs, { displayName: "F", userSyncAllowed: false, groupSyncAllowed: null })).toEqual({
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(patchBody(inputs, { displayName: "G", userSyncAllowed: true, groupSyncAllowed: true })).toEqual({
      displayName: "F",
    });
    expect(matches(inputs, { displayName: "F", userSyncAllowed: true, groupSyncAllowed: true })).toBe(true);
    expect(
      matches(
        { tenantId: T, userSyncInbound: { isSyncAllowed: true } },
        { displayName: "X", userSyncAllowed: true, groupSyncAllowed: null },
      ),
    ).toBe(true);
  });

  it("outputs and refreshed inputs never hold undefined", () => {
    const outs = outputsFromInputs({ tenantId: T, userSyncInbound: { isSyncAllowed: false } }, "v1.0", false);
    expect(outs).toEqual({
      tenantId: T,
      userSyncInbound: { isSyncAllowed: false },
      apiVersion: "v1.0",
      adopted: false,
    });
    expect(Object.values(outs).includes(undefined)).toBe(false);
    const ins = inputsFromRemote(
      T,
      { displayName: null, userSyncAllowed: true, groupSyncAllowed: null },
      { displayName: "old" },
    );
    expect(ins).toEqual({ tenantId: T, userSyncInbound: { isSyncAllowed: true } });
    expect(stripUndefined({ a: undefined, b: { c: undefined, d: 1 }, e: [{ f: undefined }] })).toEqual({
      b: { d: 1 },
      e: [{}],
    });
  });
});
