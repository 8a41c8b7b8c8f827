/**
 * The admin API under `/_emulator/` (docs/architecture.md › Admin API): reset, seed, state, request log, faults,
 * settings, and a few test conveniences (tenants, apps, token minting, health). No auth; never logged. Calls about
 * one directory take the tenant as `?tenant=` or a body `tenantId`; without one they mean the home tenant. Routing
 * only: seeds are read and written by `seed.ts`, the state view is `state.ts`.
 */
import { TokenService } from "../auth/tokens";
import { AppRegistry } from "../auth/registeredApps";
import { FaultQueue, parseFault } from "../faults/faultQueue";
import { readBody } from "../http/body";
import { HandlerResult, RequestContext } from "../http/context";
import { GraphStore } from "../persistence/graphStore";
import { RequestLog } from "../requestLog";
import { applySettingsPatch, EmulatorSettings } from "../settings";
import { isPlainObject, JsonObject } from "../util/json";
import { graphDateTimeOffset } from "../util/time";
import { AdminError } from "./adminError";
import { applySeed, checkSeed, parseResetBody } from "./seed";
import { tenantState } from "./state";
import { runSyncCycles } from "./syncRun";
import { armSchemaFaults } from "./syncSchemaFaults";
import { resolveTenant, TenantResolver } from "./tenants";

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
        const { seed, tenantId } = parseResetBody(body);
        const scoped = ctx.query.has("tenant") || tenantId !== undefined;
        const tenant = tenantOf();
        // Validate the seed before clearing anything, so a bad seed leaves the state as it was.
        if (seed !== undefined) checkSeed(seed, nowIso(), d.tenants, tenant);
        if (scoped) d.resetTenant(tenant);
        else d.reset();
        if (seed !== undefined) applySeed(d.store, seed, nowIso(), d.tenants, tenant);
        await d.store.flush();
        return { status: 204 };
      }
      case "POST /_emulator/seed":
        applySeed(
          d.store,
          body ?? {},
          nowIso(),
          d.tenants,
          resolveTenant(d.tenants, ctx.query.get("tenant") ?? undefined),
        );
        await d.store.flush();
        return { status: 204 };
      case "POST /_emulator/sync/run": {
        const value = runSyncCycles(d.store, tenantOf(), body, d.getSettings());
        await d.store.flush();
        return { status: 200, body: { value } };
      }
      case "POST /_emulator/sync/schemaFaults": {
        const armed = armSchemaFaults(d.store, tenantOf(), body, Date.now() + d.getSettings().clockOffsetMs);
        await d.store.flush();
        return { status: 200, body: armed as unknown as JsonObject };
      }
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
        return {
          status: 200,
          body: { lastSeq: d.log.lastSeq, value: d.log.since(Number.isFinite(since) ? since : 0, tenant) },
        };
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
