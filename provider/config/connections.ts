/**
 * Named connections: stack config `entra:connections`, an object of name → settings with the same keys as the
 * top-level `entra:*` settings (keys.ts). A resource's `connection` input picks one; no `connection` means the
 * top-level settings.
 *
 * A key a connection does not give falls back to the top-level lookup (`entra:*`, `azuread:*`, environment), so a
 * multi-tenant app needs only `{ "tenantId": … }` per connection. The credential is the exception that keeps two
 * tenants' credentials from mixing: a connection that names its own credential (a secret, a certificate, useOidc,
 * useMsi or useCli) inherits only that credential's other keys (e.g. the OIDC token source of the CI runner), never
 * another kind's (a top-level certificate would otherwise win over the connection's secret).
 */
import { closestName } from "../text/didYouMean";
import { allKeys } from "./keys";
import {
  ConfigError,
  CONNECTIONS_CONFIG_KEY,
  ProviderSettings,
  RawConfig,
  SettingNames,
  settingsFromValues,
} from "./settings";

export type ConnectionSettings = Readonly<Record<string, string>>;

/** name → the keys that connection gives, as strings (stack config values are strings, booleans or numbers). */
export type Connections = ReadonlyMap<string, ConnectionSettings>;

const knownKeys = allKeys.map((k) => k.key);

/** The keys of each kind of credential; the first ones select the kind when a connection sets them. */
const credentialKinds: readonly { selectors: readonly string[]; keys: readonly string[] }[] = [
  { selectors: ["useOidc"], keys: ["useOidc", "oidcToken", "oidcTokenFilePath", "oidcRequestUrl", "oidcRequestToken"] },
  {
    selectors: ["clientCertificatePath", "clientCertificate"],
    keys: ["clientCertificatePath", "clientCertificate", "clientCertificatePassword"],
  },
  { selectors: ["clientSecret"], keys: ["clientSecret"] },
  { selectors: ["useMsi"], keys: ["useMsi"] },
  { selectors: ["useCli"], keys: ["useCli"] },
];
const booleanSelectors = new Set(["useOidc", "useMsi", "useCli"]);

function closest(key: string, known: readonly string[]): string | undefined {
  return closestName(key, known);
}

const typeOf = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;

/**
 * Parses `entra:connections` (a JSON string as the engine passes structured config). Throws ConfigError naming the
 * connection and key; never quotes the text (it may hold decrypted secrets).
 */
export function parseConnections(raw: RawConfig): Connections {
  const text = raw[CONNECTIONS_CONFIG_KEY];
  const out = new Map<string, ConnectionSettings>();
  if (text === undefined || text === "") return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(
      "connections",
      "is not valid JSON; set it as an object of name → settings, e.g. `pulumi config set --path 'entra:connections.source.tenantId' <id>`.",
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError("connections", `must be an object of name → settings, not ${typeOf(parsed)}.`);
  }
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    const where = `entra:connections.${name}`;
    if (name.trim() === "") throw new ConfigError("connections", "a connection name must not be empty.");
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ConfigError(
        "connections",
        `must be an object of settings (tenantId, clientId, …), not ${typeOf(value)}.`,
        where,
      );
    }
    const settings: Record<string, string> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (!knownKeys.includes(key)) {
        const s = closest(key, knownKeys);
        throw new ConfigError(
          key,
          s
            ? `unknown key; did you mean "${s}"?`
            : `unknown key; a connection takes the keys of the top-level settings: ${knownKeys.join(", ")}.`,
          `${where}.${key}`,
        );
      }
      if (v === null || v === undefined || v === "") continue;
      if (typeof v !== "string" && typeof v !== "boolean" && typeof v !== "number") {
        throw new ConfigError(key, `expected a string, boolean or number, not ${typeOf(v)}.`, `${where}.${key}`);
      }
      settings[key] = String(v);
    }
    out.set(name, settings);
  }
  return out;
}

/** How a connection's keys are named in messages. */
export function connectionNames(name: string, given: ConnectionSettings): SettingNames {
  const own = (key: string) => `entra:connections.${name}.${key}`;
  return {
    label: (key) => (key in given ? own(key) : `${own(key)} (or entra:${key} for every connection)`),
    howToSet: (key) => `set ${own(key)}, or entra:${key} for every connection`,
  };
}

function selects(given: ConnectionSettings, key: string): boolean {
  const v = given[key];
  if (v === undefined) return false;
  return booleanSelectors.has(key) ? ["true", "1", "yes"].includes(v.trim().toLowerCase()) : true;
}

/** One resolved value per key for a connection: its own keys, else the top-level lookup (see the file comment). */
export function connectionValues(
  name: string,
  given: ConnectionSettings,
  topLevel: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const chosen = credentialKinds.filter((k) => k.selectors.some((s) => selects(given, s)));
  if (chosen.length > 1) {
    const keys = chosen.map((k) => k.selectors.find((s) => selects(given, s)));
    throw new ConfigError(
      keys[0] as string,
      `connection "${name}" names ${keys.length} kinds of credential (${keys.join(", ")}); a connection uses one: keep one of them.`,
      `entra:connections.${name}`,
    );
  }
  const excluded = new Set(
    chosen.length === 1 ? credentialKinds.filter((k) => k !== chosen[0]).flatMap((k) => k.keys) : [],
  );
  const values: Record<string, string | undefined> = {};
  for (const key of knownKeys) values[key] = key in given ? given[key] : excluded.has(key) ? undefined : topLevel[key];
  return values;
}

/** The settings of connection `name`; throws ConfigError naming the connection's key and the fix. */
export function resolveConnection(
  name: string,
  connections: Connections,
  topLevel: Readonly<Record<string, string | undefined>>,
): ProviderSettings {
  const given = connections.get(name);
  if (!given) throw new UnknownConnectionError(name, connections);
  return settingsFromValues(connectionValues(name, given, topLevel), connectionNames(name, given));
}

/** Why `name` cannot be used, naming the configured connections (for the resource's `connection` property). */
export function unknownConnectionMessage(name: string, connections: Connections): string {
  const names = [...connections.keys()];
  const typo = closestName(name, names);
  return names.length
    ? `no connection named "${name}" in entra:connections; the configured connections are ${names.map((n) => `"${n}"`).join(", ")}.` +
        (typo ? ` Did you mean "${typo}"?` : "")
    : `no connection named "${name}": entra:connections is not set. Configure it with \`pulumi config set --path 'entra:connections.${name}.tenantId' <tenant id>\` (and the credential keys; --secret for secrets).`;
}

/** A resource names a connection that is not configured. */
export class UnknownConnectionError extends Error {
  constructor(
    readonly connection: string,
    connections: Connections,
  ) {
    super(unknownConnectionMessage(connection, connections));
    this.name = "UnknownConnectionError";
  }
}
