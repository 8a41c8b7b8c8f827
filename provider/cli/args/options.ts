/**
 * Declarative command-line options: one list per command drives both parsing (Node's `util.parseArgs`, strict)
 * and the `--help` text, so the two never disagree.
 */
import { closestName } from "../../text/didYouMean";
import { parseArgs } from "util";
import { UsageError } from "../io";

export interface OptionSpec {
  /** Long name without dashes, e.g. "tenant-id". */
  name: string;
  type: "string" | "boolean";
  multiple?: boolean;
  /** Placeholder in help, e.g. "ID". */
  value?: string;
  description: string;
  /** Heading the option is listed under in help. */
  group: string;
}

export type ParsedOptions = Record<string, string | boolean | string[] | undefined>;

/** Options that carry a secret as a plain argument are refused: argv shows up in `ps` and shell history. */
const secretArgv: Readonly<Record<string, string>> = {
  "client-secret":
    "--client-secret-env NAME (the name of an environment variable holding it), --client-secret-stdin, or ARM_CLIENT_SECRET / AZURE_CLIENT_SECRET",
  "client-certificate-password": "--client-certificate-password-env NAME, or ARM_CLIENT_CERTIFICATE_PASSWORD",
  "oidc-token": "ARM_OIDC_TOKEN, or --oidc-token-file-path FILE",
};

function closest(name: string, specs: readonly OptionSpec[]): string | undefined {
  const prefixed = specs.filter((s) => s.name.startsWith(name));
  if (prefixed.length === 1) return prefixed[0].name;
  return closestName(
    name,
    specs.map((s) => s.name),
    true,
  );
}

/**
 * Parses `args` against `specs` (plus `--help`). Unknown options, missing values and positionals are usage errors
 * that name the fix; a secret given as a plain argument is refused without echoing it.
 */
export function parseOptions(command: string, args: readonly string[], specs: readonly OptionSpec[]): ParsedOptions {
  for (const arg of args) {
    const m = /^--([^=]+)/.exec(arg);
    if (m && secretArgv[m[1]]) {
      throw new UsageError(
        `--${m[1]} is not accepted: a secret on the command line is visible to other users (ps) and kept in shell history. Use ${secretArgv[m[1]]}.`,
      );
    }
  }
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const s of specs) options[s.name] = s.multiple ? { type: s.type, multiple: true } : { type: s.type };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(err.message ?? "");
    if (unknown) {
      const hint = closest(unknown[2], specs);
      throw new UsageError(
        `unknown option ${unknown[1]}${unknown[2]} for \`${command}\`${hint ? `; did you mean --${hint}?` : "."} See \`pulumi-entra-cross-tenant ${command} --help\`.`,
      );
    }
    const missing = /Option '(?:-\w, )?--([^ ']+)(?: <value>)?' argument missing/.exec(err.message ?? "");
    if (missing)
      throw new UsageError(`--${missing[1]} needs a value. See \`pulumi-entra-cross-tenant ${command} --help\`.`);
    throw new UsageError(`${err.message ?? String(e)}. See \`pulumi-entra-cross-tenant ${command} --help\`.`);
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${parsed.positionals[0]}" for \`${command}\`: every input is an option (--name value). See \`pulumi-entra-cross-tenant ${command} --help\`.`,
    );
  }
  return parsed.values as ParsedOptions;
}

export function stringOption(o: ParsedOptions, name: string): string | undefined {
  const v = o[name];
  return typeof v === "string" ? v : undefined;
}

export function listOption(o: ParsedOptions, name: string): string[] {
  const v = o[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

export function flag(o: ParsedOptions, name: string): boolean {
  return o[name] === true;
}

/** `--help` text: usage line, description, then the options grouped under their headings. */
export function renderHelp(usage: string, description: string, specs: readonly OptionSpec[], footer = ""): string {
  const lines = [`Usage: ${usage}`, "", description.trimEnd(), ""];
  const groups: string[] = [];
  for (const s of specs) if (!groups.includes(s.group)) groups.push(s.group);
  const label = (s: OptionSpec) => `--${s.name}${s.value ? ` ${s.value}` : ""}`;
  const width = Math.min(34, Math.max(...specs.map((s) => label(s).length), 10) + 2);
  for (const g of groups) {
    lines.push(`${g}:`);
    for (const s of specs.filter((x) => x.group === g)) {
      const l = label(s);
      const pad = l.length + 2 > width ? `\n  ${" ".repeat(width)}` : " ".repeat(width - l.length);
      const desc = s.description.split("\n").join(`\n  ${" ".repeat(width)}`);
      lines.push(`  ${l}${pad}${desc}`);
    }
    lines.push("");
  }
  lines.push(`  ${"--help, -h".padEnd(width)}Show this help.`, "");
  if (footer) lines.push(footer.trimEnd(), "");
  return lines.join("\n");
}
