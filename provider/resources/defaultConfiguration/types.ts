import { graphPaths } from "../../graph/paths";
import type { CrossTenantSettings, InboundOutbound } from "../crossTenantSettings";

/**
 * Plain inputs after check(): the settings the program manages. An omitted setting is left as it is (there is
 * nothing to inherit from). `automaticUserConsentSettings` is read-only in the default configuration.
 */
export type DefaultInputs = Omit<CrossTenantSettings, "automaticUserConsentSettings">;

/** Outputs: the managed settings as last seen in Graph, plus `isServiceDefault`. */
export interface DefaultOutputs extends DefaultInputs {
  /** True while the configuration is the system default (Graph updates it asynchronously after a PATCH). */
  isServiceDefault: boolean;
  /**
   * When create took over a configuration someone had customised (it was not the system default): ISO time. Only
   * then; the take-over warning is printed on that run only.
   */
  adoptedAt?: string;
  /** `tenantRestrictions.devices` as last read: not managed, echoed back whenever tenantRestrictions is written. */
  tenantRestrictionsDevices?: Record<string, unknown>;
  /** Read-only (always false in the default configuration), as last read. */
  automaticUserConsentSettings?: InboundOutbound;
}

/** The singleton's ID in state (one per connection). */
export const DEFAULT_ID = "default";

export const DEFAULT_PATH = graphPaths.defaultConfiguration;
export const RESET_PATH = graphPaths.resetDefaultConfiguration;
