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
export {
  DEFAULT_TENANT_ID,
  SECOND_TENANT_ID,
  ROLE_READ,
  ROLE_WRITE,
  SOURCE_SIDE_ROLES,
  ROLE_SYNC_WRITE,
  ROLE_APPLICATION_WRITE,
  ROLE_APP_ROLE_ASSIGNMENT_WRITE,
} from "./auth/registeredApps";
export type { FaultSpec, FaultAction, Fault } from "./faults/faultQueue";
export type { RequestLogEntry } from "./requestLog";
export type { SeedData, Seed } from "./admin/seed";
export type { SeedUser, SeedGroup } from "./admin/sourceSideSeed";
export type { SyncJobView, SyncExecutionView } from "./handlers/sourceRecords";
export { CROSS_TENANT_SYNC_TEMPLATE_ID, AZURE2AZURE_TEMPLATE_ID } from "./handlers/sourceRecords";
export type { TenantState } from "./admin/state";
export type { SchemaFaults, FailNextPut, ConcurrentEdit } from "./handlers/syncSchemaState";
export type { StoreSnapshot, DirectorySnapshot } from "./persistence/graphStore";
export { systemDefaultConfiguration, serviceAccessPolicy, ALLOWED_CLOUD_ENDPOINTS } from "./validation/schemas";
