import { graphPaths } from "../../graph/paths";
import type { CrossTenantSettings } from "../crossTenantSettings";

/**
 * Plain inputs after check(). Every setting the program omits is managed as "inherit the default configuration"
 * (null in Graph): the program is the whole truth of the object.
 */
export interface PartnerInputs extends CrossTenantSettings {
  /** Partner tenant ID, lower-case GUID. Changing it replaces the resource (delete first). */
  tenantId: string;
  /** Take over an existing partner configuration whose values differ, by patching them. Create-time only. */
  adoptExisting?: boolean;
}

/** What Pulumi stores as outputs: the managed settings as last seen in Graph, plus read-only values. */
export interface PartnerOutputs extends PartnerInputs {
  isServiceProvider: boolean;
  isInMultiTenantOrganization: boolean;
  adopted: boolean;
  /** When create took the object over (ISO time); only on adoption, so the warning fires on that run alone. */
  adoptedAt?: string;
  /** `tenantRestrictions.devices` as last read: not managed, echoed back whenever tenantRestrictions is written. */
  tenantRestrictionsDevices?: Record<string, unknown>;
}

/** A partner configuration as read from Graph, reduced to what this resource manages or reports. */
export interface RemotePartner {
  settings: CrossTenantSettings;
  isServiceProvider: boolean;
  isInMultiTenantOrganization: boolean;
  /** `tenantRestrictions.devices`, when Graph has a filter. */
  devices?: Record<string, unknown>;
}

/** What the outputs carry besides the inputs and the read-only flags. */
export interface PartnerExtras {
  adopted: boolean;
  adoptedAt?: string;
  devices?: Record<string, unknown>;
}

export function partnersPath(): string {
  return graphPaths.partners;
}

export function partnerPath(tenantId: string): string {
  return graphPaths.partner(tenantId);
}

/** Beta soft-delete container of partner configurations (graph-behaviour.md §4). */
export function deletedPartnerPath(tenantId: string): string {
  return graphPaths.deletedPartner(tenantId);
}
