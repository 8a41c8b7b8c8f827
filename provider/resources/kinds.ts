/**
 * Every resource kind of this package: the one list a new kind is added to. Type names (shared/typeNames.ts) and
 * ownership (program/ownership.ts) derive from it; the host's handlers (host/registry.ts) are checked against it.
 */
import { crossTenantAccessPolicyKind } from "./crossTenantAccessPolicy/kind";
import { crossTenantSyncConfigurationKind } from "./crossTenantSyncConfiguration/kind";
import { defaultConfigurationKind } from "./defaultConfiguration/kind";
import { identitySyncPolicyKind } from "./identitySyncPolicy/kind";
import type { KindDescriptor } from "./kind";
import { partnerConfigurationKind } from "./partnerConfiguration/kind";
import { syncSchemaKind } from "./syncSchema/kind";

export const KINDS = [
  identitySyncPolicyKind,
  partnerConfigurationKind,
  defaultConfigurationKind,
  crossTenantAccessPolicyKind,
  crossTenantSyncConfigurationKind,
  syncSchemaKind,
] as const;

/** Graph objects with one owner each. */
export type OwnedKind = (typeof KINDS)[number]["ownedKind"];

const byOwnedKind: ReadonlyMap<string, KindDescriptor> = new Map(KINDS.map((k) => [k.ownedKind, k]));

export function kindOf(ownedKind: OwnedKind): KindDescriptor {
  const kind = byOwnedKind.get(ownedKind);
  if (!kind) throw new Error(`pulumi-entra-cross-tenant: unknown kind ${ownedKind}`);
  return kind;
}
