/**
 * Why a stack could not be checked, from what the Pulumi CLI said, with the fix. The lock message is the diy
 * backend's (file, azblob, s3, gs); a lock whose process is gone from this machine is called stale (a killed
 * run), which only `pulumi cancel` removes.
 */
import * as os from "os";
import { redact } from "../../log";
import { StackFailure } from "./report";

/** Lock details the diy backend prints: `<lock path>: created by <user>@<host> (pid <n>) at <time>`. */
const LOCK_LINE = /created by (\S+)@(\S+) \(pid (\d+)\) at ([^\n]+)/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The lines that explain the failure: the CLI's `error:` lines and the indented details under them, each once
 * (the Automation API repeats the CLI's stderr in its own message), without its "Command failed" wrapper. An
 * azblob/s3/gs URL loses its query (which could carry a SAS token).
 */
function essence(text: string): string {
  const kept: string[] = [];
  let inError = false;
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (/^\s*error:/.test(line)) inError = true;
    else if (!/^\s+\S/.test(line)) inError = false;
    const t = line.trim();
    if (inError && t && !/^(Command failed|err\?:|code:|stdout:|stderr:)/.test(t) && !kept.includes(t)) kept.push(t);
  }
  const lines = kept.length
    ? kept
    : text
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(-4);
  return lines
    .join(" ")
    .replace(/((?:azblob|s3|gs):\/\/[^?\s]+)\?\S*?(?=:\s|\s|$)/g, "$1")
    .replace(/\s+/g, " ")
    .slice(0, 1200);
}

/**
 * `stack` is the name the user passes to `--stack`; `isAlive` and `hostname` are injected by tests. Every message is
 * redacted (a Graph token or secret in a provider error never reaches the report).
 */
export function classifyFailure(
  stack: string,
  text: string,
  env: { hostname?: string; isAlive?: (pid: number) => boolean } = {},
): StackFailure {
  const message = redact(essence(text));
  if (/currently locked/i.test(text)) {
    const lock = LOCK_LINE.exec(text);
    const host = env.hostname ?? os.hostname();
    const alive = env.isAlive ?? processAlive;
    if (lock && lock[2] === host && !alive(Number(lock[3]))) {
      return {
        kind: "stale-lock",
        message,
        fix: `The lock was left by a run that no longer exists (pid ${lock[3]} on this machine, started ${lock[4].trim()}): a killed or crashed \`pulumi up\`. Remove it with \`pulumi cancel --stack ${stack} --yes\`, then \`pulumi refresh --stack ${stack}\` (the killed run may have changed objects it did not record), and run drift again.`,
      };
    }
    const who = lock ? ` (${lock[1]}@${lock[2]}, pid ${lock[3]}, since ${lock[4].trim()})` : "";
    return {
      kind: "locked",
      message,
      fix: `Another Pulumi run holds the stack's lock${who}. Wait for it to finish and run drift again. If no run is going on (it was killed, or its machine is gone), remove the lock with \`pulumi cancel --stack ${stack} --yes\`.`,
    };
  }
  if (/passphrase|secrets provider|decrypt/i.test(text)) {
    return {
      kind: "secrets",
      message,
      fix: "The stack's secrets could not be decrypted: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) for a passphrase stack, or sign in to the stack's secrets provider (e.g. Azure Key Vault: `az login` or the AZURE_* variables).",
    };
  }
  if (/AADSTS\d+|cannot sign in|sign-in|CredentialUnavailable|invalid_client|unauthorized_client/i.test(text)) {
    return {
      kind: "sign-in",
      message,
      fix: `The provider could not sign in to the tenant with the stack's settings (the error above names what Entra said). Check them with \`npx pulumi-entra-cross-tenant check --stack ${stack}\`.`,
    };
  }
  if (/no stack named|stack .* not found|does not exist/i.test(text)) {
    return {
      kind: "not-found",
      message,
      fix: "List the stacks with `pulumi stack ls` and pass one of them to --stack (globs like 'tenant-*' work).",
    };
  }
  return {
    kind: "failed",
    message,
    fix: `Run \`pulumi refresh --preview-only --stack ${stack}\` in the program directory to see the whole output.`,
  };
}
