/**
 * The command-line entry: `pulumi-entra-cross-tenant <command> [options]`. Dispatches to the commands and turns
 * every failure into one clear message and an exit code; nothing here prints a secret.
 */
import { runCheck } from "./check/checkCommand";
import { runExport } from "./export/exportCommand";
import { runProvision } from "./provision/provisionCommand";
import { runDrift } from "./drift/driftCommand";
import { CliIo, EXIT, UsageError } from "./io";
import { redact } from "../log";
import { cliErrorText } from "./session/errorAdvice";
import { VERSION } from "../version";

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const commands: Readonly<Record<string, Command>> = {
  export: runExport,
  check: runCheck,
  whoami: runCheck,
  provision: runProvision,
  drift: runDrift,
};

export const mainHelp = `Usage: pulumi-entra-cross-tenant <command> [options]

Microsoft Entra cross-tenant access settings as code, with Pulumi.

Commands:
  check      Can these settings manage this tenant? Token, tenant, app, Graph permissions, one Graph read.
             (alias: whoami)
  export     Write a Pulumi TypeScript program that declares this tenant's partner configurations, their
             identity sync policies, the default configuration and its cross-tenant synchronization
             configurations, so that the first \`pulumi up\` takes everything over unchanged.
  provision  Provision one user of a source tenant into its target now (Graph's provisionOnDemand) and say
             what happened: created, updated, no change, or skipped and why.
  drift      For every stack of the Pulumi program here: what was changed in the tenant outside Pulumi, per
             object and setting (text, JSON, Markdown or JUnit); --fix puts the program's values back.

Run \`pulumi-entra-cross-tenant <command> --help\` for a command's options. Settings come from options, then the
same ARM_* / AZURE_* / ENTRA_* environment variables the Pulumi provider reads.

  --version   Print the package version.
`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic && commands[topic]) return commands[topic](["--help"], io);
    io.stdout(mainHelp);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(
      `error: unknown command "${name}". Commands: check (whoami), export, provision, drift. See \`pulumi-entra-cross-tenant --help\`.\n`,
    );
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${redact(e.message)}\n`);
      return EXIT.usage;
    }
    // Every message from below is already redacted; redact again for what could still carry a token. A Graph
    // failure's advice is reworded for the command line (flags, no stack advice).
    io.stderr(`error: ${redact(cliErrorText(e))}\n`);
    return EXIT.failed;
  }
}
