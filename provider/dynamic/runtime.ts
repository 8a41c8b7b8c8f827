/**
 * What the serialized providers load (`pulumi-entra-cross-tenant/runtime`, `.../providers/<Type>`). Everything
 * stateful lives here, per provider process: the settings copied by configure(), then, on first use of each
 * connection (the top-level settings or a named one of `entra:connections`), its own Graph client, token cache,
 * retry budget and LifecycleContext, shared by every resource and every concurrent call on that connection.
 *
 * The runtime owns the inputs every resource has: `connection` (checked, compared for replacement, copied into
 * outputs, used to pick the LifecycleContext) and `__provider`; handlers never see `connection`.
 *
 * configure() is synchronous on purpose: the host caches the provider before configure() settles and runs
 * Read/Delete steps in parallel, so nothing may depend on an await in configure().
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { GraphTokenOptions } from "../auth/tokens";
import { tenantOfToken } from "../auth/tokenTenant";
import { validateSettings } from "../auth/validateSettings";
import { Connections, connectionNames, connectionValues, parseConnections, UnknownConnectionError } from "../config/connections";
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
import { hostError, installHostErrorFilter, ResourceInitFailure } from "../errors";
import { OWNER_INPUT, OWNERSHIP_INPUT } from "../resources/handler";
import type { Bag, CheckFailure, LifecycleContext, RecentWrite, ResourceHandler } from "../resources/handler";
import { handlerFor, legacyTypeName } from "../resources/registry";
import { GUID } from "../resources/shared/checks";

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

/** What the host calls for one resource type (the methods of a dynamic.ResourceProvider, all present). */
export interface TypeProvider {
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  check(olds: Bag, news: Bag): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Bag, news: Bag): Promise<dynamic.DiffResult>;
  create(inputs: Bag): Promise<dynamic.CreateResult>;
  read(id: string, props?: Bag): Promise<dynamic.ReadResult>;
  update(id: string, olds: Bag, news: Bag): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Bag): Promise<void>;
}

/**
 * One runtime per provider process, shared by every resource type. Its own TypeProvider methods are those of the
 * legacy type (the sync policy), for state whose serialized provider names no type.
 */
export interface Runtime extends TypeProvider {
  /** The provider of one resource type (memoized); for a type this version does not know, every call fails saying so. */
  provider(typeName: string): TypeProvider;
  /** Token acquisitions started for a connection (undefined = the top-level settings); 1 in steady state. */
  tokenAcquisitions(connection?: string): number;
}

/** The input every resource takes to pick a named connection. */
export const CONNECTION_INPUT = "connection";
/** The engine's unknown-value sentinel (a preview value that comes from another resource's output). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Name = string | undefined;

/** A connection's settings, checked once per configuration: usable, or the error naming the key and the fix. */
type Resolved = { settings: ProviderSettings; names: SettingNames; error?: undefined } | { error: Error };

interface Live {
  connection: Connection;
  ctx: LifecycleContext;
}

function withoutConnection(bag: Bag | undefined): Bag {
  const { [CONNECTION_INPUT]: _omit, ...rest } = bag ?? {};
  return rest;
}

/** The connection a bag names: undefined (top-level), a name, or the unknown sentinel during a preview. */
function connectionOf(bag: Bag | undefined): unknown {
  return bag?.[CONNECTION_INPUT];
}

/**
 * The engine prints a failure as `property P value {V} has a problem: R`, looking V up as a top-level input, so a
 * nested path (`inboundTrust.isMfaAcepted`) would show `value {<nil>}`. Nested failures therefore go without a
 * property (`resource 'name' has a problem: R`), their reason naming the full path.
 */
export function forEngine(f: CheckFailure): CheckFailure {
  if (!/[.[]/.test(f.property)) return f;
  return { property: "", reason: f.reason.includes(f.property) ? f.reason : `${f.property}: ${f.reason}` };
}

/**
 * A delete skipped because a create in this deployment wrote the same object: the resource is removed from state
 * and the object stays with its new owner. The line goes to stdout, which the CLI shows as an info diagnostic
 * (a dynamic provider has no other channel to the engine; pulumi-dynamic-providers.md §7).
 */
function keptForNewOwner(handler: ResourceHandler, id: string, owner: string | undefined): void {
  const what = handler.describe?.(id) ?? `entra:${handler.typeName} ${id}`;
  console.log(
    `entra:${handler.typeName}: did not delete ${what}: ${owner ?? "another resource of this program"} manages the same object ` +
      `and was created earlier in this update, so the object stays in Entra for it. If you renamed a resource, this was its ` +
      `old name: add the \`aliases\` resource option when renaming so Pulumi moves the resource instead of taking the object over.`,
  );
}

/**
 * Key-order-independent JSON of a resource's own outputs (they come back from the engine through protobuf Structs,
 * with the host's `__provider` added).
 */
function canonical(value: object): string {
  const own = Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith("__") && k !== CONNECTION_INPUT));
  return JSON.stringify(own, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Bag).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A relationship with the tenant that the resource's connection signs in to. */
function ownTenantMessage(partner: string, conn: unknown): string {
  const key = typeof conn === "string" ? `entra:connections.${conn}.tenantId` : "entra:tenantId";
  return (
    `tenantId ${partner} is the tenant this resource signs in to (${key}), and a tenant cannot be its own partner. ` +
    `Set tenantId to the other tenant's ID; to manage the other tenant's side, give the resource that tenant's connection (the \`connection\` input).`
  );
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const clock = options.clock ?? systemClock;
  let raw: Record<string, string> = {};
  // Derived from `raw`, dropped together whenever configure() brings a different configuration.
  let resolved = new Map<Name, Resolved>();
  let live = new Map<Name, Live>();
  let connections: Connections | ConfigError | undefined;
  let topValues: Record<string, string | undefined> | undefined;
  let allSecrets: string[] | undefined;
  const providers = new Map<string, TypeProvider>();
  // Rename protection, per process (one deployment): who checked each object, and the objects a create claimed in
  // this deployment. A later delete of such an object by another resource (the old name of a renamed resource,
  // the old half of a create-before-delete replacement) would delete the object its new owner just took over.
  const checkedBy = new Map<string, string>();
  // Per claimed object: the claiming resource's label and every output this process gave it (create, update), so
  // that its own delete, with any of them, still deletes; another resource's delete (older outputs) is skipped.
  const createdBy = new Map<string, { owner?: string; outs: Set<string> }>();

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
    if (r.error) return { failures: [{ property: conn === undefined ? "" : CONNECTION_INPUT, reason: r.error.message }] };
    return { failures: [], apiVersion: r.settings.apiVersion };
  }

  /**
   * Before a create: a partner that is the signed-in tenant itself, when the settings do not name the tenant by its
   * ID (a domain name, or none) so check() could not tell. Reads the token's `tid`: the token the create needs
   * anyway, so no extra request.
   */
  async function refuseOwnTenant(conn: unknown, partner: string | undefined, timeoutMs: number): Promise<void> {
    if (partner === undefined) return;
    const l = liveConnection(typeof conn === "string" ? conn : undefined);
    const configured = l.connection.settings.credential.tenantId?.trim().toLowerCase();
    if (configured && GUID.test(configured)) return; // check() compared it already
    const tid = tenantOfToken(await l.connection.tokens.getToken(clock.now() + timeoutMs));
    if (tid === partner) throw new Error(ownTenantMessage(partner, conn));
  }

  function typeProvider(handler: ResourceHandler): TypeProvider {
    const type = `entra:${handler.typeName}`;
    const objectKey = (conn: unknown, id: string) => JSON.stringify([handler.typeName, typeof conn === "string" ? conn : "", id.toLowerCase()]);

    /** Every failure leaves as one redacted message without a stack (see hostError); debug logs keep the stack. */
    async function boundary<T>(name: Name, fn: () => Promise<T>): Promise<T> {
      try {
        return await fn();
      } catch (e) {
        const l = live.get(name);
        if (l?.connection.logger.enabled && e instanceof Error) l.connection.logger.log(`error: ${e.stack ?? e.message}`);
        throw hostError(e, secrets());
      }
    }

    /** The connection's context, or the settings error naming the step and the object. */
    function contextFor(conn: unknown, action: string, id: string | undefined, bag: Bag | undefined): LifecycleContext {
      const name = typeof conn === "string" ? conn : undefined;
      try {
        return liveConnection(name).ctx;
      } catch (e) {
        if (!(e instanceof ConfigError || e instanceof UnknownConnectionError)) throw e;
        const subject = String(bag?.tenantId ?? id ?? "(unknown)");
        throw new Error(`${type}: cannot ${action} ${subject}: ${e.message}`);
      }
    }

    const withConnection = <T extends object | undefined>(value: T, conn: unknown): T =>
      value && conn !== undefined ? ({ ...value, [CONNECTION_INPUT]: conn } as T) : value;

    return {
      configure,

      check: (_olds, news) =>
        boundary(undefined, async () => {
          const conn = connectionOf(news);
          const { failures, apiVersion } = connectionFailures(conn);
          const fallback = conn === undefined ? undefined : resolve(undefined);
          const version = apiVersion ?? (fallback && !fallback.error ? fallback.settings.apiVersion : "v1.0");
          const { [OWNERSHIP_INPUT]: conflict, [OWNER_INPUT]: owner, ...rest } = news ?? {};
          // Beta-only properties name the setting that works for this resource's connection.
          const versionKey = typeof conn === "string" && conn !== UNKNOWN ? `entra:connections.${conn}.apiVersion` : "entra:apiVersion";
          const out = handler.check(withoutConnection(rest), version, versionKey);
          // Another resource of the program owns this object (resources/ownership.ts): fail before any step.
          const ownerFailures: CheckFailure[] = typeof conflict === "string" && conflict !== UNKNOWN ? [{ property: "", reason: conflict }] : [];
          const home = failures.length === 0 && conn !== UNKNOWN ? resolve(conn as Name) : undefined;
          const homeTenant = home && !home.error ? home.settings.credential.tenantId?.trim().toLowerCase() : undefined;
          const partner = handler.partnerTenant?.(out.inputs);
          if (partner !== undefined && homeTenant !== undefined && partner === homeTenant) {
            ownerFailures.push({ property: "tenantId", reason: ownTenantMessage(partner, conn) });
          }
          const id = handler.objectId?.(out.inputs);
          if (typeof owner === "string" && id !== undefined && id !== UNKNOWN && conn !== UNKNOWN) checkedBy.set(objectKey(conn, id), owner);
          return { inputs: withConnection(out.inputs, conn), failures: [...ownerFailures, ...failures, ...out.failures].map(forEngine) };
        }),

      diff: (_id, olds, news) =>
        boundary(undefined, async () => {
          const d = handler.diff(withoutConnection(olds), withoutConnection(news));
          const was = connectionOf(olds);
          const now = connectionOf(news);
          // Another connection is another tenant's (or app's) object: replace it, deleting the old one first so
          // that two names for one tenant never leave two owners of one object.
          if (now === UNKNOWN || was !== now) {
            return { changes: true, replaces: [...d.replaces, CONNECTION_INPUT], deleteBeforeReplace: true };
          }
          return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
        }),

      create: (inputs) => {
        const conn = connectionOf(inputs);
        return boundary(conn as Name, async () => {
          // Claimed before the create runs: even if it fails halfway (e.g. a take-over refused), another
          // resource's delete of the object in this deployment would lose it.
          const ctx = contextFor(conn, "create", undefined, inputs);
          await refuseOwnTenant(conn, handler.partnerTenant?.(withoutConnection(inputs)), ctx.operationTimeoutMs);
          const planned = handler.objectId?.(withoutConnection(inputs));
          const claim = (id: string, outs?: object) => {
            const key = objectKey(conn, id);
            const c = createdBy.get(key) ?? { owner: checkedBy.get(key), outs: new Set<string>() };
            if (outs) c.outs.add(canonical(outs));
            createdBy.set(key, c);
          };
          if (planned !== undefined) claim(planned);
          try {
            const { id, outs } = await handler.create(ctx, withoutConnection(inputs));
            claim(id, outs);
            return { id, outs: withConnection(outs, conn) };
          } catch (e) {
            if (e instanceof ResourceInitFailure) claim(e.id, e.properties);
            throw e;
          }
        });
      },

      read: (id, props) => {
        const conn = connectionOf(props);
        return boundary(conn as Name, async () => {
          const r = await handler.read(contextFor(conn, "read", id, props), id, withoutConnection(props));
          if (!r.id) return r;
          return { id: r.id, props: withConnection(r.props, conn), inputs: withConnection(r.inputs, conn) };
        });
      },

      update: (id, olds, news) => {
        const conn = connectionOf(news) ?? connectionOf(olds);
        return boundary(conn as Name, async () => {
          const ctx = contextFor(conn, "update", id, news);
          const { outs } = await handler.update(ctx, id, withoutConnection(olds), withoutConnection(news));
          // The owner of an object claimed in this process changed its outputs: its own later delete still deletes.
          const claim = createdBy.get(objectKey(conn, id));
          if (claim?.outs.has(canonical(withoutConnection(olds)))) claim.outs.add(canonical(outs));
          return { outs: withConnection(outs, conn) };
        });
      },

      delete: (id, props) => {
        const conn = connectionOf(props);
        return boundary(conn as Name, async () => {
          // Skipped unless it is the very resource this process created (its own outputs): that one deletes as usual.
          const claim = createdBy.get(objectKey(conn, id));
          if (claim && !claim.outs.has(canonical(withoutConnection(props)))) {
            keptForNewOwner(handler, id, claim.owner);
            return;
          }
          await handler.delete(contextFor(conn, "delete", id, props), id, withoutConnection(props));
        });
      },
    };
  }

  function provider(typeName: string): TypeProvider {
    let p = providers.get(typeName);
    if (!p) {
      p = typeProvider(handlerFor(typeName));
      providers.set(typeName, p);
    }
    return p;
  }

  /** For the serialized providers: a type this version does not know fails each call with one clear error. */
  function providerOrFailure(typeName: string): TypeProvider {
    try {
      return provider(typeName);
    } catch (e) {
      const fail = async (): Promise<never> => {
        throw hostError(e);
      };
      return { configure, check: fail, diff: fail, create: fail, read: fail, update: fail, delete: fail };
    }
  }

  const legacy = provider(legacyTypeName);
  return {
    ...legacy,
    provider: providerOrFailure,
    tokenAcquisitions: (connection?: string) => live.get(connection)?.connection.tokens.acquisitions ?? 0,
  };
}

/** A Pulumi-style config accessor over a plain map (tests, bench, scripts outside the Pulumi host). */
export function configFromMap(map: Record<string, string | undefined>): dynamic.Config {
  return {
    get: (key) => map[key],
    require: (key) => {
      const v = map[key];
      if (v === undefined) throw new Error(`missing required configuration key ${key}`);
      return v;
    },
  };
}

// This module is loaded by the dynamic-provider host: report each error once (see hostError).
installHostErrorFilter();

/** The process-wide runtime every serialized provider delegates to (one per dynamic-provider host process). */
const processRuntime = createRuntime();

/** The provider of one resource type; what `providerFor(typeName)`'s serialized text calls. */
export const provider = (typeName: string): TypeProvider => processRuntime.provider(typeName);

// The top-level exports are the legacy type's (the sync policy): state written before there were several resource
// kinds holds a serialized provider that calls them without naming a type (test/provider/fixtures).
const legacy = processRuntime.provider(legacyTypeName);
export const configure = (req: dynamic.ConfigureRequest) => legacy.configure(req);
export const check = (olds: Bag, news: Bag) => legacy.check(olds, news);
export const diff = (id: string, olds: Bag, news: Bag) => legacy.diff(id, olds, news);
export const create = (inputs: Bag) => legacy.create(inputs);
export const read = (id: string, props?: Bag) => legacy.read(id, props);
export const update = (id: string, olds: Bag, news: Bag) => legacy.update(id, olds, news);
// `delete` is a reserved word, so the export is declared under another local name.
const remove = (id: string, props: Bag) => legacy.delete(id, props);
export { remove as delete };
