// `check --stack` / `--config-file`: every connection a stack's configuration declares, resolved as the provider
// resolves it (top-level entra:*, each entra:connections entry with its fallbacks, the environment), checked
// against the emulator over HTTPS, one line each. Encrypted values that cannot be read are named with the command
// that reads them; no secret is ever printed. (`--stack` through the real Pulumi CLI: test/e2e/signIn.test.ts.)
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TestEmulator, useTestEmulator } from "../helpers/emulator";
import { cli } from "./cliHarness";

let t: TestEmulator;

useTestEmulator((e) => (t = e), { resetBeforeEach: false });

const UNKNOWN_TENANT = "22222222-2222-4222-8222-222222222222";
/** No Pulumi CLI on this PATH, and nothing of the machine's ARM_* / AZURE_* environment. */
const ENV = { PATH: "/nonexistent-bin", ENTRA_RETRY_BASE_DELAY_MS: "50" };

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-stack-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The emulator's endpoints and CA as stack config lines (YAML, two-space indent under `config:`). */
function emulatorYaml(caPath = t.emu.caCertPath): string {
  return [
    `  entra:graphEndpoint: ${t.url}`,
    `  entra:authorityHost: ${t.authorityHost}`,
    `  entra:caCertPath: ${caPath}`,
  ].join("\n");
}

function line(output: string, connection: string): string {
  const found = output.split("\n").find((l) => l.split(/ +/)[1] === connection);
  if (!found) throw new Error(`no line for ${connection} in:\n${output}`);
  return found;
}

test("a stack file: one line per connection, ok / FAILED with Entra's answer and the fix / UNREAD for an encrypted secret; exit 1", async () => {
  const rw = t.defaults.readWrite;
  const dir = project({
    "Pulumi.yaml": "name: two-tenants\nruntime: nodejs\n",
    "Pulumi.dev.yaml": `config:
${emulatorYaml()}
  entra:clientId: ${rw.clientId}
  entra:clientSecret: ${rw.clientSecret}
  entra:connections:
    source:
      tenantId: ${t.defaults.tenantId}
    target:
      tenantId: ${UNKNOWN_TENANT}
    partner:
      tenantId: ${t.defaults.second.tenantId}
      clientSecret:
        secure: v1:c2VjcmV0:Y2lwaGVydGV4dA==
`,
  });
  const r = await cli(["check", "--stack", "dev"], ENV, { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("Stack configuration: Pulumi.dev.yaml");
  expect(r.stdout).toContain(
    "note: the Pulumi CLI is not on PATH; reading the stack file directly: encrypted (secure:) values cannot be read.",
  );
  expect(line(r.stdout, "entra:*")).toMatch(
    /^skipped +entra:\* +no tenantId: only resources without `connection` use the top-level settings/,
  );
  expect(line(r.stdout, "entra:connections.source")).toBe(
    `ok      entra:connections.source   tenant ${t.defaults.tenantId} as app ${rw.clientId} (Emulator read-write app), roles ${[...rw.roles].sort().join(", ")}; Graph answers (${/\((\d+) ms\)/.exec(line(r.stdout, "entra:connections.source"))![1]} ms).`,
  );
  const target = line(r.stdout, "entra:connections.target");
  expect(target).toMatch(
    /^FAILED +entra:connections\.target +sign-in failed: Entra answered AADSTS90002: Tenant '22222222-2222-4222-8222-222222222222' not found\./,
  );
  expect(target).toContain(
    "Fix: entra:connections.target.tenantId must be the ID (a GUID) or a verified domain of the tenant the app is registered in",
  );
  expect(line(r.stdout, "entra:connections.partner")).toMatch(
    /^UNREAD +entra:connections\.partner +not checked: entra:connections\.partner\.clientSecret is encrypted in Pulumi\.dev\.yaml; run with the Pulumi CLI on PATH and the stack's backend and passphrase set \(PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE\), so that `pulumi config --show-secrets --json --stack dev` can decrypt it\.$/,
  );
  expect(r.stdout).toContain("Not ready: 1 of 3 connections ready, 1 failed, 1 not checked (encrypted).");
  expect(r.output).not.toContain(rw.clientSecret);
  expect(r.output).not.toMatch(/pulumi (refresh|destroy|up)/);
});

test("the JSON of `pulumi config --show-secrets --json` on stdin: decrypted secrets are used, never printed; a read-only app is MISSING; exit 3", async () => {
  const rw = t.defaults.readWrite;
  const ro = t.defaults.readOnly;
  const connections = {
    home: { tenantId: t.defaults.tenantId },
    second: { tenantId: ro.tenantId, clientId: ro.clientId, clientSecret: ro.clientSecret },
  };
  const json = {
    "entra:graphEndpoint": { value: t.url, secret: false },
    "entra:authorityHost": { value: t.authorityHost, secret: false },
    "entra:caCertPath": { value: t.emu.caCertPath, secret: false },
    "entra:tenantId": { value: t.defaults.tenantId, secret: false },
    "entra:clientId": { value: rw.clientId, secret: false },
    "entra:clientSecret": { value: rw.clientSecret, secret: true },
    "entra:connections": { value: JSON.stringify(connections), objectValue: connections, secret: true },
    "other:key": { value: "not read", secret: false },
  };
  const r = await cli(["check", "--config-file", "-"], ENV, { stdin: JSON.stringify(json, null, 2) });
  expect(r.code).toBe(3);
  expect(r.stdout).toContain("Stack configuration: standard input");
  expect(line(r.stdout, "entra:*")).toMatch(
    new RegExp(`^ok +entra:\\* +tenant ${t.defaults.tenantId} as app ${rw.clientId} `),
  );
  expect(line(r.stdout, "entra:connections.home")).toMatch(/^ok /);
  expect(line(r.stdout, "entra:connections.second")).toMatch(
    new RegExp(
      `^MISSING entra:connections\\.second +tenant ${ro.tenantId} as app ${ro.clientId} \\(Emulator read-only app\\), roles Policy\\.Read\\.All; missing Policy\\.ReadWrite\\.CrossTenantAccess: grant it to app ${ro.clientId} \\(Microsoft Graph application permission, then admin consent in tenant ${ro.tenantId}\\)`,
    ),
  );
  expect(r.stdout).toContain("Not ready: 2 of 3 connections ready, 1 missing a permission.");
  for (const s of [rw.clientSecret, ro.clientSecret]) expect(r.output).not.toContain(s);

  const j = await cli(["check", "--config-file", "-", "--json"], ENV, { stdin: JSON.stringify(json) });
  const report = JSON.parse(j.stdout);
  expect(report.connections.map((c: { connection: string; status: string }) => `${c.connection} ${c.status}`)).toEqual([
    "entra:* ok",
    "entra:connections.home ok",
    "entra:connections.second missing",
  ]);
  for (const s of [rw.clientSecret, ro.clientSecret]) expect(j.output).not.toContain(s);
});

test("all ready: one top-level connection from a stack file in stackConfigDir, a relative CA path resolved against the project; exit 0", async () => {
  const rw = t.defaults.readWrite;
  const dir = project({
    "Pulumi.yaml": "name: one\nruntime: nodejs\nstackConfigDir: stacks\n",
    "emulator-ca.pem": fs.readFileSync(t.emu.caCertPath, "utf8"),
    "stacks/Pulumi.prod.yaml": `config:\n${emulatorYaml("./emulator-ca.pem")}\n  entra:tenantId: ${rw.tenantId}\n  entra:clientId: ${rw.clientId}\n`,
  });
  // the secret from the environment, as the provider would take it
  const r = await cli(["check", "--stack", "prod", "--cwd", dir], { ...ENV, ARM_CLIENT_SECRET: rw.clientSecret });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(
    `Stack configuration: ${path.relative(process.cwd(), path.join(dir, "stacks", "Pulumi.prod.yaml"))}`,
  );
  expect(line(r.stdout, "entra:*")).toMatch(/^ok /);
  expect(r.stdout).toContain("Ready: all 1 connection can manage their tenant.");
});

test("a mistake in a connection's settings is its own INVALID line, named by its key, with no request for it", async () => {
  const dir = project({
    "Pulumi.yaml": "name: bad\nruntime: nodejs\n",
    "Pulumi.dev.yaml": `config:\n${emulatorYaml()}\n  entra:connections:\n    typo:\n      tenantId: not-a-guid\n      clientId: c\n      clientSecret: s3cret-value\n`,
  });
  const since = await t.admin.lastSeq();
  const r = await cli(["check", "--config-file", path.join(dir, "Pulumi.dev.yaml")], ENV);
  expect(r.code).toBe(1);
  expect(line(r.stdout, "entra:connections.typo")).toMatch(
    /^INVALID entra:connections\.typo +Invalid setting entra:connections\.typo\.tenantId: "not-a-guid" is neither a tenant ID \(a GUID\) nor a domain name/,
  );
  expect(await t.admin.requests(since)).toEqual([]);
  expect(r.output).not.toContain("s3cret-value");
});

test("usage errors: connection options with --stack, both --stack and --config-file, an unknown stack, --cwd alone", async () => {
  const dir = project({ "Pulumi.yaml": "name: p\nruntime: nodejs\n" });
  const withFlag = await cli(["check", "--stack", "dev", "--tenant-id", t.defaults.tenantId], ENV, { cwd: dir });
  expect(withFlag.code).toBe(2);
  expect(withFlag.stderr).toContain("--tenant-id cannot be combined with --stack: the stack's configuration");
  const both = await cli(["check", "--stack", "dev", "--config-file", "x.yaml"], ENV, { cwd: dir });
  expect(both.code).toBe(2);
  expect(both.stderr).toContain("--stack and --config-file both name a configuration; use one.");
  const missing = await cli(["check", "--stack", "nope"], ENV, { cwd: dir });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("--stack nope: there is no");
  expect(missing.stderr).toContain("Pulumi.nope.yaml; check the stack name (`pulumi stack ls`)");
  const cwdAlone = await cli(["check", "--cwd", dir], ENV);
  expect(cwdAlone.code).toBe(2);
  expect(cwdAlone.stderr).toContain("--cwd is the project directory of --stack");
});
