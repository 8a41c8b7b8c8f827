/**
 * The tenant's cross-tenant access policy itself (Graph `crossTenantAccessPolicy`, `/policies/crossTenantAccessPolicy`),
 * of which this package manages `allowedCloudEndpoints`: the other Microsoft clouds the tenant may collaborate with.
 */
import { graphPaths } from "../../graph/paths";

/**
 * Graph's supported values ([DOC] crossTenantAccessPolicy, update page): the commercial cloud (`microsoftonline.com`,
 * for a tenant in a national cloud), Microsoft Azure Government (`microsoftonline.us`) and Microsoft Azure operated
 * by 21Vianet (`partner.microsoftonline.cn`).
 */
export const ALLOWED_CLOUD_ENDPOINTS = [
  "microsoftonline.com",
  "microsoftonline.us",
  "partner.microsoftonline.cn",
] as const;
export type CloudEndpoint = (typeof ALLOWED_CLOUD_ENDPOINTS)[number];

/** What each value opens collaboration with, for messages and docs. */
export const CLOUD_NAMES: Readonly<Record<CloudEndpoint, string>> = {
  "microsoftonline.com": "the commercial (global) cloud",
  "microsoftonline.us": "Microsoft Azure Government",
  "partner.microsoftonline.cn": "Microsoft Azure operated by 21Vianet (China)",
};

/** Plain inputs after check(). */
export interface AccessPolicyInputs {
  /** A set: order does not matter, each value at most once. Empty = no other Microsoft cloud (Graph's default). */
  allowedCloudEndpoints: string[];
}

/** Outputs: the list as last seen in Graph (the program's order when equal as a set). */
export interface AccessPolicyOutputs extends AccessPolicyInputs {
  /**
   * When create took over a policy whose list someone had set (not empty): ISO time; else undefined. The take-over
   * warning is printed on that run only.
   */
  adoptedAt?: string;
}

/** The singleton's ID in state (one per connection). */
export const POLICY_ID = "crossTenantAccessPolicy";

export const POLICY_PATH = graphPaths.policy;
