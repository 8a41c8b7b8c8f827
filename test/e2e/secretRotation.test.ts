// Client secret rotation, end to end with the real Pulumi CLI, as the README's "Secrets and credential rotation"
// section describes it. The emulator is restarted (same port, CA and data) with only the new secret registered,
// which is what rotating the secret of an app registration does.
//
// - Secret in stack config: Pulumi stores the whole stack config, encrypted, as the inputs of the default
//   `pulumi-nodejs` provider, and `pulumi refresh` / `pulumi destroy` run with that stored copy. After a rotation a
//   plain refresh therefore fails with AADSTS7000215; `pulumi up`, `pulumi refresh --run-program` and
//   `pulumi destroy --run-program` use (and store) the new secret.
// - Secret in the environment (ARM_CLIENT_SECRET): nothing is stored; every command uses the current value.
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator, ROLE_READ, ROLE_WRITE } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { entraConfig } from "../../testkit/entraConfig";
import { writePoliciesProgram } from "../../testkit/e2eStack";
import { findPulumiCli, PulumiCli, PulumiWorkspace, RunResult, tmpDir } from "../../testkit/pulumiCli";

const TYPE = "CrossTenantIdentitySyncPolicyPartner";
const PARTNER = partnerTenant(1, "5ec2e700");
const TENANT = "11111111-1111-4111-8111-111111111111";
const CLIENT_ID = "5ec2e700-0000-4000-8000-0000000000c1";
const SECRETS = ["rotation-secret-one", "rotation-secret-two", "rotation-secret-three", "rotation-secret-four"];

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let port = 0;
const dataDir = tmpDir("entra-rotation-");

/** (Re)starts the emulator on the same port with the same CA and data, accepting only `secret` for the app. */
async function startWithSecret(secret: string): Promise<void> {
  await emu?.stop();
  emu = await startEmulator({
    port,
    dataDir,
    dataFile: path.join(dataDir, "graph-state.json"),
    seed: { partners: [{ tenantId: PARTNER }] },
    apps: [
      { name: "rotating", tenantId: TENANT, clientId: CLIENT_ID, clientSecret: secret, roles: [ROLE_READ, ROLE_WRITE] },
    ],
  });
  port = Number(new URL(emu.url).port);
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
}

/** Runs a command and returns its result with the requests the emulator saw (MSAL metadata excluded). */
async function traced(
  ws: PulumiWorkspace,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
) {
  const mark = await admin.lastSeq();
  const result: RunResult = await ws.run(args, opts);
  const calls: LoggedRequest[] = (await admin.requests(mark)).filter((r) => r.kind !== "discovery");
  const tokens = calls.filter((c) => c.kind === "token").map((c) => c.status);
  const graph = calls.filter((c) => c.kind === "graph").map((c) => `${c.method} ${c.status}`);
  return { result, tokens, graph };
}

function newWorkspace(project: string): PulumiWorkspace {
  const ws = new PulumiWorkspace(cli, { project });
  writePoliciesProgram(ws, project, [{ name: "policy", tenantId: PARTNER, displayName: "Rotation" }]);
  return ws;
}

/** The default dynamic provider's stored inputs, as `pulumi stack export` (optionally --show-secrets) prints them. */
async function storedProviderInputs(ws: PulumiWorkspace, showSecrets = false): Promise<Record<string, unknown>> {
  const { deployment } = await ws.exportStack(showSecrets ? ["--show-secrets"] : []);
  const provider = (deployment.deployment.resources ?? []).find((r) => r.type === "pulumi:providers:pulumi-nodejs");
  return provider?.inputs ?? {};
}

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  await startWithSecret(SECRETS[0]);
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("client secret in stack config", () => {
  let ws: PulumiWorkspace;
  beforeAll(async () => {
    ws = newWorkspace("rotation-config");
    await ws.init(
      { ...entraConfig(emu, { "entra:clientId": CLIENT_ID }), "rotation-config:unrelated": "kept too" },
      { "entra:clientSecret": SECRETS[0] },
    );
    await ws.up();
    expect((await admin.policy(PARTNER))?.displayName).toBe("Rotation");
  });
  afterAll(async () => {
    await ws?.dispose();
  });

  test("the whole stack config is stored as the default provider's inputs: secrets encrypted, readable with --show-secrets", async () => {
    const stored = await storedProviderInputs(ws);
    expect(stored["entra:clientId"]).toBe(CLIENT_ID);
    expect(stored["rotation-config:unrelated"]).toBe("kept too"); // not only entra:*
    expect(JSON.stringify(stored["entra:clientSecret"])).toMatch(/"ciphertext":"v1:/);
    expect(JSON.stringify(stored)).not.toContain(SECRETS[0]);
    expect(JSON.stringify(await storedProviderInputs(ws, true))).toContain(SECRETS[0]);
    // ...and never in the resource's own state
    const [policy] = await ws.resources(TYPE);
    expect(JSON.stringify(policy)).not.toContain(SECRETS[0]);
  });

  test("after a rotation a plain refresh (and up --refresh) still uses the stored secret and fails with AADSTS7000215", async () => {
    await startWithSecret(SECRETS[1]);
    await ws.setConfig({}, { "entra:clientSecret": SECRETS[1] });
    const { result, tokens, graph } = await traced(ws, ["refresh", "--yes", "--skip-preview"], { allowFailure: true });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("AADSTS7000215");
    expect(tokens).toEqual([401]);
    expect(graph).toEqual([]);
    // so does the refresh of `up --refresh` (without --run-program)
    const upRefresh = await traced(ws, ["up", "--yes", "--skip-preview", "--refresh"], { allowFailure: true });
    expect(upRefresh.result.code).not.toBe(0);
    expect(upRefresh.result.output).toContain("AADSTS7000215");
    expect(upRefresh.graph).toEqual([]);
  });

  test("pulumi up uses the new secret and stores it; refresh then works", async () => {
    await traced(ws, ["up", "--yes", "--skip-preview"]);
    expect(JSON.stringify(await storedProviderInputs(ws, true))).toContain(SECRETS[1]);
    const { tokens, graph } = await traced(ws, ["refresh", "--yes", "--skip-preview"]);
    expect(tokens).toEqual([200]);
    expect(graph).toEqual(["GET 200"]);
  });

  test("pulumi refresh --run-program uses the new secret right away", async () => {
    await startWithSecret(SECRETS[2]);
    await ws.setConfig({}, { "entra:clientSecret": SECRETS[2] });
    const { tokens, graph } = await traced(ws, ["refresh", "--yes", "--skip-preview", "--run-program"]);
    expect(tokens).toEqual([200]);
    expect(graph).toEqual(["GET 200"]);
  });

  test("pulumi destroy --run-program uses the new secret right away", async () => {
    await startWithSecret(SECRETS[3]);
    await ws.setConfig({}, { "entra:clientSecret": SECRETS[3] });
    const { tokens, graph } = await traced(ws, ["destroy", "--yes", "--skip-preview", "--run-program"]);
    expect(tokens).toEqual([200]);
    expect(graph).toEqual(["DELETE 204"]);
    expect(await admin.policy(PARTNER)).toBeUndefined();
    expect(await ws.resources(TYPE)).toEqual([]);
  });
});

describe("client secret in the environment (ARM_CLIENT_SECRET)", () => {
  let ws: PulumiWorkspace;
  const withSecret = (secret: string) => ({ env: { ARM_CLIENT_SECRET: secret } });
  beforeAll(async () => {
    await startWithSecret(SECRETS[0]);
    ws = newWorkspace("rotation-env");
    await ws.init(entraConfig(emu, { "entra:clientId": CLIENT_ID }));
    await ws.run(["up", "--yes", "--skip-preview"], withSecret(SECRETS[0]));
  });
  afterAll(async () => {
    await ws?.dispose();
  });

  test("the secret is stored nowhere, not even encrypted", async () => {
    expect(JSON.stringify(await storedProviderInputs(ws, true))).not.toContain(SECRETS[0]);
    expect((await ws.exportStack(["--show-secrets"])).text).not.toContain(SECRETS[0]);
  });

  test("after a rotation, refresh and destroy work with the new value and nothing else", async () => {
    await startWithSecret(SECRETS[1]);
    const refresh = await traced(ws, ["refresh", "--yes", "--skip-preview"], withSecret(SECRETS[1]));
    expect(refresh.tokens).toEqual([200]);
    expect(refresh.graph).toEqual(["GET 200"]);
    const destroy = await traced(ws, ["destroy", "--yes", "--skip-preview"], withSecret(SECRETS[1]));
    expect(destroy.tokens).toEqual([200]);
    expect(destroy.graph).toEqual(["DELETE 204"]);
    expect(await admin.policy(PARTNER)).toBeUndefined();
  });
});
