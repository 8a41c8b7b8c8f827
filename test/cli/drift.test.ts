// `drift` offline: the report from a refresh preview's engine events (a fixture recorded from the real Pulumi CLI
// against the emulator: a partner whose inbound auto-consent and sync policy name were changed in the portal), its
// four formats, the lock and failure advice, and the exit codes through a stand-in StackRunner.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../provider/cli/cli";
import { runDriftWith } from "../../provider/cli/drift/driftCommand";
import { objectsFromEvents, RefreshEvent, StepMetadata } from "../../provider/cli/drift/refreshEvents";
import { render } from "../../provider/cli/drift/render";
import { DriftReport, StackReport, summarize } from "../../provider/cli/drift/report";
import { classifyFailure } from "../../provider/cli/drift/stackFailure";
import { StackRunner } from "../../provider/cli/drift/stackRunner";
import { selectStacks } from "../../provider/cli/drift/stackSelection";
import type { CliIo } from "../../provider/cli/io";

const recorded = JSON.parse(
  fs.readFileSync(path.join(__dirname, "fixtures", "drift-refresh-preview-events.json"), "utf8"),
) as RefreshEvent[];

const PARTNER = "pulumi-nodejs:dynamic/entra:CrossTenantAccessPolicyConfigurationPartner";
const POLICY = "pulumi-nodejs:dynamic/entra:CrossTenantIdentitySyncPolicyPartner";
const DEFAULT = "pulumi-nodejs:dynamic/entra:CrossTenantAccessPolicyConfigurationDefault";
const T1 = "0d1f7000-0000-4000-8000-000000000001";

/** A refresh step's outputs event: `program` = the inputs the last up stored, `tenant` = what read returned. */
function step(
  type: string,
  name: string,
  program: Record<string, unknown>,
  tenant: Record<string, unknown> | undefined,
): RefreshEvent {
  const metadata: StepMetadata = {
    op: tenant ? "update" : "delete",
    urn: `urn:pulumi:dev::proj::${type}::${name}`,
    type,
    old: { id: "x", inputs: { __provider: "text", ...program } },
    ...(tenant ? { new: { id: "x", inputs: { __provider: "text", ...tenant } } } : {}),
  };
  return { resOutputsEvent: { metadata } };
}

describe("the report from a refresh preview", () => {
  test("the recorded preview: each changed setting in the package's words, program and tenant values", () => {
    const objects = objectsFromEvents(recorded);
    expect(objects.map((o) => [o.title, o.status, o.settings.map((s) => s.sentence)])).toEqual([
      [
        "Fabrikam's identity sync policy",
        "drifted",
        ['Fabrikam\'s sync policy name: program "Fabrikam", tenant "Fabrikam (renamed)"'],
      ],
      ["Fabrikam's partner configuration", "drifted", ["Fabrikam's inbound auto-consent: program true, tenant false"]],
    ]);
    expect(objects[1].settings[0]).toMatchObject({
      path: "automaticUserConsentSettings.inboundAllowed",
      label: "inbound auto-consent",
      program: true,
      tenant: false,
    });
  });

  test("only this package's resources; the stack and the provider resource are not objects", () => {
    expect(objectsFromEvents(recorded).every((o) => o.urn.includes("dynamic/entra:"))).toBe(true);
  });

  test("an unchanged object is clean; an object read back as gone is deleted; a setting unset on one side says so", () => {
    const objects = objectsFromEvents([
      step(PARTNER, "contoso", { tenantId: T1, inboundTrust: { isMfaAccepted: true } }, { tenantId: T1 }),
      step(POLICY, "contoso", { tenantId: T1, displayName: "Contoso" }, { tenantId: T1, displayName: "Contoso" }),
      step(DEFAULT, "default", { b2bCollaborationInbound: { usersAndGroups: { accessType: "blocked" } } }, undefined),
    ]);
    expect(objects.map((o) => [o.title, o.status, o.settings.map((s) => s.sentence)])).toEqual([
      ["Contoso's identity sync policy", "clean", []],
      [
        "Contoso's partner configuration",
        "drifted",
        ["Contoso's trust of the partner's MFA: program true, tenant not set"],
      ],
      [
        "The default configuration",
        "deleted",
        ["The default configuration: deleted in the tenant (the program declares it; `--fix` creates it again)"],
      ],
    ]);
  });

  test("lists compare as sets; an unknown setting is named from its property path", () => {
    const targets = [
      { target: "AllUsers", targetType: "user" },
      { target: "g1", targetType: "group" },
    ];
    const [o] = objectsFromEvents([
      step(
        PARTNER,
        "fabrikam",
        { tenantId: T1, b2bDirectConnectOutbound: { usersAndGroups: { accessType: "allowed", targets } } },
        {
          tenantId: T1,
          b2bDirectConnectOutbound: { usersAndGroups: { accessType: "blocked", targets: [...targets].reverse() } },
        },
      ),
    ]);
    expect(o.settings.map((s) => s.sentence)).toEqual([
      'fabrikam\'s B2B direct connect outbound users and groups access: program "allowed", tenant "blocked"',
    ]);
  });

  test("a secret never shows: the engine's mask and its ciphertext wrapper are not compared or printed", () => {
    const [o] = objectsFromEvents([
      step(
        "pulumi-nodejs:dynamic/entra:CrossTenantSyncConfiguration",
        "sync",
        {
          displayName: "Sync to Fabrikam",
          notificationEmail: "[secret]",
          other: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" },
        },
        {
          displayName: "Sync to Fabrikam",
          notificationEmail: "[secret]",
          other: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" },
        },
      ),
    ]);
    expect(o.status).toBe("clean");
  });
});

function reportOf(stacks: StackReport[]): DriftReport {
  return { project: "tenants", stacks, summary: summarize(stacks) };
}

const drifted: StackReport = {
  stack: "fabrikam",
  status: "drifted",
  objects: objectsFromEvents(recorded),
  durationMs: 3210,
};
const clean: StackReport = {
  stack: "contoso",
  status: "clean",
  objects: objectsFromEvents([step(PARTNER, "contoso", { tenantId: T1 }, { tenantId: T1 })]),
  durationMs: 2900,
};
const locked: StackReport = {
  stack: "woodgrove",
  status: "failed",
  objects: [],
  failure: {
    kind: "locked",
    message: "error: the stack is currently locked by 1 lock(s).",
    fix: "Another Pulumi run holds the stack's lock. Wait <for> it & run drift again.",
  },
  durationMs: 800,
};

describe("the four formats", () => {
  const report = reportOf([drifted, clean, locked]);

  test("text: a table of stacks, then each drifted object's settings, then what could not be checked and the fix", () => {
    expect(render(report, "text")).toBe(
      [
        "Drift in tenants: 3 stacks, 1 drifted, 1 clean, 1 failed (3 objects, 2 drifted)",
        "",
        "STACK      STATUS   OBJECTS  DRIFTED  FIX",
        "fabrikam   DRIFTED  2        2",
        "contoso    clean    1        0",
        "woodgrove  FAILED   -        -",
        "",
        "fabrikam:",
        "  Fabrikam's identity sync policy (fabrikam)",
        '    Fabrikam\'s sync policy name: program "Fabrikam", tenant "Fabrikam (renamed)"',
        "  Fabrikam's partner configuration (fabrikam)",
        "    Fabrikam's inbound auto-consent: program true, tenant false",
        "",
        "woodgrove: not checked (locked)",
        "  error: the stack is currently locked by 1 lock(s).",
        "  Fix: Another Pulumi run holds the stack's lock. Wait <for> it & run drift again.",
        "",
      ].join("\n"),
    );
  });

  test("json: the report with the exit code", () => {
    const json = JSON.parse(render(report, "json"));
    expect(json).toMatchObject({
      version: 1,
      project: "tenants",
      exitCode: 1,
      summary: { stacks: 3, clean: 1, drifted: 1, failed: 1, objects: 3, driftedObjects: 2 },
    });
    expect(json.stacks[0].objects[1].settings[0]).toEqual({
      path: "automaticUserConsentSettings.inboundAllowed",
      label: "inbound auto-consent",
      program: true,
      tenant: false,
      sentence: "Fabrikam's inbound auto-consent: program true, tenant false",
    });
  });

  test("markdown: a summary table and one table per drifted stack, cells escaped", () => {
    const md = render(reportOf([drifted, clean, { ...locked, stack: "a|b" }]), "markdown");
    expect(md).toContain("## Entra cross-tenant drift (tenants): 1 of 3 stacks drifted, 1 could not be checked");
    expect(md).toContain("| fabrikam | **drifted** | 2 | 2 |");
    expect(md).toContain("| contoso | clean | 1 | 0 |");
    expect(md).toContain("| a\\|b | **failed** | - | - |");
    expect(md).toContain("| Fabrikam's partner configuration (`fabrikam`) | inbound auto-consent | `true` | `false` |");
    expect(md).toContain(
      '| Fabrikam\'s identity sync policy (`fabrikam`) | sync policy name | `"Fabrikam"` | `"Fabrikam (renamed)"` |',
    );
    expect(md).toContain("- **a\\|b** (locked): error: the stack is currently locked by 1 lock(s).");
  });

  test("junit: a suite per stack, a test case per object, drift as failures and an unchecked stack as an error", () => {
    const xml = render(report, "junit");
    expect(xml.split("\n")[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(xml).toContain('<testsuites name="entra drift tenants" tests="4" failures="2" errors="1">');
    expect(xml).toContain('<testsuite name="fabrikam" tests="2" failures="2" errors="0" time="3.210">');
    expect(xml).toContain(
      '<failure type="drift" message="1 setting drifted">Fabrikam&apos;s inbound auto-consent: program true, tenant false</failure>'.replace(
        "&apos;",
        "'",
      ),
    );
    expect(xml).toContain(
      '<testcase classname="tenants.contoso" name="contoso&apos;s partner configuration (contoso)"/>'.replace(
        "&apos;",
        "'",
      ),
    );
    expect(xml).toContain('<error type="locked" message="error: the stack is currently locked by 1 lock(s).">');
    expect(xml).toContain("Wait &lt;for&gt; it &amp; run drift again.");
    // every element closed: as many opening as closing suites and cases
    expect(xml.match(/<testsuite /g)?.length).toBe(3);
    expect(xml.match(/<\/testsuite>/g)?.length).toBe(3);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(4);
  });
});

describe("why a stack could not be checked", () => {
  const lockText = [
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
    "  azblob://state/.pulumi/locks/organization/tenants/fabrikam/0c5f.json: created by ci@runner-7 (pid 4242) at 2026-12-07T22:00:00Z",
  ].join("\n");

  test("a lock held by a live run: wait, or pulumi cancel if no run is going on", () => {
    const f = classifyFailure("fabrikam", lockText, { hostname: "runner-7", isAlive: () => true });
    expect(f.kind).toBe("locked");
    expect(f.fix).toBe(
      "Another Pulumi run holds the stack's lock (ci@runner-7, pid 4242, since 2026-12-07T22:00:00Z). Wait for it to finish and run drift again. If no run is going on (it was killed, or its machine is gone), remove the lock with `pulumi cancel --stack fabrikam --yes`.",
    );
  });

  test("a lock whose process is gone from this machine is stale: pulumi cancel, then refresh", () => {
    const f = classifyFailure("fabrikam", lockText, { hostname: "runner-7", isAlive: () => false });
    expect(f.kind).toBe("stale-lock");
    expect(f.fix).toContain("Remove it with `pulumi cancel --stack fabrikam --yes`");
    expect(f.fix).toContain("pid 4242 on this machine");
  });

  test("a lock from another machine is never called stale", () => {
    expect(classifyFailure("fabrikam", lockText, { hostname: "laptop", isAlive: () => false }).kind).toBe("locked");
  });

  test("secrets and sign-in failures name their fix; a token in the CLI's text is redacted", () => {
    expect(
      classifyFailure("s", "error: getting secrets manager: passphrase must be set with PULUMI_CONFIG_PASSPHRASE").kind,
    ).toBe("secrets");
    const f = classifyFailure(
      "s",
      "error: entra: cannot sign in: AADSTS7000215: Invalid client secret provided. Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
    );
    expect(f.kind).toBe("sign-in");
    expect(f.fix).toContain("pulumi-entra-cross-tenant check --stack s");
    expect(f.message).not.toContain("eyJhbGciOiJSUzI1NiJ9");
  });
});

describe("stack selection", () => {
  const all = ["tenant-a", "tenant-b", "org/tenants/partner-c"];
  test("all by default; names, globs and full names; the backend's order", () => {
    expect(selectStacks(all, [])).toEqual(all);
    expect(selectStacks(all, ["tenant-*"])).toEqual(["tenant-a", "tenant-b"]);
    expect(selectStacks(all, ["partner-c", "tenant-a"])).toEqual(["tenant-a", "org/tenants/partner-c"]);
    expect(selectStacks(all, ["org/*/partner-?"])).toEqual(["org/tenants/partner-c"]);
  });
  test("a pattern that matches nothing names the stacks there are", () => {
    expect(() => selectStacks(all, ["prod"])).toThrow(
      "--stack prod matches no stack of this program. Its stacks: tenant-a, tenant-b, org/tenants/partner-c.",
    );
  });
});

/** A stand-in for the Automation API: per stack either events or an error text; records what was run. */
function fakeRunner(stacks: Record<string, RefreshEvent[] | string>, calls: string[]): StackRunner {
  return {
    project: async () => "tenants",
    listStacks: async () => Object.keys(stacks),
    prepare: async (names) => {
      calls.push(`prepare ${names.join(",")}`);
    },
    refreshPreview: async (name) => {
      calls.push(`preview ${name}`);
      const r = stacks[name];
      if (typeof r === "string") throw new Error(r);
      return r;
    },
    up: async (name, urns) => {
      calls.push(`up ${name} ${urns.length}`);
      return "2 update";
    },
    finish: async () => {
      calls.push("finish");
    },
  };
}

describe("exit codes and --fix", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: tenants\nruntime: nodejs\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function drift(args: string[], stacks: Record<string, RefreshEvent[] | string>) {
    let stdout = "";
    let stderr = "";
    const calls: string[] = [];
    const io: CliIo = {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: {},
      cwd: dir,
      readStdin: async () => "",
    };
    const code = await runDriftWith(args, io, async () => fakeRunner(stacks, calls));
    return { code, stdout, stderr, calls };
  }
  const cleanEvents = [step(PARTNER, "contoso", { tenantId: T1 }, { tenantId: T1 })];

  test("0 when no stack drifted", async () => {
    const r = await drift([], { a: cleanEvents, b: cleanEvents });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Drift in tenants: 2 stacks, 0 drifted, 2 clean, 0 failed (2 objects, 0 drifted)");
    expect(r.calls).toEqual(["prepare a,b", "preview a", "preview b", "finish"]);
  });

  test("2 when a stack drifted; the other is reported clean", async () => {
    const r = await drift(["--format", "json"], { a: recorded, b: cleanEvents });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).stacks.map((s: StackReport) => [s.stack, s.status])).toEqual([
      ["a", "drifted"],
      ["b", "clean"],
    ]);
  });

  test("1 when a stack could not be checked; the others are still checked and reported", async () => {
    const r = await drift(["--format", "markdown"], {
      a: "error: the stack is currently locked by 1 lock(s).",
      b: recorded,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("| b | **drifted** | 2 | 2 |");
    expect(r.stdout).toContain("- **a** (locked)");
  });

  test("--fix: up for the drifted stacks only, after saying what goes back; exit 2 (drift was found)", async () => {
    const r = await drift(["--fix"], { a: cleanEvents, b: recorded });
    expect(r.code).toBe(2);
    expect(r.calls).toEqual(["prepare a,b", "preview a", "preview b", "up b 2", "finish"]);
    expect(r.stderr).toContain(
      'Fixing b: pulumi up --refresh of 2 objects; this puts back:\n  Fabrikam\'s sync policy name: program "Fabrikam", tenant "Fabrikam (renamed)"\n  Fabrikam\'s inbound auto-consent: program true, tenant false\n',
    );
    expect(r.stdout).toContain("fix: fixed: pulumi up: 2 update");
  });

  test("--junit/--markdown/--json FILE write the other formats from the same run", async () => {
    const r = await drift(["--format", "markdown", "--junit", "drift.xml", "--json", "drift.json"], { a: recorded });
    expect(r.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, "drift.xml"), "utf8")).toContain('failures="2"');
    expect(JSON.parse(fs.readFileSync(path.join(dir, "drift.json"), "utf8")).exitCode).toBe(2);
  });

  test("a bad command line is 1 (2 means drift), and says what to type", async () => {
    expect(await drift(["--format", "yaml"], {})).toMatchObject({
      code: 1,
      stderr: 'error: --format must be one of text, json, markdown, junit, not "yaml".\n',
    });
    expect((await drift(["--parallel", "0"], {})).code).toBe(1);
    expect(await drift(["--stack", "prod"], { a: [] })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--stack prod matches no stack of this program. Its stacks: a."),
    });
  });

  test("outside a Pulumi project: 1, naming --cwd", async () => {
    let stderr = "";
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      env: {},
      cwd: os.tmpdir(),
      readStdin: async () => "",
    };
    expect(await runDriftWith([], io, async () => fakeRunner({}, []))).toBe(1);
    expect(stderr).toContain(
      "is not a Pulumi project (no Pulumi.yaml): run drift in the program's directory or pass --cwd DIR.",
    );
  });

  test("listed in the command line's help, with its own --help", async () => {
    let out = "";
    const io: CliIo = {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      env: {},
      cwd: dir,
      readStdin: async () => "",
    };
    expect(await runCli(["--help"], io)).toBe(0);
    expect(out).toContain("  drift      For every stack of the Pulumi program here");
    out = "";
    expect(await runCli(["drift", "--help"], io)).toBe(0);
    expect(out).toContain("Exit codes: 0 no drift; 2 drift found");
  });
});

test("what the Automation API throws is cut to the CLI's error lines, once, and a backend URL's query is dropped", () => {
  const cliStderr = [
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
    "  azblob://state/team-a/.pulumi/locks/organization/p/s/6b91.json?localemu=true&domain=127.0.0.1:38291&sas_token=abc: created by root@vm (pid 19093) at 2026-12-07T22:42:43Z",
  ].join("\n");
  const thrown = `code: 1\n stdout: \n stderr: ${cliStderr}\n err?: Error: Command failed with exit code 1: pulumi up --yes\n${cliStderr}\n`;
  expect(classifyFailure("s", thrown, { hostname: "other", isAlive: () => true }).message).toBe(
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`. azblob://state/team-a/.pulumi/locks/organization/p/s/6b91.json: created by root@vm (pid 19093) at 2026-12-07T22:42:43Z",
  );
});
