/** Graph bodies and outputs of the partner configuration. */
import {
  changedSettings,
  CrossTenantSettings,
  describeSetting,
  devicesFromGraph,
  PARTNER_OPTIONAL_SETTINGS,
  PARTNER_SETTINGS,
  partnerManagedNames,
  settingsBody,
  settingsFromGraph,
  settingToGraph,
} from "../crossTenantSettings";
import { stripUndefined } from "../shared/values";
import type { PartnerExtras, PartnerInputs, PartnerOutputs, RemotePartner } from "./types";
import type { Bag } from "../handler";

/** Graph's answer (POST, GET, restore) → what we manage and report. Extra fields are ignored. */
export function remoteFromGraph(body: Bag | undefined): RemotePartner {
  return {
    settings: settingsFromGraph(body, PARTNER_SETTINGS, "partner"),
    isServiceProvider: body?.isServiceProvider === true,
    isInMultiTenantOrganization: body?.isInMultiTenantOrganization === true,
    devices: devicesFromGraph(body),
  };
}

/** POST body: the key and the settings the program sets (a new partner inherits everything else). Never `isServiceProvider`. */
export function postBody(inputs: PartnerInputs): Bag {
  const body: Bag = { tenantId: inputs.tenantId };
  for (const name of PARTNER_SETTINGS) if (inputs[name] !== undefined) body[name] = settingToGraph(name, inputs[name]);
  return body;
}

/**
 * PATCH body: each setting that differs from `current`, whole, or null where the program inherits. `devices`: the
 * remote tenantRestrictions device filter, kept when tenantRestrictions is sent.
 */
export function patchBody(desired: CrossTenantSettings, current: CrossTenantSettings, devices?: Bag): Bag {
  return settingsBody(
    desired as Bag,
    changedSettings(desired as Bag, current as Bag, partnerManagedNames(desired as Bag)),
    devices,
  );
}

/** The settings of previous outputs (or inputs). */
export function settingsOf(bag: Partial<PartnerOutputs>): CrossTenantSettings {
  const out: Bag = {};
  for (const name of PARTNER_SETTINGS) if (bag[name] !== undefined) out[name] = bag[name];
  return out as CrossTenantSettings;
}

/** One sentence per differing setting, for the "already exists" error. */
export function describeDifferences(desired: CrossTenantSettings, remote: CrossTenantSettings): string[] {
  return changedSettings(desired as Bag, remote as Bag, partnerManagedNames(desired as Bag)).map(
    (n) =>
      `${n} is ${describeSetting(n, remote[n], "inherited")} (program: ${describeSetting(n, desired[n], "inherit, i.e. omitted")})`,
  );
}

export function outputsFrom(
  inputs: PartnerInputs,
  flags: Pick<RemotePartner, "isServiceProvider" | "isInMultiTenantOrganization">,
  extras: PartnerExtras,
): PartnerOutputs {
  return stripUndefined({
    ...inputs,
    isServiceProvider: flags.isServiceProvider,
    isInMultiTenantOrganization: flags.isInMultiTenantOrganization,
    adopted: extras.adopted,
    adoptedAt: extras.adopted ? extras.adoptedAt : undefined,
    tenantRestrictionsDevices: extras.devices,
  });
}

/** The extras previous outputs carry forward (update, read). */
export function extrasOf(olds: Partial<PartnerOutputs>): PartnerExtras {
  return {
    adopted: olds.adopted === true,
    adoptedAt: typeof olds.adoptedAt === "string" ? olds.adoptedAt : undefined,
    devices: olds.tenantRestrictionsDevices,
  };
}

/**
 * The remote settings shaped like inputs (props and inputs of read()). Where a setting equals the previous value,
 * the previous value is kept as is, so Graph's target order never shows as a change.
 */
export function inputsFromRemote(
  tenantId: string,
  remote: RemotePartner,
  olds: Partial<PartnerOutputs>,
): PartnerInputs {
  const previous = settingsOf(olds);
  const settings: Bag = {};
  for (const name of PARTNER_SETTINGS) {
    // An optional setting is in the refreshed inputs only while the program manages it.
    if (PARTNER_OPTIONAL_SETTINGS.includes(name) && previous[name] === undefined) continue;
    const r = remote.settings[name];
    if (r === undefined) continue;
    settings[name] = changedSettings({ [name]: r }, previous as Bag, [name]).length === 0 ? previous[name] : r;
  }
  return stripUndefined({
    tenantId,
    ...settings,
    adoptExisting: typeof olds.adoptExisting === "boolean" ? olds.adoptExisting : undefined,
  } as PartnerInputs);
}
