import * as pulumi from "@pulumi/pulumi";
import { EntraResource } from "../entraResource";
import { crossTenantAccessPolicyKind } from "../../resources/crossTenantAccessPolicy/kind";

/** A Microsoft cloud this tenant may collaborate with (Graph `allowedCloudEndpoints` value). */
export type CrossTenantAccessPolicyCloudEndpoint =
  "microsoftonline.com" | "microsoftonline.us" | "partner.microsoftonline.cn";

/** Inputs of the cross-tenant access policy. */
export interface CrossTenantAccessPolicyArgs {
  /**
   * The other Microsoft clouds this tenant may collaborate with (B2B collaboration, B2B direct connect and
   * cross-tenant sync with tenants there): `microsoftonline.us` (Microsoft Azure Government),
   * `partner.microsoftonline.cn` (Microsoft Azure operated by 21Vianet) or, for a tenant in a national cloud,
   * `microsoftonline.com` (the commercial cloud). A set: order does not matter, each value at most once. `[]` = none
   * (Graph's default). Enabling a cloud here is what lets a partner configuration for a tenant in that cloud take
   * effect. Graph: `allowedCloudEndpoints`.
   */
  allowedCloudEndpoints: pulumi.Input<pulumi.Input<CrossTenantAccessPolicyCloudEndpoint>[]>;
  /**
   * Name of a connection under the stack config `entra:connections` (another tenant's credentials). Omitted = the
   * top-level `entra:*` settings. Changing it replaces the resource (another tenant's policy).
   */
  connection?: pulumi.Input<string>;
}

/**
 * The tenant's cross-tenant access policy (Microsoft Graph `crossTenantAccessPolicy`,
 * `/policies/crossTenantAccessPolicy`): which other Microsoft clouds the tenant may collaborate with. A singleton:
 * declare it at most once per tenant (connection).
 *
 * create → GET and a PATCH only when the list differs, read (refresh) → GET, update → one PATCH of the list,
 * delete → PATCH of the empty list (Graph's default; use the resource option `retainOnDelete: true` to leave the
 * list as it is instead).
 * Type token: `pulumi-nodejs:dynamic/entra:CrossTenantAccessPolicy`.
 */
export class CrossTenantAccessPolicy extends EntraResource {
  /** The allowed cloud endpoints as last seen in Graph (the program's order when equal as a set). */
  public readonly allowedCloudEndpoints!: pulumi.Output<CrossTenantAccessPolicyCloudEndpoint[]>;
  /** The `connection` input, when given. */
  public readonly connection!: pulumi.Output<string | undefined>;
  /**
   * When create took over a policy whose list was not empty: ISO time; else undefined. The take-over warning is
   * printed on that run only.
   */
  public override readonly adoptedAt!: pulumi.Output<string | undefined>;

  constructor(name: string, args: CrossTenantAccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    // A second policy resource for the same tenant fails before it is registered (ownership.ts).
    super(
      crossTenantAccessPolicyKind,
      name,
      { connection: args?.connection },
      // Every optional output key is listed so each `Output` property exists; the spread keeps any unknown key
      // (from JavaScript callers) so that check() can name the typo.
      { connection: undefined, ...args, adoptedAt: undefined },
      opts,
    );
  }
}
