// End to end with the real Pulumi CLI on a generated stack where one policy's input is another policy's output:
// during a preview that value is unknown, so the engine sends its unknown sentinel through Check and Diff of the
// dynamic-provider host. The preview must succeed and show the right steps; the update then applies real values.
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { opsFor, PulumiWorkspace } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const TYPE = "CrossTenantIdentitySyncPolicyPartner";
const FIRST = partnerTenant(1, "0c0c0c0c");
const SECOND = partnerTenant(2, "0c0c0c0c");

let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

const writes = (calls: LoggedRequest[]) => calls.filter((c) => c.method !== "GET");

function writeProgram(firstName: string): void {
  ws.writeProgram(
    "unknowns",
    `"use strict";
const { CrossTenantIdentitySyncPolicyPartner } = require("pulumi-entra-cross-tenant");
const first = new CrossTenantIdentitySyncPolicyPartner("first", {
    tenantId: ${JSON.stringify(FIRST)},
    displayName: ${JSON.stringify(firstName)},
    userSyncInbound: { isSyncAllowed: true },
});
// Inputs that are outputs of another resource: unknown while previewing a change of "first".
new CrossTenantIdentitySyncPolicyPartner("second", {
    tenantId: ${JSON.stringify(SECOND)},
    displayName: first.displayName.apply((n) => "Follows " + n),
    userSyncInbound: first.userSyncInbound,
});
`,
  );
}

useE2eStack(
  {
    project: "unknowns",
    emulator: { seed: { partners: [{ tenantId: FIRST }, { tenantId: SECOND }] } },
    program: () => writeProgram("One"),
  },
  (s) => ({ admin, ws } = s),
);

test("preview of a new stack with inputs from another resource's outputs shows two creates", async () => {
  const mark = await admin.lastSeq();
  const preview = await ws.previewJson();
  expect(opsFor(preview, TYPE)).toEqual(["create", "create"]);
  expect(await admin.graphCalls(mark)).toEqual([]);
  await ws.up();
  expect((await admin.policy(SECOND))?.displayName).toBe("Follows One");
  expect((await admin.policy(SECOND))?.userSyncInbound).toEqual({ isSyncAllowed: true });
});

test("changing the first policy previews an update of both (the second's input is unknown) and up applies real values", async () => {
  writeProgram("Two");
  const mark = await admin.lastSeq();
  const preview = await ws.previewJson();
  expect(opsFor(preview, TYPE)).toEqual(["update", "update"]);
  expect(await admin.graphCalls(mark)).toEqual([]);

  const upMark = await admin.lastSeq();
  await ws.up();
  const w = writes(await admin.graphCalls(upMark));
  expect(w.map((c) => [c.method, c.path.includes(FIRST) ? "first" : "second", c.body]).sort()).toEqual(
    [
      ["PATCH", "first", { displayName: "Two" }],
      ["PATCH", "second", { displayName: "Follows Two" }],
    ].sort(),
  );
  await ws.preview(["--expect-no-changes"]);
  await ws.destroy();
  expect(await admin.policies()).toEqual([]);
});
