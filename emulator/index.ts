/**
 * Local HTTPS Microsoft Graph + Entra token endpoint for cross-tenant access policies (not published).
 * See docs/architecture.md › Emulator contract.
 */
export { startEmulator } from "./server/emulatorServer";
export type { EmulatorOptions, RunningEmulator } from "./server/emulatorServer";
export type { EmulatorSettings, BehaviourSwitches, ThrottleSettings, ErrorShape } from "./settings";
export { defaultSettings } from "./settings";
export type {
  RegisteredAppConfig,
  EmulatorDefaults,
  BuiltInAppCredentials,
  BuiltInTenant,
} from "./auth/registeredApps";
export { DEFAULT_TENANT_ID, SECOND_TENANT_ID, ROLE_READ, ROLE_WRITE } from "./auth/registeredApps";
export type { FaultSpec, FaultAction, Fault } from "./faults/faultQueue";
export type { RequestLogEntry } from "./requestLog";
export type { SeedData, Seed } from "./admin/seed";
export type { TenantState } from "./admin/state";
export type { StoreSnapshot, DirectorySnapshot } from "./persistence/graphStore";
export { systemDefaultConfiguration, serviceAccessPolicy, ALLOWED_CLOUD_ENDPOINTS } from "./validation/schemas";
