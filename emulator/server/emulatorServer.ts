/**
 * Composition root: builds TLS material, registered apps, token service, store, fault machinery and the request
 * listener, then listens with Node's `https` server.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as https from "https";
import { AddressInfo } from "net";
import {
  AppRegistry,
  builtInApps,
  DEFAULT_TENANT_ID,
  EmulatorDefaults,
  RegisteredAppConfig,
} from "../auth/registeredApps";
import { TokenService } from "../auth/tokens";
import { graphAudiences } from "../auth/graphAuthorization";
import { AdminHandler } from "../admin/adminHandler";
import { applySeed, Seed } from "../admin/seed";
import { storeIsEmpty } from "../admin/state";
import { TenantResolver } from "../admin/tenants";
import { FaultQueue } from "../faults/faultQueue";
import { ReplicationLag } from "../faults/replicationLag";
import { WriteWindows } from "../faults/concurrency";
import { GraphStore } from "../persistence/graphStore";
import { MemoryGraphStore } from "../persistence/memoryStore";
import { FileGraphStore } from "../persistence/fileStore";
import { RequestLog } from "../requestLog";
import { applySettingsPatch, defaultSettings, EmulatorSettings } from "../settings";
import { ensureLocalTls } from "../tls/localCa";
import { graphDateTimeOffset } from "../util/time";
import { createRequestListener } from "./createRequestListener";
import { GraphPipeline } from "./graphPipeline";

/** Options of `startEmulator`; every field is optional. Any runtime setting (see EmulatorSettings) may be given too. */
export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** Port to listen on; 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Folder for the CA, server certificate, token signing key and client certificate. Default: a new temp dir (removed on stop). */
  dataDir?: string;
  /** JSON file holding the directory state, written atomically. Default: in-memory only. */
  dataFile?: string;
  /**
   * Extra registered applications (added to the built-in ones; same tenant + client id replaces). Every tenant named
   * here gets its own directory; register one client id in several tenants for a multi-tenant app.
   */
  apps?: RegisteredAppConfig[];
  /** Initial partners, policies and default configurations, applied when the store is empty (each to its `tenantId`, default the home tenant). */
  seed?: Seed;
  /** Runtime settings, same keys as `PATCH /_emulator/settings`. */
  settings?: Partial<EmulatorSettings>;
}

export interface RunningEmulator {
  /** Graph root, e.g. `https://127.0.0.1:PORT`; use `${url}/v1.0/...` or `${url}/beta/...`. */
  url: string;
  /** Login host for @azure/identity (same server). */
  authorityHost: string;
  /** PEM file of the local CA. */
  caCertPath: string;
  caCertPem: string;
  port: number;
  host: string;
  dataDir: string;
  dataFile?: string;
  defaults: EmulatorDefaults;
  stop(): Promise<void>;
}

const SETTING_KEYS = new Set(Object.keys(defaultSettings()));

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "entra-graph-emulator-"));
  fs.mkdirSync(dataDir, { recursive: true });

  const settingsInput: Record<string, unknown> = { ...(options.settings ?? {}) };
  for (const [k, v] of Object.entries(options)) if (SETTING_KEYS.has(k) && v !== undefined) settingsInput[k] = v;
  const initialSettings = applySettingsPatch(defaultSettings(), settingsInput);
  let settings = initialSettings;

  const tls = ensureLocalTls(dataDir, host);
  const builtIn = builtInApps(dataDir);
  const apps = new AppRegistry([...builtIn.configs, ...(options.apps ?? [])]);
  const tokens = TokenService.fromDataDir(dataDir);

  const home = DEFAULT_TENANT_ID;
  const store: GraphStore = options.dataFile
    ? new FileGraphStore(path.resolve(options.dataFile), home)
    : new MemoryGraphStore(home);
  await store.init();
  const tenants: TenantResolver = {
    home,
    known: (tenantId) => apps.hasTenant(tenantId),
    list: () => apps.tenants(),
  };

  const stopController = new AbortController();
  const log = new RequestLog();
  const faults = new FaultQueue();
  const lag = new ReplicationLag(() => settings);
  const windows = new WriteWindows();
  let audiences = new Set<string>();
  let url = "";

  const graph = new GraphPipeline({
    store,
    lag,
    settings: () => settings,
    windows,
    stopSignal: stopController.signal,
    auth: () => ({ tokens, audiences, checkAudience: settings.checkAudience, authorityHost: url }),
  });
  const setSettings = (next: EmulatorSettings): void => {
    settings = next;
    graph.settingsChanged(next);
  };
  setSettings(settings);

  if (options.seed && storeIsEmpty(store)) {
    applySeed(store, options.seed, graphDateTimeOffset(Date.now() + settings.clockOffsetMs), tenants);
    await store.flush();
  }

  const admin = new AdminHandler({
    store,
    log,
    faults,
    apps,
    tokens,
    tenants,
    getSettings: () => settings,
    setSettings,
    reset: () => {
      store.clear();
      log.clear();
      faults.clear();
      lag.clear();
      windows.clear();
      setSettings(initialSettings);
      graph.refillThrottle();
    },
    resetTenant: (tenantId) => {
      store.directory(tenantId).clear();
      lag.clear(`${tenantId}/`);
    },
    purge: () => graph.handlers.deleted.purge(),
    info: () => ({ url, authorityHost: url, caCertPath: tls.caCertPath }),
  });

  const listener = createRequestListener({
    admin,
    graph,
    faults,
    log,
    stopSignal: stopController.signal,
    auth: {
      apps,
      tokens,
      tokenLifetimeSeconds: () => settings.tokenLifetimeSeconds,
      latencyMs: () => settings.latencyMs,
      stopSignal: stopController.signal,
      baseUrls: (ctx) => [url, ctx.baseUrl],
    },
  });

  const server = https.createServer(
    { key: tls.serverKeyPem, cert: tls.serverCertPem, keepAliveTimeout: 30_000 } as https.ServerOptions,
    listener,
  );
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `https://${urlHost(host)}:${port}`;
  audiences = graphAudiences([url, `https://localhost:${port}`, `https://127.0.0.1:${port}`, `https://[::1]:${port}`]);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopController.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
      if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  return {
    url,
    authorityHost: url,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    port,
    host,
    dataDir,
    dataFile: options.dataFile ? path.resolve(options.dataFile) : undefined,
    defaults: builtIn.defaults,
    stop,
  };
}
