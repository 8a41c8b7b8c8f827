import * as pulumi from "@pulumi/pulumi";
import { CrossTenantSyncConfiguration } from "../../resources/crossTenantSyncConfiguration";
import { CrossTenantIdentitySyncPolicyPartner } from "../../resources/identitySyncPolicy";
import { CrossTenantAccessPolicyConfigurationPartner } from "../../resources/partnerConfiguration";
import type { InboundOutboundPolicyConfigurationArgs } from "../../../resources/crossTenantSettings/args";
import type { CrossTenantSyncPartnershipArgs, PartnershipTenantArgs } from "./args";
import { claimPartners } from "./claims";
import { mirrorMismatch, plainMirrorMismatch, Sides } from "./mirror";
import { checkSourceConfiguration, sourceConfigurationArgs } from "./sourceConfiguration";
import { COMPONENT, validateArgs } from "./validate";

/** The component's type token. */
export const PARTNERSHIP_TYPE = `entra:index:${COMPONENT}`;

/** The consent a side needs (inbound in the target, outbound in the source); both when the relationship is mutual. */
function consent(
  needed: keyof InboundOutboundPolicyConfigurationArgs,
  mutual: boolean,
): InboundOutboundPolicyConfigurationArgs {
  return mutual ? { inboundAllowed: true, outboundAllowed: true } : { [needed]: true };
}

/**
 * A working cross-tenant synchronization relationship between two tenants, declared in one call. Its children are
 * ordinary resources of this package (each with its own diff in `pulumi preview`):
 *
 * - `<name>-target-partner`: in the target tenant, the partner configuration of the source tenant, with inbound
 *   automatic consent (`automaticUserConsentSettings.inboundAllowed`);
 * - `<name>-sync-policy`: in the target tenant, the identity sync policy allowing the source to synchronize users
 *   (and, on beta, groups), with `tenantId: targetPartner.tenantId` so it is created after its partner and deleted
 *   before it;
 * - `<name>-source-partner`: in the source tenant, the partner configuration of the target tenant, with outbound
 *   automatic consent; it depends on the policy, so the whole target side exists first (cross-tenant-landscape §1.1)
 *   and is deleted last;
 * - `<name>-source-configuration` (with `sourceConfiguration`): in the source tenant, the cross-tenant
 *   synchronization configuration (`CrossTenantSyncConfiguration`: application, job, credentials, scope), pointed
 *   at the target tenant. It depends on the three above: its credentials validate only once the target allows
 *   inbound synchronization, so it is created last and deleted first.
 *
 * Each side names the connection (`entra:connections`) of its own tenant. A relationship in both directions is two
 * partnerships that share the partner configurations: the first with `mutual: true`, the second with
 * `reverseOf: first` (it then adds only its own sync policy, and its own source configuration when it has one).
 */
export class CrossTenantSyncPartnership extends pulumi.ComponentResource {
  /** In the target tenant: the partner configuration of the source tenant (with `reverseOf`, the other partnership's). */
  public readonly targetPartner: CrossTenantAccessPolicyConfigurationPartner;
  /** In the target tenant: the identity sync policy of the source tenant. */
  public readonly syncPolicy: CrossTenantIdentitySyncPolicyPartner;
  /** In the source tenant: the partner configuration of the target tenant (with `reverseOf`, the other partnership's). */
  public readonly sourcePartner: CrossTenantAccessPolicyConfigurationPartner;
  /** In the source tenant: the synchronization configuration (only with `sourceConfiguration`). */
  public readonly sourceConfiguration?: CrossTenantSyncConfiguration;
  /** The source tenant's ID (lower case), known once the target side is declared. */
  public readonly sourceTenantId: pulumi.Output<string>;
  /**
   * The target tenant's ID (lower case), resolved from the source side's partner configuration: a resource that
   * takes it as input (e.g. the sync job's `CompanyId` secret) is created after both sides.
   */
  public readonly targetTenantId: pulumi.Output<string>;
  /** Whether the partner configurations allow automatic consent in both directions (`mutual: true`). */
  public readonly mutual: boolean;
  /** The two sides as declared (for `reverseOf` checks). */
  public readonly sides: Readonly<Sides>;
  /** The name the partnership was declared with. */
  public readonly partnershipName: string;

  constructor(name: string, args: CrossTenantSyncPartnershipArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can be judged from plain values fails here, before anything is registered.
    const sides = validateArgs(name, args);
    checkSourceConfiguration(name, args);
    const reverse = reverseOfArg(name, args.reverseOf);
    const mismatch = reverse ? plainMirrorMismatch(name, reverse.partnershipName, sides, reverse.sides) : undefined;
    if (mismatch !== undefined && mismatch !== "unresolved") throw new pulumi.RunError(mismatch);
    if (!reverse) {
      claimPartners(name, [
        { role: "target", connection: sides.target.connection, partnerTenantId: sides.source.tenantId },
        { role: "source", connection: sides.source.connection, partnerTenantId: sides.target.tenantId },
      ]);
    }
    super(PARTNERSHIP_TYPE, name, {}, opts);
    this.partnershipName = name;
    this.mutual = args.mutual === true;
    this.sides = sides;
    const { source, target } = sides;

    this.targetPartner =
      reverse?.sourcePartner ??
      new CrossTenantAccessPolicyConfigurationPartner(
        `${name}-target-partner`,
        partnerArgs(target, source.tenantId, consent("inboundAllowed", this.mutual), args, args.inboundTrust),
        { parent: this },
      );

    // With reverseOf the partner comes from the other partnership. When some side is an Output, the policy's
    // tenantId also carries the check that the two are mirror images (a mismatch fails its registration).
    const policyTenant =
      reverse && mismatch === "unresolved"
        ? pulumi
            .all([this.targetPartner.tenantId, mirrorMismatch(name, reverse.partnershipName, sides, reverse.sides)])
            .apply(([tenantId, problem]) => {
              if (problem) throw new pulumi.RunError(problem);
              return tenantId;
            })
        : this.targetPartner.tenantId;

    this.syncPolicy = new CrossTenantIdentitySyncPolicyPartner(
      `${name}-sync-policy`,
      {
        tenantId: policyTenant,
        connection: target.connection,
        displayName: args.displayName,
        userSyncInbound: { isSyncAllowed: pulumi.output(args.userSync).apply((allowed) => allowed ?? true) },
        groupSyncInbound: args.groupSync === undefined ? undefined : { isSyncAllowed: args.groupSync },
        adoptExisting: args.adoptExisting,
      },
      { parent: this },
    );

    this.sourcePartner =
      reverse?.targetPartner ??
      new CrossTenantAccessPolicyConfigurationPartner(
        `${name}-source-partner`,
        partnerArgs(source, target.tenantId, consent("outboundAllowed", this.mutual), args),
        { parent: this, dependsOn: [this.syncPolicy] },
      );

    this.sourceTenantId = this.targetPartner.tenantId;
    this.targetTenantId = this.sourcePartner.tenantId;

    // Last: its credentials validate only once the target allows the source in (partner and sync policy); the
    // explicit dependencies also hold with reverseOf, where the partners are the other partnership's.
    if (args.sourceConfiguration !== undefined) {
      this.sourceConfiguration = new CrossTenantSyncConfiguration(
        `${name}-source-configuration`,
        {
          ...sourceConfigurationArgs(args.sourceConfiguration),
          connection: source.connection,
          // The declared value, not the partner's output: known at preview, so the resource's checks run then
          // (e.g. the connection's own tenant as the target); the order comes from dependsOn.
          targetTenantId: target.tenantId,
        },
        { parent: this, dependsOn: [this.targetPartner, this.syncPolicy, this.sourcePartner] },
      );
    }
    this.registerOutputs({ sourceTenantId: this.sourceTenantId, targetTenantId: this.targetTenantId });
  }
}

/** The partner configuration a side holds for the other tenant. */
function partnerArgs(
  holder: PartnershipTenantArgs,
  partnerTenantId: pulumi.Input<string>,
  automaticUserConsentSettings: InboundOutboundPolicyConfigurationArgs,
  args: CrossTenantSyncPartnershipArgs,
  inboundTrust?: CrossTenantSyncPartnershipArgs["inboundTrust"],
) {
  return {
    ...holder.partnerSettings,
    ...(inboundTrust !== undefined ? { inboundTrust } : {}),
    tenantId: partnerTenantId,
    connection: holder.connection,
    automaticUserConsentSettings,
    adoptExisting: args.adoptExisting,
  };
}

function reverseOfArg(name: string, reverse: unknown): CrossTenantSyncPartnership | undefined {
  if (reverse === undefined) return undefined;
  if (!(reverse instanceof CrossTenantSyncPartnership)) {
    throw new pulumi.RunError(
      `${COMPONENT} "${name}": reverseOf must be the ${COMPONENT} of the opposite direction (the object, not its name).`,
    );
  }
  if (!reverse.mutual) {
    throw new pulumi.RunError(
      `${COMPONENT} "${name}": reverseOf: ${reverse.partnershipName} shares the partner configurations of "${reverse.partnershipName}", ` +
        `but "${reverse.partnershipName}" was declared without \`mutual: true\`, so they allow automatic consent in one direction only. Add \`mutual: true\` to "${reverse.partnershipName}".`,
    );
  }
  return reverse;
}
