/**
 * The admin API under `/_emulator/` (docs/architecture.md › Admin API): reset, seed, state, request log, faults,
 * settings, and a few test conveniences (tenants, apps, token minting, health). No auth; never logged. Calls about
 * one directory take the tenant as `?tenant=` or a body `tenantId`; without one they mean the home tenant.
 */
import { FaultQueue, parseFault } from "../faults/faultQueue";
import { GraphStore } from "../persistence/graphStore";
import { MemoryGraphStore } from "../persistence/memoryStore";
import { readBody } from "../http/body";
import { HandlerResult, RequestContext } from "../http/context";
import { RequestLog } from "../requestLog";
import { applySettingsPatch, EmulatorSettings } from "../settings";
import { AppRegistry } from "../auth/registeredApps";
import { TokenService } from "../auth/tokens";
import { isPlainObject, JsonObject } from "../util/json";
import { isGuid, validateBody } from "../validation/validateBody";
import { newPartnerRecord } from "./records";
import { graphDateTimeOffset } from "../util/time";
import { SCHEMAS, systemDefaultConfiguration } from "../validation/schemas";
import { EntitySchema } from "../validation/types";
import { renderEntity } from "../validation/render";
import { isGraphError } from "../errors/graphError";
import { DirectorySnapshot } from "../persistence/graphStore";
import { currentDefault } from "./defaultConfigurationHandler";
import { currentAccessPolicy } from "./accessPolicyHandler";

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
}

/** What seed inputs accept: one directory's seed, or several (each with its `tenantId`). */
export type Seed = SeedData | SeedData[];

/** One tenant's directory as `GET /_emulator/state` shows it. */
export interface TenantState {
  tenantId: string;
  partners: JsonObject[];
  policies: JsonObject[];
  deletedPartners: JsonObject[];
  deletedPolicies: JsonObject[];
  /** The default configuration as a beta GET returns it (without `@odata.context`). */
  defaultConfiguration: JsonObject;
  /** The top-level cross-tenant access policy as a beta GET returns it (without `@odata.context`). */
  crossTenantAccessPolicy: JsonObject;
}

/** Which tenants have a directory the admin API may address, and which one is meant when none is named. */
export interface TenantResolver {
  home: string;
  known(tenantId: string): boolean;
  list(): string[];
}

export interface AdminDeps {
  store: GraphStore;
  log: RequestLog;
  faults: FaultQueue;
  apps: AppRegistry;
  tokens: TokenService;
  tenants: TenantResolver;
  getSettings(): EmulatorSettings;
  setSettings(next: EmulatorSettings): void;
  /** Clears state, log, faults and runtime settings (back to the start-up settings). */
  reset(): void;
  /** Clears one tenant's directory and its replication-lag memory (nothing else). */
  resetTenant(tenantId: string): void;
  /** Purges deleted items past retention. */
  purge(): number;
  info(): { url: string; authorityHost: string; caCertPath: string };
}

export class AdminError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

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

/** The tenant an admin call means: `given` (checked against the registered tenants) or the home tenant. */
export function resolveTenant(tenants: TenantResolver, given: unknown, where = "tenant"): string {
  if (given === undefined || given === null || given === "") return tenants.home;
  if (typeof given !== "string" || !tenants.known(given)) {
    throw new AdminError(400, `${where}: unknown tenant '${String(given)}'; registered tenants: ${tenants.list().join(", ")}`);
  }
  return given.toLowerCase();
}

/** True when no directory holds anything. */
export function storeIsEmpty(store: GraphStore): boolean {
  const snap = store.snapshot();
  const empty = (d: DirectorySnapshot): boolean =>
    d.defaultConfiguration === null && !d.crossTenantAccessPolicy && d.partners.length + d.policies.length + d.deletedPartners.length + d.deletedPolicies.length === 0;
  return empty(snap) && Object.values(snap.tenants).every(empty);
}

/**
 * Adds seed data to the store; each seed goes to its `tenantId`'s directory (default `defaultTenant`). A policy
 * whose partner is missing gets a partner too. Everything is validated before anything is written.
 */
export function applySeed(store: GraphStore, seed: unknown, nowIso: string, tenants: TenantResolver, defaultTenant = tenants.home): void {
  const seeds = Array.isArray(seed) ? seed : [seed];
  const plans = seeds.map((one, i) => {
    const where = Array.isArray(seed) ? `seed[${i}]` : "seed";
    if (!isPlainObject(one)) throw new AdminError(400, `${where} must be an object`);
    const s = one as SeedData;
    const unknown = Object.keys(s).filter((k) => !SEED_KEYS.has(k));
    if (unknown.length > 0) throw new AdminError(400, `${where}: unknown key '${unknown[0]}' (expected ${[...SEED_KEYS].join(", ")})`);
    const list = (v: unknown, name: string): unknown[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v)) throw new AdminError(400, `${where}.${name} must be an array`);
      return v;
    };
    let defaultConfiguration: JsonObject | undefined;
    if (s.defaultConfiguration !== undefined) {
      if (!isPlainObject(s.defaultConfiguration)) throw new AdminError(400, `${where}.defaultConfiguration must be an object`);
      const body = validated(SCHEMAS.beta.default, s.defaultConfiguration, `${where}.defaultConfiguration`);
      defaultConfiguration = { ...systemDefaultConfiguration(), isServiceDefault: false, ...body };
    }
    let accessPolicy: JsonObject | undefined;
    if (s.crossTenantAccessPolicy !== undefined) {
      if (!isPlainObject(s.crossTenantAccessPolicy)) throw new AdminError(400, `${where}.crossTenantAccessPolicy must be an object`);
      accessPolicy = validated(SCHEMAS.beta.policy, s.crossTenantAccessPolicy, `${where}.crossTenantAccessPolicy`);
    }
    return {
      dir: store.directory(s.tenantId === undefined ? defaultTenant : resolveTenant(tenants, s.tenantId, `${where}.tenantId`)),
      partners: list(s.partners, "partners").map((p) => seedRecord("partner", p, `${where}.partners`)),
      policies: list(s.policies, "policies").map((p) => seedRecord("sync", p, `${where}.policies`)),
      deletedPartners: list(s.deletedPartners, "deletedPartners").map((p) => seedRecord("partner", p, `${where}.deletedPartners`)),
      deletedPolicies: list(s.deletedPolicies, "deletedPolicies").map((p) => seedRecord("sync", p, `${where}.deletedPolicies`)),
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
    for (const p of plan.deletedPartners) dir.put("deletedPartners", { deletedDateTime: nowIso, ...newPartnerRecord(p.tenantId as string, p) });
    for (const p of plan.deletedPolicies) dir.put("deletedPolicies", { deletedDateTime: nowIso, ...p });
    if (plan.defaultConfiguration) dir.setDefault(plan.defaultConfiguration);
    // Like a PATCH: the properties given replace the stored ones.
    if (plan.accessPolicy) dir.setAccessPolicy({ ...(dir.getAccessPolicy() as JsonObject | undefined), ...plan.accessPolicy });
  }
}

const SEED_KEYS = new Set(["tenantId", "partners", "policies", "deletedPartners", "deletedPolicies", "defaultConfiguration", "crossTenantAccessPolicy"]);

/** One tenant's directory for `GET /_emulator/state`. */
export function tenantState(store: GraphStore, tenantId: string): TenantState {
  const dir = store.directory(tenantId);
  const snap = dir.snapshot();
  return {
    tenantId: dir.tenantId,
    partners: snap.partners,
    policies: snap.policies,
    deletedPartners: snap.deletedPartners,
    deletedPolicies: snap.deletedPolicies,
    defaultConfiguration: renderEntity(SCHEMAS.beta.default, currentDefault(dir)),
    crossTenantAccessPolicy: renderEntity(SCHEMAS.beta.policy, currentAccessPolicy(dir)),
  };
}

export class AdminHandler {
  constructor(private readonly deps: AdminDeps) {}

  async handle(ctx: RequestContext): Promise<HandlerResult> {
    const raw = await readBody(ctx.req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new AdminError(400, "admin body must be JSON");
      }
    }
    const route = `${ctx.method} ${ctx.pathname.replace(/\/+$/, "")}`;
    const d = this.deps;
    const nowIso = (): string => graphDateTimeOffset(Date.now() + d.getSettings().clockOffsetMs);
    const tenantOf = (): string => {
      const q = ctx.query.get("tenant") ?? undefined;
      const b = isPlainObject(body) ? body.tenantId : undefined;
      if (q !== undefined && b !== undefined && String(q).toLowerCase() !== String(b).toLowerCase()) {
        throw new AdminError(400, `?tenant=${q} and body tenantId ${String(b)} disagree`);
      }
      return resolveTenant(d.tenants, q ?? b);
    };
    switch (route) {
      case "GET /_emulator/health":
        return { status: 200, body: { ok: true, ...d.info() } };
      case "POST /_emulator/reset": {
        const b = isPlainObject(body) ? body : {};
        const unknown = Object.keys(b).filter((k) => k !== "seed" && k !== "tenantId");
        if (unknown.length > 0) throw new AdminError(400, `reset: unknown key '${unknown[0]}' (expected seed, tenantId)`);
        const scoped = ctx.query.has("tenant") || b.tenantId !== undefined;
        const tenant = tenantOf();
        // Validate the seed before clearing anything, so a bad seed leaves the state as it was.
        if (b.seed !== undefined) applySeed(new MemoryGraphStore(d.tenants.home), b.seed, nowIso(), d.tenants, tenant);
        if (scoped) d.resetTenant(tenant);
        else d.reset();
        if (b.seed !== undefined) applySeed(d.store, b.seed, nowIso(), d.tenants, tenant);
        await d.store.flush();
        return { status: 204 };
      }
      case "POST /_emulator/seed":
        applySeed(d.store, body ?? {}, nowIso(), d.tenants, resolveTenant(d.tenants, ctx.query.get("tenant") ?? undefined));
        await d.store.flush();
        return { status: 204 };
      case "GET /_emulator/state":
        if (d.purge() > 0) await d.store.flush();
        return { status: 200, body: tenantState(d.store, tenantOf()) };
      case "GET /_emulator/tenants":
        return {
          status: 200,
          body: {
            value: d.tenants.list().map((tenantId) => ({
              tenantId,
              home: tenantId === d.tenants.home,
              apps: d.apps
                .list()
                .filter((a) => a.tenantId === tenantId)
                .map((a) => ({ name: a.name, clientId: a.clientId, roles: a.roles })),
            })),
          },
        };
      case "GET /_emulator/requests": {
        const since = Number(ctx.query.get("since") ?? "0");
        const tenant = ctx.query.get("tenant") ?? undefined;
        return { status: 200, body: { lastSeq: d.log.lastSeq, value: d.log.since(Number.isFinite(since) ? since : 0, tenant) } };
      }
      case "DELETE /_emulator/requests":
        d.log.clear();
        return { status: 204 };
      case "GET /_emulator/faults":
        return { status: 200, body: { value: d.faults.list() } };
      case "POST /_emulator/faults": {
        const specs = Array.isArray(body) ? body : [body];
        try {
          const added = specs.map((s) => d.faults.add(parseFault(s)));
          return { status: 201, body: Array.isArray(body) ? { value: added } : added[0] };
        } catch (e) {
          throw new AdminError(400, (e as Error).message);
        }
      }
      case "DELETE /_emulator/faults":
        d.faults.clear();
        return { status: 204 };
      case "GET /_emulator/settings":
        return { status: 200, body: d.getSettings() };
      case "PATCH /_emulator/settings":
        try {
          d.setSettings(applySettingsPatch(d.getSettings(), body ?? {}));
        } catch (e) {
          throw new AdminError(400, (e as Error).message);
        }
        return { status: 200, body: d.getSettings() };
      case "GET /_emulator/apps":
        return {
          status: 200,
          body: {
            value: d.apps.list().map((a) => ({
              name: a.name,
              tenantId: a.tenantId,
              clientId: a.clientId,
              roles: a.roles,
              clientSecrets: a.clientSecrets,
              certificates: a.certificates.map((c) => ({ x5t: c.x5t, "x5t#S256": c.x5tS256 })),
            })),
          },
        };
      case "POST /_emulator/tokens":
        return this.mintToken(body);
      default:
        throw new AdminError(404, `no admin route ${route}`);
    }
  }

  /**
   * Mints an access token without the OAuth flow: `{ app?: name (default "readWrite"), tenantId? (default the
   * home tenant), roles?, audience?, lifetimeSeconds?, issuedAt? (seconds since the epoch; use a past value for an
   * expired token), delegated? (a user's token: permissions in `scp`, as the portal would call Graph) }`.
   */
  private mintToken(body: unknown): HandlerResult {
    const b = (isPlainObject(body) ? body : {}) as {
      app?: string;
      tenantId?: string;
      roles?: string[];
      audience?: string;
      lifetimeSeconds?: number;
      issuedAt?: number;
      delegated?: boolean;
    };
    const tenant = resolveTenant(this.deps.tenants, b.tenantId, "tenantId");
    const app = this.deps.apps.findByName(b.app ?? "readWrite", tenant);
    if (!app) throw new AdminError(400, `unknown app '${b.app ?? "readWrite"}' in tenant ${tenant}`);
    const { token, claims } = this.deps.tokens.issue({
      delegated: b.delegated === true,
      app,
      audience: b.audience ?? this.deps.info().url,
      lifetimeSeconds: b.lifetimeSeconds ?? this.deps.getSettings().tokenLifetimeSeconds,
      roles: b.roles,
      issuedAt: b.issuedAt,
    });
    return { status: 200, body: { access_token: token, expires_on: claims.exp, claims } };
  }
}
