// A rename without `aliases` loses no object (issue 13), end to end with the real Pulumi CLI against the emulator.
// Pulumi sees a rename as a create of the new name and, at the end of the update, a delete of the old one. The new
// name's create takes the existing object over; the old name's delete must then leave it in Entra (the runtime
// skips it and says which resource owns the object now). Pinned for a partner configuration, a sync policy, the
// default configuration and a rename of the CrossTenantSyncPartnership component (three children in two tenants).
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { entraConfig, entraSecrets } from "../../testkit/entraConfig";
import { findPulumiCli, PulumiCli, PulumiWorkspace } from "../../testkit/pulumiCli";

const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";
const DEFAULT = "CrossTenantAccessPolicyConfigurationDefault";
const FABRIKAM = "7a2e9f4c-1b3d-4e5f-8a6b-9c0d1e2f3a4b";

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  emu = await startEmulator({ port: 0 });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
});

afterAll(async () => {
  await emu?.stop();
});

const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");
/** Writes as `<METHOD> <path>` (with the tenant when `withTenant`). */
const writes = (calls: LoggedRequest[], withTenant = false) =>
  calls
    .filter((c) => c.method !== "GET")
    .map((c) => `${withTenant ? `${c.tenantId} ` : ""}${c.method} ${bare(c.path)}`);

async function graphDuring(fn: () => Promise<unknown>): Promise<LoggedRequest[]> {
  const mark = await admin.lastSeq();
  await fn();
  return admin.graphCalls(mark);
}

/** A stack whose program is `body` (JavaScript after the requires), rewritten by `write`. */
async function stack(project: string, extraConfig: Record<string, string> = {}) {
  const ws = new PulumiWorkspace(cli, { project });
  const write = (body: string) =>
    ws.writeProgram(
      project,
      `"use strict";
const { ${PARTNER}, ${POLICY}, ${DEFAULT}, CrossTenantSyncPartnership } = require("pulumi-entra-cross-tenant");
${body}
`,
    );
  write("");
  await ws.init(entraConfig(emu, extraConfig), entraSecrets(emu));
  return { ws, write };
}

/** The rename keeps the object, says so, and leaves a stack that matches Entra. */
async function expectKept(ws: PulumiWorkspace, up: { output: string }, lines: string[]): Promise<void> {
  for (const l of lines) expect(up.output).toContain(l);
  expect(up.output).toContain("add the `aliases` resource option when renaming");
  // The stack now matches Entra: a refresh finds nothing missing and the program needs no change.
  const check = await ws.preview(["--refresh", "--expect-no-changes"]);
  expect(check.code).toBe(0);
}

test("renaming a partner configuration keeps it in Entra (no DELETE), and the stack matches Entra", async () => {
  await admin.reset();
  const { ws, write } = await stack("rename-partner");
  try {
    const decl = (name: string) =>
      write(
        `new ${PARTNER}(${JSON.stringify(name)}, { tenantId: "${FABRIKAM}", inboundTrust: { isMfaAccepted: true } });`,
      );
    decl("fabrikam");
    await ws.up();
    decl("fabrikam-renamed");
    let up!: { output: string };
    const calls = await graphDuring(async () => (up = await ws.up()));
    expect(writes(calls)).toEqual(["POST /policies/crossTenantAccessPolicy/partners"]); // 409: taken over, nothing deleted
    expect(await admin.partner(FABRIKAM)).toMatchObject({ inboundTrust: { isMfaAccepted: true } });
    await expectKept(ws, up, [
      `entra:${PARTNER}: did not delete the partner configuration of tenant ${FABRIKAM}: ${PARTNER} "fabrikam-renamed" manages the same object`,
    ]);
    expect((await ws.resources(PARTNER)).map((r) => r.urn.split("::").pop())).toEqual(["fabrikam-renamed"]);
    await ws.destroy();
    expect(await admin.partner(FABRIKAM)).toBeUndefined();
  } finally {
    await ws.dispose();
  }
});

test("renaming a sync policy keeps it (no DELETE); its partner, renamed in the same up, too", async () => {
  await admin.reset();
  const { ws, write } = await stack("rename-policy");
  try {
    const decl = (suffix: string) =>
      write(
        `const partner = new ${PARTNER}("fabrikam${suffix}", { tenantId: "${FABRIKAM}", automaticUserConsentSettings: { inboundAllowed: true } });\n` +
          `new ${POLICY}("fabrikam-sync${suffix}", { tenantId: partner.tenantId, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true } });`,
      );
    decl("");
    await ws.up();
    decl("-v2");
    let up!: { output: string };
    const calls = await graphDuring(async () => (up = await ws.up()));
    expect(writes(calls).filter((w) => w.startsWith("DELETE"))).toEqual([]);
    expect(await admin.policy(FABRIKAM)).toMatchObject({
      displayName: "Fabrikam",
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(await admin.partner(FABRIKAM)).toBeDefined();
    await expectKept(ws, up, [
      `did not delete the identity sync policy of partner tenant ${FABRIKAM}: ${POLICY} "fabrikam-sync-v2" manages the same object`,
      `did not delete the partner configuration of tenant ${FABRIKAM}: ${PARTNER} "fabrikam-v2" manages the same object`,
    ]);
    await ws.destroy();
    expect(await admin.policy(FABRIKAM)).toBeUndefined();
    expect(await admin.partner(FABRIKAM)).toBeUndefined();
  } finally {
    await ws.dispose();
  }
});

test("renaming the default configuration does not reset it to the system default", async () => {
  await admin.reset();
  const { ws, write } = await stack("rename-default");
  try {
    const decl = (name: string) =>
      write(
        `new ${DEFAULT}(${JSON.stringify(name)}, { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } });`,
      );
    decl("tenant-defaults");
    await ws.up();
    decl("defaults");
    let up!: { output: string };
    const calls = await graphDuring(async () => (up = await ws.up()));
    expect(writes(calls)).toEqual([]); // equal values: GET only, no PATCH, no resetToSystemDefault
    expect(await admin.defaultConfiguration()).toMatchObject({
      isServiceDefault: false,
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true },
    });
    await expectKept(ws, up, [
      `did not delete the default cross-tenant access configuration: ${DEFAULT} "defaults" manages the same object`,
    ]);
    await ws.destroy();
    expect(await admin.defaultConfiguration()).toMatchObject({ isServiceDefault: true });
  } finally {
    await ws.dispose();
  }
});

test("renaming a CrossTenantSyncPartnership keeps its three objects in both tenants", async () => {
  await admin.reset();
  const SOURCE = emu.defaults.tenantId;
  const TARGET = emu.defaults.second.tenantId;
  const { "entra:tenantId": _home, ...topLevel } = entraConfig(emu);
  const ws = new PulumiWorkspace(cli, { project: "rename-partnership" });
  const decl = (name: string) =>
    ws.writeProgram(
      "rename-partnership",
      `"use strict";
const { CrossTenantSyncPartnership } = require("pulumi-entra-cross-tenant");
new CrossTenantSyncPartnership(${JSON.stringify(name)}, {
    source: { tenantId: "${SOURCE}", connection: "source" },
    target: { tenantId: "${TARGET}", connection: "target" },
    displayName: "Contoso",
});
`,
    );
  try {
    decl("contoso");
    await ws.init(topLevel, entraSecrets(emu));
    await ws.setPathConfig({
      "entra:connections.source.tenantId": SOURCE,
      "entra:connections.target.tenantId": TARGET,
    });
    await ws.up();
    decl("contoso-to-fabrikam");
    let up!: { output: string };
    const calls = await graphDuring(async () => (up = await ws.up()));
    expect(writes(calls).filter((w) => w.startsWith("DELETE"))).toEqual([]);
    expect(await admin.partner(SOURCE, TARGET)).toBeDefined(); // the target's partner configuration of the source
    expect(await admin.partner(TARGET, SOURCE)).toBeDefined(); // the source's partner configuration of the target
    expect((await admin.state(TARGET)).policies.map((p) => p.tenantId)).toEqual([SOURCE]);
    await expectKept(ws, up, [
      `${POLICY} "contoso-to-fabrikam-sync-policy" manages the same object`,
      `${PARTNER} "contoso-to-fabrikam-target-partner" manages the same object`,
      `${PARTNER} "contoso-to-fabrikam-source-partner" manages the same object`,
    ]);
    await ws.destroy();
    expect((await admin.state(TARGET)).policies).toEqual([]);
    expect(await admin.partner(SOURCE, TARGET)).toBeUndefined();
    expect(await admin.partner(TARGET, SOURCE)).toBeUndefined();
  } finally {
    await ws.dispose();
  }
});
