// The partnership's source configuration when things go wrong (issue 16), end to end with the real Pulumi CLI
// against the two-tenant emulator: a failure after the application exists leaves no orphan and the next `up`
// completes with one application; a rename of the partnership without `aliases` deletes no live object; bad
// input fails preview with no Graph call. Each test has its own stack; the emulator is reset in between.
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { writeSpec, writeSpecProgram } from "../../testkit/e2eStack";
import type { ProgramSpec } from "../../testkit/e2eStack";
import { entraConfig, entraSecrets } from "../../testkit/entraConfig";
import { findPulumiCli, PulumiCli, PulumiWorkspace } from "../../testkit/pulumiCli";

const CONFIGURATION = "CrossTenantSyncConfiguration";
const PARTNER = "CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "CrossTenantIdentitySyncPolicyPartner";
const NAME = "Sync to Fabrikam";
const ALICE = {
  id: "a11ce000-0000-4000-8000-000000000001",
  displayName: "Alice Adams",
  userPrincipalName: "alice@fabrikam.example",
};
const ENGINEERING = "e4612000-0000-4000-8000-00000000000e";

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let SOURCE: string;
let TARGET: string;

const bare = (p: string) => p.replace(/^\/(v1\.0|beta)/, "");
const writes = (calls: LoggedRequest[]) =>
  calls.filter((c) => c.method !== "GET").map((c) => `${c.method} ${bare(c.path)} ${c.status}`);

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  emu = await startEmulator({ port: 0 });
  SOURCE = emu.defaults.tenantId;
  TARGET = emu.defaults.second.tenantId;
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
});

afterAll(async () => {
  await emu?.stop();
});

/** Empty tenants with the source's directory: Alice in Engineering. */
async function freshTenants(): Promise<void> {
  await admin.reset();
  await admin.seedDirectory(
    { users: [ALICE], groups: [{ id: ENGINEERING, displayName: "Engineering", members: [ALICE.id] }] },
    SOURCE,
  );
}

function partnership(name: string, extra: Record<string, unknown> = {}): ProgramSpec {
  return {
    partnerships: [
      {
        name,
        args: {
          source: { tenantId: SOURCE, connection: "source" },
          target: { tenantId: TARGET, connection: "target" },
          displayName: "Contoso",
          sourceConfiguration: { displayName: NAME, scope: { groups: [ENGINEERING] } },
          ...extra,
        },
      },
    ],
  };
}

/** A stack of the spec program with two connections (the multi-tenant app of the top-level settings). */
async function stack(project: string, spec: ProgramSpec, extra: Record<string, string> = {}): Promise<PulumiWorkspace> {
  const ws = new PulumiWorkspace(cli, { project });
  writeSpecProgram(ws, project, spec);
  const { "entra:tenantId": _home, ...topLevel } = entraConfig(emu, extra);
  await ws.init(topLevel, entraSecrets(emu));
  await ws.setPathConfig({
    "entra:connections.source.tenantId": SOURCE,
    "entra:connections.target.tenantId": TARGET,
  });
  return ws;
}

const applications = async () => (await admin.state(SOURCE)).applications;

test("secrets PUT failing beyond its retries after the application exists: no orphan, the next up completes with one application", async () => {
  await freshTenants();
  const ws = await stack("source-sync-partial", partnership("contoso"), {
    "entra:maxRetries": "2",
    "entra:retryBaseDelayMs": "50",
  });
  try {
    await admin.addFault({
      match: { method: "PUT", path: "/\\/synchronization\\/secrets$/" },
      times: "always",
      action: { type: "status", status: 503, code: "ServiceUnavailable", message: "injected" },
    });
    const failed = await ws.up([], { allowFailure: true });
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("ServiceUnavailable");
    const faulted = (await admin.faults())[0];
    expect(faulted.hits).toBe(3); // one try and maxRetries retries: bounded

    // The application exists once, and the stack knows it (partial create): nothing is orphaned.
    const apps = await applications();
    expect(apps).toHaveLength(1);
    const [partial] = await ws.resources(CONFIGURATION);
    expect(partial).toBeDefined();
    expect(partial.outputs).toMatchObject({
      applicationObjectId: apps[0].id,
      pending: expect.arrayContaining(["secrets"]),
    });
    // in the source tenant's connection, as a complete create records it (else the next up would replace it)
    expect(partial.outputs?.connection).toBe("source");
    // the policy side before it was created in full
    expect(await ws.resources(PARTNER)).toHaveLength(2);
    expect(await ws.resources(POLICY)).toHaveLength(1);

    await admin.clearFaults();
    const mark = await admin.lastSeq();
    await ws.up();
    const calls = await admin.graphCalls(mark);
    expect(writes(calls).filter((w) => w.includes("/instantiate"))).toEqual([]);
    expect(writes(calls)).toContainEqual(
      expect.stringMatching(/^PUT \/servicePrincipals\/[^/]+\/synchronization\/secrets 204$/),
    );
    expect(await applications()).toHaveLength(1);
    const [done] = await ws.resources(CONFIGURATION);
    expect(done.id).toBe(partial.id);
    expect(done.outputs?.pending).toBeUndefined();
    expect(done.outputs?.jobStatus).toMatchObject({ state: "Active" });
    await ws.preview(["--expect-no-changes"]);

    await ws.destroy();
    expect(await applications()).toEqual([]);
    expect((await admin.state(SOURCE)).servicePrincipals).toEqual([]);
  } finally {
    await admin.clearFaults();
    await ws.dispose();
  }
});

test("renaming the partnership without aliases keeps the configuration: no DELETE, one application, the stack matches Graph", async () => {
  await freshTenants();
  const ws = await stack("source-sync-rename", partnership("contoso"));
  try {
    await ws.up();
    const [app] = await applications();
    expect(app).toBeDefined();
    const [{ id: sp }] = await ws.resources(CONFIGURATION);

    writeSpec(ws, partnership("contoso-to-fabrikam"));
    const mark = await admin.lastSeq();
    const up = await ws.up();
    const calls = await admin.graphCalls(mark);
    expect(writes(calls).filter((w) => w.startsWith("DELETE"))).toEqual([]);
    expect(writes(calls).filter((w) => w.includes("/instantiate"))).toEqual([]);
    expect(await applications()).toEqual([expect.objectContaining({ id: app.id, displayName: NAME })]);
    expect(up.output).toContain(
      `${CONFIGURATION} "contoso-to-fabrikam-source-configuration" took over the cross-tenant synchronization configuration named "${NAME}"`,
    );
    expect(up.output).toContain(
      `entra:${CONFIGURATION}: did not delete the cross-tenant synchronization configuration with service principal ${sp}: ` +
        `${CONFIGURATION} "contoso-to-fabrikam-source-configuration" manages the same object`,
    );
    expect(up.output).toContain(`${POLICY} "contoso-to-fabrikam-sync-policy" manages the same object`);
    expect(up.output).toContain("add the `aliases` resource option when renaming");
    expect((await ws.resources(CONFIGURATION)).map((r) => r.urn.split("::").pop())).toEqual([
      "contoso-to-fabrikam-source-configuration",
    ]);
    const check = await ws.preview(["--refresh", "--expect-no-changes"]);
    expect(check.code).toBe(0);

    // with aliases: Pulumi moves the four children (their names follow the parent's), no Graph write
    writeSpec(ws, {
      partnerships: [
        { ...partnership("fabrikam")!.partnerships![0], opts: { aliases: [{ name: "contoso-to-fabrikam" }] } },
      ],
    });
    const moved = await admin.graphCallsDuring(() => ws.up());
    expect(writes(moved.calls)).toEqual([]);
    expect(await applications()).toEqual([expect.objectContaining({ id: app.id })]);

    await ws.destroy();
    expect(await applications()).toEqual([]);
    expect((await admin.state(TARGET)).policies).toEqual([]);
  } finally {
    await ws.dispose();
  }
});

test("bad input fails preview with the message alone and no Graph call", async () => {
  await freshTenants();
  const ws = await stack("source-sync-mistakes", partnership("p"));
  const stackTrace = /\n\s+at .*\.(js|ts):\d+/;
  const cases: [string, ProgramSpec, string][] = [
    [
      "the target tenant is the source",
      {
        partnerships: [
          {
            name: "p",
            args: {
              ...partnership("p").partnerships![0].args,
              target: { tenantId: SOURCE.toUpperCase(), connection: "target" },
            },
          },
        ],
      },
      "a tenant cannot synchronize into itself",
    ],
    [
      "a group ID that is not a GUID",
      partnership("p", { sourceConfiguration: { displayName: NAME, scope: { groups: ["Engineering"] } } }),
      'CrossTenantSyncPartnership "p": sourceConfiguration.scope.groups[0] must be a group object ID, a GUID like "6c3bb2c6-6c8a-4a5f-9a34-0a1d7f5c2b11", got "Engineering".',
    ],
    [
      "an empty scope with syncAll off",
      partnership("p", { sourceConfiguration: { displayName: NAME, scope: { syncAll: false } } }),
      'CrossTenantSyncPartnership "p": sourceConfiguration.scope is empty: with syncAll false only assigned users and groups are synchronized, and none are listed.',
    ],
    ["an unknown connection", partnership("p", { source: { tenantId: SOURCE, connection: "sorce" } }), "sorce"],
  ];
  try {
    const mark = await admin.lastSeq();
    for (const [what, spec, message] of cases) {
      writeSpec(ws, spec);
      const r = await ws.preview([], { allowFailure: true });
      expect({ what, code: r.code === 0 ? 0 : 1 }).toEqual({ what, code: 1 });
      expect(r.output).toContain(message);
      expect(r.output).not.toMatch(stackTrace);
    }
    expect(await admin.requests(mark)).toEqual([]);
  } finally {
    await ws.dispose();
  }
});
