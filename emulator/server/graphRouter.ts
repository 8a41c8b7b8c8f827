/**
 * Maps a Graph path (after `/v1.0` or `/beta`) and method to an operation. URL segments are matched
 * case-insensitively, as Graph does (`/Policies/CrossTenantAccessPolicy/...` works); ids are lower-cased.
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
  | "restoreDeleted"
  | "getDefault"
  | "updateDefault"
  | "resetDefault"
  | "getPolicy"
  | "updatePolicy";

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
const BODY_OPERATIONS = new Set<GraphOperation>(["createPartner", "putSync", "updatePartner", "updateSync", "updateDefault", "updatePolicy"]);

type MethodTable = Partial<Record<string, GraphOperation>>;

/** A path resolved to its resource: the operations it supports, by method. */
interface Resource {
  table: MethodTable;
  id: string;
  deletedKind?: DeletedKind;
}

/** Methods answered for a resource: its own, HEAD wherever GET is (RFC 9110), and OPTIONS. */
function allowedMethods(table: MethodTable): string[] {
  const own = Object.keys(table);
  return [...own, ...(own.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}

/** Key in the id segment: `{id}`, `'{id}'`; lower-cased because tenant ids are GUIDs. */
function keyOf(segment: string): string {
  const m = /^'(.*)'$/.exec(segment);
  return (m ? m[1] : segment).toLowerCase();
}

/**
 * OData also addresses an entity with its key in parentheses: `partners('{id}')` is `partners/{id}`. Splits such
 * segments so both spellings route the same way.
 */
function expandKeySegments(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    const m = /^([A-Za-z][\w.]*)\((.+)\)$/.exec(segment);
    if (m) out.push(m[1], m[2]);
    else out.push(segment);
  }
  return out;
}

function resolve(segments: string[], version: ApiVersion): Resource {
  const s = segments.map((x) => x.toLowerCase());
  const fail = (i: number): never => {
    throw GraphErrorFactory.segmentNotFound(segments[i] ?? segments[segments.length - 1] ?? "");
  };
  if (s[0] !== "policies") return fail(0);

  if (s[1] === "crosstenantaccesspolicy") {
    if (s.length === 2) return { table: { GET: "getPolicy", PATCH: "updatePolicy" }, id: "" };
    if (s[2] === "default") {
      if (s.length === 3) return { table: { GET: "getDefault", PATCH: "updateDefault" }, id: "" };
      if (s.length === 4 && (s[3] === "resettosystemdefault" || s[3] === "microsoft.graph.resettosystemdefault")) {
        return { table: { POST: "resetDefault" }, id: "" };
      }
      return fail(3);
    }
    if (s[2] !== "partners") return fail(2);
    if (s.length === 3) return { table: { GET: "listPartners", POST: "createPartner" }, id: "" };
    const id = keyOf(segments[3]);
    if (s.length === 4) return { table: { GET: "getPartner", PATCH: "updatePartner", DELETE: "deletePartner" }, id };
    if (s[4] !== "identitysynchronization") return fail(4);
    if (s.length === 5) return { table: { GET: "getSync", PUT: "putSync", PATCH: "updateSync", DELETE: "deleteSync" }, id };
    return fail(5);
  }

  if (s[1] === "deleteditems") {
    if (version !== "beta") return fail(1);
    const deletedKind: DeletedKind | undefined =
      s[2] === "crosstenantpartners" ? "crossTenantPartners" : s[2] === "crosstenantsyncpolicypartners" ? "crossTenantSyncPolicyPartners" : undefined;
    if (!deletedKind) return fail(2);
    if (s.length === 3) return { table: { GET: "listDeleted" }, id: "", deletedKind };
    const id = keyOf(segments[3]);
    if (s.length === 4) return { table: { GET: "getDeleted", DELETE: "deleteDeleted" }, id, deletedKind };
    if (s.length === 5 && (s[4] === "restore" || s[4] === "microsoft.graph.restore")) return { table: { POST: "restoreDeleted" }, id, deletedKind };
    return fail(4);
  }
  return fail(1);
}

/**
 * The methods a Graph path supports (for OPTIONS and the `Allow` header). Throws 400 for an unknown path.
 */
export function routeMethods(segments: readonly string[], version: ApiVersion): string[] {
  return allowedMethods(resolve(expandKeySegments(segments), version).table);
}

/** Routes a Graph request; 400 for an unknown path, 405 (with `Allow`) for a method the resource lacks. HEAD is GET. */
export function routeGraph(method: string, segments: readonly string[], version: ApiVersion): GraphRoute {
  const { table, id, deletedKind } = resolve(expandKeySegments(segments), version);
  const operation = table[method === "HEAD" ? "GET" : method];
  if (!operation) throw GraphErrorFactory.methodNotAllowed(method, allowedMethods(table));
  return {
    operation,
    id,
    deletedKind,
    write: WRITE_METHODS.has(method),
    bodyRequired: BODY_OPERATIONS.has(operation),
  };
}
