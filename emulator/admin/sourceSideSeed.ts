/**
 * The source side's part of a seed (issue 16): a tenant's users, groups (with their direct members) and default
 * domain. Checked whole before anything is written; a member must be a user or group of the same seed or already
 * in the directory.
 */
import { randomUUID } from "crypto";
import { defaultDomainOf, USER_PROPERTY_NAMES } from "../handlers/sourceRecords";
import { Directory } from "../persistence/graphStore";
import { isPlainObject, JsonObject } from "../util/json";
import { isGuid } from "../validation/validateBody";
import { AdminError } from "./adminError";

/**
 * A seeded user: Graph's user properties. `displayName` is required; `id` is generated when absent;
 * `userPrincipalName` defaults to `<mailNickname>@<the directory's default domain>` (`mailNickname` defaults to a
 * lower-case form of the display name).
 */
export interface SeedUser {
  id?: string;
  displayName: string;
  userPrincipalName?: string;
  mailNickname?: string;
  mail?: string | null;
  /** `Member` (default) or `Guest` (an external user: the default schema's scoping filter skips it). */
  userType?: "Member" | "Guest";
  accountEnabled?: boolean;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  [property: string]: unknown;
}

/** A seeded group and its direct members (ids of users or groups). */
export interface SeedGroup {
  id?: string;
  displayName: string;
  description?: string | null;
  mailNickname?: string | null;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
  members?: string[];
}

export interface SourceSideSeed {
  users: JsonObject[];
  groups: JsonObject[];
  defaultDomain?: string;
}

const GROUP_KEYS = new Set([
  "id",
  "displayName",
  "description",
  "mailNickname",
  "securityEnabled",
  "mailEnabled",
  "members",
]);

function idOf(input: JsonObject, where: string): string {
  if (input.id === undefined) return randomUUID();
  if (typeof input.id !== "string" || !isGuid(input.id)) throw new AdminError(400, `${where}.id must be a GUID`);
  return input.id.toLowerCase();
}

function requiredString(input: JsonObject, name: string, where: string): string {
  const v = input[name];
  if (typeof v !== "string" || v === "") throw new AdminError(400, `${where}.${name} is required (a string)`);
  return v;
}

/** Reads and checks the users, groups and default domain of one seed. */
export function parseSourceSideSeed(
  users: unknown[],
  groups: unknown[],
  defaultDomain: unknown,
  dir: Directory,
  where: string,
): SourceSideSeed {
  const domain = typeof defaultDomain === "string" ? defaultDomain : defaultDomainOf(dir);
  const outUsers = users.map((u, i) => {
    const at = `${where}.users[${i}]`;
    if (!isPlainObject(u)) throw new AdminError(400, `${at} must be an object`);
    const unknown = Object.keys(u).find((k) => !USER_PROPERTY_NAMES.includes(k));
    if (unknown)
      throw new AdminError(
        400,
        `${at}: unknown user property '${unknown}' (expected ${USER_PROPERTY_NAMES.join(", ")})`,
      );
    const displayName = requiredString(u, "displayName", at);
    for (const name of ["userPrincipalName", "mailNickname"]) {
      if (u[name] !== undefined && (typeof u[name] !== "string" || u[name] === ""))
        throw new AdminError(400, `${at}.${name} must be a non-empty string`);
    }
    const upn = u.userPrincipalName as string | undefined;
    const mailNickname =
      (u.mailNickname as string | undefined) ??
      (upn ? upn.split("@")[0] : displayName.toLowerCase().replace(/[^a-z0-9._-]+/g, "."));
    if (u.userType !== undefined && u.userType !== "Member" && u.userType !== "Guest")
      throw new AdminError(400, `${at}.userType must be "Member" or "Guest"`);
    return {
      userType: "Member",
      accountEnabled: true,
      ...u,
      id: idOf(u, at),
      mailNickname,
      userPrincipalName: upn ?? `${mailNickname}@${domain}`,
    } as JsonObject;
  });
  const outGroups = groups.map((g, i) => {
    const at = `${where}.groups[${i}]`;
    if (!isPlainObject(g)) throw new AdminError(400, `${at} must be an object`);
    const unknown = Object.keys(g).find((k) => !GROUP_KEYS.has(k));
    if (unknown)
      throw new AdminError(400, `${at}: unknown group property '${unknown}' (expected ${[...GROUP_KEYS].join(", ")})`);
    requiredString(g, "displayName", at);
    const members = g.members ?? [];
    if (!Array.isArray(members) || !members.every((m) => typeof m === "string" && isGuid(m)))
      throw new AdminError(400, `${at}.members must be an array of user or group ids (GUIDs)`);
    return {
      securityEnabled: true,
      mailEnabled: false,
      ...g,
      id: idOf(g, at),
      members: members.map((m) => String(m).toLowerCase()),
    } as JsonObject;
  });
  const known = new Set([...outUsers, ...outGroups].map((o) => String(o.id)));
  outGroups.forEach((g, i) => {
    for (const m of g.members as string[]) {
      if (!known.has(m) && !dir.get("users", m) && !dir.get("groups", m))
        throw new AdminError(400, `${where}.groups[${i}].members: '${m}' is no user or group of this tenant`);
    }
  });
  if (
    defaultDomain !== undefined &&
    (typeof defaultDomain !== "string" || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(defaultDomain))
  )
    throw new AdminError(400, `${where}.defaultDomain must be a domain name, e.g. "fabrikam.onmicrosoft.com"`);
  return { users: outUsers, groups: outGroups, defaultDomain: defaultDomain as string | undefined };
}

export function writeSourceSideSeed(dir: Directory, seed: SourceSideSeed): void {
  for (const u of seed.users) dir.put("users", u);
  for (const g of seed.groups) dir.put("groups", g);
  if (seed.defaultDomain) dir.put("organization", { id: dir.tenantId, defaultDomain: seed.defaultDomain });
}
