/**
 * What a command may touch of the outside world, injected so that tests run commands in-process against the
 * emulator with their own environment and capture what is printed.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment for settings (`ARM_*`, `AZURE_*`, `ENTRA_*`) and `--client-secret-env`. */
  env: NodeJS.ProcessEnv;
  /** Working directory `--out` is resolved against. */
  cwd: string;
  /** Reads standard input to the end (`--client-secret-stdin`). */
  readStdin(): Promise<string>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on("data", (c: Buffer) => chunks.push(c));
        process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        process.stdin.on("error", reject);
      }),
  };
}

/** Exit codes, the same for every command (documented in `--help`). */
export const EXIT = {
  ok: 0,
  /** The command ran and failed: no token, Graph refused or unreachable, a file could not be written. */
  failed: 1,
  /** Bad command line: unknown option, missing value, contradictory options. */
  usage: 2,
  /** `check`: a token was obtained and Graph answers, but a permission this package needs is missing. */
  missingPermission: 3,
  /** `provision`: Graph ran and skipped the user (e.g. not in the configuration's scope). */
  skipped: 3,
} as const;

/** A command-line mistake; the message says what to type instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
