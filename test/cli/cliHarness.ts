// Runs the command line in-process (provider/cli/cli.ts `runCli`) with its own environment and captured output,
// against the emulator over real HTTPS: nothing of the caller's ARM_* / AZURE_* / ENTRA_* environment leaks in.
import { runCli } from "../../provider/cli/cli";
import type { CliIo } from "../../provider/cli/io";
import type { TestEmulator, BuiltInApp } from "../helpers/emulator";
import { entraEnv } from "../../testkit/entraConfig";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

export async function cli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string; stdin?: string } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    cwd: options.cwd ?? process.cwd(),
    readStdin: async () => options.stdin ?? "",
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, output: stdout + stderr };
}

/** Environment that points the CLI at the emulator with one of its built-in apps (secret in ARM_CLIENT_SECRET). */
export function emulatorEnv(
  t: TestEmulator,
  app: BuiltInApp = "readWrite",
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...entraEnv(t.emu, app),
    // Failures in these tests should be quick.
    ENTRA_RETRY_BASE_DELAY_MS: "50",
    ...extra,
  };
}
