/**
 * Seeds (`POST /_emulator/seed`, `POST /_emulator/reset` with `seed`, the `seed` start option): their shape, their
 * validation against the beta schemas (a 400 naming the item and the property) and their writing into directories.
 */
import { isGraphError } from "../errors/graphError";
import { newPartnerRecord } from "../handlers/records";
import { GraphStore } from "../persistence/graphStore";
import { MemoryGraphStore } from "../persistence/memoryStore";
import { isPlainObject, JsonObject } from "../util/json";
import { SCHEMAS, systemDefaultConfiguration } from "../validation/schemas";
import { EntitySchema } from "../validation/types";
import { isGuid, validateBody } from "../validation/validateBody";
import { AdminError } from "./adminError";
import { parseSourceSideSeed, SeedGroup, SeedUser, writeSourceSideSeed } from "./sourceSideSeed";
import { resolveTenant, TenantResolver } from "./tenants";

/** Seed for one tenant's directory. */
export interface SeedData {
  /** The directory to seed (a registered tenant); default the home tenant, or the call's `?tenant=`. */
  tenantId?: string;
  partners?: JsonObject[];
  policies?: JsonObject[];
  deletedPartners?: JsonObject[];
  deletedPolicies?: JsonObject[];
  /**
   * A customised default configuration: the settings given replace the system default's (setting by setting);
   * `isServiceDefault` becomes false unless given.
   */
  defaultConfiguration?: JsonObject;
  /** The top-level policy's properties (`displayName`, `allowedCloudEndpoints`), e.g. to simulate portal drift. */
  crossTenantAccessPolicy?: JsonObject;
  /** Users of the directory (the source side of cross-tenant synchronization). */
  users?: SeedUser[];
  /** Groups with their direct members (user or group ids). */
  groups?: SeedGroup[];
  /** The directory's default domain (synchronized users' UPNs end in it); default `t<12 hex>.onmicrosoft.com`. */
  defaultDomain?: string;
}

/** What seed inputs accept: one directory's seed, or several (each with its `tenantId`). */
export type Seed = SeedData | SeedData[];

function validated(schema: EntitySchema, input: JsonObject, where: string): JsonObject {
  try {
    return validateBody(schema, input, { allowAllReadOnly: true });
  } catch (e) {
    throw new AdminError(400, `${where}: ${isGraphError(e) ? e.message : String(e)}`);
  }
}

function seedRecord(kind: "partner" | "sync", input: unknown, where: string): JsonObject {
  if (!isPlainObject(input) || typeof input.tenantId !== "string" || !isGuid(input.tenantId)) {
    throw new AdminError(400, `${where}: each item needs a GUID tenantId`);
  }
  return { ...validated(SCHEMAS.beta[kind], input, where), tenantId: input.tenantId.toLowerCase() };
}

/**
 * Adds seed data to the store; each seed goes to its `tenantId`'s directory (default `defaultTenant`). A policy
 * whose partner is missing gets a partner too. Everything is validated before anything is written.
 */
export function applySeed(
  store: GraphStore,
  seed: unknown,
  nowIso: string,
  tenants: TenantResolver,
  defaultTenant = tenants.home,
): void {
  const seeds = Array.isArray(seed) ? seed : [seed];
  const plans = seeds.map((one, i) => {
    const where = Array.isArray(seed) ? `seed[${i}]` : "seed";
    if (!isPlainObject(one)) throw new AdminError(400, `${where} must be an object`);
    const s = one as SeedData;
    const unknown = Object.keys(s).filter((k) => !SEED_KEYS.has(k));
    if (unknown.length > 0)
      throw new AdminError(400, `${where}: unknown key '${unknown[0]}' (expected ${[...SEED_KEYS].join(", ")})`);
    const list = (v: unknown, name: string): unknown[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v)) throw new AdminError(400, `${where}.${name} must be an array`);
      return v;
    };
    let defaultConfiguration: JsonObject | undefined;
    if (s.defaultConfiguration !== undefined) {
      if (!isPlainObject(s.defaultConfiguration))
        throw new AdminError(400, `${where}.defaultConfiguration must be an object`);
      const body = validated(SCHEMAS.beta.default, s.defaultConfiguration, `${where}.defaultConfiguration`);
      defaultConfiguration = { ...systemDefaultConfiguration(), isServiceDefault: false, ...body };
    }
    let accessPolicy: JsonObject | undefined;
    if (s.crossTenantAccessPolicy !== undefined) {
      if (!isPlainObject(s.crossTenantAccessPolicy))
        throw new AdminError(400, `${where}.crossTenantAccessPolicy must be an object`);
      accessPolicy = validated(SCHEMAS.beta.policy, s.crossTenantAccessPolicy, `${where}.crossTenantAccessPolicy`);
    }
    const dir = store.directory(
      s.tenantId === undefined ? defaultTenant : resolveTenant(tenants, s.tenantId, `${where}.tenantId`),
    );
    return {
      dir,
      sourceSide: parseSourceSideSeed(list(s.users, "users"), list(s.groups, "groups"), s.defaultDomain, dir, where),
      partners: list(s.partners, "partners").map((p) => seedRecord("partner", p, `${where}.partners`)),
      policies: list(s.policies, "policies").map((p) => seedRecord("sync", p, `${where}.policies`)),
      deletedPartners: list(s.deletedPartners, "deletedPartners").map((p) =>
        seedRecord("partner", p, `${where}.deletedPartners`),
      ),
      deletedPolicies: list(s.deletedPolicies, "deletedPolicies").map((p) =>
        seedRecord("sync", p, `${where}.deletedPolicies`),
      ),
      defaultConfiguration,
      accessPolicy,
    };
  });
  for (const plan of plans) {
    const { dir } = plan;
    for (const p of plan.partners) dir.put("partners", newPartnerRecord(p.tenantId as string, p));
    for (const p of plan.policies) {
      if (!dir.get("partners", p.tenantId as string)) dir.put("partners", newPartnerRecord(p.tenantId as string));
      dir.put("policies", p);
    }
    for (const p of plan.deletedPartners)
      dir.put("deletedPartners", { deletedDateTime: nowIso, ...newPartnerRecord(p.tenantId as string, p) });
    for (const p of plan.deletedPolicies) dir.put("deletedPolicies", { deletedDateTime: nowIso, ...p });
    if (plan.defaultConfiguration) dir.setDefault(plan.defaultConfiguration);
    // Like a PATCH: the properties given replace the stored ones.
    if (plan.accessPolicy)
      dir.setAccessPolicy({ ...(dir.getAccessPolicy() as JsonObject | undefined), ...plan.accessPolicy });
    writeSourceSideSeed(dir, plan.sourceSide);
  }
}

const SEED_KEYS = new Set([
  "tenantId",
  "partners",
  "policies",
  "deletedPartners",
  "deletedPolicies",
  "defaultConfiguration",
  "crossTenantAccessPolicy",
  "users",
  "groups",
  "defaultDomain",
]);

/** The body of `POST /_emulator/reset`: an optional seed and tenant, nothing else. */
export function parseResetBody(body: unknown): { seed?: unknown; tenantId?: unknown } {
  const b = isPlainObject(body) ? body : {};
  const unknown = Object.keys(b).filter((k) => k !== "seed" && k !== "tenantId");
  if (unknown.length > 0) throw new AdminError(400, `reset: unknown key '${unknown[0]}' (expected seed, tenantId)`);
  return { seed: b.seed, tenantId: b.tenantId };
}

/** Validates a seed without writing it anywhere (an empty scratch store), so a bad seed changes nothing. */
export function checkSeed(seed: unknown, nowIso: string, tenants: TenantResolver, defaultTenant: string): void {
  applySeed(new MemoryGraphStore(tenants.home), seed, nowIso, tenants, defaultTenant);
}
