/**
 * The tenant's default configuration, a singleton that always exists: create → GET + PATCH of what differs,
 * read → GET, update → one PATCH of the changed settings, delete → POST resetToSystemDefault.
 */
import { Bag, LifecycleContext, operationDeadline } from "../handler";
import { changedSettings } from "../crossTenantSettings";
import { errorsFor, Subject } from "../shared/errors";
import { recentWrite, recordWrite, untilSettled, windowEnd } from "../shared/replication";
import { DEFAULT_CONFIGURATION } from "../shared/typeNames";
import { stripUndefined } from "../shared/values";
import {
  inputsFromRemote,
  managedNames,
  outputsFrom,
  patchBody,
  RemoteDefault,
  remoteFromGraph,
  settingsOf,
} from "./payload";
import { DEFAULT_ID, DEFAULT_PATH, DefaultInputs, DefaultOutputs, RESET_PATH } from "./types";

const subject: Subject = { typeName: DEFAULT_CONFIGURATION, describe: "the default cross-tenant access configuration" };

async function getRemote(ctx: LifecycleContext, deadline: number): Promise<RemoteDefault> {
  const res = await ctx.graph.request<Bag>("GET", DEFAULT_PATH, undefined, { deadline });
  return remoteFromGraph(res.body);
}

async function patchChanges(
  ctx: LifecycleContext,
  desired: DefaultInputs,
  current: Bag,
  devices: Bag | undefined,
  deadline: number,
  action: string,
): Promise<boolean> {
  const body = patchBody(desired, current, devices);
  if (Object.keys(body).length === 0) return false;
  try {
    await ctx.graph.request("PATCH", DEFAULT_PATH, body, { deadline });
  } catch (e) {
    throw errorsFor(ctx, subject).failed(action, e);
  }
  recordWrite(ctx, DEFAULT_CONFIGURATION, DEFAULT_ID, desired);
  return true;
}

export async function createDefault(
  ctx: LifecycleContext,
  inputs: DefaultInputs,
): Promise<{ id: string; outs: DefaultOutputs }> {
  const deadline = operationDeadline(ctx);
  let remote: RemoteDefault;
  try {
    remote = await getRemote(ctx, deadline);
  } catch (e) {
    throw errorsFor(ctx, subject).failed("read", e);
  }
  const desired = settingsOf(inputs as Bag);
  const patched = await patchChanges(ctx, desired, remote.settings, remote.devices, deadline, "update");
  // Taking over a configuration someone customised is an adoption (destroy resets their settings too): recorded
  // with its time, so the program warns on this run only. The untouched system default is not.
  const adoptedAt = remote.isServiceDefault ? undefined : new Date(ctx.clock.now()).toISOString();
  const extras = {
    isServiceDefault: patched ? false : remote.isServiceDefault,
    adoptedAt,
    devices: remote.devices,
    automaticUserConsentSettings: remote.automaticUserConsentSettings,
  };
  return { id: DEFAULT_ID, outs: outputsFrom(desired, extras) };
}

export async function readDefault(
  ctx: LifecycleContext,
  props: Bag,
): Promise<{ id: string; props: DefaultOutputs; inputs: DefaultInputs }> {
  const deadline = operationDeadline(ctx);
  const recent = recentWrite(ctx, DEFAULT_CONFIGURATION, DEFAULT_ID);
  let remote: RemoteDefault;
  try {
    const get = () => getRemote(ctx, deadline);
    remote = recent
      ? await untilSettled(ctx, deadline, windowEnd(ctx, recent), get, (r) => {
          const expected = (recent.expected ?? {}) as Bag;
          return changedSettings(expected, r.settings, managedNames(expected)).length === 0;
        })
      : await get();
  } catch (e) {
    // The default configuration always exists: any failure fails the refresh.
    throw errorsFor(ctx, subject).failed("read", e);
  }
  const inputs = stripUndefined(inputsFromRemote(remote, props));
  const adoptedAt = typeof props.adoptedAt === "string" ? props.adoptedAt : undefined;
  const extras = {
    isServiceDefault: remote.isServiceDefault,
    adoptedAt,
    devices: remote.devices,
    automaticUserConsentSettings: remote.automaticUserConsentSettings,
  };
  return { id: DEFAULT_ID, props: outputsFrom(inputs, extras), inputs };
}

export async function updateDefault(
  ctx: LifecycleContext,
  olds: Bag,
  news: DefaultInputs,
): Promise<{ outs: DefaultOutputs }> {
  const deadline = operationDeadline(ctx);
  const desired = settingsOf(news as Bag);
  const devices = olds.tenantRestrictionsDevices as Bag | undefined;
  const patched = await patchChanges(ctx, desired, olds, devices, deadline, "update");
  const adoptedAt = typeof olds.adoptedAt === "string" ? olds.adoptedAt : undefined;
  const consent = olds.automaticUserConsentSettings as DefaultOutputs["automaticUserConsentSettings"];
  return {
    outs: outputsFrom(desired, {
      isServiceDefault: patched ? false : olds.isServiceDefault === true,
      adoptedAt,
      devices,
      automaticUserConsentSettings: consent,
    }),
  };
}

/** Delete puts the system default back (every setting, including those this program did not manage). */
export async function deleteDefault(ctx: LifecycleContext): Promise<void> {
  const deadline = operationDeadline(ctx);
  try {
    await ctx.graph.request("POST", RESET_PATH, undefined, { deadline });
  } catch (e) {
    throw errorsFor(ctx, subject).failed("reset (resetToSystemDefault)", e);
  }
  recordWrite(ctx, DEFAULT_CONFIGURATION, DEFAULT_ID, null);
}
