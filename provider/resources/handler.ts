/**
 * The contract between the runtime (provider/host) and each resource folder (provider/resources/<kind>).
 *
 * A handler holds no state: the runtime owns settings, connections, Graph clients and tokens, and hands each
 * lifecycle call the LifecycleContext of the resource's connection. The runtime also owns the generic inputs:
 * `connection` (validated, compared for replacement, copied into outputs) and `__provider`; handlers never see
 * them. check and diff are pure (no Graph call); create/read/update/delete make the fewest calls the API allows.
 */
import type { ApiVersion } from "../config/settings";
import type { GraphClient } from "../graph/client";
import type { CloudName } from "../graph/clouds";
import type { Clock } from "../graph/pipeline";
import type { DebugLogger } from "../log";
import { stripUndefined } from "./shared/values";

export type Bag = Record<string, unknown>;

/**
 * Outputs of a kind as they come back from state: any of its fields (state written by an earlier version may lack
 * some, or hold others), read as the kind's output type or as a bag.
 */
export type Stored<O> = Partial<O> & Bag;

/**
 * The hidden input through which the program-side ownership check (program/ownership.ts) reports that another
 * resource of the program already owns this resource's Graph object: the conflict message, or absent. The
 * runtime's check() turns it into a failure; handlers never see it.
 */
export const OWNERSHIP_INPUT = "__ownership";

/**
 * The hidden input that names the resource in the program (`Type "name"`), for the runtime's message when a
 * delete is skipped because another resource took the object over in the same deployment (a rename). Removed by
 * the runtime's check(), so it never reaches a handler or state.
 */
export const OWNER_INPUT = "__owner";

/**
 * The hidden input through which check() hands the program lines to show as warnings during preview (e.g. "the next
 * provisioning cycle will be an initial cycle"): the engine returns checked inputs as a resource's outputs during
 * preview only, and hides `__` keys from diffs. Added by the runtime from CheckOutcome.notices, removed before any
 * handler call; the program side (program/entraResource.ts) warns with each line.
 */
export const PREVIEW_NOTICES_INPUT = "__previewNotices";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOutcome {
  /** Normalised inputs (never containing `undefined` values, which the host cannot encode). */
  inputs: Bag;
  failures: CheckFailure[];
  /** Lines the program shows as warnings during preview (PREVIEW_NOTICES_INPUT). */
  notices?: string[];
}

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Changed managed properties, for tests and debug output (the host drops detailedDiff). */
  changed: string[];
}

export interface ReadOutcome {
  /** "" when the object is gone (only after a 404). */
  id: string;
  props?: object;
  inputs?: object;
}

/**
 * Our own writes in this process, so a read or dependent write right after a write can wait out directory
 * replication. Keyed `"<typeName>:<partner tenantId>"` (one map per connection), so one resource kind can wait
 * for another's write (e.g. the sync policy's PUT right after its partner's POST).
 */
export interface RecentWrite {
  at: number;
  /** Desired state written (resource-specific), or null after a delete. */
  expected: unknown;
}

/** Everything a lifecycle call needs; one per connection per provider process. */
export interface LifecycleContext {
  graph: GraphClient;
  apiVersion: ApiVersion;
  /** The connection's Graph root (e.g. `https://graph.microsoft.us`), for messages that show a URL to call. */
  graphEndpoint: string;
  /** The connection's cloud: some Graph APIs (beta deleted items) are documented for the global service only. */
  cloud: CloudName;
  operationTimeoutMs: number;
  replicationWaitMs: number;
  retryBaseDelayMs: number;
  clock: Clock;
  /** Injected randomness (jitter); tests make it deterministic. */
  random: () => number;
  writes: Map<string, RecentWrite>;
  /** Secret values of this connection's settings, scrubbed from every error text. */
  secrets: readonly string[];
  logger?: DebugLogger;
  /**
   * A line for the person running Pulumi (not debug output): the CLI shows a dynamic provider's stdout as info
   * diagnostics. Default: none (tests, CLI commands).
   */
  notice?: (line: string) => void;
}

/** The deadline of one lifecycle call: every Graph request and replication wait in it stops there. */
export function operationDeadline(ctx: Pick<LifecycleContext, "clock" | "operationTimeoutMs">): number {
  return ctx.clock.now() + ctx.operationTimeoutMs;
}

/**
 * One resource kind's lifecycle, typed with its checked inputs `I` (what its check() returns) and its outputs `O`.
 * A kind implements `ResourceHandler<I, O>`; `resourceHandler` turns it into the untyped `ResourceHandler` the
 * runtime dispatches to, which is the one place the runtime's bags become the kind's types.
 */
export interface ResourceHandler<I = Bag, O extends object = object> {
  /** Type name after `entra:`; the type token is `pulumi-nodejs:dynamic/entra:<typeName>`. */
  readonly typeName: string;
  /**
   * `apiVersionKey`: the stack setting that selects `apiVersion` for this resource's connection
   * (`entra:apiVersion` or `entra:connections.<name>.apiVersion`), for messages about beta-only properties.
   */
  check(news: Bag, apiVersion: ApiVersion, apiVersionKey?: string, olds?: Bag): CheckOutcome;
  /** `olds` are the previous outputs, `news` the checked inputs. */
  diff(olds: Bag, news: Bag): DiffOutcome;
  create(ctx: LifecycleContext, inputs: I): Promise<{ id: string; outs: O }>;
  read(ctx: LifecycleContext, id: string, props: Stored<O>): Promise<ReadOutcome>;
  update(ctx: LifecycleContext, id: string, olds: Stored<O>, news: I): Promise<{ outs: O }>;
  delete(ctx: LifecycleContext, id: string, props: Stored<O>): Promise<void>;
  /**
   * The Graph object's ID (the resource ID create returns) from checked inputs, or undefined while unknown. Lets the
   * runtime connect a resource's check to the object its create then writes (rename protection).
   */
  objectId?(inputs: Bag): string | undefined;
  /** The object in a few words, for messages, e.g. "the partner configuration of tenant …". */
  describe?(id: string): string;
  /**
   * The partner tenant's ID from checked inputs, for kinds that describe a relationship with another tenant; the
   * runtime refuses the connection's own tenant (at check when the settings name it by ID, else before create).
   */
  partnerTenant?(inputs: Bag): string | undefined;
  /** The input that holds the partner tenant, for the refusal's message (default `tenantId`). */
  readonly partnerProperty?: string;
  /**
   * Validation that needs Graph (a job's own schema), during preview too: the runtime calls it after check() passed
   * (`step` "check", `olds` = the old inputs) and after a diff with changes (`step` "diff", `olds` = the old
   * outputs). It makes no Graph call when nothing it validates changed, so a no-change preview stays at zero calls.
   */
  liveCheck?(ctx: LifecycleContext, step: "check" | "diff", olds: Bag, news: Bag): Promise<CheckFailure[]>;
}

/**
 * A kind's typed handler as the runtime's handler. The runtime passes create/update only inputs that check()
 * returned and read/update/delete only outputs of this kind; values the host cannot encode (`undefined`) are
 * removed from everything handed back.
 */
export function resourceHandler<I, O extends object>(kind: ResourceHandler<I, O>): ResourceHandler {
  return {
    typeName: kind.typeName,
    check(news, apiVersion, apiVersionKey, olds) {
      const { inputs, failures, notices } = kind.check(news, apiVersion, apiVersionKey, olds);
      return { inputs: stripUndefined(inputs), failures, ...(notices?.length ? { notices } : {}) };
    },
    diff: (olds, news) => kind.diff(olds, news),
    async create(ctx, inputs) {
      const { id, outs } = await kind.create(ctx, inputs as I);
      return { id, outs: stripUndefined(outs) };
    },
    read: async (ctx, id, props) => stripUndefined(await kind.read(ctx, id, props as Stored<O>)),
    async update(ctx, id, olds, news) {
      const { outs } = await kind.update(ctx, id, olds as Stored<O>, news as I);
      return { outs: stripUndefined(outs) };
    },
    delete: (ctx, id, props) => kind.delete(ctx, id, props as Stored<O>),
    objectId: kind.objectId,
    describe: kind.describe,
    partnerTenant: kind.partnerTenant,
    partnerProperty: kind.partnerProperty,
    liveCheck: kind.liveCheck,
  };
}
