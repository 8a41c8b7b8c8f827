// Sign-in failures end to end with the real Pulumi CLI against the emulator's login endpoints: a wrong tenant ID in
// the stack config fails `pulumi up` with Entra's AADSTS90002 code and text and the fix naming the key that works
// (top-level or the resource's connection), where MSAL alone says only endpoints_resolution_error; a tenant ID that
// cannot name a tenant fails the preview before any request; and `pulumi-entra-cross-tenant check --stack` reads
// the stack's configuration through this Pulumi CLI (decrypting its secrets) and checks every connection.
import { execFile } from "child_process";
import * as path from "path";
import { RunningEmulator } from "../../emulator";
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { writeSpecProgram } from "../../testkit/e2eStack";
import { PulumiWorkspace, REPO_ROOT } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const UNKNOWN_TENANT = "22222222-2222-4222-8222-222222222222";
const PARTNER = partnerTenant(0x51, "516e0000");
const ENTRA_90002 =
  `AADSTS90002: Tenant '${UNKNOWN_TENANT}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
  "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.";

let emu: RunningEmulator;
let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

/** Pulumi wraps long diagnostics; compare with line breaks and indentation as single spaces. */
const flat = (s: string) => s.replace(/\s+/g, " ");

useE2eStack(
  {
    project: "signin",
    program: () =>
      writeSpecProgram(ws, "signin", {
        partners: [
          { name: "partner", args: { tenantId: PARTNER, automaticUserConsentSettings: { inboundAllowed: true } } },
        ],
      }),
    config: { "entra:tenantId": UNKNOWN_TENANT },
  },
  (s) => ({ emu, admin, ws } = s),
);

test("a wrong entra:tenantId: pulumi up fails with Entra's AADSTS90002 text and the fix; no token, no Graph call", async () => {
  const mark = await admin.lastSeq();
  const r = await ws.up([], { allowFailure: true });
  expect(r.code).not.toBe(0);
  const out = flat(r.output);
  expect(out).toContain(`Entra answered ${ENTRA_90002} (invalid_tenant, trace ID `);
  expect(out).toContain(
    "Fix: entra:tenantId must be the ID (a GUID) or a verified domain of the tenant the app is registered in",
  );
  expect(out).not.toContain("endpoints_resolution_error");
  expect(out).not.toContain("--run-program"); // the rotated-secret advice is for AADSTS7000215 only
  const log = await admin.requests(mark);
  expect(log.filter((e) => e.kind === "token" || e.kind === "graph")).toEqual([]);
  expect(log.filter((e) => e.kind === "discovery").every((e) => e.status === 400)).toBe(true);
  expect(await admin.partner(PARTNER)).toBeUndefined();
  expect(r.output).not.toContain(emu.defaults.readWrite.clientSecret);
});

test("on a named connection, the fix names entra:connections.<name>.tenantId", async () => {
  await ws.setConfig({ "entra:tenantId": emu.defaults.tenantId });
  await ws.setPathConfig({ "entra:connections.target.tenantId": UNKNOWN_TENANT });
  writeSpecProgram(ws, "signin", {
    partners: [
      {
        name: "partner",
        args: { tenantId: PARTNER, connection: "target", automaticUserConsentSettings: { inboundAllowed: true } },
      },
    ],
  });
  const r = await ws.up([], { allowFailure: true });
  expect(r.code).not.toBe(0);
  const out = flat(r.output);
  expect(out).toContain(`Entra answered ${ENTRA_90002}`);
  expect(out).toContain("Fix: entra:connections.target.tenantId must be the ID (a GUID)");
});

test("a tenant ID that cannot name a tenant fails the preview at check, naming the key, before any request", async () => {
  await ws.setPathConfig({ "entra:connections.target.tenantId": "not-a-guid" });
  const mark = await admin.lastSeq();
  const r = await ws.preview([], { allowFailure: true });
  expect(r.code).not.toBe(0);
  expect(flat(r.output)).toContain(
    'Invalid setting entra:connections.target.tenantId: "not-a-guid" is neither a tenant ID (a GUID) nor a domain name',
  );
  expect(await admin.requests(mark)).toEqual([]);
});

test("check --stack reads the stack through this Pulumi CLI (secrets decrypted) and checks every connection, one line each", async () => {
  await ws.setPathConfig({
    "entra:connections.target.tenantId": UNKNOWN_TENANT,
    "entra:connections.home.tenantId": emu.defaults.tenantId,
  });
  const main = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [main, "check", "--stack", ws.stack],
      { cwd: ws.programDir, env: ws.env, timeout: 120_000 },
      (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
  expect(r.stdout).toContain(
    `Stack configuration: stack ${ws.stack} (decrypted by \`pulumi config --show-secrets --json\`)`,
  );
  const lines = r.stdout.split("\n");
  const of = (c: string) => lines.find((l) => l.split(/ +/)[1] === c) ?? `(no line for ${c})`;
  expect(of("entra:*")).toMatch(
    new RegExp(`^ok +entra:\\* +tenant ${emu.defaults.tenantId} as app ${emu.defaults.readWrite.clientId} `),
  );
  expect(of("entra:connections.home")).toMatch(
    /^ok .*roles .*Policy\.Read\.All, Policy\.ReadWrite\.CrossTenantAccess.*; Graph answers/,
  );
  expect(of("entra:connections.home")).toContain(
    `roles ${[...emu.defaults.readWrite.roles].sort().join(", ")}; Graph answers`,
  );
  expect(of("entra:connections.target")).toMatch(
    /^FAILED +entra:connections\.target +sign-in failed: Entra answered AADSTS90002: Tenant '22222222-2222-4222-8222-222222222222' not found\./,
  );
  expect(of("entra:connections.target")).toContain("Fix: entra:connections.target.tenantId must be the ID (a GUID)");
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).not.toContain(emu.defaults.readWrite.clientSecret);
});
