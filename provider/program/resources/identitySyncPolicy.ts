import * as pulumi from "@pulumi/pulumi";
import type { ApiVersion } from "../../config/settings";
import { EntraResource } from "../entraResource";
import { identitySyncPolicyKind } from "../../resources/identitySyncPolicy/kind";

/** `{ isSyncAllowed }` of crossTenantUserSyncInbound / crossTenantGroupSyncInbound. */
export interface SyncInboundArgs {
  /** Whether objects may be synchronized from the partner tenant into this one. */
  isSyncAllowed: pulumi.Input<boolean>;
}

export interface CrossTenantIdentitySyncPolicyPartnerArgs {
  /**
   * The partner (source) tenant's ID, a GUID. Its partner configuration must exist in this tenant: declare it in
   * the same program and pass `tenantId: partner.tenantId`, so Pulumi creates the partner first and deletes this
   * policy first (and a partner replace replaces both). Changing it replaces the resource (the old policy is deleted
   * first). Graph: `tenantId` (the key).
   */
  tenantId: pulumi.Input<string>;
  /** Display name, e.g. the partner tenant's name (at most 256 characters). Omitted = not managed. */
  displayName?: pulumi.Input<string>;
  /** Inbound user synchronization. Setting `false` stops new syncs; already synced users stay. */
  userSyncInbound: pulumi.Input<SyncInboundArgs>;
  /** Inbound group synchronization. Graph beta only: needs `entra:apiVersion beta`. Omitted = not managed. */
  groupSyncInbound?: pulumi.Input<SyncInboundArgs>;
  /**
   * The application (client) ID authorized for a cross-cloud synchronization with this partner (for example a
   * partner in Microsoft Azure Government; see `CrossTenantAccessPolicy.allowedCloudEndpoints`), a GUID. Graph beta
   * only: needs `apiVersion` `beta` on the resource's connection. Omitted = not managed.
   */
  externalCloudAuthorizedApplicationId?: pulumi.Input<string>;
  /**
   * When a policy already exists for this partner with different values, take it over and patch the differing
   * fields instead of failing. Defaults to false. An existing policy equal to the program is always taken over.
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * Name of a connection under the stack config `entra:connections` (another tenant's credentials). Omitted = the
   * top-level `entra:*` settings. Changing it replaces the resource (it is another tenant's object).
   */
  connection?: pulumi.Input<string>;
}

/**
 * The cross-tenant identity synchronization policy of one partner tenant (Microsoft Graph
 * `crossTenantIdentitySyncPolicyPartner`, `/policies/crossTenantAccessPolicy/partners/{tenantId}/identitySynchronization`).
 *
 * create → PUT, read (refresh) → GET, update → PATCH of the changed fields, delete → DELETE.
 * Type token: `pulumi-nodejs:dynamic/entra:CrossTenantIdentitySyncPolicyPartner`.
 */
export class CrossTenantIdentitySyncPolicyPartner extends EntraResource {
  /** Partner tenant ID (lower case). */
  public readonly tenantId!: pulumi.Output<string>;
  /** Display name, when managed. */
  public readonly displayName!: pulumi.Output<string | undefined>;
  /** Inbound user synchronization as last seen in Graph. */
  public readonly userSyncInbound!: pulumi.Output<{ isSyncAllowed: boolean }>;
  /** Inbound group synchronization, when managed (beta). */
  public readonly groupSyncInbound!: pulumi.Output<{ isSyncAllowed: boolean } | undefined>;
  /** The cross-cloud authorized application ID (lower case), when managed (beta). */
  public readonly externalCloudAuthorizedApplicationId!: pulumi.Output<string | undefined>;
  /** The `adoptExisting` input, when given. */
  public readonly adoptExisting!: pulumi.Output<boolean | undefined>;
  /** The `connection` input, when given. */
  public readonly connection!: pulumi.Output<string | undefined>;
  /** Graph API version this resource is managed with. */
  public readonly apiVersion!: pulumi.Output<ApiVersion>;
  /** True when create took over a policy that already existed. */
  public override readonly adopted!: pulumi.Output<boolean>;
  /** When create took it over (ISO time); only when adopted. The take-over warning is printed on that run only. */
  public override readonly adoptedAt!: pulumi.Output<string | undefined>;

  constructor(name: string, args: CrossTenantIdentitySyncPolicyPartnerArgs, opts?: pulumi.CustomResourceOptions) {
    // A second resource for the same policy fails before it is registered (ownership.ts).
    super(
      identitySyncPolicyKind,
      name,
      { connection: args?.connection, tenantId: args?.tenantId },
      // Every output key is listed so each `Output` property exists even when its input is omitted; the spread
      // keeps any unknown key (from JavaScript callers) so that check() can name the typo.
      {
        displayName: undefined,
        groupSyncInbound: undefined,
        externalCloudAuthorizedApplicationId: undefined,
        adoptExisting: undefined,
        connection: undefined,
        ...args,
        apiVersion: undefined,
        adopted: undefined,
        adoptedAt: undefined,
      },
      opts,
    );
  }
}
