/** The host side of every resource kind (resources/kinds.ts), by type name (the part after `entra:` in the type token). */
import type { ResourceHandler } from "../resources/handler";
import { identitySyncPolicyHandler } from "../resources/identitySyncPolicy/handler";
import { partnerConfigurationHandler } from "../resources/partnerConfiguration/handler";
import { defaultConfigurationHandler } from "../resources/defaultConfiguration/handler";
import { crossTenantAccessPolicyHandler } from "../resources/crossTenantAccessPolicy/handler";
import { crossTenantSyncConfigurationHandler } from "../resources/crossTenantSyncConfiguration/handler";
import { syncSchemaHandler } from "../resources/syncSchema/handler";
import { identitySyncPolicyKind } from "../resources/identitySyncPolicy/kind";

const handlers: readonly ResourceHandler[] = [
  identitySyncPolicyHandler,
  partnerConfigurationHandler,
  defaultConfigurationHandler,
  crossTenantAccessPolicyHandler,
  crossTenantSyncConfigurationHandler,
  syncSchemaHandler,
];

export const resourceHandlers: ReadonlyMap<string, ResourceHandler> = new Map(handlers.map((h) => [h.typeName, h]));

/** State written before there were several kinds holds a provider that names none: it is the sync policy. */
export const legacyTypeName = identitySyncPolicyKind.typeName;

export function handlerFor(typeName: string): ResourceHandler {
  const h = resourceHandlers.get(typeName);
  if (!h) throw new Error(`pulumi-entra-cross-tenant: unknown resource type entra:${typeName}; upgrade the package.`);
  return h;
}
