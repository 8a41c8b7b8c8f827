/**
 * One owner per Graph object, checked in the Pulumi program process (the only place where resource names are
 * known) before a resource is registered, so a duplicate fails `pulumi preview` naming both resources, with no
 * Graph call; and a warning on the `pulumi up` whose create took over an existing object (that run only).
 *
 * API for resource constructors (call it before `super`, pass `input` under OWNERSHIP_INPUT, `attach` after):
 *
 *   const owner = claimGraphObject({
 *     kind: "partnerConfiguration",            // OwnedKind: which Graph object (resources/kinds.ts)
 *     type: "CrossTenantAccessPolicyConfigurationPartner",  // the resource class, for messages
 *     name,                                    // the resource name
 *     connection: args.connection,             // Input<string | undefined>; undefined = top-level entra:* settings
 *     tenantId: args.tenantId,                 // Input<string>, the partner tenant; omit for the singletons
 *   });
 *   super(provider, name, { ...props, [OWNERSHIP_INPUT]: owner.input }, opts, "entra", "<Type>");
 *   owner.attach(this, this.adopted, this.adoptedAt);  // `adopted` (or undefined) and `adoptedAt` outputs
 *
 * The key is kind + connection name + lower-cased, trimmed partner tenant ID. The second resource to claim a key
 * gets the conflict message (naming both) as the value of its `__ownership` input, and the provider's check()
 * fails it with that message, so the engine runs no step for it and no Graph call is made. Plain values are claimed
 * synchronously, in program order; an Output is claimed when it resolves; a value still unknown during preview is
 * not checked then (it is checked during `up`, by that resource's check before its create). Without a conflict
 * `__ownership` resolves to `undefined`, which the SDK does not send, so it reaches neither check() nor state.
 *
 * Take-overs of one run are reported together once every claimed resource's outcome is known: a single one as a
 * warning on its resource; several as one summary warning (count and names) with each object's detail as an info
 * line on its resource, so that an unexpected take-over is not lost among the expected ones of an exported program.
 *
 * Limits: one Pulumi program (stack) at a time; two connection names that point at the same tenant are not
 * recognised as the same tenant.
 */
import * as pulumi from "@pulumi/pulumi";
import { kindOf, OwnedKind } from "../resources/kinds";

export type { OwnedKind } from "../resources/kinds";

/** The hidden input that carries the outcome of the claim (defined with the runtime's contract). */
export { OWNER_INPUT, OWNERSHIP_INPUT } from "../resources/handler";

export interface OwnershipClaim {
  kind: OwnedKind;
  /** Resource class name, e.g. "CrossTenantIdentitySyncPolicyPartner". */
  type: string;
  /** Resource name. */
  name: string;
  /** The resource's `connection`; undefined or "" = the top-level `entra:*` settings. */
  connection?: pulumi.Input<string | undefined>;
  /** Partner tenant ID (any letter case); required for the partner kinds, ignored for the default configuration. */
  tenantId?: pulumi.Input<string>;
}

export interface Ownership {
  /** Pass as the resource input OWNERSHIP_INPUT: resolves to undefined, or to the conflict message when another resource owns the object. */
  readonly input: pulumi.Output<string | undefined>;
  /** Pass as the resource input OWNER_INPUT: `Type "name"`, for the runtime's message when a rename's old delete is skipped. */
  readonly label: string;
  /**
   * After `super`: attributes the error to the resource and warns on the `up` that took the object over: when
   * `adoptedAt` (the ISO time create records on a take-over) is not before this claim, i.e. create ran in this
   * program run. Without an `adoptedAt` (state written before it existed) `adopted: true` alone warns.
   */
  attach(
    resource: pulumi.CustomResource,
    adopted?: pulumi.Output<boolean | undefined>,
    adoptedAt?: pulumi.Output<string | undefined>,
  ): void;
}

interface Owner {
  type: string;
  name: string;
}

type Registry = Map<string, Owner>;

// Shared by every copy of this package loaded in the process, and separate for each program run (Automation API
// inline programs run several deployments in one process; each has its own stack resource).
const REGISTRIES_KEY = Symbol.for("pulumi-entra-cross-tenant/ownership");
const FALLBACK_RUN = {};

function registries(): WeakMap<object, Registry> {
  const g = globalThis as unknown as Record<symbol, WeakMap<object, Registry> | undefined>;
  return (g[REGISTRIES_KEY] ??= new WeakMap());
}

function currentRun(): object {
  return pulumi.runtime.getStackResource() ?? FALLBACK_RUN;
}

function currentRegistry(): Registry {
  const run = currentRun();
  const all = registries();
  let registry = all.get(run);
  if (!registry) all.set(run, (registry = new Map()));
  return registry;
}

/** The take-overs of one run, reported together once no claimed resource's outcome is pending. */
interface TakeOvers {
  pending: number;
  found: { resource: pulumi.CustomResource; message: string; label: string; order: number }[];
  reported: number;
  attached: number;
}

const TAKE_OVERS_KEY = Symbol.for("pulumi-entra-cross-tenant/take-overs");

function currentTakeOvers(): TakeOvers {
  const g = globalThis as unknown as Record<symbol, WeakMap<object, TakeOvers> | undefined>;
  const all = (g[TAKE_OVERS_KEY] ??= new WeakMap());
  const run = currentRun();
  let t = all.get(run);
  if (!t) all.set(run, (t = { pending: 0, found: [], reported: 0, attached: 0 }));
  return t;
}

function reportTakeOvers(t: TakeOvers): void {
  if (t.pending > 0 || t.found.length === t.reported) return;
  const batch = t.found.slice(t.reported).sort((a, b) => a.order - b.order); // program order
  t.reported = t.found.length;
  if (batch.length === 1) {
    void pulumi.log.warn(batch[0].message, batch[0].resource);
    return;
  }
  for (const b of batch) void pulumi.log.info(b.message, b.resource);
  void pulumi.log.warn(
    `this update took over ${batch.length} objects that already existed in Entra (each resource's info line names its object): ` +
      `${batch.map((b) => b.label).join(", ")}. Destroy deletes them (the default configuration: resets it; the cross-tenant access policy: empties its list) unless the resource has ` +
      `\`retainOnDelete: true\`. Expected after \`export\`; otherwise check that each one was meant to be managed here.`,
  );
}

/** Forgets every claim (tests that construct resources with mocks, outside a stack). */
export function resetOwnershipRegistry(): void {
  registries().delete(pulumi.runtime.getStackResource() ?? FALLBACK_RUN);
}

export function normalizeTenantId(tenantId: string): string {
  return tenantId.trim().toLowerCase();
}

/** Where the object lives, for messages. */
function tenantOf(connection: string): string {
  return connection ? `in the tenant of connection "${connection}"` : "in the tenant of the top-level entra:* settings";
}

export function describeObject(kind: OwnedKind, tenantId: string | undefined, connection: string | undefined): string {
  // As the program wrote it (a configuration's name keeps its letter case); keys compare normalized.
  return `${kindOf(kind).describe((tenantId ?? "").trim())} ${tenantOf(connection ?? "")}`;
}

function conflictMessage(claim: OwnershipClaim, owner: Owner, tenantId: string, connection: string): string {
  const kind = kindOf(claim.kind);
  const caseNote = kind.singleton ? "" : ` (${kind.keyNote ?? "tenant IDs are compared in any letter case"})`;
  const fix =
    kind.duplicateFix ??
    "Remove one of them; to move the object to another resource name, rename the resource with the `aliases` option instead of declaring it twice.";
  return (
    `${claim.type} "${claim.name}" and ${owner.type} "${owner.name}" both manage ${describeObject(claim.kind, tenantId, connection)}${caseNote}. ` +
    `Each Graph object must have exactly one owner: the second resource would take over the first one's object, and deleting either would delete it for both. ` +
    fix
  );
}

/** A plain value (not an Output or a Promise), usable synchronously. */
function plain<T>(v: pulumi.Input<T> | undefined): v is T | undefined {
  return !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

/** Claims the object for this resource; see the module comment. */
export function claimGraphObject(claim: OwnershipClaim): Ownership {
  const registry = currentRegistry();
  const perTenant = !kindOf(claim.kind).singleton;
  // Before this resource's registration, so before any create of it in this run (same machine clock).
  const claimedAt = Date.now();

  /** Records the claim, or returns the conflict message. Idempotent per resource. */
  let decided: { error?: string } | undefined;
  const decide = (connection: string | undefined, tenantId: string | undefined): { error?: string } => {
    if (decided) return decided;
    const conn = connection ?? "";
    const tenant = perTenant ? normalizeTenantId(tenantId ?? "") : "";
    const key = JSON.stringify([claim.kind, conn, tenant]);
    const owner = registry.get(key);
    if (owner) return (decided = { error: conflictMessage(claim, owner, tenant, conn) });
    registry.set(key, { type: claim.type, name: claim.name });
    return (decided = {});
  };

  const tenantInput = perTenant ? claim.tenantId : undefined;
  if (plain(claim.connection) && plain(tenantInput) && (!perTenant || typeof tenantInput === "string")) {
    decide(claim.connection, tenantInput); // program order for plain values
  }

  // The conflict travels as the value of the hidden input and the provider's check() turns it into a failure of
  // this resource (runtime.ts): the CLI prints it as "<type> resource '<name>' has a problem: …", with no stack
  // trace, before any step, with no Graph call. (Failing the program instead — a rejected Output — costs seconds of
  // CPU in the Pulumi SDK's error formatting and prefixes the message with "error serializing property".)
  const input = pulumi.all([claim.connection, tenantInput]).apply(([connection, tenantId]): string | undefined => {
    if (perTenant && typeof tenantId !== "string") return undefined; // check() reports the missing tenantId
    return decide(connection, tenantId).error;
  });

  return {
    input,
    label: `${claim.type} "${claim.name}"`,
    attach(res, adopted, adoptedAt) {
      if (!adopted && !adoptedAt) return;
      const takeOvers = currentTakeOvers();
      takeOvers.pending += 1;
      const order = takeOvers.attached++;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        takeOvers.pending -= 1;
        reportTakeOvers(takeOvers);
      };
      const outcome = pulumi.all([adopted, adoptedAt]).apply(([isAdopted, at]) => {
        if (pulumi.runtime.isDryRun() || isAdopted === false) return settle();
        const thisRun = typeof at === "string" ? Date.parse(at) >= claimedAt : isAdopted === true;
        if (!thisRun) return settle(); // taken over by an earlier run, which warned
        pulumi.all([claim.connection, tenantInput]).apply(([connection, tenantId]) => {
          takeOvers.found.push({
            resource: res,
            label: `${claim.type} "${claim.name}"`,
            order,
            message:
              `${claim.type} "${claim.name}" took over ${describeObject(claim.kind, tenantId, connection)}, which already existed ` +
              `(${kindOf(claim.kind).adoption}); ${kindOf(claim.kind).onDelete} unless the resource has \`retainOnDelete: true\`.`,
          });
          settle();
        });
      });
      // A resource whose create failed never resolves its outputs: it must not hold the others' report back.
      (outcome as unknown as { promise?: () => Promise<unknown> })
        .promise?.()
        .then((v) => v === undefined && pulumi.runtime.isDryRun() && settle(), settle);
    },
  };
}
