/**
 * Users and groups of a tenant's directory (seeded through the admin API; synchronized users are written by the
 * provisioning engine): `GET /users` (`$filter` on `userPrincipalName`, `displayName`, `mail` or `id`; `$select`),
 * `GET /users/{id or userPrincipalName}`, `GET /groups`, `GET /groups/{id}`, `GET /groups/{id}/members`.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { HandlerResult } from "../http/context";
import { matchesEq, parseEqFilter } from "../http/filter";
import { JsonObject } from "../util/json";
import { BaseHandler, GraphRequest, parseSelect } from "./baseHandler";
import { GROUP_PROPERTY_NAMES, renderGroup, renderUser, USER_PROPERTY_NAMES } from "./sourceRecords";

const USER_FILTERS = ["userPrincipalName", "displayName", "mail", "id"];
const GROUP_FILTERS = ["displayName", "mailNickname", "id"];

export class DirectoryObjectsHandler extends BaseHandler {
  listUsers(req: GraphRequest): HandlerResult {
    const select = this.select(req, USER_PROPERTY_NAMES, "microsoft.graph.user");
    const filter = parseEqFilter(req.ctx.query, USER_FILTERS);
    const value = req.dir
      .list("users")
      .filter((u) => matchesEq(u, filter))
      .map((u) => renderUser(u, select));
    return this.collection(req, `users${select ? `(${select.join(",")})` : ""}`, value);
  }

  getUser(req: GraphRequest): HandlerResult {
    const select = this.select(req, USER_PROPERTY_NAMES, "microsoft.graph.user");
    const user = findUser(req, req.id);
    if (!user) throw GraphErrorFactory.resourceNotFound(req.id);
    return {
      status: 200,
      body: { "@odata.context": this.metadata(req, "users/$entity"), ...renderUser(user, select) },
    };
  }

  listGroups(req: GraphRequest): HandlerResult {
    const select = this.select(req, GROUP_PROPERTY_NAMES, "microsoft.graph.group");
    const filter = parseEqFilter(req.ctx.query, GROUP_FILTERS);
    const value = req.dir
      .list("groups")
      .filter((g) => matchesEq(g, filter))
      .map((g) => renderGroup(g, select));
    return this.collection(req, "groups", value);
  }

  getGroup(req: GraphRequest): HandlerResult {
    const select = this.select(req, GROUP_PROPERTY_NAMES, "microsoft.graph.group");
    const group = req.dir.get("groups", req.id);
    if (!group) throw GraphErrorFactory.resourceNotFound(req.id);
    return {
      status: 200,
      body: { "@odata.context": this.metadata(req, "groups/$entity"), ...renderGroup(group, select) },
    };
  }

  /** Direct members only (users and groups), each with its `@odata.type`, as `/members` lists them. */
  listMembers(req: GraphRequest): HandlerResult {
    const group = req.dir.get("groups", req.id);
    if (!group) throw GraphErrorFactory.resourceNotFound(req.id);
    const value: JsonObject[] = [];
    for (const id of (group.members ?? []) as string[]) {
      const user = req.dir.get("users", id);
      const member = req.dir.get("groups", id);
      if (user) value.push({ "@odata.type": "#microsoft.graph.user", ...renderUser(user) });
      else if (member) value.push({ "@odata.type": "#microsoft.graph.group", ...renderGroup(member) });
    }
    return this.collection(req, "directoryObjects", value);
  }

  private select(req: GraphRequest, known: readonly string[], typeName: string): string[] | undefined {
    const select = parseSelect(req.ctx.query);
    for (const name of select ?? []) {
      if (!known.includes(name)) throw GraphErrorFactory.invalidQueryProperty(name, typeName);
    }
    return select;
  }

  private collection(req: GraphRequest, fragment: string, value: JsonObject[]): HandlerResult {
    return { status: 200, body: { "@odata.context": this.metadata(req, fragment), value } };
  }
}

/** A user by object id or (case-insensitive) userPrincipalName. */
export function findUser(req: GraphRequest, idOrUpn: string): Readonly<JsonObject> | undefined {
  const byId = req.dir.get("users", idOrUpn);
  if (byId) return byId;
  const upn = idOrUpn.toLowerCase();
  return req.dir.list("users").find((u) => String(u.userPrincipalName ?? "").toLowerCase() === upn);
}
