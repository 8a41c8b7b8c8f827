/** Graph bodies and outputs of the default configuration: only the settings the program manages count. */
import { changedSettings, SETTING_NAMES, SettingName, settingsBody, settingsFromGraph } from "../crossTenantSettings";
import { stripUndefined } from "../shared/values";
import type { DefaultInputs, DefaultOutputs } from "./types";

type Bag = Record<string, unknown>;

/** Names of the settings present in `bag` (inputs or previous outputs): the managed ones. */
export function managedNames(bag: Bag): SettingName[] {
  return SETTING_NAMES.filter((n) => bag[n] !== undefined && n !== "automaticUserConsentSettings");
}

export function settingsOf(bag: Bag): DefaultInputs {
  const out: Bag = {};
  for (const n of managedNames(bag)) out[n] = bag[n];
  return out as DefaultInputs;
}

export interface RemoteDefault {
  settings: Bag;
  isServiceDefault: boolean;
}

export function remoteFromGraph(body: Bag | undefined): RemoteDefault {
  return { settings: settingsFromGraph(body) as Bag, isServiceDefault: body?.isServiceDefault === true };
}

/** PATCH body: the managed settings of `desired` that differ from `current`, each whole. */
export function patchBody(desired: DefaultInputs, current: Bag): Bag {
  const names = managedNames(desired as Bag);
  return settingsBody(desired as Bag, changedSettings(desired as Bag, current, names));
}

export function outputsFrom(inputs: DefaultInputs, isServiceDefault: boolean): DefaultOutputs {
  return stripUndefined({ ...settingsOf(inputs as Bag), isServiceDefault });
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
