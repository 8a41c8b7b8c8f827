// Named connections through the real dynamic-provider host over gRPC, configured as the engine configures it (the
// whole `entra:connections` object as one secret-wrapped JSON string when any part was set with --secret), against
// the emulator's two tenants: check failures for unknown, incomplete and mistaken settings with no request at all,
// one token per connection under concurrency, and the top-level settings unchanged for resources without one.
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";
import { entraConfig } from "../../testkit/entraConfig";
import { partnerTenant } from "../../testkit/tenantIds";
import { captureRegistrations, ProviderHost, Props, Registration, secret, urnOf } from "../../testkit/providerHost";

jest.setTimeout(120000);

const PROJECT = "connproj";
const SECOND = "33333333-3333-4333-8333-333333333333";
const partners = Array.from({ length: 12 }, (_, i) => partnerTenant(i + 1, "c011ec7"));
const CONN_SECRET = "conn-only-secret-8c41";

let emu: RunningEmulator;
let admin: EmulatorAdmin;
let regs: Registration[];
let providerText: string;
let type: string;
const hosts: ProviderHost[] = [];

/** Stack config as the engine passes it: top-level credential of the multi-tenant app, connections by tenant. */
function stackConfig(
  connections: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...entraConfig(emu),
    "entra:clientSecret": secret(emu.defaults.readWrite.clientSecret),
    "entra:operationTimeoutSeconds": "30",
    // `pulumi config set --secret --path 'entra:connections.…'` makes the whole object a secret value
    "entra:connections": secret(JSON.stringify(connections)),
    ...overrides,
  };
}

const twoTenants = { home: { tenantId: "" }, second: { tenantId: SECOND } };

async function startHost(config: Record<string, unknown>): Promise<ProviderHost> {
  const host = await ProviderHost.start({ project: PROJECT });
  hosts.push(host);
  await host.configure(config);
  return host;
}

const urn = (name: string) => urnOf(type, name, PROJECT);
const news = (tenantId: string, connection?: string): Props => ({
  tenantId,
  userSyncInbound: { isSyncAllowed: true },
  ...(connection === undefined ? {} : { connection }),
  __provider: providerText,
});

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  twoTenants.home.tenantId = emu.defaults.tenantId;
  await admin.seed({ partners: partners.map((tenantId) => ({ tenantId })) });
  await admin.seed({ partners: partners.map((tenantId) => ({ tenantId })) }, SECOND);
  regs = await captureRegistrations({
    project: PROJECT,
    program: `
const { CrossTenantIdentitySyncPolicyPartner } = require("pulumi-entra-cross-tenant");
new CrossTenantIdentitySyncPolicyPartner("in-second", { tenantId: ${JSON.stringify(partners[0])}, userSyncInbound: { isSyncAllowed: true }, connection: "second" });
`,
  });
  const custom = regs.find((r) => r.custom)!;
  type = custom.type;
  providerText = custom.inputs.__provider as string;
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await emu?.stop();
});

test("the program's `connection` reaches check, create and the outputs; the object is made in that connection's tenant", async () => {
  expect(regs.find((r) => r.custom)!.inputs.connection).toBe("second");
  const host = await startHost(stackConfig(twoTenants));
  const checked = await host.check(urn("in-second"), {}, regs.find((r) => r.custom)!.inputs);
  expect(checked.failures).toEqual([]);
  expect(checked.inputs).toMatchObject({ tenantId: partners[0], connection: "second" });
  const created = await host.create(urn("in-second"), checked.inputs);
  expect(created.properties).toMatchObject({ tenantId: partners[0], connection: "second" });
  expect((await admin.state(SECOND)).policies?.map((p) => p.tenantId)).toContain(partners[0]);
  expect(await admin.policy(partners[0])).toBeUndefined(); // not in the home tenant
  await host.delete(urn("in-second"), created.id, created.properties);
  expect((await admin.state(SECOND)).policies?.map((p) => p.tenantId)).not.toContain(partners[0]);
});

test("an unknown connection and an incomplete one fail Check naming the connection, the key and the names, with no request", async () => {
  const host = await startHost(
    stackConfig({ ...twoTenants, noApp: { tenantId: SECOND, clientSecret: CONN_SECRET } }, { "entra:clientId": "" }),
  );
  const mark = await admin.lastSeq();
  const unknown = await host.check(urn("unknown"), {}, news(partners[1], "sorce"));
  expect(unknown.failures).toEqual([
    {
      property: "connection",
      reason:
        'no connection named "sorce" in entra:connections; the configured connections are "home", "second", "noApp".',
    },
  ]);
  const incomplete = await host.check(urn("incomplete"), {}, news(partners[1], "noApp"));
  expect(incomplete.failures).toEqual([
    {
      property: "connection",
      reason:
        "Invalid setting entra:connections.noApp.clientId (or entra:clientId for every connection): Client secret authentication needs clientId: set entra:connections.noApp.clientId, or entra:clientId for every connection.",
    },
  ]);
  expect(await admin.requests(mark)).toEqual([]);
  expect(host.exitCode).toBeNull();
  expect(host.stdout + host.stderr).not.toContain(CONN_SECRET);
});

test("a configuration mistake fails Check (a failure under the resource, not a crash), with no request", async () => {
  const host = await startHost(stackConfig(twoTenants, { "entra:environment": "azurepublic" }));
  const mark = await admin.lastSeq();
  const checked = await host.check(urn("mistake"), {}, news(partners[2]));
  expect(checked.failures).toEqual([
    {
      property: "",
      reason:
        'Invalid setting entra:environment: unknown cloud "azurepublic"; use one of global, usgovernmentl4, usgovernmentl5, china.',
    },
  ]);
  // the same mistake inherited by a connection names where to fix it
  const viaConnection = await host.check(urn("mistake2"), {}, news(partners[2], "second"));
  expect(viaConnection.failures[0].reason).toMatch(
    /^Invalid setting entra:connections\.second\.environment \(or entra:environment for every connection\): unknown cloud "azurepublic"/,
  );
  expect(await admin.requests(mark)).toEqual([]);
  expect(host.stderr).toBe("");
});

test("concurrent calls on two connections right after Configure: one token each, each in its own tenant", async () => {
  const host = await startHost(stackConfig(twoTenants));
  const mark = await admin.lastSeq();
  const group = partners.slice(3, 11);
  const results = await Promise.all(
    group.map(async (p, i) => {
      const connection = i % 2 === 0 ? "home" : "second";
      const checked = await host.check(urn(p), {}, news(p, connection));
      return host.create(urn(p), checked.inputs);
    }),
  );
  expect(results.map((r) => r.properties.connection)).toEqual(group.map((_, i) => (i % 2 === 0 ? "home" : "second")));
  const tokens = (await admin.requests(mark)).filter((r) => r.kind === "token");
  expect(tokens.map((r) => r.tenantId).sort()).toEqual([emu.defaults.tenantId, SECOND].sort());
  expect((await admin.state(SECOND)).policies?.map((p) => p.tenantId).sort()).toEqual(
    group.filter((_, i) => i % 2 === 1).sort(),
  );
  // Parallel refresh and destroy in a new process: again one token per connection.
  await host.stop();
  const next = await startHost(stackConfig(twoTenants));
  const mark2 = await admin.lastSeq();
  await Promise.all(
    results.map((r, i) =>
      i < 4 ? next.read(urn(r.id), r.id, r.properties) : next.delete(urn(r.id), r.id, r.properties),
    ),
  );
  expect(
    (await admin.requests(mark2))
      .filter((r) => r.kind === "token")
      .map((r) => r.tenantId)
      .sort(),
  ).toEqual([emu.defaults.tenantId, SECOND].sort());
});

test("the top-level settings still work unchanged for resources without a connection, beside connections", async () => {
  const host = await startHost(stackConfig(twoTenants));
  const p = partners[11];
  const checked = await host.check(urn(p), {}, news(p));
  expect(checked.failures).toEqual([]);
  expect(checked.inputs).not.toHaveProperty("connection");
  const created = await host.create(urn(p), checked.inputs);
  expect(created.properties).not.toHaveProperty("connection");
  expect(await admin.policy(p)).toMatchObject({ tenantId: p });
  const diff = await host.diff(urn(p), created.id, created.properties, checked.inputs);
  expect(diff.changes).toBe(1); // DIFF_NONE
  await host.delete(urn(p), created.id, created.properties);
  expect(await admin.policy(p)).toBeUndefined();
});
