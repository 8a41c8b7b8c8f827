/** The shapes of a cross-tenant synchronization configuration: checked inputs, outputs, and Graph's objects. */
import { DEFAULT_RULE_NAME } from "../syncSchema/types";
import type { SchemaBaseline, SyncSchemaSettings } from "../syncSchema/types";

/** The Entra gallery template "Cross-tenant synchronization" (instantiate creates the application and its SP). */
export const CONFIGURATION_TEMPLATE_ID = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
/** The synchronization template of a cross-tenant job. */
export const SYNC_TEMPLATE_ID = "Azure2Azure";
/** The schema rule that provisions users (its ID is per job; provisionOnDemand needs it). */
export const USER_RULE_NAME = DEFAULT_RULE_NAME;
/** The app role a user or group is assigned with to be in scope. */
export const ACCESS_ROLE_NAME = "msiam_access";

export type OnDestroy = "delete" | "pause";

/** Who is synchronized: everyone (`syncAll`), or the assigned users and groups (direct members only). */
export interface SyncScope {
  syncAll: boolean;
  /** User object IDs, lower case, sorted, unique. */
  users: string[];
  /** Group object IDs, lower case, sorted, unique. */
  groups: string[];
}

/** Inputs after check(): defaults filled in, IDs lower-cased. */
export interface SyncConfigInputs {
  displayName: string;
  /** The target tenant, lower-case GUID. A change replaces the configuration. */
  targetTenantId: string;
  scope: SyncScope;
  /** true: the job runs (start); false: paused. */
  provisioningEnabled: boolean;
  notificationEmail?: string;
  accidentalDeletionThreshold?: number;
  onDestroy: OnDestroy;
  /** Typed overrides of the job's schema (syncSchema/); only what is declared is owned. */
  schema?: SyncSchemaSettings;
}

/** A step of create that has not happened yet; only in the outputs of a partial create (next `up` finishes it). */
export type PendingStep = "job" | "secrets" | "validate" | "assignments" | "schema" | "start";

/** The job's status in a few fields. */
export interface JobStatus {
  /** schedule.state: Active (running periodically), Paused, Disabled (never started). */
  state: string;
  /** status.code: NotConfigured, NotRun, Active, Paused, Quarantine. */
  code: string;
  lastCycle?: { state: string; timeEnded?: string; error?: { code: string; message: string } };
  quarantine?: { reason: string; since?: string; errorCode?: string; message?: string };
}

export interface SyncConfigOutputs extends SyncConfigInputs {
  applicationObjectId: string;
  /** The Pulumi ID. */
  servicePrincipalId: string;
  appId: string;
  jobId?: string;
  /** The ID of the USER_INBOUND_USER rule (provision on demand). */
  userRuleId?: string;
  /** The msiam_access app role of the service principal (what assignments grant). */
  appRoleId?: string;
  /** Principal object ID → app role assignment ID. */
  assignments: Record<string, string>;
  jobStatus: JobStatus;
  adopted: boolean;
  adoptedAt?: string;
  /** Steps a failed create did not reach; absent once complete. */
  pending?: PendingStep[];
  /** What the owned schema parts held before `schema` set them (what removing `schema` or destroy with onDestroy "pause" restores). */
  schemaBaseline?: SchemaBaseline;
}

/** Graph `servicePrincipal`, the parts read here (`objectId` is the old Entra guide's name for `id`). */
export interface GraphServicePrincipal {
  id?: string;
  objectId?: string;
  appId?: string;
  displayName?: string;
  applicationTemplateId?: string | null;
  appRoles?: { id?: string; displayName?: string | null; value?: string | null; isEnabled?: boolean }[];
  [extra: string]: unknown;
}

export interface GraphApplication {
  id?: string;
  objectId?: string;
  appId?: string;
  displayName?: string;
  [extra: string]: unknown;
}

/** 201 of instantiate. */
export interface GraphInstantiated {
  application?: GraphApplication;
  servicePrincipal?: GraphServicePrincipal;
}

export interface GraphSyncJob {
  id?: string;
  templateId?: string;
  schedule?: { state?: string | null; interval?: string | null } | null;
  status?: {
    code?: string | null;
    lastExecution?: {
      state?: string | null;
      timeEnded?: string | null;
      error?: { code?: string | null; message?: string | null } | null;
    } | null;
    quarantine?: {
      reason?: string | null;
      currentBegan?: string | null;
      error?: { code?: string | null; message?: string | null } | null;
    } | null;
  } | null;
  [extra: string]: unknown;
}

export interface GraphAppRoleAssignment {
  id?: string;
  appRoleId?: string;
  principalId?: string;
  principalType?: string;
  [extra: string]: unknown;
}

export interface GraphSchema {
  synchronizationRules?: { id?: string; name?: string }[];
  [extra: string]: unknown;
}
