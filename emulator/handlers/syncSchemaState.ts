/**
 * A synchronization job's schema state (sync-schema.md §5), kept on the job record as the emulator's bookkeeping
 * `schemaState` (so the memory and file stores persist it, and deleting the job deletes it): whether the schema was
 * customized by a PUT (then `current` holds it; else the job serves its template, the fixture with the job's rule
 * ids), its `version`, the directories' `version` stamp, the document before the last change and when it changed
 * (for `schemaReadLagMs`), whether the job owes an initial cycle after a change, and the armed fault plans.
 */
import { randomUUID } from "crypto";
import { Directory } from "../persistence/graphStore";
import { cloneJson, isPlainObject, JsonObject } from "../util/json";
import { jobSchema, USER_RULE_NAME } from "./syncSchemaFixture";

/** What the PUT answers instead, once (`failNextPut`). */
export interface FailNextPut {
  status: number;
  /** The whole response body; default Graph's envelope with `code` and `message`. */
  body?: JsonObject;
  code?: string;
  message?: string;
}

/** A change made "in the portal" right after the next GET of the schema is answered (`concurrentEdit`). */
export interface ConcurrentEdit {
  /** A whole schema document to store. */
  schema?: JsonObject;
  /** Or: attribute mappings of the User → User object mapping to upsert by `targetAttributeName`. */
  attributeMappings?: JsonObject[];
}

export interface SchemaFaults {
  failNextPut?: FailNextPut;
  concurrentEdit?: ConcurrentEdit;
}

export interface SchemaState {
  customized: boolean;
  /** The PUT document (without `@odata.context`, `version`, `directories[].version`) while customized. */
  current?: JsonObject;
  version: string;
  directoryStamp: string;
  /** The document served before the last change, and when the change happened (directory clock, ms). */
  previous?: JsonObject;
  changedAt?: number;
  faults?: SchemaFaults;
}

export const INITIAL_SCHEMA_VERSION = "v1.2";

/** `Date:<iso>, ActivityId:<guid>`, the shape of `directories[].version` in the real dump. */
export const newDirectoryStamp = (now: number): string =>
  `Date:${new Date(now).toISOString().replace(/Z$/, "0000Z")}, ActivityId:${randomUUID()}`;

export function newSchemaState(now: number): SchemaState {
  return { customized: false, version: INITIAL_SCHEMA_VERSION, directoryStamp: newDirectoryStamp(now) };
}

/** The job's schema state (a fresh one for jobs stored before schema state existed). */
export function schemaStateOf(job: Readonly<JsonObject>, now: number): SchemaState {
  const s = job.schemaState;
  return isPlainObject(s) ? (cloneJson(s) as unknown as SchemaState) : newSchemaState(now);
}

export function saveSchemaState(dir: Directory, job: Readonly<JsonObject>, state: SchemaState): JsonObject {
  const { previous, ...rest } = state;
  const next = {
    ...(job as JsonObject),
    schemaState: { ...rest, ...(previous ? { previous } : {}) } as unknown as JsonObject,
  };
  dir.put("syncJobs", next);
  return next;
}

/** The job's template schema: the fixture with the job's id and rule ids (what DELETE restores). */
export function templateSchemaOf(job: Readonly<JsonObject>): JsonObject {
  return jobSchema(String(job.id), job.ruleIds as Record<string, string>);
}

/** The schema the job works with now: the customized one, or its template. */
export function effectiveSchema(job: Readonly<JsonObject>): JsonObject {
  const s = job.schemaState as JsonObject | undefined;
  if (isPlainObject(s) && s.customized === true && isPlainObject(s.current)) return cloneJson(s.current);
  return templateSchemaOf(job);
}

/** The fields the service sets itself: dropped from a PUT body and before comparing documents. */
export function withoutComputed(doc: JsonObject): JsonObject {
  const out = cloneJson(doc);
  delete out["@odata.context"];
  delete out.version;
  for (const d of (Array.isArray(out.directories) ? out.directories : []) as JsonObject[]) {
    if (isPlainObject(d)) delete d.version;
  }
  return out;
}

/** Equal as documents (key order ignored), computed fields aside. */
export function sameSchema(a: JsonObject, b: JsonObject): boolean {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (isPlainObject(v))
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical(v[k])]),
      );
    return v;
  };
  return (
    JSON.stringify(canonical({ ...withoutComputed(a), id: null })) ===
    JSON.stringify(canonical({ ...withoutComputed(b), id: null }))
  );
}

/** The document a GET shows: the schema with `version` and the directories' stamp. */
export function renderSchema(schema: JsonObject, state: SchemaState, jobId: string): JsonObject {
  const out = withoutComputed(schema);
  const directories = ((out.directories ?? []) as JsonObject[]).map((d) =>
    isPlainObject(d) ? { ...d, version: state.directoryStamp } : d,
  );
  const { synchronizationRules, ...rest } = out;
  return { ...rest, id: jobId, version: state.version, synchronizationRules, directories };
}

/** `v1.2` → `v1.3` (`bumpVersionOnPut`). */
export function nextVersion(version: string): string {
  const m = /^v(\d+)\.(\d+)$/.exec(version);
  return m ? `v${m[1]}.${Number(m[2]) + 1}` : `${version}.1`;
}

/** The rule the provisioning flows use, and its User → User object mapping, in a schema document. */
export function userMappingOf(schema: JsonObject): { rule?: JsonObject; mapping?: JsonObject } {
  const rules = (Array.isArray(schema.synchronizationRules) ? schema.synchronizationRules : []) as JsonObject[];
  const rule = rules.find((r) => isPlainObject(r) && r.name === USER_RULE_NAME) ?? rules[0];
  const mappings = (rule && Array.isArray(rule.objectMappings) ? rule.objectMappings : []) as JsonObject[];
  const mapping = mappings.find(
    (m) => isPlainObject(m) && m.sourceObjectName === "User" && m.targetObjectName === "User",
  );
  return { rule, mapping };
}

/** Upserts attribute mappings of the User → User object mapping by `targetAttributeName` (concurrentEdit). */
export function upsertUserMappings(schema: JsonObject, mappings: readonly JsonObject[]): JsonObject {
  const out = cloneJson(schema);
  const { mapping } = userMappingOf(out);
  if (!mapping) return out;
  const list = (Array.isArray(mapping.attributeMappings) ? mapping.attributeMappings : []) as JsonObject[];
  for (const m of mappings) {
    const i = list.findIndex((x) => x.targetAttributeName === m.targetAttributeName);
    if (i >= 0) list[i] = { ...list[i], ...cloneJson(m) };
    else list.push(cloneJson(m));
  }
  mapping.attributeMappings = list;
  return out;
}
