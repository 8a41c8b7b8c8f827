/**
 * `POST /_emulator/sync/schemaFaults` `{ tenantId?, jobId, failNextPut?, concurrentEdit? }`: arms the schema fault
 * hooks of one job (sync-schema.md §5). `failNextPut: { status, code?, message?, body? }` answers the job's next
 * schema PUT with that error instead of saving it; `concurrentEdit: { schema? , attributeMappings? }` saves a change
 * "made in the portal" right after the next GET of the schema is answered (a whole document, or User → User
 * attribute mappings upserted by `targetAttributeName`), to test that a client's GET → PUT is last-writer-wins.
 * An empty object disarms both.
 */
import { schemaStateOf, saveSchemaState, SchemaFaults } from "../handlers/syncSchemaState";
import { GraphStore } from "../persistence/graphStore";
import { isPlainObject, JsonObject } from "../util/json";
import { AdminError } from "./adminError";

const KEYS = ["tenantId", "jobId", "failNextPut", "concurrentEdit"];

export function armSchemaFaults(store: GraphStore, tenantId: string, body: unknown, now: number): SchemaFaults {
  const b = isPlainObject(body) ? body : {};
  const unknown = Object.keys(b).find((k) => !KEYS.includes(k));
  if (unknown) throw new AdminError(400, `sync/schemaFaults: unknown key '${unknown}' (expected ${KEYS.join(", ")})`);
  if (typeof b.jobId !== "string") throw new AdminError(400, "sync/schemaFaults: jobId is required");
  const dir = store.directory(tenantId);
  const job = dir.get("syncJobs", b.jobId);
  if (!job) throw new AdminError(404, `sync/schemaFaults: no synchronization job ${b.jobId} in tenant ${tenantId}`);
  const faults: SchemaFaults = {};
  const fail = b.failNextPut as JsonObject | undefined;
  if (fail !== undefined) {
    const status = Number(fail?.status);
    if (!isPlainObject(fail) || !Number.isInteger(status) || status < 400 || status > 599)
      throw new AdminError(400, "sync/schemaFaults: failNextPut.status must be 400-599");
    if (fail.body !== undefined && !isPlainObject(fail.body))
      throw new AdminError(400, "sync/schemaFaults: failNextPut.body must be a JSON object");
    faults.failNextPut = {
      status,
      ...(fail.body ? { body: fail.body as JsonObject } : {}),
      ...(typeof fail.code === "string" ? { code: fail.code } : {}),
      ...(typeof fail.message === "string" ? { message: fail.message } : {}),
    };
  }
  const edit = b.concurrentEdit as JsonObject | undefined;
  if (edit !== undefined) {
    const schema = edit?.schema;
    const mappings = edit?.attributeMappings;
    if (!isPlainObject(edit) || (schema !== undefined && !isPlainObject(schema)))
      throw new AdminError(400, "sync/schemaFaults: concurrentEdit.schema must be a schema document");
    if (mappings !== undefined && (!Array.isArray(mappings) || !mappings.every(isPlainObject)))
      throw new AdminError(400, "sync/schemaFaults: concurrentEdit.attributeMappings must be attributeMapping objects");
    if (schema === undefined && mappings === undefined)
      throw new AdminError(400, "sync/schemaFaults: concurrentEdit needs schema or attributeMappings");
    faults.concurrentEdit = {
      ...(schema ? { schema: schema as JsonObject } : {}),
      ...(mappings ? { attributeMappings: mappings as JsonObject[] } : {}),
    };
  }
  const state = schemaStateOf(job, now);
  state.faults = faults;
  saveSchemaState(dir, job, state);
  return faults;
}
