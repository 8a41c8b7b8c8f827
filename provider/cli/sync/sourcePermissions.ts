/**
 * The Microsoft Graph application permissions a SOURCE tenant's cross-tenant synchronization needs (the
 * configuration's application and service principal, its assignments, its job; cross-tenant-landscape.md §1.1
 * S3-S9), and how a token's roles measure up. Used by `check` (reported like the policy permissions) and by
 * `provision` (to say which of them a refused token lacks). IDs are those of the global cloud's Microsoft Graph.
 */
import type { TokenIdentity } from "../check/tokenClaims";
import { GRAPH_APP_ID, RequiredPermission } from "../check/permissions";

export const SYNCHRONIZATION_WRITE = "Synchronization.ReadWrite.All";
export const APPLICATION_WRITE = "Application.ReadWrite.All";
export const ASSIGNMENT_WRITE = "AppRoleAssignment.ReadWrite.All";

export const sourcePermissions: readonly RequiredPermission[] = [
  {
    name: SYNCHRONIZATION_WRITE,
    appRoleId: "9b50c33d-700f-43b1-b2eb-87e89b703581",
    purpose: "the configuration's synchronization job, its secrets, schema and provisionOnDemand",
  },
  {
    name: APPLICATION_WRITE,
    appRoleId: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
    purpose: "instantiate the configuration application and read, rename and delete it and its service principal",
  },
  {
    name: ASSIGNMENT_WRITE,
    appRoleId: "06b708a9-e830-4db3-a914-8e69da51d44f",
    purpose: "assign users and groups to the configuration (its scope)",
  },
];

/** The sentence every refusal of the source side ends with. */
export const SOURCE_PERMISSIONS_TEXT = `${SYNCHRONIZATION_WRITE}, ${APPLICATION_WRITE} and ${ASSIGNMENT_WRITE}`;

export interface SourcePermissionReport {
  present: RequiredPermission[];
  missing: RequiredPermission[];
}

/** Which of the source-side permissions the token carries (application roles, or a user's delegated scopes). */
export function evaluateSourcePermissions(identity: TokenIdentity): SourcePermissionReport {
  const granted = new Set(identity.kind === "app" ? identity.roles : identity.scopes);
  return {
    present: sourcePermissions.filter((p) => granted.has(p.name)),
    missing: sourcePermissions.filter((p) => !granted.has(p.name)),
  };
}

/** How to grant the missing ones to the app (portal steps and, in the global cloud, the Azure CLI commands). */
export function sourceGrantAdvice(
  identity: TokenIdentity,
  missing: readonly RequiredPermission[],
  globalCloud: boolean,
): string[] {
  if (missing.length === 0) return [];
  const names = missing.map((p) => p.name).join(", ");
  if (identity.kind === "user") {
    return [
      `The signed-in user's token lacks the delegated permission(s) ${names}; sign in with an account that holds the`,
      "Hybrid Identity Administrator and Cloud Application Administrator roles, with those permissions consented.",
    ];
  }
  const app = identity.appId ?? "<application (client) ID>";
  const lines = [
    `A source tenant's synchronization configuration (CrossTenantSyncConfiguration, \`provision\`) also needs ${names}:`,
    `  Entra admin center > App registrations > ${app} > API permissions > Add a permission > Microsoft Graph >`,
    `  Application permissions > ${names} > Add; then "Grant admin consent".`,
  ];
  if (globalCloud) {
    lines.push(
      "  Or with the Azure CLI:",
      `    az ad app permission add --id ${app} --api ${GRAPH_APP_ID} --api-permissions ${missing.map((p) => `${p.appRoleId}=Role`).join(" ")}`,
      `    az ad app permission admin-consent --id ${app}`,
    );
  }
  return lines;
}
