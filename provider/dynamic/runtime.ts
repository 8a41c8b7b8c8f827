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
import { plainError } from "../errors";
import { checkInputs } from "../resources/identitySyncPolicy/schema";
import { diffPolicy } from "../resources/identitySyncPolicy/diff";
import {
  createPolicy,
  deletePolicy,
  LifecycleContext,
  readPolicy,
  RecentWrite,
  updatePolicy,
} from "../resources/identitySyncPolicy/lifecycle";
import { stripUndefined } from "../resources/identitySyncPolicy/payload";
import type { PolicyInputs, PolicyOutputs } from "../resources/identitySyncPolicy/types";
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

type Bag = Record<string, unknown>;

export interface Runtime {
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  check(olds: Bag, news: Bag): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Bag, news: Bag): Promise<dynamic.DiffResult>;
  create(inputs: Bag): Promise<dynamic.CreateResult>;
  read(id: string, props?: Bag): Promise<dynamic.ReadResult>;
  update(id: string, olds: Bag, news: Bag): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Bag): Promise<void>;
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

  /** Settings errors surface as a clear error of the step that needed them. */
  function guard<T>(action: string, tenantId: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw e instanceof ConfigError ? plainError(`cannot ${action} partner tenant ${tenantId}: ${e.message}`) : e;
    }
  }

  const tenantOf = (id: string | undefined, bag: Bag | undefined) => String(bag?.tenantId ?? id ?? "(unknown)");

  return {
    async configure(req) {
      const next = readStackConfig((k) => req.config.get(k));
      if (JSON.stringify(next) !== JSON.stringify(raw)) {
        raw = next;
        settings = undefined;
        services = undefined;
      }
    },

    async check(_olds, news) {
      const apiVersion = guard("check", tenantOf(undefined, news), () => currentSettings().apiVersion);
      const { inputs, failures } = checkInputs(news ?? {}, apiVersion);
      return { inputs: stripUndefined(inputs), failures };
    },

    async diff(_id, olds, news) {
      const d = diffPolicy(olds ?? {}, news ?? {});
      return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    },

    async create(inputs) {
      const svc = guard("create the identity sync policy of", tenantOf(undefined, inputs), getServices);
      const { id, outs } = await createPolicy(svc.ctx, inputs as unknown as PolicyInputs);
      return { id, outs: stripUndefined(outs) };
    },

    async read(id, props) {
      const svc = guard("read the identity sync policy of", tenantOf(id, props), getServices);
      const r = await readPolicy(svc.ctx, id, (props ?? {}) as Partial<PolicyOutputs>);
      return stripUndefined(r);
    },

    async update(_id, olds, news) {
      const svc = guard("update the identity sync policy of", tenantOf(_id, news), getServices);
      const { outs } = await updatePolicy(svc.ctx, olds as Partial<PolicyOutputs>, news as unknown as PolicyInputs);
      return { outs: stripUndefined(outs) };
    },

    async delete(id, props) {
      const svc = guard("delete the identity sync policy of", tenantOf(id, props), getServices);
      await deletePolicy(svc.ctx, id, (props ?? {}) as Partial<PolicyOutputs>);
    },

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

/** The process-wide runtime the serialized provider delegates to. */
const processRuntime = createRuntime();

export const configure = (req: dynamic.ConfigureRequest) => processRuntime.configure(req);
export const check = (olds: Bag, news: Bag) => processRuntime.check(olds, news);
export const diff = (id: string, olds: Bag, news: Bag) => processRuntime.diff(id, olds, news);
export const create = (inputs: Bag) => processRuntime.create(inputs);
export const read = (id: string, props?: Bag) => processRuntime.read(id, props);
export const update = (id: string, olds: Bag, news: Bag) => processRuntime.update(id, olds, news);
// `delete` is a reserved word, so the export is declared under another local name.
const remove = (id: string, props: Bag) => processRuntime.delete(id, props);
export { remove as delete };
