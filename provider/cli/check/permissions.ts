/**
 * The Microsoft Graph permissions this package needs (graph-behaviour.md §8) and what to grant when one is
 * missing. Application permission IDs are those of the global cloud's Microsoft Graph service principal.
 */
import { READ_PERMISSION, WRITE_PERMISSION } from "../../graph/errors";
import type { TokenIdentity } from "./tokenClaims";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface RequiredPermission {
  name: string;
  /** Application permission (app role) ID in the global cloud. */
  appRoleId: string;
  /** What it is needed for. */
  purpose: string;
}

export const requiredPermissions: readonly RequiredPermission[] = [
  {
    name: READ_PERMISSION,
    appRoleId: "246dd0d5-5bd0-4def-940b-0421030a5b68",
    purpose: "read partner configurations and sync policies (export, refresh, preview)",
  },
  {
    name: WRITE_PERMISSION,
    appRoleId: "338163d7-f101-4c92-94ba-ca46fe52447c",
    purpose: "create, change and delete them (pulumi up, destroy)",
  },
];

export interface PermissionReport {
  present: RequiredPermission[];
  /** Needed and not granted. */
  missing: RequiredPermission[];
  /** Not granted, and not needed because a higher permission covers it (the write permission allows every read). */
  covered: RequiredPermission[];
  /** True when every operation of the package is allowed (the write permission also allows reads). */
  canRead: boolean;
  canWrite: boolean;
}

export function evaluatePermissions(identity: TokenIdentity): PermissionReport {
  const granted = new Set(identity.kind === "app" ? identity.roles : identity.scopes);
  const present = requiredPermissions.filter((p) => granted.has(p.name));
  const canWrite = granted.has(WRITE_PERMISSION);
  const absent = requiredPermissions.filter((p) => !granted.has(p.name));
  const covered = canWrite ? absent.filter((p) => p.name === READ_PERMISSION) : [];
  const missing = absent.filter((p) => !covered.includes(p));
  return { present, missing, covered, canRead: canWrite || granted.has(READ_PERMISSION), canWrite };
}

/** Step-by-step grant instructions for the missing permissions, naming the app. */
export function grantAdvice(
  identity: TokenIdentity,
  missing: readonly RequiredPermission[],
  globalCloud: boolean,
): string[] {
  if (missing.length === 0) return [];
  const names = missing.map((p) => p.name).join(" and ");
  if (identity.kind === "user") {
    return [
      `The signed-in user's token lacks the delegated permission ${names}.`,
      "Sign in with an account that holds the Security Administrator role (Security Reader is enough to export),",
      "and make sure the client application has the delegated permission consented.",
    ];
  }
  const app = identity.appId ?? "<application (client) ID>";
  const lines = [
    `Grant the application permission ${names} (Microsoft Graph) to app ${app}, then grant admin consent:`,
    "  Entra admin center > App registrations > the app > API permissions > Add a permission > Microsoft Graph >",
    `  Application permissions > ${missing.map((p) => p.name).join(", ")} > Add; then "Grant admin consent".`,
  ];
  if (globalCloud) {
    lines.push(
      "  Or with the Azure CLI:",
      `    az ad app permission add --id ${app} --api ${GRAPH_APP_ID} --api-permissions ${missing.map((p) => `${p.appRoleId}=Role`).join(" ")}`,
      `    az ad app permission admin-consent --id ${app}`,
    );
  }
  lines.push("A new token carries the permission only after consent: run this check again.");
  return lines;
}
