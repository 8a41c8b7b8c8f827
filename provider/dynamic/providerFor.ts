/**
 * The object a resource class passes to `super(...)`: one per resource type, created once per program so Pulumi
 * serializes it once (its cache is keyed by object identity, pulumi#6645). What it serializes to never depends on
 * this package's internals: it loads the installed package by name on every call, so upgrading the package changes
 * how existing resources are refreshed and destroyed.
 *
 * Imports nothing from the runtime or the resource folders: it is loaded by the user's program.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { serializedProvider } from "./serializedProvider";
import { typedStub } from "./typedStub";

/**
 * The type whose state predates several resource kinds: its stored provider names no type and calls the runtime's
 * top-level exports. Equal to `legacyTypeName` of resources/registry.ts (a test keeps them equal).
 */
export const LEGACY_TYPE_NAME = "CrossTenantIdentitySyncPolicyPartner";

const providers = new Map<string, dynamic.ResourceProvider>();

/** The serialized provider of resource type `entra:<typeName>`. */
export function providerFor(typeName: string): dynamic.ResourceProvider {
  let p = providers.get(typeName);
  if (!p) {
    // The legacy type keeps the pinned stub text, so its existing resources see no `__provider` change.
    p = typeName === LEGACY_TYPE_NAME ? serializedProvider : typedStub(typeName);
    providers.set(typeName, p);
  }
  return p;
}
