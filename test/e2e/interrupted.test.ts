// End to end with the real Pulumi CLI on a generated stack of 20 policies: `pulumi up` killed with SIGKILL while the
// creates are in flight, then the recovery the CLI offers (`pulumi cancel` for the stale lock of the file backend,
// `pulumi refresh --clear-pending-creates` for the interrupted creates), then a second `up` that must converge:
// every policy exists exactly once, nothing orphaned in Graph, nothing in state that is not in Graph. Finally
// `pulumi destroy` removes every policy (one DELETE each) and leaves the partner configurations alone.
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { GeneratedPolicy, writePoliciesProgram } from "../../testkit/e2eStack";
import { PulumiWorkspace } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const TYPE = "CrossTenantIdentitySyncPolicyPartner";
const N = 20;
const policies: GeneratedPolicy[] = Array.from({ length: N }, (_, i) => ({
  name: `partner-${String(i).padStart(2, "0")}`,
  tenantId: partnerTenant(i + 1, "5161c111"),
  displayName: `Partner ${i}`,
  isSyncAllowed: i % 3 !== 0,
}));
const tenantIds = policies.map((p) => p.tenantId).sort();

let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Policies in the emulator and resources in state, both as sorted tenant ids. */
async function inventory() {
  const remote = (await admin.policies()).map((p) => p.tenantId).sort();
  const state = (await ws.resources(TYPE)).map((r) => r.id as string).sort();
  return { remote, state };
}

useE2eStack(
  {
    project: "interrupted",
    emulator: { seed: { partners: policies.map((p) => ({ tenantId: p.tenantId })) } },
    program: () => writePoliciesProgram(ws, "interrupted", policies),
  },
  (s) => ({ admin, ws } = s),
);

test("up killed with SIGKILL mid-create; after cancel + refresh the next up converges with no duplicates or orphans", async () => {
  // Slow Graph so several creates are under way at once, 4 at a time.
  await admin.settings({ latencyMs: 700 });
  const mark = await admin.lastSeq();
  const run = ws.start(["up", "--yes", "--skip-preview", "--parallel", "4"]);
  // Wait until a few policies were written, then hold the next two PUTs open. A held PUT has reached Graph, so the
  // engine has already saved its pending create (it saves before calling the provider): killing the CLI now always
  // lands mid-create. (Killing on a timer alone sometimes landed between two batches, with nothing pending.)
  const deadline = Date.now() + 120000;
  let written = 0;
  while (Date.now() < deadline) {
    written = (await admin.graphCalls(mark)).filter((c) => c.method !== "GET" && c.status < 300).length;
    if (written >= 5 || run.child.exitCode !== null) break;
    await sleep(100);
  }
  await admin.addFault({
    match: { method: "PUT", path: "/identitySynchronization" },
    times: 2,
    action: { type: "hang", ms: 1500 },
  });
  while (Date.now() < deadline && run.child.exitCode === null) {
    if ((await admin.faults()).some((f) => f.hits > 0)) break;
    await sleep(50);
  }
  expect(run.child.exitCode).toBeNull(); // still running: the kill really interrupts it
  run.killCli();
  await run.exited;
  // Orphaned plugin processes finish what they were doing in Graph (held PUTs: 1.5 s + latency), then go with their
  // process group.
  await sleep(3000);
  run.killAll();
  await admin.settings({ latencyMs: 0 });
  await admin.clearFaults();

  const afterKill = await inventory();
  expect(afterKill.remote.length).toBeGreaterThanOrEqual(written);
  expect(afterKill.remote.length).toBeLessThan(N);

  // The stack is locked by the dead process; the CLI says to use `pulumi cancel`.
  const locked = await ws.refresh(["--clear-pending-creates"], { allowFailure: true });
  expect(locked.code).not.toBe(0);
  expect(locked.output).toMatch(/pulumi cancel/);
  await ws.run(["cancel", "--yes"]);

  // State records the interrupted creates as pending operations.
  const exported = await ws.exportStack();
  const pending = exported.deployment.deployment.pending_operations ?? [];
  expect(pending.length).toBeGreaterThan(0);
  expect(pending.every((p) => p.type === "creating")).toBe(true);

  // Non-interactive refresh: drop the pending creates (their outcome is unknown to the engine).
  await ws.refresh(["--clear-pending-creates"]);
  const exportedAfter = await ws.exportStack();
  expect(exportedAfter.deployment.deployment.pending_operations ?? []).toEqual([]);
  const afterRefresh = await inventory();
  // Everything in state exists remotely; some remote policies are not (yet) in state: the interrupted creates.
  for (const id of afterRefresh.state) expect(afterRefresh.remote).toContain(id);
  const orphans = afterRefresh.remote.filter((id) => !afterRefresh.state.includes(id));
  expect(orphans.length).toBeGreaterThan(0); // the kill really left policies Pulumi does not know about

  // The next up creates the rest; creates that find their policy already there with the desired values adopt it.
  const upMark = await admin.lastSeq();
  await ws.up();
  const upCalls = await admin.graphCalls(upMark);
  const converged = await inventory();
  expect(converged.remote).toEqual(tenantIds);
  expect(converged.state).toEqual(tenantIds);
  // each policy exactly once in state
  expect(new Set(converged.state).size).toBe(N);
  for (const p of policies) {
    expect(await admin.policy(p.tenantId)).toMatchObject({
      displayName: p.displayName,
      userSyncInbound: { isSyncAllowed: p.isSyncAllowed },
    });
  }
  // no failed request in the converging run other than conflicts the provider resolved
  expect(upCalls.filter((c) => c.status >= 400 && c.status !== 409 && c.status !== 404)).toEqual([]);
  await ws.preview(["--expect-no-changes"]);
  console.log(
    `SIGKILL after ${written} writes: ${afterKill.remote.length}/${N} policies existed, ${pending.length} pending creates, ` +
      `${orphans.length} orphans adopted; converging up: ${upCalls.length} Graph calls, ` +
      `${upCalls.filter((c) => c.status === 409).length} conflicts resolved`,
  );
});

test("destroy removes every policy with one DELETE each and leaves the partners in place", async () => {
  const mark = await admin.lastSeq();
  await ws.destroy();
  const calls = await admin.graphCalls(mark);
  const deletes = calls.filter((c) => c.method === "DELETE" && c.status < 300);
  expect(deletes.map((c) => c.path.match(/partners\/([^/]+)\//)?.[1]).sort()).toEqual(tenantIds);
  expect(await admin.policies()).toEqual([]);
  expect((await admin.state()).partners.map((p) => p.tenantId).sort()).toEqual(tenantIds);
  expect(await ws.resources(TYPE)).toEqual([]);
});
