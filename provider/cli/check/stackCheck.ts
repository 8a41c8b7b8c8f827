/**
 * `check --stack` / `--config-file`: every connection a stack's configuration declares, checked the way the
 * provider would use it (the top-level `entra:*` settings and each `entra:connections` entry, resolved with the
 * same fallbacks and the environment), one line each: which app signed in to which tenant with which
 * permissions, or what failed and the fix. Errors name the stack's keys (`entra:connections.<name>.tenantId`).
 */
import * as path from "path";
import { validateSettings } from "../../auth/validateSettings";
import { ConnectionSettings, connectionNames, connectionValues, parseConnections } from "../../config/connections";
import { secretKeyNames } from "../../config/keys";
import {
  ConfigError,
  lookupValues,
  ProviderSettings,
  readStackConfig,
  SettingNames,
  settingsFromValues,
  topLevelNames,
} from "../../config/settings";
import { redact } from "../../log";
import { CheckResult, CHECK_PATH, check } from "./checkConnection";
import { ENCRYPTED, StackConfig } from "./stackConfig";

export type ConnectionStatus = "ok" | "missing" | "failed" | "unread" | "invalid" | "skipped";

export interface ConnectionReport {
  /** `entra:*` for the top-level settings, `entra:connections.<name>` for an entry. */
  connection: string;
  status: ConnectionStatus;
  /** The line's text after the status and the connection. */
  summary: string;
  result?: CheckResult;
}

export interface StackCheck {
  source: string;
  notes: string[];
  connections: ConnectionReport[];
  /** Every secret value of the configuration, for scrubbing whatever is printed. */
  secrets: string[];
}

const TOP_LEVEL = "entra:*";

/** Relative file paths are relative to the project, as they are for the provider (it runs there). */
export function withBaseDir(s: ProviderSettings, baseDir: string): ProviderSettings {
  const abs = (p: string | undefined) => (p === undefined || path.isAbsolute(p) ? p : path.resolve(baseDir, p));
  return {
    ...s,
    caCertPath: abs(s.caCertPath),
    credential: {
      ...s.credential,
      clientCertificatePath: abs(s.credential.clientCertificatePath),
      oidcTokenFilePath: abs(s.credential.oidcTokenFilePath),
    },
  };
}

function encryptedKeys(values: Readonly<Record<string, string | undefined>>): string[] {
  return Object.values(values)
    .filter((v): v is string => typeof v === "string" && v.startsWith(ENCRYPTED))
    .map((v) => v.slice(ENCRYPTED.length));
}

/** One line for a check's result. */
export function summarize(r: CheckResult): { status: ConnectionStatus; summary: string } {
  if (!r.signIn.ok) {
    const what = r.signIn.entra
      ? `Entra answered ${r.signIn.entra}`
      : r.signIn.networkError
        ? `the login host ${r.signIn.loginHost} did not answer (${r.signIn.networkError})`
        : (r.signIn.error ?? "")
            .replace(r.signIn.fix ?? "\u0000", "")
            .replace(/\s*Fix:\s*$/, "")
            .trim();
    return { status: "failed", summary: `sign-in failed: ${what}${r.signIn.fix ? ` Fix: ${r.signIn.fix}` : ""}` };
  }
  const id = r.identity;
  const who = id
    ? `tenant ${id.tenantId ?? "(not in token)"} as ${id.kind === "user" ? `user ${id.user ?? "?"} via app` : "app"} ${id.appId ?? "(not in token)"}${id.appDisplayName ? ` (${id.appDisplayName})` : ""}`
    : "a token that is not a JWT";
  const granted = id ? (id.kind === "app" ? id.roles : id.scopes) : [];
  const perms = id
    ? `${id.kind === "app" ? "roles" : "scopes"} ${granted.length ? granted.join(", ") : "(none)"}`
    : "permissions unknown";
  const head = `${who}, ${perms}`;
  if (r.tenantMismatch) return { status: "failed", summary: `${head}; but ${r.tenantMismatch}.` };
  const g = r.graph;
  const missing = r.permissions?.missing ?? [];
  const grant = missing.length
    ? `missing ${missing.join(" and ")}: grant it to app ${id?.appId ?? "?"} (Microsoft Graph application permission, then admin consent in tenant ${id?.tenantId ?? "?"}); \`check\` with this connection's settings prints the steps`
    : "";
  if (g && !g.ok) {
    const graph =
      g.status === undefined
        ? `Graph unreachable at ${g.host}: ${g.networkError}`
        : `Graph answered GET ${CHECK_PATH} with ${g.status} ${g.code}: ${g.message} (request-id ${g.requestId ?? "none"})`;
    return {
      status: g.status === 403 && missing.length ? "missing" : "failed",
      summary: `${head}; ${graph}.${grant ? ` ${grant}.` : g.hint ? ` ${g.hint}` : ""}`,
    };
  }
  if (missing.length) return { status: "missing", summary: `${head}; ${grant}.` };
  return { status: r.ready ? "ok" : "failed", summary: `${head}; Graph answers (${g?.durationMs ?? "?"} ms).` };
}

/** Checks the top-level settings (when they name a tenant or no connection exists) and every connection. */
export async function checkStack(
  cfg: StackConfig,
  env: NodeJS.ProcessEnv,
  logSink?: (line: string) => void,
): Promise<StackCheck> {
  const raw = readStackConfig((k) => cfg.config[k]);
  const top = lookupValues(raw, env);
  const reports: ConnectionReport[] = [];
  let connections: ReadonlyMap<string, ConnectionSettings> = new Map();
  try {
    connections = parseConnections(raw);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    reports.push({ connection: "entra:connections", status: "invalid", summary: e.message });
  }

  const secrets = new Set<string>();
  const addSecret = (v: string | undefined) =>
    v !== undefined && v.length >= 4 && !v.startsWith(ENCRYPTED) && secrets.add(v);
  for (const k of secretKeyNames) addSecret(top[k]);
  for (const given of connections.values()) for (const k of secretKeyNames) addSecret(given[k]);

  const entries: { label: string; values: Record<string, string | undefined>; names: SettingNames }[] = [];
  if (top.tenantId !== undefined || connections.size === 0)
    entries.push({ label: TOP_LEVEL, values: top, names: topLevelNames });
  else {
    reports.push({
      connection: TOP_LEVEL,
      status: "skipped",
      summary:
        "no tenantId: only resources without `connection` use the top-level settings, and they name no tenant here (the connections below do).",
    });
  }
  for (const [name, given] of connections) {
    try {
      entries.push({
        label: `entra:connections.${name}`,
        values: connectionValues(name, given, top),
        names: connectionNames(name, given),
      });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      reports.push({ connection: `entra:connections.${name}`, status: "invalid", summary: e.message });
    }
  }

  // Debug lines of one connection may quote another's secret: scrub them all.
  const sink = logSink && ((line: string) => logSink(redact(line, [...secrets])));
  const checked = await Promise.all(
    entries.map(async (entry): Promise<ConnectionReport> => {
      const unread = encryptedKeys(entry.values);
      if (unread.length) {
        return {
          connection: entry.label,
          status: "unread",
          summary: `not checked: ${unread.join(", ")} ${unread.length === 1 ? "is" : "are"} encrypted in ${cfg.source}; ${cfg.decryptHint}.`,
        };
      }
      let settings: ProviderSettings;
      try {
        settings = withBaseDir(settingsFromValues(entry.values, entry.names), cfg.baseDir);
        validateSettings(settings, entry.names);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return { connection: entry.label, status: "invalid", summary: e.message };
      }
      const result = await check(settings, sink, entry.names);
      return { connection: entry.label, ...summarize(result), result };
    }),
  );
  // The top-level line first, then the connections in their configured order.
  const order = (c: string) => (c === TOP_LEVEL ? 0 : c === "entra:connections" ? 1 : 2);
  const named = [...connections.keys()].map((n) => `entra:connections.${n}`);
  const all = [...reports, ...checked].sort(
    (a, b) => order(a.connection) - order(b.connection) || named.indexOf(a.connection) - named.indexOf(b.connection),
  );
  return { source: cfg.source, notes: cfg.notes, connections: all, secrets: [...secrets] };
}

const LABEL: Readonly<Record<ConnectionStatus, string>> = {
  ok: "ok",
  missing: "MISSING",
  failed: "FAILED",
  unread: "UNREAD",
  invalid: "INVALID",
  skipped: "skipped",
};

export function formatStackCheck(s: StackCheck): string {
  const lines = [`Stack configuration: ${s.source}`];
  for (const n of s.notes) lines.push(`note: ${n}`);
  lines.push("");
  const width = Math.max(...s.connections.map((c) => c.connection.length), TOP_LEVEL.length);
  for (const c of s.connections)
    lines.push(`${LABEL[c.status].padEnd(8)}${c.connection.padEnd(width + 2)}${c.summary}`);
  const counted = s.connections.filter((c) => c.status !== "skipped");
  const count = (st: ConnectionStatus) => counted.filter((c) => c.status === st).length;
  const ready = count("ok");
  lines.push("");
  lines.push(
    ready === counted.length && counted.length > 0
      ? `Ready: all ${counted.length} connection${counted.length === 1 ? "" : "s"} can manage their tenant.`
      : `Not ready: ${ready} of ${counted.length} connection${counted.length === 1 ? "" : "s"} ready${(
          ["failed", "missing", "unread", "invalid"] as const
        )
          .filter((st) => count(st) > 0)
          .map(
            (st) =>
              `, ${count(st)} ${st === "missing" ? "missing a permission" : st === "unread" ? "not checked (encrypted)" : st}`,
          )
          .join("")}.`,
  );
  lines.push("");
  return lines.join("\n");
}

/** 1 when any connection failed or could not be checked, else 3 when a permission is missing, else 0. */
export function stackExitCode(s: StackCheck): number {
  const st = new Set(s.connections.map((c) => c.status));
  if (st.has("failed") || st.has("unread") || st.has("invalid")) return 1;
  if (st.has("missing")) return 3;
  return s.connections.some((c) => c.status === "ok") ? 0 : 1;
}
