/**
 * Integration harness: the real runtime (the object the Pulumi host calls) against the in-process emulator over
 * HTTPS, with the real @azure/identity credentials and the emulator's CA trusted explicitly.
 */
import { createRuntime, configFromMap, Runtime, RuntimeOptions } from "../../provider/host/runtime";
import { startTestEmulator, TestEmulator, BuiltInApp, useTestEmulator } from "../helpers/emulator";
import type { RequestLogEntry } from "../../emulator";
import { entraSettings } from "../../testkit/entraConfig";
import { newTenantId } from "../../testkit/tenantIds";

export type { TestEmulator };
export { startTestEmulator, useTestEmulator };

/** A fresh, valid partner tenant id per call (unique within the process). */
export const partnerId = (): string => newTenantId("9e000000");

/** Settings that point at the emulator; fast retry timings so fault tests take milliseconds, not minutes. */
export function emulatorConfig(
  t: TestEmulator,
  app: BuiltInApp = "readWrite",
  overrides: Record<string, string> = {},
): Record<string, string> {
  return entraSettings(
    t.emu,
    {
      "entra:retryBaseDelayMs": "5",
      "entra:operationTimeoutSeconds": "20",
      "entra:replicationWaitSeconds": "2",
      ...overrides,
    },
    app,
  );
}

/** A configured runtime, isolated from the machine's ARM_ and AZURE_ environment. */
export async function runtimeFor(
  t: TestEmulator,
  app: BuiltInApp = "readWrite",
  overrides: Record<string, string> = {},
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const rt = createRuntime({ env: {}, ...options });
  await rt.configure({ config: configFromMap(emulatorConfig(t, app, overrides)) });
  return rt;
}

/** Graph and token calls logged after `since`. */
export async function callsSince(
  t: TestEmulator,
  since: number,
): Promise<{ graph: RequestLogEntry[]; token: RequestLogEntry[] }> {
  const all = await t.admin.requests(since);
  return { graph: all.filter((r) => r.kind === "graph"), token: all.filter((r) => r.kind === "token") };
}

export function summary(entries: RequestLogEntry[]): string[] {
  return entries.map((e) => `${e.method} ${e.status}`);
}

/** The sync policy of one partner as the emulator holds it, if any. */
export async function policyIn(t: TestEmulator, tenantId: string): Promise<{ tenantId: string } | undefined> {
  return ((await t.admin.state()).policies as unknown as { tenantId: string }[]).find((p) => p.tenantId === tenantId);
}
