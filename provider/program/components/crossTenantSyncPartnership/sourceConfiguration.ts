/**
 * `sourceConfiguration`: its plain values are checked in the program by the `CrossTenantSyncConfiguration`'s own
 * check (one set of rules), and a failure becomes a `RunError` naming the component and the argument path, so a
 * mistake fails `pulumi preview` before anything is registered and with no Graph call. Values that are Outputs are
 * checked by the resource when they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkSyncConfigInputs } from "../../../resources/crossTenantSyncConfiguration/schema";
import { UNKNOWN } from "../../../resources/shared/values";
import type { CrossTenantSyncPartnershipArgs, PartnershipSourceConfigurationArgs } from "./args";
import { COMPONENT, isPlain } from "./validate";

/** Set by the partnership itself: where each one comes from instead. */
const FROM_PARTNERSHIP: Readonly<Record<string, string>> = {
  targetTenantId: "it is the partnership's target.tenantId",
  connection: "it is the source side's connection (source.connection)",
};

function fail(name: string, message: string): never {
  throw new pulumi.RunError(`${COMPONENT} "${name}": ${message}`);
}

/** A value as the resource's check sees it at preview: Outputs and Promises as the host's unknown sentinel. */
function asChecked(v: unknown): unknown {
  if (!isPlain(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map(asChecked);
  if (typeof v === "object" && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asChecked(x)]));
  return v;
}

/** Checks `sourceConfiguration` (and what else in `args` contradicts it); plain values only. */
export function checkSourceConfiguration(name: string, args: CrossTenantSyncPartnershipArgs): void {
  const config: unknown = args.sourceConfiguration;
  if (config === undefined) return;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    fail(
      name,
      `sourceConfiguration must be { displayName, scope, provisioningEnabled?, notificationEmail?, accidentalDeletionThreshold?, onDestroy?, schema? }, got ${JSON.stringify(config)}.`,
    );
  }
  for (const key of Object.keys(config)) {
    if (key in FROM_PARTNERSHIP)
      fail(name, `sourceConfiguration.${key} is set by the partnership (${FROM_PARTNERSHIP[key]}); remove it.`);
  }
  // The target tenant was checked with the partnership's sides; an Output stands in for it here.
  const { failures } = checkSyncConfigInputs({ ...(asChecked(config) as object), targetTenantId: UNKNOWN });
  if (failures.length > 0) {
    const at = (property: string, reason: string) =>
      property && reason.startsWith(property)
        ? `sourceConfiguration.${reason}`
        : `sourceConfiguration${property ? `.${property}` : ""}: ${reason}`;
    fail(name, failures.map((f) => at(f.property, f.reason)).join(" "));
  }
  if (isPlain(args.userSync) && args.userSync === false) {
    fail(
      name,
      "userSync: false keeps the target tenant from allowing synchronization from the source, so the sourceConfiguration could not run " +
        "(its credentials would fail validation). Remove userSync: false, or remove sourceConfiguration.",
    );
  }
}

/** The source configuration's own arguments as the partnership passes them on (the rest it sets itself). */
export function sourceConfigurationArgs(
  config: PartnershipSourceConfigurationArgs,
): PartnershipSourceConfigurationArgs {
  return {
    displayName: config.displayName,
    scope: config.scope,
    provisioningEnabled: config.provisioningEnabled,
    notificationEmail: config.notificationEmail,
    accidentalDeletionThreshold: config.accidentalDeletionThreshold,
    onDestroy: config.onDestroy,
    schema: config.schema,
  };
}
