/**
 * What the serialized provider loads by package name (`pulumi-entra-cross-tenant/runtime`). Everything stateful
 * lives here, per provider process: the settings copied by configure(), then, on first use, one Graph client and
 * one token cache shared by every resource and every concurrent call.
 *
 * configure() is synchronous on purpose: the host caches the provider before configure() settles and runs
 * Read/Delete steps in parallel, so nothing may depend on an await in configure().
 */
import * as fs from "fs";
import * as tls from "tls";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createGraphTokenProvider, GraphTokenOptions } from "../auth/tokens";
import type { TokenProvider } from "../auth/tokenCache";
import { ConfigError, ProviderSettings, readStackConfig, resolveSettings, secretValues } from "../config/settings";
import { createGraphClient } from "../graph/client";
import { Clock, systemClock } from "../graph/pipeline";
import { createDebugLogger } from "../log";
import type { Bag, LifecycleContext, RecentWrite, ResourceHandler } from "../resources/handler";
import { handlerFor, legacyTypeName } from "../resources/registry";
import { userAgent } from "../version";

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

interface Services {
  settings: ProviderSettings;
  ctx: LifecycleContext;
  tokens: TokenProvider;
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
  /** The provider of one resource type (memoized); throws for a type this package version does not know. */
  provider(typeName: string): TypeProvider;
  /** Token acquisitions started by this runtime (1 per process in steady state). */
  tokenAcquisitions(): number;
}

/** Reads the trusted CA list once: system roots plus the configured PEM (never a replacement of the roots). */
function trustedCas(settings: ProviderSettings): string[] | undefined {
  if (!settings.caCertPath) return undefined;
  let pem: string;
  try {
    pem = fs.readFileSync(settings.caCertPath, "utf8");
  } catch (e) {
    throw new ConfigError("caCertPath", `cannot read "${settings.caCertPath}": ${(e as Error).message}`);
  }
  return [...tls.rootCertificates, pem];
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const clock = options.clock ?? systemClock;
  let raw: Record<string, string> = {};
  let settings: ProviderSettings | undefined;
  let services: Services | undefined;
  const writes = new Map<string, RecentWrite>();
  const providers = new Map<string, TypeProvider>();

  function currentSettings(): ProviderSettings {
    if (!settings) settings = resolveSettings(raw, options.env ?? process.env);
    return settings;
  }

  /** Created synchronously on first use, so concurrent first calls share one client and one token cache. */
  function getServices(): Services {
    if (services) return services;
    const s = currentSettings();
    const secrets = secretValues(s);
    const logger = createDebugLogger(s.debug, secrets, options.logSink);
    const ca = trustedCas(s);
    const tokens = createGraphTokenProvider(s, { ca, userAgent: userAgent(), timeoutMs: s.requestTimeoutMs, clock, ...options.tokenOptions });
    const graph = createGraphClient({
      graphEndpoint: s.graphEndpoint,
      apiVersion: s.apiVersion,
      tokens,
      userAgent: userAgent(),
      ca,
      requestTimeoutMs: s.requestTimeoutMs,
      retryBaseDelayMs: s.retryBaseDelayMs,
      maxRetries: s.maxRetries,
      logger,
      clock,
      random: options.random,
    });
    services = {
      settings: s,
      tokens,
      ctx: {
        graph,
        apiVersion: s.apiVersion,
        operationTimeoutMs: s.operationTimeoutMs,
        replicationWaitMs: s.replicationWaitMs,
        retryBaseDelayMs: s.retryBaseDelayMs,
        clock,
        random: options.random ?? Math.random,
        writes,
        secrets,
        logger,
      },
    };
    return services;
  }

  async function configure(req: dynamic.ConfigureRequest): Promise<void> {
    const next = readStackConfig((k) => req.config.get(k));
    if (JSON.stringify(next) !== JSON.stringify(raw)) {
      raw = next;
      settings = undefined;
      services = undefined;
    }
  }

  function typeProvider(handler: ResourceHandler): TypeProvider {
    const type = `entra:${handler.typeName}`;
    /** Settings errors surface as a clear error of the step that needed them. */
    function guard<T>(action: string, subject: string, fn: () => T): T {
      try {
        return fn();
      } catch (e) {
        throw e instanceof ConfigError ? new Error(`${type}: cannot ${action} ${subject}: ${e.message}`) : e;
      }
    }
    const subject = (id: string | undefined, bag: Bag | undefined) => String(bag?.tenantId ?? id ?? "(unknown)");

    return {
      configure,
      async check(_olds, news) {
        const apiVersion = guard("check", subject(undefined, news), () => currentSettings().apiVersion);
        return handler.check(news ?? {}, apiVersion);
      },
      async diff(_id, olds, news) {
        const d = handler.diff(olds ?? {}, news ?? {});
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
      },
      async create(inputs) {
        const svc = guard("create", subject(undefined, inputs), getServices);
        return handler.create(svc.ctx, inputs);
      },
      async read(id, props) {
        const svc = guard("read", subject(id, props), getServices);
        return handler.read(svc.ctx, id, props ?? {});
      },
      async update(id, olds, news) {
        const svc = guard("update", subject(id, news), getServices);
        return handler.update(svc.ctx, id, olds ?? {}, news);
      },
      async delete(id, props) {
        const svc = guard("delete", subject(id, props), getServices);
        await handler.delete(svc.ctx, id, props ?? {});
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

  const legacy = provider(legacyTypeName);
  return {
    ...legacy,
    provider,
    tokenAcquisitions: () => services?.tokens.acquisitions ?? 0,
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
