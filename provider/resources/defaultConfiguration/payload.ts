/** Graph bodies and outputs of the default configuration: only the settings the program manages count. */
import {
  changedSettings,
  DEFAULT_SETTINGS,
  devicesFromGraph,
  InboundOutbound,
  SettingName,
  settingsBody,
  settingsFromGraph,
} from "../crossTenantSettings";
import { stripUndefined } from "../shared/values";
import type { DefaultInputs, DefaultOutputs } from "./types";
import type { Bag } from "../handler";

/** Names of the settings present in `bag` (inputs or previous outputs): the managed ones. */
export function managedNames(bag: Bag): SettingName[] {
  return DEFAULT_SETTINGS.filter((n) => bag[n] !== undefined);
}

export function settingsOf(bag: Bag): DefaultInputs {
  const out: Bag = {};
  for (const n of managedNames(bag)) out[n] = bag[n];
  return out as DefaultInputs;
}

export interface RemoteDefault {
  settings: Bag;
  isServiceDefault: boolean;
  /** `tenantRestrictions.devices`, when Graph has a filter. */
  devices?: Bag;
  /** Read-only here (always false in Graph), reported as an output. */
  automaticUserConsentSettings?: InboundOutbound;
}

/** Normalised as a default configuration: a null inboundTrust leaf is false (crossTenantSettings/normalise.ts). */
export function remoteFromGraph(body: Bag | undefined): RemoteDefault {
  return {
    settings: settingsFromGraph(body, DEFAULT_SETTINGS, "default") as Bag,
    isServiceDefault: body?.isServiceDefault === true,
    devices: devicesFromGraph(body),
    automaticUserConsentSettings: settingsFromGraph(body, ["automaticUserConsentSettings"])
      .automaticUserConsentSettings,
  };
}

/** PATCH body: the managed settings of `desired` that differ from `current`, each whole; `devices` kept. */
export function patchBody(desired: DefaultInputs, current: Bag, devices?: Bag): Bag {
  const names = managedNames(desired as Bag);
  return settingsBody(desired as Bag, changedSettings(desired as Bag, current, names), devices);
}

/** Besides the settings: `isServiceDefault`, and what create found and later steps carry forward. */
export interface DefaultExtras {
  isServiceDefault: boolean;
  adoptedAt?: string;
  devices?: Bag;
  automaticUserConsentSettings?: InboundOutbound;
}

export function outputsFrom(inputs: DefaultInputs, extras: DefaultExtras): DefaultOutputs {
  return stripUndefined({
    ...settingsOf(inputs as Bag),
    isServiceDefault: extras.isServiceDefault,
    adoptedAt: extras.adoptedAt,
    tenantRestrictionsDevices: extras.devices,
    automaticUserConsentSettings: extras.automaticUserConsentSettings,
  });
}

/** The managed settings (those of `olds`) as Graph has them; equal values keep their previous shape. */
export function inputsFromRemote(remote: RemoteDefault, olds: Bag): DefaultInputs {
  const out: Bag = {};
  for (const n of managedNames(olds)) {
    const r = remote.settings[n];
    if (r === undefined) continue;
    out[n] = changedSettings({ [n]: r }, olds, [n]).length === 0 ? olds[n] : r;
  }
  return out as DefaultInputs;
}
