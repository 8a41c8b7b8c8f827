// End to end with the real Pulumi CLI on the example program (examples/identity-sync-policy, copied unchanged into a
// workspace under .e2e/), a local file backend and a passphrase secrets provider, against the Graph emulator over
// HTTPS with the client-credential flow. The steps share one stack and run in order.
import { RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { copyExample } from "../../testkit/e2eStack";
import * as fs from "fs";
import * as path from "path";
import { opsFor, PulumiCli, PulumiWorkspace } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const TYPE = "CrossTenantIdentitySyncPolicyPartner";
const PARTNER_A = partnerTenant(0xa1, "e2e0e2e0");
const PARTNER_B = partnerTenant(0xb2, "e2e0e2e0");
const OTHER_PARTNER = partnerTenant(0xc3, "e2e0e2e0");

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

const writes = (calls: LoggedRequest[]) => calls.filter((c) => c.method !== "GET");
const fmt = (calls: LoggedRequest[]) =>
  calls.map((c) => `${c.method} ${c.path} ${c.status} ${JSON.stringify(c.body ?? "")}`).join("\n");

useE2eStack(
  {
    project: "example",
    emulator: {
      seed: { partners: [PARTNER_A, PARTNER_B, OTHER_PARTNER].map((tenantId) => ({ tenantId })) },
    },
    program: () => copyExample(ws),
    config: { partnerTenantId: PARTNER_A },
  },
  (s) => ({ cli, emu, admin, ws } = s),
);

test("the CLI in use", () => {
  // Printed for the CI log: which CLI and where it came from.
  console.log(`Pulumi CLI ${cli.version} from ${cli.source}: ${cli.pulumi}`);
  expect(cli.version).toMatch(/^v3\./);
});

test("preview of a new stack shows the create and calls no Graph API", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.previewJson());
  expect(opsFor(result, TYPE)).toEqual(["create"]);
  expect(calls).toEqual([]);
});

test("up creates the policy", async () => {
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).length).toBeGreaterThanOrEqual(1);
  expect(await admin.policy(PARTNER_A)).toMatchObject({
    displayName: "Fabrikam",
    userSyncInbound: { isSyncAllowed: true },
  });
  expect(await ws.outputs()).toEqual({ partnerTenantId: PARTNER_A, displayName: "Fabrikam", userSyncAllowed: true });
  const [res] = await ws.resources(TYPE);
  expect(res.id).toBe(PARTNER_A);
});

test("a second preview with --expect-no-changes passes and makes zero Graph calls", async () => {
  const { result, calls } = await admin.graphCallsDuring(() => ws.preview(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(fmt(calls)).toBe("");
});

test("editing displayName: preview shows an update, up sends one PATCH with only displayName", async () => {
  await ws.setConfig({ displayName: "Fabrikam Ltd" });
  const preview = await ws.previewJson();
  expect(opsFor(preview, TYPE)).toEqual(["update"]);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.body])).toEqual([["PATCH", { displayName: "Fabrikam Ltd" }]]);
  expect((await admin.policy(PARTNER_A))?.displayName).toBe("Fabrikam Ltd");
});

test("editing isSyncAllowed: preview shows an update, up sends one PATCH with only userSyncInbound", async () => {
  await ws.setConfig({ userSyncAllowed: "false" });
  const preview = await ws.previewJson();
  expect(opsFor(preview, TYPE)).toEqual(["update"]);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.body])).toEqual([
    ["PATCH", { userSyncInbound: { isSyncAllowed: false } }],
  ]);
  expect((await admin.policy(PARTNER_A))?.userSyncInbound).toEqual({ isSyncAllowed: false });
  expect(await ws.outputs()).toMatchObject({ userSyncAllowed: false });
});

test("a portal change: refresh reports it, preview shows the restoring update, up restores it", async () => {
  await admin.portalPatch(PARTNER_A, { displayName: "Changed in the portal" });

  const refresh = await ws.refresh();
  expect(refresh.output).toMatch(/1 updated/);
  const [refreshed] = await ws.resources(TYPE);
  expect(refreshed.outputs?.displayName).toBe("Changed in the portal");

  const preview = await ws.previewJson();
  expect(opsFor(preview, TYPE)).toEqual(["update"]);
  const { calls } = await admin.graphCallsDuring(() => ws.up());
  expect(writes(calls).map((c) => [c.method, c.body])).toEqual([["PATCH", { displayName: "Fabrikam Ltd" }]]);
  expect((await admin.policy(PARTNER_A))?.displayName).toBe("Fabrikam Ltd");
  await ws.preview(["--expect-no-changes"]);
});

test("deleted out of band: refresh drops it from state, up recreates it", async () => {
  await admin.portalDelete(PARTNER_A);
  const refresh = await ws.refresh();
  expect(refresh.output).toMatch(/1 deleted/);
  expect(await ws.resources(TYPE)).toEqual([]);

  const preview = await ws.previewJson();
  expect(opsFor(preview, TYPE)).toEqual(["create"]);
  await ws.up();
  expect(await admin.policy(PARTNER_A)).toMatchObject({
    displayName: "Fabrikam Ltd",
    userSyncInbound: { isSyncAllowed: false },
  });
  expect((await ws.resources(TYPE)).map((r) => r.id)).toEqual([PARTNER_A]);
});

test("tenantId changed: replace, the old policy deleted before the new one is created, no 409", async () => {
  await ws.setConfig({ partnerTenantId: PARTNER_B });
  const preview = await ws.previewJson();
  const ops = opsFor(preview, TYPE);
  expect(ops.some((op) => /replace/.test(op))).toBe(true);

  const mark = await admin.lastSeq();
  await ws.up();
  const calls = await admin.graphCalls(mark);
  const w = writes(calls);
  const del = w.findIndex((c) => c.method === "DELETE" && c.path.includes(PARTNER_A));
  const create = w.findIndex((c) => (c.method === "PUT" || c.method === "PATCH") && c.path.includes(PARTNER_B));
  expect(del).toBeGreaterThanOrEqual(0);
  expect(create).toBeGreaterThan(del);
  expect(calls.filter((c) => c.status === 409)).toEqual([]);
  expect(await admin.policy(PARTNER_A)).toBeUndefined();
  expect(await admin.policy(PARTNER_B)).toMatchObject({ displayName: "Fabrikam Ltd" });
  expect(await ws.outputs()).toMatchObject({ partnerTenantId: PARTNER_B });
});

test("the client secret and tokens never appear in plain text: stack export, CLI output, --debug logs", async () => {
  const secretValue = emu.defaults.readWrite.clientSecret;
  await ws.setConfig({ displayName: "Fabrikam Debug" });
  const debugUp = await ws.up(["--debug"]);
  const debugPreview = await ws.preview(["--debug", "--diff"]);
  const exported = await ws.exportStack();
  // The stack config holds the secret encrypted, and the provider never put it into state.
  const configText = fs.readFileSync(path.join(ws.programDir, `Pulumi.${ws.stack}.yaml`), "utf8");
  expect(configText).toMatch(/entra:clientSecret:\s*\n\s*secure:/);

  const everything: { what: string; text: string }[] = [
    { what: "stack export", text: exported.text },
    { what: "Pulumi.<stack>.yaml", text: configText },
    { what: "up --debug", text: debugUp.output },
    { what: "preview --debug", text: debugPreview.output },
    ...ws.transcript.map((t) => ({ what: `pulumi ${t.args.join(" ")}`, text: t.result.output })),
  ];
  // Access tokens are JWTs; any "eyJ" + base64url + "." + ... in output would be a leaked token.
  const jwt = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./;
  const leaks = everything.filter((e) => e.text.includes(secretValue) || jwt.test(e.text)).map((e) => e.what);
  expect(leaks).toEqual([]);
  // and the token endpoint was really used in this run
  expect((await admin.requests(0)).some((r) => r.kind === "token" && r.status === 200)).toBe(true);
});

test("destroy removes the policy with a DELETE and leaves the partner configurations in place", async () => {
  const { calls } = await admin.graphCallsDuring(() => ws.destroy());
  expect(writes(calls).map((c) => c.method)).toEqual(["DELETE"]);
  expect(await admin.policies()).toEqual([]);
  expect((await admin.state()).partners.map((p) => p.tenantId).sort()).toEqual(
    [PARTNER_A, PARTNER_B, OTHER_PARTNER].sort(),
  );
  expect(await ws.resources(TYPE)).toEqual([]);
});
