/**
 * One resource kind, declared once (in `<kind>/kind.ts`): what the program side (resource class, ownership) and
 * the host side (handler, runtime) both need to know about it. Plain data: no Pulumi, no Graph call, so either
 * side may import it.
 */
export interface KindDescriptor {
  /** Type name after `entra:` (type token `pulumi-nodejs:dynamic/entra:<typeName>`, subpath `providers/<typeName>`). */
  readonly typeName: string;
  /** Ownership key (program/ownership.ts): which Graph object a resource of this kind claims. */
  readonly ownedKind: string;
  /** One object per tenant: no partner tenant ID in the ownership key. */
  readonly singleton: boolean;
  /** The object in a few words, for messages; `tenantId` is the partner's (ignored by singletons). */
  describe(tenantId: string): string;
  /** How the outputs show a take-over, for the take-over warning. */
  readonly adoption: string;
  /** What destroy does to the object, for the take-over warning. */
  readonly onDelete: string;
  /** How the key is compared, for the conflict message (default: partner tenant IDs in any letter case). */
  readonly keyNote?: string;
  /** The fix a conflict message gives when two resources claim the object (default: remove one, or use `aliases`). */
  readonly duplicateFix?: string;
}
