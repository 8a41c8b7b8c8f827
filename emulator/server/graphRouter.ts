/**
 * Maps a Graph path (after `/v1.0` or `/beta`) and method to its row of the route table (`graphRoutes.ts`). URL
 * segments are matched case-insensitively, as Graph does (`/Policies/CrossTenantAccessPolicy/...` works); keys are
 * lower-cased.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { ApiVersion } from "../validation/types";
import { GRAPH_ROUTES, GraphRouteRow } from "./graphRoutes";

export interface GraphRoute {
  row: GraphRouteRow;
  operation: string;
  /** The path's keys by name (lower case), e.g. `{ id }` for a partner's tenant id. */
  params: Readonly<Record<string, string>>;
  /** Partner tenant id (lower case), when the path has one. */
  id: string;
  /** Needs Policy.ReadWrite.CrossTenantAccess. */
  write: boolean;
  /** The operation takes a JSON body (required). */
  bodyRequired: boolean;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const ACTION_NAMESPACE = "microsoft.graph.";

/** One segment of a row's path: a literal (an action also matches without its namespace) or a named key. */
type PatternSegment = { kind: "literal" | "action"; names: readonly string[] } | { kind: "key"; name: string };

interface CompiledRow {
  row: GraphRouteRow;
  pattern: readonly PatternSegment[];
}

function compileSegment(text: string): PatternSegment {
  const key = /^\{(\w+)\}$/.exec(text);
  if (key) return { kind: "key", name: key[1] };
  const lower = text.toLowerCase();
  if (lower.startsWith(ACTION_NAMESPACE)) {
    return { kind: "action", names: [lower, lower.slice(ACTION_NAMESPACE.length)] };
  }
  return { kind: "literal", names: [lower] };
}

/** The table's rows served by each version, compiled once; a method given twice for one path is a table error. */
const ROWS_BY_VERSION: Record<ApiVersion, readonly CompiledRow[]> = (() => {
  const seen = new Set<string>();
  for (const row of GRAPH_ROUTES) {
    const id = `${row.method} ${row.path.toLowerCase()}`;
    if (seen.has(id)) throw new Error(`graphRoutes: ${id} is in the table twice`);
    seen.add(id);
  }
  const compiled = GRAPH_ROUTES.map((row) => ({ row, pattern: row.path.split("/").map(compileSegment) }));
  const forVersion = (version: ApiVersion): CompiledRow[] =>
    compiled.filter((c) => !c.row.versions || c.row.versions.includes(version));
  return { "v1.0": forVersion("v1.0"), beta: forVersion("beta") };
})();

/** Methods answered for a path: its rows', HEAD wherever GET is (RFC 9110), and OPTIONS. */
function allowedMethods(rows: readonly GraphRouteRow[]): string[] {
  const own = rows.map((r) => r.method);
  return [...own, ...(own.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}

/** Key in a key segment: `{id}`, `'{id}'`; lower-cased because tenant ids are GUIDs. */
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

function matches(pattern: PatternSegment, segment: string): boolean {
  return pattern.kind === "key" || pattern.names.includes(segment);
}

/** A path resolved to its rows (one per method) and keys. */
interface Resource {
  rows: GraphRouteRow[];
  params: Record<string, string>;
}

/**
 * The rows whose path matches `segments`, segment by segment (a literal wins over a key). 400 naming the first
 * segment no row has, or the action a path goes on past (an action is the last segment), or the last segment of a
 * path too short for any row.
 */
function resolve(segments: string[], version: ApiVersion): Resource {
  const s = segments.map((x) => x.toLowerCase());
  const fail = (i: number): never => {
    throw GraphErrorFactory.segmentNotFound(segments[i] ?? segments[segments.length - 1] ?? "");
  };
  let candidates = ROWS_BY_VERSION[version];
  for (let i = 0; i < s.length; i++) {
    const next = candidates.filter((c) => i < c.pattern.length && matches(c.pattern[i], s[i]));
    if (next.length === 0) {
      const pastAction = candidates.some((c) => c.pattern.length === i && c.pattern[i - 1].kind === "action");
      return fail(pastAction ? i - 1 : i);
    }
    const literal = next.filter((c) => c.pattern[i].kind !== "key");
    candidates = literal.length > 0 ? literal : next;
  }
  const found = candidates.filter((c) => c.pattern.length === s.length);
  if (found.length === 0) return fail(s.length);
  const params: Record<string, string> = {};
  found[0].pattern.forEach((p, i) => {
    if (p.kind === "key") params[p.name] = keyOf(segments[i]);
  });
  return { rows: found.map((c) => c.row), params };
}

/**
 * The methods a Graph path supports (for OPTIONS and the `Allow` header). Throws 400 for an unknown path.
 */
export function routeMethods(segments: readonly string[], version: ApiVersion): string[] {
  return allowedMethods(resolve(expandKeySegments(segments), version).rows);
}

/** Routes a Graph request; 400 for an unknown path, 405 (with `Allow`) for a method the resource lacks. HEAD is GET. */
export function routeGraph(method: string, segments: readonly string[], version: ApiVersion): GraphRoute {
  const { rows, params } = resolve(expandKeySegments(segments), version);
  const row = rows.find((r) => r.method === (method === "HEAD" ? "GET" : method));
  if (!row) throw GraphErrorFactory.methodNotAllowed(method, allowedMethods(rows));
  return {
    row,
    operation: row.operation,
    params,
    id: params.id ?? "",
    write: WRITE_METHODS.has(method),
    bodyRequired: row.body !== undefined,
  };
}
