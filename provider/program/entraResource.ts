/**
 * What every resource class of this package does when the program constructs it: claim its Graph object
 * (ownership.ts: a second resource for the same object fails before it is registered), pause the SDK's debug
 * traces for a cheap registration (debugTraces.ts), register it with its kind's provider object, then attach the
 * claim to it (error attribution and the take-over warning).
 *
 * Loaded by the user's program.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "./providerFor";
import { pauseDebugTraces } from "./debugTraces";
import type { KindDescriptor } from "../resources/kind";
import type { OwnedKind } from "../resources/kinds";
import { claimGraphObject, OWNER_INPUT, OWNERSHIP_INPUT } from "./ownership";
import { PREVIEW_NOTICES_INPUT } from "../resources/handler";

/** Which Graph object a resource claims, from its args: its connection and, for the per-partner kinds, the partner. */
export interface ResourceClaim {
  connection?: pulumi.Input<string | undefined>;
  tenantId?: pulumi.Input<string>;
}

export abstract class EntraResource extends pulumi.dynamic.Resource {
  /** True when create took over an object that already existed (kinds that report it; undefined for the others). */
  protected readonly adopted?: pulumi.Output<boolean | undefined>;
  /** When create took the object over (ISO time); only when it did. The take-over warning is printed on that run only. */
  public readonly adoptedAt!: pulumi.Output<string | undefined>;

  /**
   * `claim`: the args that key the object (see ownership.ts). `props`: every output key (so each `Output` property exists even when its input is omitted) with the args
   * spread in, so that check() can name an unknown key from a JavaScript caller.
   */
  protected constructor(
    kind: KindDescriptor & { ownedKind: OwnedKind },
    name: string,
    claim: ResourceClaim,
    props: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const owner = claimGraphObject({
      kind: kind.ownedKind,
      type: kind.typeName,
      name,
      connection: claim.connection,
      tenantId: claim.tenantId,
    });
    const traces = pauseDebugTraces();
    try {
      // One provider object per type: serialized once per program (pulumi#6645).
      super(
        providerFor(kind.typeName),
        name,
        { [PREVIEW_NOTICES_INPUT]: undefined, ...props, [OWNERSHIP_INPUT]: owner.input, [OWNER_INPUT]: owner.label },
        opts,
        "entra",
        kind.typeName,
      );
    } catch (e) {
      throw traces.failed(e);
    } finally {
      traces.resume();
    }
    owner.attach(this, this.adopted, this.adoptedAt);
    // What check() says about this change (e.g. a schema change's initial cycle): an output during preview only.
    const notices = (this as unknown as Record<string, pulumi.Output<unknown> | undefined>)[PREVIEW_NOTICES_INPUT];
    notices?.apply((lines) => {
      if (!pulumi.runtime.isDryRun() || !Array.isArray(lines)) return;
      for (const line of lines) void pulumi.log.warn(`${kind.typeName} "${name}": ${String(line)}`, this);
    });
  }
}
