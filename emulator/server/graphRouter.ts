/**
 * Maps a Graph path (after `/v1.0` or `/beta`) and method to an operation. URL segments are matched
 * case-insensitively, as Graph does; ids are lower-cased.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { ApiVersion } from "../validation/types";
import { DeletedKind } from "../handlers/deletedItemsHandler";

export type GraphOperation =
  | "listPartners"
  | "createPartner"
  | "getPartner"
  | "updatePartner"
  | "deletePartner"
  | "getSync"
  | "putSync"
  | "updateSync"
  | "deleteSync"
  | "listDeleted"
  | "getDeleted"
  | "deleteDeleted"
  | "restoreDeleted";

export interface GraphRoute {
  operation: GraphOperation;
  /** Partner tenant id (lower case), when the path has one. */
  id: string;
  deletedKind?: DeletedKind;
  /** Needs Policy.ReadWrite.CrossTenantAccess. */
  write: boolean;
  /** The operation takes a JSON body (required). */
  bodyRequired: boolean;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function pick(method: string, table: Partial<Record<string, GraphOperation>>): GraphOperation {
  const op = table[method];
  if (!op) throw GraphErrorFactory.methodNotAllowed(method);
  return op;
}

function decodeId(segment: string): string {
  const m = /^'(.*)'$/.exec(segment) ?? /^\('(.*)'\)$/.exec(segment);
  return decodeURIComponent(m ? m[1] : segment).toLowerCase();
}

export function routeGraph(method: string, segments: string[], version: ApiVersion): GraphRoute {
  const s = segments.map((x) => x.toLowerCase());
  const fail = (i: number): never => {
    throw GraphErrorFactory.segmentNotFound(segments[i] ?? segments[segments.length - 1] ?? "");
  };
  if (s[0] !== "policies") return fail(0);
  const done = (operation: GraphOperation, id = "", deletedKind?: DeletedKind): GraphRoute => ({
    operation,
    id,
    deletedKind,
    write: WRITE_METHODS.has(method),
    bodyRequired: operation === "createPartner" || operation === "putSync" || operation === "updatePartner" || operation === "updateSync",
  });

  if (s[1] === "crosstenantaccesspolicy") {
    if (s[2] !== "partners") return fail(2);
    if (s.length === 3) return done(pick(method, { GET: "listPartners", POST: "createPartner" }));
    const id = decodeId(segments[3]);
    if (s.length === 4) return done(pick(method, { GET: "getPartner", PATCH: "updatePartner", DELETE: "deletePartner" }), id);
    if (s[4] !== "identitysynchronization") return fail(4);
    if (s.length === 5) return done(pick(method, { GET: "getSync", PUT: "putSync", PATCH: "updateSync", DELETE: "deleteSync" }), id);
    return fail(5);
  }

  if (s[1] === "deleteditems") {
    if (version !== "beta") return fail(1);
    const kind: DeletedKind | undefined =
      s[2] === "crosstenantpartners" ? "crossTenantPartners" : s[2] === "crosstenantsyncpolicypartners" ? "crossTenantSyncPolicyPartners" : undefined;
    if (!kind) return fail(2);
    if (s.length === 3) return done(pick(method, { GET: "listDeleted" }), "", kind);
    const id = decodeId(segments[3]);
    if (s.length === 4) return done(pick(method, { GET: "getDeleted", DELETE: "deleteDeleted" }), id, kind);
    if (s.length === 5 && (s[4] === "restore" || s[4] === "microsoft.graph.restore")) return done(pick(method, { POST: "restoreDeleted" }), id, kind);
    return fail(4);
  }
  return fail(1);
}
