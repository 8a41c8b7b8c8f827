// Graph and token requests of each CLI command on a stack of three policies, counted in the emulator's request log.
// These are the figures of the README's call table ("What each command sends to Graph"); change both together.
//
// The provider reads each policy once per Read and signs in once per provider process. A command that previews
// first (`pulumi refresh` without --skip-preview, `pulumi up --refresh`) runs the engine twice, each time in a new
// provider process, and the preview of a refresh really reads: so it costs twice the reads and two tokens.
import { startEmulator, RunningEmulator } from "../../emulator";
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { policyPath } from "../../testkit/graphPaths";
import { entraConfig, entraSecrets } from "../../testkit/entraConfig";
import { writePoliciesProgram } from "../../testkit/e2eStack";
import { findPulumiCli, PulumiCli, PulumiWorkspace, RunResult } from "../../testkit/pulumiCli";

const TYPE = "CrossTenantIdentitySyncPolicyPartner";
const PARTNERS = [1, 2, 3].map((n) => partnerTenant(n, "4ef4e540"));
const N = PARTNERS.length;

let cli: PulumiCli;
let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

interface Counts {
  /** GETs of each policy, by partner tenant id. */
  getsPerPolicy: number[];
  gets: number;
  writes: number;
  tokens: number;
}

/** Runs a CLI command and counts what reached the emulator meanwhile (MSAL's metadata documents excluded). */
async function counted(
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ result: RunResult; counts: Counts; calls: LoggedRequest[] }> {
  const mark = await admin.lastSeq();
  const result = await ws.run(args, { env });
  const calls = (await admin.requests(mark)).filter((r) => r.kind !== "discovery");
  const graph = calls.filter((c) => c.kind === "graph");
  const counts: Counts = {
    getsPerPolicy: PARTNERS.map(
      (p) => graph.filter((c) => c.method === "GET" && c.path.endsWith(policyPath(p))).length,
    ),
    gets: graph.filter((c) => c.method === "GET").length,
    writes: graph.filter((c) => c.method !== "GET").length,
    tokens: calls.filter((c) => c.kind === "token").length,
  };
  return { result, counts, calls };
}

const each = (n: number) => PARTNERS.map(() => n);

beforeAll(async () => {
  cli = findPulumiCli(); // throws with build instructions: the suite fails, it never skips
  emu = await startEmulator({ port: 0, seed: { partners: PARTNERS.map((tenantId) => ({ tenantId })) } });
  admin = new EmulatorAdmin(emu.url, emu.caCertPem);
  ws = new PulumiWorkspace(cli, { project: "refresh-calls" });
  writePoliciesProgram(
    ws,
    "refresh-calls",
    PARTNERS.map((tenantId, i) => ({ name: `policy-${i}`, tenantId, displayName: `Partner ${i}` })),
  );
  await ws.init(entraConfig(emu), entraSecrets(emu));
  const { counts } = await counted(["up", "--yes", "--skip-preview"]);
  expect(counts).toEqual({ getsPerPolicy: each(0), gets: 0, writes: N, tokens: 1 });
});

afterAll(async () => {
  await ws?.dispose();
  await emu?.stop();
});

test("preview and up without changes: no Graph call, no token", async () => {
  expect((await counted(["preview", "--expect-no-changes"])).counts).toEqual({
    getsPerPolicy: each(0),
    gets: 0,
    writes: 0,
    tokens: 0,
  });
  expect((await counted(["up", "--yes"])).counts).toEqual({ getsPerPolicy: each(0), gets: 0, writes: 0, tokens: 0 });
});

test("refresh --skip-preview: one GET per policy, one token", async () => {
  const { result, counts } = await counted(["refresh", "--yes", "--skip-preview"]);
  expect(counts).toEqual({ getsPerPolicy: each(1), gets: N, writes: 0, tokens: 1 });
  expect(result.output).not.toContain("Previewing refresh");
  expect(result.output).toContain("Refreshing (");
});

test("refresh with its preview (the default): the preview reads too, in its own provider process: two GETs per policy, two tokens", async () => {
  const { result, counts } = await counted(["refresh", "--yes"]);
  expect(counts).toEqual({ getsPerPolicy: each(2), gets: 2 * N, writes: 0, tokens: 2 });
  // what the user sees: the preview, then the refresh
  expect(result.output.indexOf("Previewing refresh (")).toBeGreaterThanOrEqual(0);
  expect(result.output.indexOf("Refreshing (")).toBeGreaterThan(result.output.indexOf("Previewing refresh ("));
});

test("refresh --preview-only: one GET per policy, one token, and the drift it shows is not saved", async () => {
  await admin.portalPatch(PARTNERS[0], { displayName: "Changed in the portal" });
  try {
    // the workspace answers every confirmation with yes (PULUMI_SKIP_CONFIRMATIONS), which --preview-only refuses
    const { result, counts } = await counted(["refresh", "--preview-only"], { PULUMI_SKIP_CONFIRMATIONS: "false" });
    expect(counts).toEqual({ getsPerPolicy: each(1), gets: N, writes: 0, tokens: 1 });
    expect(result.output).toMatch(/1 to update/);
    const stored = (await ws.resources(TYPE)).find((r) => r.id === PARTNERS[0]);
    expect(stored?.outputs?.displayName).toBe("Partner 0");
  } finally {
    // restore, so the next tests start from a stack that matches Graph
    await admin.portalPatch(PARTNERS[0], { displayName: "Partner 0" });
  }
});

test("up --refresh: the preview and the update each refresh: two GETs per policy, two tokens; with --skip-preview one of each", async () => {
  expect((await counted(["up", "--yes", "--refresh"])).counts).toEqual({
    getsPerPolicy: each(2),
    gets: 2 * N,
    writes: 0,
    tokens: 2,
  });
  expect((await counted(["up", "--yes", "--refresh", "--skip-preview"])).counts).toEqual({
    getsPerPolicy: each(1),
    gets: N,
    writes: 0,
    tokens: 1,
  });
});

test("destroy (with its preview): one DELETE per policy, one token, no GET", async () => {
  const { counts, calls } = await counted(["destroy", "--yes"]);
  expect(counts).toEqual({ getsPerPolicy: each(0), gets: 0, writes: N, tokens: 1 });
  expect(calls.filter((c) => c.kind === "graph").every((c) => c.method === "DELETE" && c.status === 204)).toBe(true);
});
