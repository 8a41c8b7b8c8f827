/**
 * The admin API under `/_emulator/` (docs/architecture.md › Admin API): reset, seed, state, request log, faults,
 * settings, and a few test conveniences (apps, token minting, health). No auth; never logged.
 */
import { FaultQueue, parseFault } from "../faults/faultQueue";
import { GraphStore } from "../persistence/graphStore";
import { readBody } from "../server/body";
import { HandlerResult, RequestContext } from "../server/context";
import { RequestLog } from "../requestLog";
import { applySettingsPatch, EmulatorSettings } from "../settings";
import { AppRegistry } from "../auth/registeredApps";
import { TokenService } from "../auth/tokens";
import { isPlainObject, JsonObject } from "../util/json";
import { isGuid, validateBody } from "../validation/validateBody";
import { newPartnerRecord } from "./records";
import { graphDateTimeOffset } from "../util/time";
import { SCHEMAS } from "../validation/schemas";
import { isGraphError } from "../errors/graphError";

export interface SeedData {
  partners?: JsonObject[];
  policies?: JsonObject[];
  deletedPartners?: JsonObject[];
  deletedPolicies?: JsonObject[];
}

export interface AdminDeps {
  store: GraphStore;
  log: RequestLog;
  faults: FaultQueue;
  apps: AppRegistry;
  tokens: TokenService;
  getSettings(): EmulatorSettings;
  setSettings(next: EmulatorSettings): void;
  /** Clears state, log, faults and runtime settings (back to the start-up settings). */
  reset(): void;
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

function seedRecord(kind: "partner" | "sync", input: unknown, where: string): JsonObject {
  if (!isPlainObject(input) || typeof input.tenantId !== "string" || !isGuid(input.tenantId)) {
    throw new AdminError(400, `${where}: each item needs a GUID tenantId`);
  }
  try {
    const body = validateBody(SCHEMAS.beta[kind], input, { allowAllReadOnly: true });
    return { ...body, tenantId: input.tenantId.toLowerCase() };
  } catch (e) {
    throw new AdminError(400, `${where}: ${isGraphError(e) ? e.message : String(e)}`);
  }
}

/** Adds seed data to the store. A policy whose partner is missing gets a partner too. */
export function applySeed(store: GraphStore, seed: unknown, nowIso: string): void {
  if (!isPlainObject(seed)) throw new AdminError(400, "seed must be an object");
  const s = seed as SeedData;
  const list = (v: unknown, name: string): unknown[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new AdminError(400, `seed.${name} must be an array`);
    return v;
  };
  const partners = list(s.partners, "partners").map((p) => seedRecord("partner", p, "seed.partners"));
  const policies = list(s.policies, "policies").map((p) => seedRecord("sync", p, "seed.policies"));
  const deletedPartners = list(s.deletedPartners, "deletedPartners").map((p) => seedRecord("partner", p, "seed.deletedPartners"));
  const deletedPolicies = list(s.deletedPolicies, "deletedPolicies").map((p) => seedRecord("sync", p, "seed.deletedPolicies"));
  for (const p of partners) store.put("partners", newPartnerRecord(p.tenantId as string, p));
  for (const p of policies) {
    if (!store.get("partners", p.tenantId as string)) store.put("partners", newPartnerRecord(p.tenantId as string));
    store.put("policies", p);
  }
  for (const p of deletedPartners) store.put("deletedPartners", { deletedDateTime: nowIso, ...newPartnerRecord(p.tenantId as string, p) });
  for (const p of deletedPolicies) store.put("deletedPolicies", { deletedDateTime: nowIso, ...p });
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
    switch (route) {
      case "GET /_emulator/health":
        return { status: 200, body: { ok: true, ...d.info() } };
      case "POST /_emulator/reset":
        d.reset();
        if (isPlainObject(body) && body.seed !== undefined) applySeed(d.store, body.seed, nowIso());
        await d.store.flush();
        return { status: 204 };
      case "POST /_emulator/seed":
        applySeed(d.store, body ?? {}, nowIso());
        await d.store.flush();
        return { status: 204 };
      case "GET /_emulator/state":
        if (d.purge() > 0) await d.store.flush();
        return { status: 200, body: d.store.snapshot() };
      case "GET /_emulator/requests": {
        const since = Number(ctx.query.get("since") ?? "0");
        return { status: 200, body: { lastSeq: d.log.lastSeq, value: d.log.since(Number.isFinite(since) ? since : 0) } };
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
   * Mints an access token without the OAuth flow: `{ app?: name (default "readWrite"), roles?, audience?,
   * lifetimeSeconds?, issuedAt? (seconds since the epoch; use a past value for an expired token) }`.
   */
  private mintToken(body: unknown): HandlerResult {
    const b = (isPlainObject(body) ? body : {}) as { app?: string; roles?: string[]; audience?: string; lifetimeSeconds?: number; issuedAt?: number };
    const app = this.deps.apps.findByName(b.app ?? "readWrite");
    if (!app) throw new AdminError(400, `unknown app '${b.app}'`);
    const { token, claims } = this.deps.tokens.issue({
      app,
      audience: b.audience ?? this.deps.info().url,
      lifetimeSeconds: b.lifetimeSeconds ?? this.deps.getSettings().tokenLifetimeSeconds,
      roles: b.roles,
      issuedAt: b.issuedAt,
    });
    return { status: 200, body: { access_token: token, expires_on: claims.exp, claims } };
  }
}
