/**
 * What the serialized providers load (`pulumi-entra-cross-tenant/runtime`, `.../providers/<Type>`): one runtime per
 * provider process, made of the settings and connections every type shares (connectionCache.ts: configure(), each
 * connection's Graph client, token cache, retry budget and LifecycleContext) and the provider of each resource
 * type around its kind's handler (typeProvider.ts: the `connection` input, the own-tenant refusal, rename
 * protection across types).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { hostError, installHostErrorFilter } from "../errors";
import type { Bag } from "../resources/handler";
import { handlerFor, legacyTypeName } from "./registry";
import { createConnectionCache, RuntimeOptions } from "./connectionCache";
import { RenameRecords, TypeProvider, typeProvider } from "./typeProvider";

export type { RuntimeOptions } from "./connectionCache";
export { CONNECTION_INPUT } from "./connectionCache";
export type { TypeProvider } from "./typeProvider";
export { forEngine } from "./typeProvider";

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

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const cache = createConnectionCache(options);
  const { configure } = cache;
  const providers = new Map<string, TypeProvider>();
  const renames: RenameRecords = { checkedBy: new Map(), checkedInputs: new Map(), createdBy: new Map() };

  function provider(typeName: string): TypeProvider {
    let p = providers.get(typeName);
    if (!p) {
      p = typeProvider(handlerFor(typeName), cache, renames);
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
    tokenAcquisitions: (connection?: string) => cache.opened(connection)?.connection.tokens.acquisitions ?? 0,
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
