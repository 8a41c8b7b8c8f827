// examples/target-tenant (copied unchanged) on the real Pulumi CLI against the emulator: a target tenant's full
// set-up (the partner configuration of the source with inbound auto-consent, then the sync policy with
// `tenantId: partner.tenantId`) comes up in order and goes away in reverse order. Keeps the example working.
import * as path from "path";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { copyExampleDir } from "../../testkit/e2eStack";
import { PulumiWorkspace, REPO_ROOT } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const SOURCE = partnerTenant(0x7a, "7a7a7a7a");
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

const writes = (calls: LoggedRequest[]) =>
  calls
    .filter((c) => c.method !== "GET")
    .map((c) => `${c.method} ${c.path.replace(/^\/(v1\.0|beta)/, "")} ${c.status}`);
const partners = "/policies/crossTenantAccessPolicy/partners";

useE2eStack(
  {
    project: "target-tenant",
    program: () => copyExampleDir(ws, path.join(REPO_ROOT, "examples", "target-tenant")),
    config: { "target-tenant:partnerTenantId": SOURCE, "target-tenant:trustPartnerMfa": "true" },
    timed: "partnerExample",
  },
  (s) => ({ admin, ws } = s),
);

test("up creates the partner configuration with inbound auto-consent, then the sync policy", async () => {
  const mark = await admin.lastSeq();
  await ws.up();
  expect(writes(await admin.graphCalls(mark))).toEqual([
    `POST ${partners} 201`,
    `PUT ${partners}/${SOURCE}/identitySynchronization 204`,
  ]);
  expect(await admin.partner(SOURCE)).toMatchObject({
    automaticUserConsentSettings: { inboundAllowed: true },
    inboundTrust: { isMfaAccepted: true },
  });
  expect(await admin.policy(SOURCE)).toMatchObject({
    displayName: "Fabrikam",
    userSyncInbound: { isSyncAllowed: true },
  });
  expect(await ws.outputs()).toEqual({
    partnerTenantId: SOURCE,
    inboundAutoConsent: true,
    displayName: "Fabrikam",
    userSyncAllowed: true,
  });
  const mark2 = await admin.lastSeq();
  await ws.preview(["--expect-no-changes"]);
  expect(await admin.graphCalls(mark2)).toEqual([]);
});

test("destroy deletes the policy, then the partner configuration", async () => {
  const mark = await admin.lastSeq();
  await ws.destroy();
  expect(writes(await admin.graphCalls(mark))).toEqual([
    `DELETE ${partners}/${SOURCE}/identitySynchronization 204`,
    `DELETE ${partners}/${SOURCE} 204`,
  ]);
  expect((await admin.state()).partners).toEqual([]);
});
