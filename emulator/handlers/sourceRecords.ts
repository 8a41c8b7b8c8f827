/**
 * The source side's directory objects as the emulator stores them and as Graph v1.0 shows them: users, groups,
 * applications and service principals from the cross-tenant synchronization template, app role assignments and
 * synchronization jobs. Stored records may carry the emulator's bookkeeping (`servicePrincipalId` and
 * `userRuleId` on a job, `synchronizedFrom` on a synchronized user); the render functions list Graph's properties
 * only, so bookkeeping never reaches a Graph response.
 */
import { randomBytes, randomUUID } from "crypto";
import { Directory } from "../persistence/graphStore";
import { JsonObject, JsonValue } from "../util/json";

/** The gallery template of the portal's "Cross-tenant synchronization" configuration ([DOC] Entra guide step 5). */
export const CROSS_TENANT_SYNC_TEMPLATE_ID = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
/** Its synchronization template ([DOC] step 7). */
export const AZURE2AZURE_TEMPLATE_ID = "Azure2Azure";
/** The default access role any app accepts when it defines no app role ([DOC] appRoleAssignment resource page). */
export const DEFAULT_ACCESS_ROLE_ID = "00000000-0000-0000-0000-000000000000";

/** Graph's app role assignment ids are base64url strings of 43 characters ([DOC-EX] the assignment examples). */
export const newAssignmentId = (): string => randomBytes(32).toString("base64url").slice(0, 43);

/** `Azure2Azure.<32 hex>.<guid>`, the shape of the job ids in public dumps of this template ([INFERENCE]). */
export const newJobId = (): string => `${AZURE2AZURE_TEMPLATE_ID}.${randomBytes(16).toString("hex")}.${randomUUID()}`;

/**
 * The one app role of the gallery app ([DOC] landscape S3: `msiam_access` is a gallery app's only default role;
 * its id is per instance [INFERENCE]).
 */
export function msiamAccessRole(id: string = randomUUID()): JsonObject {
  return {
    allowedMemberTypes: ["User"],
    description: "msiam_access",
    displayName: "msiam_access",
    id,
    isEnabled: true,
    origin: "Application",
    value: null,
  };
}

/** The directory's default domain: seeded, else `<first 12 hex of the tenant id>.onmicrosoft.com` ([INFERENCE]). */
export function defaultDomainOf(dir: Directory): string {
  const org = dir.get("organization", dir.tenantId);
  if (org && typeof org.defaultDomain === "string") return org.defaultDomain;
  return `t${dir.tenantId.replace(/-/g, "").slice(0, 12)}.onmicrosoft.com`;
}

const pick = (record: Readonly<JsonObject>, defaults: JsonObject): JsonObject => {
  const out: JsonObject = {};
  for (const [name, fallback] of Object.entries(defaults)) out[name] = (record[name] ?? fallback) as JsonValue;
  return out;
};

/** The user properties Graph returns without `$select` ([DOC] user: list, "default properties"). */
export const USER_DEFAULT_PROPERTIES = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];

/** Every user property the emulator models (for `$select`), with its value when unset. */
const USER_PROPERTIES: JsonObject = {
  id: null,
  accountEnabled: true,
  businessPhones: [],
  createdDateTime: null,
  creationType: null,
  deletedDateTime: null,
  department: null,
  displayName: null,
  externalUserState: null,
  externalUserStateChangeDateTime: null,
  givenName: null,
  identities: [],
  jobTitle: null,
  mail: null,
  mailNickname: null,
  mobilePhone: null,
  officeLocation: null,
  // extensionAttribute1-15 ([DOC] user resource: onPremisesExtensionAttributes); synchronization maps into them.
  onPremisesExtensionAttributes: null,
  preferredLanguage: null,
  showInAddressList: null,
  surname: null,
  userPrincipalName: null,
  userType: "Member",
};
export const USER_PROPERTY_NAMES = Object.keys(USER_PROPERTIES);

export function renderUser(record: Readonly<JsonObject>, select?: string[]): JsonObject {
  const all = pick(record, USER_PROPERTIES);
  const names = select ?? USER_DEFAULT_PROPERTIES;
  return Object.fromEntries(names.map((n) => [n, all[n]]));
}

const GROUP_PROPERTIES: JsonObject = {
  id: null,
  createdDateTime: null,
  deletedDateTime: null,
  description: null,
  displayName: null,
  groupTypes: [],
  mail: null,
  mailEnabled: false,
  mailNickname: null,
  securityEnabled: true,
};
export const GROUP_PROPERTY_NAMES = Object.keys(GROUP_PROPERTIES);

export function renderGroup(record: Readonly<JsonObject>, select?: string[]): JsonObject {
  const all = pick(record, GROUP_PROPERTIES);
  return select ? Object.fromEntries(select.map((n) => [n, all[n]])) : all;
}

/** An application as the v1.0 instantiate example and GET show it ([DOC] applicationtemplate-instantiate.md). */
export function renderApplication(record: Readonly<JsonObject>): JsonObject {
  return pick(record, {
    id: null,
    deletedDateTime: null,
    appId: null,
    applicationTemplateId: null,
    createdDateTime: null,
    description: null,
    displayName: null,
    notes: null,
    identifierUris: [],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    groupMembershipClaims: null,
    optionalClaims: null,
    addIns: [],
    publisherDomain: null,
    signInAudience: "AzureADMyOrg",
    tags: [],
    tokenEncryptionKeyId: null,
    api: {
      requestedAccessTokenVersion: null,
      acceptMappedClaims: null,
      knownClientApplications: [],
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: { termsOfServiceUrl: null, supportUrl: null, privacyStatementUrl: null, marketingUrl: null, logoUrl: null },
    keyCredentials: [],
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: "Allow" },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    web: {
      redirectUris: [],
      homePageUrl: null,
      logoutUrl: null,
      implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false },
    },
  });
}

/** A service principal as v1.0 shows it, plus `applicationTemplateId` ([DOC] instantiate example, Entra guide). */
export function renderServicePrincipal(record: Readonly<JsonObject>): JsonObject {
  return pick(record, {
    id: null,
    deletedDateTime: null,
    accountEnabled: true,
    addIns: [],
    alternativeNames: [],
    appDisplayName: null,
    appDescription: null,
    appId: null,
    applicationTemplateId: null,
    appOwnerOrganizationId: null,
    appRoleAssignmentRequired: true,
    appRoles: [],
    description: null,
    displayName: null,
    homepage: null,
    info: { termsOfServiceUrl: null, supportUrl: null, privacyStatementUrl: null, marketingUrl: null, logoUrl: null },
    keyCredentials: [],
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    preferredSingleSignOnMode: null,
    publisherName: null,
    replyUrls: [],
    servicePrincipalNames: [],
    servicePrincipalType: "Application",
    signInAudience: "AzureADMyOrg",
    tags: [],
    tokenEncryptionKeyId: null,
  });
}

/** [DOC] Entra guide step 9 response. */
export function renderAssignment(record: Readonly<JsonObject>): JsonObject {
  return pick(record, {
    id: null,
    deletedDateTime: null,
    appRoleId: null,
    createdDateTime: null,
    principalDisplayName: null,
    principalId: null,
    principalType: null,
    resourceDisplayName: null,
    resourceId: null,
  });
}

/** A synchronization job as Graph shows it (the emulator's typed view for clients such as the testkit). */
export interface SyncJobView {
  id: string;
  templateId: string;
  schedule: { expiration: string | null; interval: string; state: "Active" | "Disabled" | "Paused" };
  status: {
    code: "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine";
    countSuccessiveCompleteFailures: number;
    lastExecution: SyncExecutionView | null;
    lastSuccessfulExecution: SyncExecutionView | null;
    quarantine: {
      currentBegan: string;
      nextAttempt: string;
      reason: string;
      seriesBegan: string;
      seriesCount: number;
      error: { code: string; message: string; tenantActionable: boolean };
    } | null;
    synchronizedEntryCountByType: { key: string; value: number }[];
    [property: string]: unknown;
  };
  synchronizationJobSettings: { name: string; value: string }[];
}

/** synchronizationTaskExecution: one cycle. */
export interface SyncExecutionView {
  activityIdentifier: string | null;
  countEntitled: number;
  countExported: number;
  countImported: number;
  state: "Succeeded" | "Failed" | "EntryLevelErrors";
  timeBegan: string;
  timeEnded: string;
  error: { code: string; message: string; tenantActionable: boolean } | null;
  [property: string]: unknown;
}

/** [DOC] Entra guide steps 7 and 12. */
export function renderJob(record: Readonly<JsonObject>): JsonObject {
  return pick(record, {
    id: null,
    templateId: AZURE2AZURE_TEMPLATE_ID,
    schedule: null,
    status: null,
    synchronizationJobSettings: [],
  });
}

/** A new job's status ([DOC] Entra guide step 7 response). */
export function newJobStatus(): JsonObject {
  return {
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    code: "Paused",
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    quarantine: null,
    steadyStateFirstAchievedTime: "0001-01-01T00:00:00Z",
    steadyStateLastAchievedTime: "0001-01-01T00:00:00Z",
    troubleshootingUrl: null,
    progress: [],
    synchronizedEntryCountByType: [],
  };
}

/** The jobs of one service principal, in creation order. */
export function jobsOf(dir: Directory, servicePrincipalId: string): Readonly<JsonObject>[] {
  return dir.list("syncJobs").filter((j) => j.servicePrincipalId === servicePrincipalId);
}

/** The app role assignments granted on one service principal (`appRoleAssignedTo`). */
export function assignmentsOf(dir: Directory, servicePrincipalId: string): Readonly<JsonObject>[] {
  return dir.list("appRoleAssignments").filter((a) => a.resourceId === servicePrincipalId);
}

/** The application of a service principal (same `appId`). */
export function applicationOf(dir: Directory, sp: Readonly<JsonObject>): Readonly<JsonObject> | undefined {
  return dir.list("applications").find((a) => a.appId === sp.appId);
}

/** The service principal of an application (same `appId`). */
export function servicePrincipalOf(dir: Directory, app: Readonly<JsonObject>): Readonly<JsonObject> | undefined {
  return dir.list("servicePrincipals").find((s) => s.appId === app.appId);
}
