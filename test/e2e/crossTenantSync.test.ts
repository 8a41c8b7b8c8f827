// Both tenants from one program (issue 9), end to end with the real Pulumi CLI on examples/cross-tenant-sync (copied
// unchanged) against the two-tenant emulator: CrossTenantSyncPartnership with two connections. The source tenant is
// the emulator's home tenant, signed in with an app of its own whose secret is set under
// `entra:connections.source.clientSecret`; the target is the second tenant, reached by the multi-tenant app of the
// top-level settings (the connection gives only its tenantId). The steps share one stack and run in order.
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { copyExampleDir, writeSpecProgram } from "../../testkit/e2eStack";
import { entraConfig, entraSecrets } from "../../testkit/entraConfig";
import { findPulumiCli, opsFor, PulumiCli, PulumiWorkspace, REPO_ROOT } from "../../testkit/pulumiCli";

const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";
const COMPONENT = "CrossTenantSyncPartnership";
const SOURCE_APP = "55555555-5555-4555-8555-555555555555";
// Distinct from every other credential, so any occurrence in output is this connection's secret.
const SOURCE_SECRET = `source-connection-secret-${Math.random().toString(36).slice(2, 12)}`;

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;
let SOURCE: string; // the home tenant
let TARGET: string; // the second tenant
const started = Date.now();

const partners = "/policies/crossTenantAccessPolicy/partners";
const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");
/** Writes as `<tenant> <METHOD> <path> <status>`. */
const writes = (calls: LoggedRequest[]) =>
  calls.filter((c) => c.method !== "GET").map((c) => `${c.tenantId} ${c.method} ${bare(c.path)} ${c.status}`);

async function during<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; graph: LoggedRequest[]; tokens: LoggedRequest[] }> {
  const mark = await admin.lastSeq();
  const result = await fn();
  const all = await admin.requests(mark);
  return { result, graph: all.filter((r) => r.kind === "graph"), tokens: all.filter((r) => r.kind === "token") };
}

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  emu = await startEmulator({
    port: 0,
    apps: [
      {
        name: "sourceOnly",
        tenantId: "11111111-1111-4111-8111-111111111111",
        clientId: SOURCE_APP,
        clientSecret: SOURCE_SECRET,
        roles: ["Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess"],
      },
    ],
  });
  SOURCE = emu.defaults.tenantId;
  TARGET = emu.defaults.second.tenantId;
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  ws = new PulumiWorkspace(cli, { project: "cross-tenant-sync" });
  copyExampleDir(ws, path.join(REPO_ROOT, "examples", "cross-tenant-sync"));
  // Top-level: the endpoints and the multi-tenant app (its secret as a secret); no top-level tenant.
  const { "entra:tenantId": _home, ...topLevel } = entraConfig(emu);
  await ws.init(
    {
      ...topLevel,
      "cross-tenant-sync:sourceTenantId": SOURCE,
      "cross-tenant-sync:targetTenantId": TARGET,
      "cross-tenant-sync:displayName": "Contoso",
    },
    entraSecrets(emu),
  );
  await ws.setPathConfig(
    {
      "entra:connections.source.tenantId": SOURCE,
      "entra:connections.source.clientId": SOURCE_APP,
      "entra:connections.target.tenantId": TARGET,
    },
    { "entra:connections.source.clientSecret": SOURCE_SECRET },
  );
});

afterAll(async () => {
  console.log(`crossTenantSync e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await ws?.dispose();
  await emu?.stop();
});

test("preview: the partnership and its three resources to create, no Graph call and no sign-in", async () => {
  const { result, graph, tokens } = await during(() => ws.previewJson());
  expect(opsFor(result, COMPONENT)).toEqual(["create"]);
  expect(opsFor(result, PARTNER)).toEqual(["create", "create"]);
  expect(opsFor(result, POLICY)).toEqual(["create"]);
  expect(graph).toEqual([]);
  expect(tokens).toEqual([]);
});

test("up creates the three objects in their tenants, target side first, with exactly two token requests", async () => {
  const { graph, tokens } = await during(() => ws.up());
  expect(writes(graph)).toEqual([
    `${TARGET} POST ${partners} 201`,
    `${TARGET} PUT ${partners}/${SOURCE}/identitySynchronization 204`,
    `${SOURCE} POST ${partners} 201`,
  ]);
  expect(tokens.map((t) => t.tenantId).sort()).toEqual([SOURCE, TARGET].sort());

  const target = await admin.state(TARGET);
  expect(target.partners).toEqual([
    expect.objectContaining({
      tenantId: SOURCE,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: null },
    }),
  ]);
  expect(target.policies).toEqual([
    expect.objectContaining({ tenantId: SOURCE, displayName: "Contoso", userSyncInbound: { isSyncAllowed: true } }),
  ]);
  const source = await admin.state(SOURCE);
  expect(source.partners).toEqual([
    expect.objectContaining({
      tenantId: TARGET,
      automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: true },
    }),
  ]);
  expect(source.policies).toEqual([]);

  expect(await ws.outputs()).toEqual({
    sourceTenantId: SOURCE,
    targetTenantId: TARGET,
    userSyncAllowed: true,
    reverseSyncAllowed: false,
  });
  const byUrn = Object.fromEntries((await ws.resources()).map((r) => [r.urn.split("::").pop(), r]));
  expect(byUrn["source-to-target-target-partner"].outputs).toMatchObject({ tenantId: SOURCE, connection: "target" });
  expect(byUrn["source-to-target-sync-policy"].outputs).toMatchObject({ tenantId: SOURCE, connection: "target" });
  expect(byUrn["source-to-target-source-partner"].outputs).toMatchObject({ tenantId: TARGET, connection: "source" });
});

test("a second preview: no changes, no Graph call", async () => {
  const { result, graph, tokens } = await during(() => ws.preview(["--expect-no-changes"]));
  expect(result.code).toBe(0);
  expect(graph).toEqual([]);
  expect(tokens).toEqual([]);
});

test("a portal change in the source tenant: refresh finds it, preview shows the update, up restores it there", async () => {
  await admin.portalPatchPartner(
    TARGET,
    { automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: false } },
    { tenantId: SOURCE },
  );
  const refresh = await ws.refresh();
  expect(refresh.output).toMatch(/1 updated/);
  expect(opsFor(await ws.previewJson(), PARTNER)).toEqual(["update"]);

  const { graph } = await during(() => ws.up());
  expect(writes(graph)).toEqual([`${SOURCE} PATCH ${partners}/${TARGET} 204`]);
  expect(graph.find((c) => c.method === "PATCH")?.body).toEqual({
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: true },
  });
  expect((await admin.partner(TARGET, SOURCE))?.automaticUserConsentSettings).toEqual({
    inboundAllowed: null,
    outboundAllowed: true,
  });
  await ws.preview(["--expect-no-changes"]);
});

test("mutual: the reverse partnership shares both partner configurations (consent both ways) and adds its policy in the source tenant", async () => {
  await ws.setConfig({ "cross-tenant-sync:mutual": "true" });
  const preview = await ws.previewJson();
  expect(opsFor(preview, PARTNER)).toEqual(["update", "update"]);
  expect(opsFor(preview, POLICY)).toEqual(["create"]);

  const { graph } = await during(() => ws.up());
  const w = writes(graph);
  expect(new Set(w)).toEqual(
    new Set([
      `${TARGET} PATCH ${partners}/${SOURCE} 204`,
      `${SOURCE} PATCH ${partners}/${TARGET} 204`,
      `${SOURCE} PUT ${partners}/${TARGET}/identitySynchronization 204`,
    ]),
  );
  expect(w.indexOf(`${SOURCE} PUT ${partners}/${TARGET}/identitySynchronization 204`)).toBeGreaterThan(
    w.indexOf(`${SOURCE} PATCH ${partners}/${TARGET} 204`),
  );
  const both = { inboundAllowed: true, outboundAllowed: true };
  expect((await admin.partner(SOURCE, TARGET))?.automaticUserConsentSettings).toEqual(both);
  expect((await admin.partner(TARGET, SOURCE))?.automaticUserConsentSettings).toEqual(both);
  expect((await admin.state(SOURCE)).policies).toEqual([
    expect.objectContaining({ tenantId: TARGET, userSyncInbound: { isSyncAllowed: true } }),
  ]);
  expect(await ws.outputs()).toMatchObject({ reverseSyncAllowed: true });

  // and back to one direction: the reverse policy goes, each partner keeps only the consent its side needs. The
  // engine updates partners before it deletes removed resources, so the source tenant's inbound consent, which
  // the reverse policy's synchronization needs, stays until the policy is gone (safe order) and the next up removes it.
  await ws.setConfig({ "cross-tenant-sync:mutual": "false" });
  const back = await during(() => ws.up());
  expect(new Set(writes(back.graph))).toEqual(
    new Set([
      `${TARGET} PATCH ${partners}/${SOURCE} 204`,
      `${SOURCE} DELETE ${partners}/${TARGET}/identitySynchronization 204`,
    ]),
  );
  expect(back.result.output).toContain(
    `kept inbound automatic consent on the partner configuration of tenant ${TARGET} for now`,
  );
  expect((await admin.state(SOURCE)).policies).toEqual([]);
  expect((await admin.partner(TARGET, SOURCE))?.automaticUserConsentSettings).toEqual({
    inboundAllowed: true,
    outboundAllowed: true,
  });
  expect(opsFor(await ws.previewJson(), PARTNER).filter((op) => op !== "same")).toEqual(["update"]); // the consent left to remove
  const after = await during(() => ws.up());
  expect(writes(after.graph)).toEqual([`${SOURCE} PATCH ${partners}/${TARGET} 204`]);
  expect((await admin.partner(TARGET, SOURCE))?.automaticUserConsentSettings).toEqual({
    inboundAllowed: null,
    outboundAllowed: true,
  });
  expect((await admin.partner(SOURCE, TARGET))?.automaticUserConsentSettings).toEqual({
    inboundAllowed: true,
    outboundAllowed: null,
  });
});

test("the connection's secret appears in no state, no CLI output and no --debug output", async () => {
  // A change in each tenant, so that both connections sign in and call Graph under --debug and entra:debug. (A
  // refresh runs with the provider configuration stored at the last update, so the first debug run is an up.)
  await ws.setConfig({ "entra:debug": "true", "cross-tenant-sync:displayName": "Contoso Ltd" });
  const debugUp = await ws.up(["--debug"]);
  expect(debugUp.output).toContain(`[entra] --> PATCH ${emu.url}/v1.0${partners}/${SOURCE}/identitySynchronization `); // the target connection
  await admin.portalPatchPartner(TARGET, { inboundTrust: { isMfaAccepted: true } }, { tenantId: SOURCE });
  const debugRefresh = await ws.refresh(["--debug"]);
  expect(debugRefresh.output).toContain(`[entra] --> GET ${emu.url}/v1.0${partners}/${TARGET} `); // the source connection
  const debugRestore = await ws.up(["--debug"]);
  expect(debugRestore.output).toContain(`[entra] --> PATCH ${emu.url}/v1.0${partners}/${TARGET} `); // the source connection
  const debugPreview = await ws.preview(["--debug", "--diff", "--expect-no-changes"]);
  const exported = await ws.exportStack();
  const configText = fs.readFileSync(path.join(ws.programDir, `Pulumi.${ws.stack}.yaml`), "utf8");
  expect(configText).toMatch(/clientSecret:\s*\n\s*secure:/); // stored encrypted in the stack config
  expect(configText).not.toContain(SOURCE_SECRET);

  const everything = [
    { what: "stack export", text: exported.text },
    { what: "Pulumi.<stack>.yaml", text: configText },
    ...ws.transcript.map((t) => ({ what: `pulumi ${t.args.join(" ")}`, text: t.result.output })),
    { what: "preview --debug", text: debugPreview.output },
  ];
  const jwt = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./;
  const leaks = everything
    .filter(
      (e) => e.text.includes(SOURCE_SECRET) || e.text.includes(emu.defaults.readWrite.clientSecret) || jwt.test(e.text),
    )
    .map((e) => e.what);
  expect(leaks).toEqual([]);
  // the resources' state holds the connection's name only
  const ours = (exported.deployment.deployment.resources ?? []).filter(
    (r) => r.custom && r.type.includes("dynamic/entra"),
  );
  expect(ours.map((r) => r.outputs?.connection).sort()).toEqual(["source", "target", "target"]);
  for (const r of ours)
    expect(Object.keys({ ...r.inputs, ...r.outputs }).filter((k) => /secret|credential|client/i.test(k))).toEqual([]);
  await ws.setConfig({ "entra:debug": "false" });
});

test("destroy removes the three objects in order: source side first, then the policy, then its partner", async () => {
  const { graph } = await during(() => ws.destroy());
  expect(writes(graph)).toEqual([
    `${SOURCE} DELETE ${partners}/${TARGET} 204`,
    `${TARGET} DELETE ${partners}/${SOURCE}/identitySynchronization 204`,
    `${TARGET} DELETE ${partners}/${SOURCE} 204`,
  ]);
  for (const tenant of [SOURCE, TARGET]) {
    const state = await admin.state(tenant);
    expect([state.partners, state.policies]).toEqual([[], []]);
  }
  expect(await ws.resources()).toEqual([]);
});

test("mistakes in a relationship fail preview with the message alone and no Graph call", async () => {
  const mistakes = new PulumiWorkspace(cli, { project: "partnership-mistakes" });
  const stackTrace = /\n\s+at .*\.(js|ts):\d+/;
  try {
    const source = { tenantId: SOURCE, connection: "source" };
    const target = { tenantId: TARGET, connection: "target" };
    writeSpecProgram(mistakes, "partnership-mistakes", {
      partnerships: [
        { name: "there", args: { source, target } },
        { name: "back", args: { source: target, target: source } },
      ],
    });
    const { "entra:tenantId": _home, ...topLevel } = entraConfig(emu);
    await mistakes.init(topLevel, entraSecrets(emu));
    await mistakes.setPathConfig({
      "entra:connections.source.tenantId": SOURCE,
      "entra:connections.target.tenantId": TARGET,
    });
    const mark = await admin.lastSeq();

    // both directions without mutual/reverseOf: the error names the pattern that fixes it
    const twice = await mistakes.preview([], { allowFailure: true });
    expect(twice.code).not.toBe(0);
    expect(twice.output).toContain(
      'CrossTenantSyncPartnership "back" and CrossTenantSyncPartnership "there" both create the partner configuration',
    );
    expect(twice.output).toContain('declare "there" with `mutual: true` and "back" with `reverseOf: there`');
    expect(twice.output).not.toMatch(stackTrace);

    // reverseOf whose sides are not the mirror image of the other's
    writeSpecProgram(mistakes, "partnership-mistakes", {
      partnerships: [
        { name: "there", args: { source, target, mutual: true } },
        {
          name: "back",
          reverseOf: "there",
          args: { source: target, target: { ...source, connection: "target-again" } },
        },
      ],
    });
    const mirror = await mistakes.preview([], { allowFailure: true });
    expect(mirror.code).not.toBe(0);
    expect(mirror.output).toContain(
      'CrossTenantSyncPartnership "back" has reverseOf: there, so it must be the same relationship in the opposite direction',
    );
    expect(mirror.output).toContain(
      'target uses connection "target-again" but the source side of "there" uses connection "source"',
    );
    expect(mirror.output).not.toMatch(stackTrace);
    expect(await admin.requests(mark)).toEqual([]);
  } finally {
    await mistakes.dispose();
  }
});
