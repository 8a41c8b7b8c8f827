/**
 * `drift`: for each stack of the program in the current directory (or those `--stack` names), a refresh preview
 * (one Graph GET per object, no state written), then a report per stack and object of what differs between the
 * program and the tenant, in the package's words. Stacks run in parallel (bounded); a stack that fails (locked,
 * no credentials) is reported with its fix and does not stop the others. `--fix` then runs `up --refresh` for the
 * drifted objects, one stack at a time. Exit 0 no drift, 2 drift, 1 a stack could not be checked or fixed.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { redact } from "../../log";
import { flag, listOption, OptionSpec, parseOptions, renderHelp, stringOption } from "../args/options";
import { CliIo, UsageError } from "../io";
import { automationRunner } from "./automationRunner";
import { mapBounded } from "./pool";
import { objectsFromEvents } from "./refreshEvents";
import { FORMATS, DriftFormat, render } from "./render";
import { DRIFT_EXIT, DriftReport, driftExitCode, StackReport, summarize } from "./report";
import { classifyFailure } from "./stackFailure";
import { StackRunner } from "./stackRunner";
import { selectStacks } from "./stackSelection";

/**
 * One stack per CPU: each runs a Pulumi engine, a language host and a provider host, so more stacks than CPUs at once
 * only queue for them (bench:drift on 2 CPUs: 20 stacks in 37 s at 2, 43 s at 4, 55 s one at a time).
 */
const DEFAULT_PARALLEL = Math.max(1, Math.min(8, os.availableParallelism()));

const options: readonly OptionSpec[] = [
  {
    name: "stack",
    type: "string",
    multiple: true,
    value: "NAME|GLOB",
    group: "Stacks",
    description: "A stack to check (repeatable; globs like 'tenant-*'). Default: every stack of the program.",
  },
  {
    name: "parallel",
    type: "string",
    value: "N",
    group: "Stacks",
    description: `Stacks checked at once (default: one per CPU, here ${DEFAULT_PARALLEL}); each runs its own Pulumi\nengine and provider.`,
  },
  {
    name: "cwd",
    type: "string",
    value: "DIR",
    group: "Stacks",
    description: "The Pulumi program's directory (default: the current directory).",
  },
  {
    name: "format",
    type: "string",
    value: "FORMAT",
    group: "Output",
    description: "text (default, a table), json, markdown (a PR comment or job summary) or junit (JUnit XML).",
  },
  {
    name: "junit",
    type: "string",
    value: "FILE",
    group: "Output",
    description: "Also write the report as JUnit XML to FILE (one test case per object).",
  },
  {
    name: "markdown",
    type: "string",
    value: "FILE",
    group: "Output",
    description: "Also write the report as Markdown to FILE.",
  },
  {
    name: "json",
    type: "string",
    value: "FILE",
    group: "Output",
    description: "Also write the report as JSON to FILE.",
  },
  {
    name: "fix",
    type: "boolean",
    group: "Fix",
    description:
      "After the report, put the program's values back: `pulumi up --refresh` of the drifted objects only,\none stack at a time, after printing what it will change.",
  },
];

export const driftHelp = renderHelp(
  "pulumi-entra-cross-tenant drift [--stack NAME|GLOB]... [--format text|json|markdown|junit] [--fix] [options]",
  `Finds what was changed in the tenants outside Pulumi (in the portal, by a script), for every stack of the
Pulumi program in this directory: per stack a refresh preview (\`pulumi refresh --preview-only\`: one Graph GET
per object, no state written), then per object each setting whose value in the tenant differs from the program's,
e.g. "Fabrikam's inbound auto-consent: program true, tenant false". Stacks run in parallel, each with its own
backend lock, secrets and credentials from the stack's configuration and this environment (PULUMI_BACKEND_URL,
PULUMI_CONFIG_PASSPHRASE, ...). A stack that cannot be checked (locked, no credentials) is reported with its fix
and the others go on. Needs the Pulumi CLI on PATH and the program's dependencies installed.`,
  options,
  `Exit codes: 0 no drift; 2 drift found (also when --fix put it back); 1 a stack could not be checked or fixed,
or a bad command line.

Examples:
  pulumi-entra-cross-tenant drift
  pulumi-entra-cross-tenant drift --stack 'tenant-*' --format markdown --junit drift.xml >> "$GITHUB_STEP_SUMMARY"
  pulumi-entra-cross-tenant drift --stack fabrikam --fix`,
);

export type RunnerFactory = (workDir: string, env: NodeJS.ProcessEnv) => Promise<StackRunner>;

function parseParallel(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PARALLEL;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--parallel must be a whole number from 1 to 64, not "${value}".`);
  return n;
}

function parseFormat(value: string | undefined): DriftFormat {
  if (value === undefined) return "text";
  if (!(FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${value}".`);
  return value as DriftFormat;
}

function errorText(e: unknown): string {
  const err = e as { message?: string; commandResult?: { stderr?: string; stdout?: string } };
  const stderr = err.commandResult?.stderr ?? "";
  const stdout = err.commandResult?.stdout ?? "";
  return [err.message ?? String(e), stderr, stdout].filter(Boolean).join("\n");
}

async function checkStack(runner: StackRunner, stack: string, io: CliIo): Promise<StackReport> {
  const started = Date.now();
  try {
    const objects = objectsFromEvents(await runner.refreshPreview(stack));
    const drifted = objects.filter((o) => o.status !== "clean").length;
    const durationMs = Date.now() - started;
    io.stderr(
      `${stack}: ${drifted ? `${drifted} of ${objects.length} objects drifted` : `no drift in ${objects.length} objects`} (${(durationMs / 1000).toFixed(1)} s)\n`,
    );
    return { stack, status: drifted ? "drifted" : "clean", objects, durationMs };
  } catch (e) {
    const failure = classifyFailure(stack, errorText(e));
    io.stderr(`${stack}: not checked (${failure.kind})\n`);
    return { stack, status: "failed", objects: [], failure, durationMs: Date.now() - started };
  }
}

/** `--fix`: one drifted stack after the other, saying first what goes back to the program's value. */
async function fixStack(runner: StackRunner, report: StackReport, io: CliIo): Promise<void> {
  const objects = report.objects.filter((o) => o.status !== "clean");
  io.stderr(
    `\nFixing ${report.stack}: pulumi up --refresh of ${objects.length} object${objects.length === 1 ? "" : "s"}; this puts back:\n`,
  );
  for (const o of objects) for (const d of o.settings) io.stderr(`  ${d.sentence}\n`);
  try {
    const changes = await runner.up(
      report.stack,
      objects.map((o) => o.urn),
    );
    report.fix = { status: "fixed", message: `pulumi up: ${changes}` };
    io.stderr(`${report.stack}: fixed (${changes})\n`);
  } catch (e) {
    const failure = classifyFailure(report.stack, errorText(e));
    report.fix = { status: "failed", message: `${failure.message} Fix: ${failure.fix}` };
    io.stderr(`${report.stack}: fix failed (${failure.kind}): ${failure.fix}\n`);
  }
}

export async function runDriftWith(args: readonly string[], io: CliIo, factory: RunnerFactory): Promise<number> {
  let opts;
  let format: DriftFormat;
  let parallel: number;
  try {
    opts = parseOptions("drift", args, options);
    format = parseFormat(stringOption(opts, "format"));
    parallel = parseParallel(stringOption(opts, "parallel"));
  } catch (e) {
    // 2 means drift here, so a bad command line is an error (1), never mistaken for drift
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n`);
      return DRIFT_EXIT.error;
    }
    throw e;
  }
  if (flag(opts, "help")) {
    io.stdout(driftHelp);
    return DRIFT_EXIT.clean;
  }
  const workDir = path.resolve(io.cwd, stringOption(opts, "cwd") ?? ".");
  if (!fs.existsSync(path.join(workDir, "Pulumi.yaml")) && !fs.existsSync(path.join(workDir, "Pulumi.yml"))) {
    io.stderr(
      `error: ${workDir} is not a Pulumi project (no Pulumi.yaml): run drift in the program's directory or pass --cwd DIR.\n`,
    );
    return DRIFT_EXIT.error;
  }
  let runner: StackRunner | undefined;
  try {
    runner = await factory(workDir, io.env);
    const project = await runner.project();
    let stacks: string[];
    try {
      stacks = selectStacks(await runner.listStacks(), listOption(opts, "stack"));
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`error: ${e.message}\n`);
        return DRIFT_EXIT.error;
      }
      throw e;
    }
    io.stderr(
      `Checking ${stacks.length} stack${stacks.length === 1 ? "" : "s"} of ${project} (${Math.min(parallel, stacks.length)} at a time)\n`,
    );
    await runner.prepare(stacks);
    const r = runner;
    const reports = await mapBounded(stacks, parallel, (s) => checkStack(r, s, io));
    if (flag(opts, "fix")) for (const st of reports.filter((x) => x.status === "drifted")) await fixStack(r, st, io);
    const report: DriftReport = { project, stacks: reports, summary: summarize(reports) };
    for (const [option, f] of [
      ["junit", "junit"],
      ["markdown", "markdown"],
      ["json", "json"],
    ] as const) {
      const file = stringOption(opts, option);
      if (file) fs.writeFileSync(path.resolve(io.cwd, file), render(report, f));
    }
    io.stdout(render(report, format));
    return driftExitCode(report);
  } catch (e) {
    io.stderr(`error: ${redact(errorText(e).split("\n")[0])}\n`);
    return DRIFT_EXIT.error;
  } finally {
    await runner?.finish().catch(() => undefined);
  }
}

export function runDrift(args: readonly string[], io: CliIo): Promise<number> {
  return runDriftWith(args, io, automationRunner);
}
