/**
 * The provider process's settings and connections: the stack config copied by configure(), each connection's
 * settings resolved and validated once per configuration, and, on first use of each connection (the top-level
 * settings or a named one of `entra:connections`), its Graph client, token cache and LifecycleContext, shared by
 * every resource type and every concurrent call on that connection. A different configuration drops them all.
 *
 * configure() is synchronous on purpose: the host caches the provider before configure() settles and runs
 * Read/Delete steps in parallel, so nothing may depend on an await in configure().
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { GraphTokenOptions } from "../auth/tokens";
import { tenantOfToken } from "../auth/tokenPayload";
import { validateSettings } from "../auth/validateSettings";
import {
  Connections,
  connectionNames,
  connectionValues,
  parseConnections,
  UnknownConnectionError,
} from "../config/connections";
import { secretKeyNames } from "../config/keys";
import {
  ApiVersion,
  ConfigError,
  lookupValues,
  ProviderSettings,
  readStackConfig,
  SettingNames,
  settingsFromValues,
  topLevelNames,
} from "../config/settings";
import { Connection, createConnection } from "../connection/connection";
import type { Clock } from "../graph/pipeline";
import { systemClock } from "../graph/pipeline";
import type { CheckFailure, LifecycleContext, RecentWrite } from "../resources/handler";
import { GUID_PATTERN } from "../text/guid";

export interface RuntimeOptions {
  /** Environment for ARM_* / AZURE_* / ENTRA_* fallbacks. Defaults to process.env (read lazily). */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  random?: () => number;
  /** Where debug lines go (default stderr). */
  logSink?: (line: string) => void;
  /** Test hooks for credential creation. */
  tokenOptions?: GraphTokenOptions;
}

/** The input every resource takes to pick a named connection. */
export const CONNECTION_INPUT = "connection";
/** The engine's unknown-value sentinel (a preview value that comes from another resource's output). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Name = string | undefined;

/** A connection's settings, checked once per configuration: usable, or the error naming the key and the fix. */
export type Resolved = { settings: ProviderSettings; names: SettingNames; error?: undefined } | { error: Error };

/** A connection in use: its Graph client and tokens, and the context handed to every lifecycle call on it. */
export interface Live {
  connection: Connection;
  ctx: LifecycleContext;
}

/** A relationship with the tenant that the resource's connection signs in to. */
export function ownTenantMessage(partner: string, conn: unknown, property = "tenantId"): string {
  const key = typeof conn === "string" ? `entra:connections.${conn}.tenantId` : "entra:tenantId";
  return (
    `${property} ${partner} is the tenant this resource signs in to (${key}), and a tenant cannot be its own partner. ` +
    `Set ${property} to the other tenant's ID; to manage the other tenant's side, give the resource that tenant's connection (the \`connection\` input).`
  );
}

export interface ConnectionCache {
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  /** Resolves and validates a connection's settings once per configuration (no network call). */
  resolve(name: Name): Resolved;
  /** The connection's client, tokens and LifecycleContext, created on first use; throws its settings error. */
  liveConnection(name: Name): Live;
  /** The connection when it is in use already, without opening it. */
  opened(name: Name): Live | undefined;
  /** Every secret value of the settings, scrubbed from error and log text. */
  secrets(): string[];
  /** Why a `connection` input cannot be used, as check failures (none when it can, or is not known yet). */
  connectionFailures(conn: unknown): { failures: CheckFailure[]; apiVersion?: ApiVersion };
  /** Before a create: refuses a partner that is the signed-in tenant itself (see below). */
  refuseOwnTenant(conn: unknown, partner: string | undefined, timeoutMs: number, property?: string): Promise<void>;
}

export function createConnectionCache(options: RuntimeOptions = {}): ConnectionCache {
  const clock = options.clock ?? systemClock;
  let raw: Record<string, string> = {};
  // Derived from `raw`, dropped together whenever configure() brings a different configuration.
  let resolved = new Map<Name, Resolved>();
  let live = new Map<Name, Live>();
  let connections: Connections | ConfigError | undefined;
  let topValues: Record<string, string | undefined> | undefined;
  let allSecrets: string[] | undefined;
  const env = () => options.env ?? process.env;

  function topLevel(): Record<string, string | undefined> {
    if (!topValues) topValues = lookupValues(raw, env());
    return topValues;
  }

  function configured(): Connections {
    if (!connections) {
      try {
        connections = parseConnections(raw);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        connections = e;
      }
    }
    if (connections instanceof ConfigError) throw connections;
    return connections;
  }

  /**
   * Every secret value of the top-level settings and of every connection (keys flagged `secret` in keys.ts),
   * scrubbed from all error and log text whichever connection produced it.
   */
  function secrets(): string[] {
    if (!allSecrets) {
      const values = new Set<string>();
      const add = (v: string | undefined) => v !== undefined && v.length >= 4 && values.add(v);
      for (const k of secretKeyNames) add(topLevel()[k]);
      try {
        for (const given of configured().values()) for (const k of secretKeyNames) add(given[k]);
      } catch {
        // unparsable entra:connections: its text is never quoted in errors
      }
      allSecrets = [...values];
    }
    return allSecrets;
  }

  /** Resolves and validates a connection's settings once per configuration (no network call). */
  function resolve(name: Name): Resolved {
    let r = resolved.get(name);
    if (!r) {
      try {
        let settings: ProviderSettings;
        let names: SettingNames;
        if (name === undefined) {
          names = topLevelNames;
          settings = settingsFromValues(topLevel(), names);
        } else {
          const all = configured();
          const given = all.get(name);
          if (!given) throw new UnknownConnectionError(name, all);
          names = connectionNames(name, given);
          settings = settingsFromValues(connectionValues(name, given, topLevel()), names);
        }
        validateSettings(settings, names);
        r = { settings, names };
      } catch (e) {
        if (!(e instanceof ConfigError || e instanceof UnknownConnectionError)) throw e;
        r = { error: e };
      }
      resolved.set(name, r);
    }
    return r;
  }

  /**
   * The connection's client, tokens and LifecycleContext, created synchronously on first use, so that concurrent
   * first calls share one credential and one token. Throws the settings error for an unusable connection.
   */
  function liveConnection(name: Name): Live {
    let l = live.get(name);
    if (l) return l;
    const r = resolve(name);
    if (r.error) throw r.error;
    const connection = createConnection(r.settings, {
      names: r.names,
      logSink: options.logSink,
      clock,
      random: options.random,
      extraSecrets: secrets(),
      tokenOptions: options.tokenOptions,
    });
    const s = r.settings;
    const writes = new Map<string, RecentWrite>();
    l = {
      connection,
      ctx: {
        graph: connection.graph,
        apiVersion: s.apiVersion,
        graphEndpoint: s.graphEndpoint,
        cloud: s.cloud,
        operationTimeoutMs: s.operationTimeoutMs,
        replicationWaitMs: s.replicationWaitMs,
        retryBaseDelayMs: s.retryBaseDelayMs,
        clock,
        random: options.random ?? Math.random,
        writes,
        secrets: connection.secrets,
        logger: connection.logger,
        notice: (line) => console.log(line),
      },
    };
    live.set(name, l);
    return l;
  }

  async function configure(req: dynamic.ConfigureRequest): Promise<void> {
    const next = readStackConfig((k) => req.config.get(k));
    if (JSON.stringify(next) !== JSON.stringify(raw)) {
      raw = next;
      resolved = new Map();
      live = new Map();
      connections = undefined;
      topValues = undefined;
      allSecrets = undefined;
    }
  }

  /** Why a `connection` input cannot be used, as check failures (none when it can, or is not known yet). */
  function connectionFailures(conn: unknown): { failures: CheckFailure[]; apiVersion?: ApiVersion } {
    if (conn === UNKNOWN) return { failures: [] };
    if (conn !== undefined && (typeof conn !== "string" || conn.trim() === "")) {
      let names = "";
      try {
        names = [...configured().keys()].map((n) => `"${n}"`).join(", ");
      } catch {
        // reported when a connection is used
      }
      return {
        failures: [
          {
            property: CONNECTION_INPUT,
            reason: `must be the name of a connection in entra:connections${names ? ` (${names})` : ""}, or omitted for the top-level entra:* settings.`,
          },
        ],
      };
    }
    const r = resolve(conn as Name);
    if (r.error)
      return { failures: [{ property: conn === undefined ? "" : CONNECTION_INPUT, reason: r.error.message }] };
    return { failures: [], apiVersion: r.settings.apiVersion };
  }

  /**
   * Before a create: a partner that is the signed-in tenant itself, when the settings do not name the tenant by its
   * ID (a domain name, or none) so check() could not tell. Reads the token's `tid`: the token the create needs
   * anyway, so no extra request.
   */
  async function refuseOwnTenant(
    conn: unknown,
    partner: string | undefined,
    timeoutMs: number,
    property?: string,
  ): Promise<void> {
    if (partner === undefined) return;
    const l = liveConnection(typeof conn === "string" ? conn : undefined);
    const configured = l.connection.settings.credential.tenantId?.trim().toLowerCase();
    if (configured && GUID_PATTERN.test(configured)) return; // check() compared it already
    const tid = tenantOfToken(await l.connection.tokens.getToken(clock.now() + timeoutMs));
    if (tid === partner) throw new Error(ownTenantMessage(partner, conn, property));
  }

  return {
    configure,
    resolve,
    liveConnection,
    opened: (name) => live.get(name),
    secrets,
    connectionFailures,
    refuseOwnTenant,
  };
}
