/**
 * The provider of one resource type: the runtime's side of every lifecycle call around its kind's handler. It owns
 * the inputs every resource has: `connection` (checked, compared for replacement, copied into outputs, used to pick
 * the LifecycleContext) and `__provider`; handlers never see `connection`. It also refuses the connection's own
 * tenant as a partner and protects a renamed resource's object from its old name's delete.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ConfigError } from "../config/settings";
import { UnknownConnectionError } from "../config/connections";
import { hostError, ResourceInitFailure } from "../errors";
import { OWNER_INPUT, OWNERSHIP_INPUT, PREVIEW_NOTICES_INPUT } from "../resources/handler";
import type { Bag, CheckFailure, LifecycleContext, ResourceHandler } from "../resources/handler";
import { CONNECTION_INPUT, ConnectionCache, Name, ownTenantMessage, UNKNOWN } from "./connectionCache";

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
 * Rename protection, per process (one deployment), shared by every type: who checked each object, and the objects
 * a create claimed in this deployment. A later delete of such an object by another resource (the old name of a
 * renamed resource, the old half of a create-before-delete replacement) would delete the object its new owner
 * just took over.
 */
export interface RenameRecords {
  checkedBy: Map<string, string>;
  /**
   * Who checked each set of inputs: the owner of an object whose ID only its create learns (a synchronization
   * configuration's service principal), found again by the inputs the engine passes to create.
   */
  checkedInputs: Map<string, string>;
  /**
   * Per claimed object: the claiming resource's label and every output this process gave it (create, update), so
   * that its own delete, with any of them, still deletes; another resource's delete (older outputs) is skipped.
   */
  createdBy: Map<string, { owner?: string; outs: Set<string> }>;
}

/** A bag as handlers see it: without `connection` and the preview notices (the runtime's, not the kind's). */
function withoutConnection(bag: Bag | undefined): Bag {
  const { [CONNECTION_INPUT]: _omit, [PREVIEW_NOTICES_INPUT]: _notices, ...rest } = bag ?? {};
  return rest;
}

/** The connection a bag names: undefined (top-level), a name, or the unknown sentinel during a preview. */
function connectionOf(bag: Bag | undefined): unknown {
  return bag?.[CONNECTION_INPUT];
}

/**
 * The engine prints a failure as `property P value {V} has a problem: R`, looking V up as a top-level input, so a
 * nested path (`inboundTrust.isMfaAcepted`) would show `value {<nil>}` and an object or list input its Go rendering
 * (`value {map[groups:{[]} users:{[]}]}`). Such failures therefore go without a property (`resource 'name' has a
 * problem: R`), their reason naming the path.
 */
export function forEngine(f: CheckFailure, inputs?: Bag): CheckFailure {
  const value = inputs?.[f.property];
  if (!/[.[]/.test(f.property) && !(value !== null && typeof value === "object")) return f;
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
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Bag).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A partial failure's outputs go into state like a complete step's: with the resource's `connection` (without it the
 * next diff would see another connection and replace the object instead of finishing it).
 */
function withConnectionKept(e: ResourceInitFailure, conn: unknown): ResourceInitFailure {
  if (conn === undefined) return e;
  return new ResourceInitFailure(e.id, { ...e.properties, [CONNECTION_INPUT]: conn }, e);
}

export function typeProvider(handler: ResourceHandler, cache: ConnectionCache, renames: RenameRecords): TypeProvider {
  const { configure, resolve, liveConnection, connectionFailures, refuseOwnTenant, secrets } = cache;
  const { checkedBy, checkedInputs, createdBy } = renames;
  const type = `entra:${handler.typeName}`;
  const objectKey = (conn: unknown, id: string) =>
    JSON.stringify([handler.typeName, typeof conn === "string" ? conn : "", id.toLowerCase()]);
  const inputsKey = (conn: unknown, inputs: Bag) =>
    JSON.stringify([handler.typeName, typeof conn === "string" ? conn : "", canonical(inputs)]);

  /** Every failure leaves as one redacted message without a stack (see hostError); debug logs keep the stack. */
  async function boundary<T>(name: Name, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const l = cache.opened(name);
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
      throw new Error(`${type}: cannot ${action} ${subject}: ${e.message}`, { cause: e });
    }
  }

  const withConnection = <T extends object | undefined>(value: T, conn: unknown): T =>
    value && conn !== undefined ? ({ ...value, [CONNECTION_INPUT]: conn } as T) : value;

  /**
   * The kind's Graph-backed validation (handler.liveCheck) on the connection's context; nothing when the
   * connection is unknown or unusable (check reports that) or when Graph fails (create or update will say why).
   */
  async function liveFailures(conn: unknown, step: "check" | "diff", olds: Bag, news: Bag): Promise<CheckFailure[]> {
    if (!handler.liveCheck || conn === UNKNOWN) return [];
    let ctx: LifecycleContext;
    try {
      ctx = liveConnection(typeof conn === "string" ? conn : undefined).ctx;
    } catch {
      return [];
    }
    try {
      return await handler.liveCheck(ctx, step, olds, news);
    } catch (e) {
      ctx.logger?.log(`${type}: live validation skipped: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  return {
    configure,

    check: (olds, news) =>
      boundary(undefined, async () => {
        const conn = connectionOf(news);
        const { failures, apiVersion } = connectionFailures(conn);
        const fallback = conn === undefined ? undefined : resolve(undefined);
        const version = apiVersion ?? (fallback && !fallback.error ? fallback.settings.apiVersion : "v1.0");
        const { [OWNERSHIP_INPUT]: conflict, [OWNER_INPUT]: owner, ...rest } = news ?? {};
        // Beta-only properties name the setting that works for this resource's connection.
        const versionKey =
          typeof conn === "string" && conn !== UNKNOWN ? `entra:connections.${conn}.apiVersion` : "entra:apiVersion";
        const out = handler.check(withoutConnection(rest), version, versionKey, withoutConnection(olds));
        // Another resource of the program owns this object (program/ownership.ts): fail before any step.
        const ownerFailures: CheckFailure[] =
          typeof conflict === "string" && conflict !== UNKNOWN ? [{ property: "", reason: conflict }] : [];
        const home = failures.length === 0 && conn !== UNKNOWN ? resolve(conn as Name) : undefined;
        const homeTenant = home && !home.error ? home.settings.credential.tenantId?.trim().toLowerCase() : undefined;
        const partner = handler.partnerTenant?.(out.inputs);
        if (partner !== undefined && homeTenant !== undefined && partner === homeTenant) {
          const property = handler.partnerProperty ?? "tenantId";
          ownerFailures.push({ property, reason: ownTenantMessage(partner, conn, property) });
        }
        const id = handler.objectId?.(out.inputs);
        if (typeof owner === "string" && id !== undefined && id !== UNKNOWN && conn !== UNKNOWN)
          checkedBy.set(objectKey(conn, id), owner);
        if (typeof owner === "string" && id === undefined && conn !== UNKNOWN)
          checkedInputs.set(inputsKey(conn, out.inputs), owner);
        const all = [...ownerFailures, ...failures, ...out.failures];
        if (all.length === 0) all.push(...(await liveFailures(conn, "check", withoutConnection(olds), out.inputs)));
        const inputs = out.notices?.length ? { ...out.inputs, [PREVIEW_NOTICES_INPUT]: out.notices } : out.inputs;
        return {
          inputs: withConnection(inputs, conn),
          failures: all.map((f) => forEngine(f, news)),
        };
      }),

    diff: (_id, olds, news) =>
      boundary(undefined, async () => {
        const d = handler.diff(withoutConnection(olds), withoutConnection(news));
        const was = connectionOf(olds);
        const now = connectionOf(news);
        // What only Graph can validate (a job's schema), for the changes this diff found: a preview fails on it.
        const live =
          d.changes && d.replaces.length === 0 && was === now
            ? await liveFailures(now, "diff", withoutConnection(olds), withoutConnection(news))
            : [];
        if (live.length > 0) throw new Error(`${type}: ${live.map((f) => f.reason).join(" ")}`);
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
        await refuseOwnTenant(
          conn,
          handler.partnerTenant?.(withoutConnection(inputs)),
          ctx.operationTimeoutMs,
          handler.partnerProperty,
        );
        const planned = handler.objectId?.(withoutConnection(inputs));
        const claim = (id: string, outs?: object) => {
          const key = objectKey(conn, id);
          const owner = checkedBy.get(key) ?? checkedInputs.get(inputsKey(conn, withoutConnection(inputs)));
          const c = createdBy.get(key) ?? { owner, outs: new Set<string>() };
          if (outs) c.outs.add(canonical(outs));
          createdBy.set(key, c);
        };
        if (planned !== undefined) claim(planned);
        try {
          const { id, outs } = await handler.create(ctx, withoutConnection(inputs));
          claim(id, outs);
          return { id, outs: withConnection(outs, conn) };
        } catch (e) {
          if (!(e instanceof ResourceInitFailure)) throw e;
          claim(e.id, e.properties);
          throw withConnectionKept(e, conn);
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
        let outs: object;
        try {
          ({ outs } = await handler.update(ctx, id, withoutConnection(olds), withoutConnection(news)));
        } catch (e) {
          throw e instanceof ResourceInitFailure ? withConnectionKept(e, conn) : e;
        }
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
