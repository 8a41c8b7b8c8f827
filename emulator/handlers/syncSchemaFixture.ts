/**
 * The Azure2Azure default synchronization schema (`emulator/fixtures/azure2azure-default-schema.json`: a public GET
 * dump, see its `_comment`), served per job with the job's id and fresh rule ids, as each job has its own
 * ([DOC] landscape S9: the provisionOnDemand `ruleId` is read from the job's schema). The file is read from the
 * source tree, which both `ts-jest` (`emulator/handlers`) and the build (`dist/emulator/handlers`) find by walking
 * up; the emulator is not published, so nothing needs copying into `dist/`.
 */
import * as fs from "fs";
import * as path from "path";
import { randomUUID } from "crypto";
import { cloneJson, JsonObject } from "../util/json";

const FIXTURE = path.join("emulator", "fixtures", "azure2azure-default-schema.json");
/** The rule the provisioning flows use: users of the source tenant into users of the target tenant. */
export const USER_RULE_NAME = "USER_INBOUND_USER";

let cached: JsonObject | undefined;

function fixturePath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, FIXTURE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`emulator: ${FIXTURE} not found above ${__dirname}`);
  }
}

function fixture(): JsonObject {
  if (!cached) {
    const { _comment, ...schema } = JSON.parse(fs.readFileSync(fixturePath(), "utf8")) as JsonObject;
    void _comment;
    cached = schema;
  }
  return cached;
}

/** Fresh rule ids for a new job: `{ [ruleName]: id }`. */
export function newRuleIds(): Record<string, string> {
  const rules = (fixture().synchronizationRules ?? []) as JsonObject[];
  return Object.fromEntries(rules.map((r) => [String(r.name), randomUUID()]));
}

/** The job's schema: the fixture with the job id and the job's rule ids. */
export function jobSchema(jobId: string, ruleIds: Readonly<Record<string, string>>): JsonObject {
  const schema = cloneJson(fixture());
  schema.id = jobId;
  for (const rule of (schema.synchronizationRules ?? []) as JsonObject[]) {
    const id = ruleIds[String(rule.name)];
    if (id) rule.id = id;
  }
  return schema;
}
