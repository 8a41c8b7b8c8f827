/** The host side of every resource kind (kinds.ts), by type name (the part after `entra:` in the type token). */
import type { ResourceHandler } from "./handler";
import { identitySyncPolicyHandler } from "./identitySyncPolicy/handler";
import { partnerConfigurationHandler } from "./partnerConfiguration/handler";
import { defaultConfigurationHandler } from "./defaultConfiguration/handler";
import { crossTenantAccessPolicyHandler } from "./crossTenantAccessPolicy/handler";
import { crossTenantSyncConfigurationHandler } from "./crossTenantSyncConfiguration/handler";
import { identitySyncPolicyKind } from "./identitySyncPolicy/kind";

const handlers: readonly ResourceHandler[] = [
  identitySyncPolicyHandler,
  partnerConfigurationHandler,
  defaultConfigurationHandler,
  crossTenantAccessPolicyHandler,
  crossTenantSyncConfigurationHandler,
];

export const resourceHandlers: ReadonlyMap<string, ResourceHandler> = new Map(handlers.map((h) => [h.typeName, h]));

/** State written before there were several kinds holds a provider that names none: it is the sync policy. */
export const legacyTypeName = identitySyncPolicyKind.typeName;

export function handlerFor(typeName: string): ResourceHandler {
  const h = resourceHandlers.get(typeName);
  if (!h) throw new Error(`pulumi-entra-cross-tenant: unknown resource type entra:${typeName}; upgrade the package.`);
  return h;
}
