// The provider's `entra:*` settings that point at a running emulator, as one map: the stacks of the end-to-end
// suite and the engine benchmark, the provider hosts of the host suites, the runtimes of the provider suites and
// benchmark; and the command line's environment variables. The CA goes in as `entra:caCertPath`; nothing relies on
// NODE_EXTRA_CA_CERTS.
import type { RunningEmulator } from "../emulator";
import type { BuiltInApp } from "./emulatorAdmin";

/** What the settings need of an emulator. */
export type EmulatorEndpoints = Pick<RunningEmulator, "url" | "authorityHost" | "caCertPath" | "defaults">;

/** Plain `entra:*` settings signing in as built-in `app` (default readWrite), everything except the client secret. */
export function entraConfig(
  emu: EmulatorEndpoints,
  extra: Record<string, string> = {},
  app: BuiltInApp = "readWrite",
): Record<string, string> {
  return {
    "entra:graphEndpoint": emu.url,
    "entra:authorityHost": emu.authorityHost,
    "entra:caCertPath": emu.caCertPath,
    "entra:tenantId": emu.defaults[app].tenantId,
    "entra:clientId": emu.defaults[app].clientId,
    ...extra,
  };
}

/** The secret part (a stack sets it with `pulumi config set --secret`). */
export function entraSecrets(emu: EmulatorEndpoints, app: BuiltInApp = "readWrite"): Record<string, string> {
  return { "entra:clientSecret": emu.defaults[app].clientSecret };
}

/** Both parts in one map, for a runtime or provider host configured directly; `extra` wins. */
export function entraSettings(
  emu: EmulatorEndpoints,
  extra: Record<string, string> = {},
  app: BuiltInApp = "readWrite",
): Record<string, string> {
  return { ...entraConfig(emu, {}, app), ...entraSecrets(emu, app), ...extra };
}

/** The same settings as the environment variables the command line reads (`ENTRA_*`, `ARM_*`). */
export function entraEnv(emu: EmulatorEndpoints, app: BuiltInApp = "readWrite"): Record<string, string> {
  return {
    ENTRA_GRAPH_ENDPOINT: emu.url,
    ENTRA_AUTHORITY_HOST: emu.authorityHost,
    ENTRA_CA_CERT_PATH: emu.caCertPath,
    ARM_TENANT_ID: emu.defaults[app].tenantId,
    ARM_CLIENT_ID: emu.defaults[app].clientId,
    ARM_CLIENT_SECRET: emu.defaults[app].clientSecret,
  };
}
