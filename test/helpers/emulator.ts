/**
 * Test helpers around the in-process emulator. Every client trusts the emulator's CA explicitly; nothing turns
 * TLS verification off.
 *
 *   const t = await startTestEmulator();
 *   const graph = await t.graph();                 // axios with a readWrite bearer token (home tenant)
 *   const other = await t.graph("readWrite", t.defaults.second.tenantId);   // the same app in the second tenant
 *   await graph.put(`/v1.0/policies/crossTenantAccessPolicy/partners/${id}/identitySynchronization`, {...});
 *   const calls = await t.admin.requests();        // the request log
 *   new ClientSecretCredential(tenant, id, secret, t.credentialOptions());
 *   await t.stop();
 */
import * as https from "https";
import * as tls from "tls";
import axios, { AxiosInstance } from "axios";
import { ClientSecretCredential } from "@azure/identity";
import { startEmulator } from "../../emulator";
import type { EmulatorOptions, EmulatorSettings, Fault, FaultSpec, RequestLogEntry, RunningEmulator, Seed, TenantState } from "../../emulator";

export type BuiltInApp = "readWrite" | "readOnly" | "noRoles";

/** A registered tenant as `GET /_emulator/tenants` lists it. */
export interface EmulatorTenant {
  tenantId: string;
  home: boolean;
  apps: { name: string; clientId: string; roles: string[] }[];
}

export interface EmulatorAdmin {
  /**
   * Without `tenantId`: clears every directory, the request log, faults, settings (back to start-up). With
   * `tenantId`: clears that tenant's directory only. Then seeds (a seed without `tenantId` goes to `tenantId` or
   * the home tenant).
   */
  reset(seed?: Seed, tenantId?: string): Promise<void>;
  /** Seeds one directory (the seed's `tenantId`, else `tenantId`, else the home tenant), or several with an array. */
  seed(data: Seed, tenantId?: string): Promise<void>;
  /** One tenant's directory (default the home tenant), with its default configuration as GET shows it. */
  state(tenantId?: string): Promise<TenantState>;
  /** Registered tenants and their apps. */
  tenants(): Promise<EmulatorTenant[]>;
  /** Request log entries after `since` (a `seq`), optionally of one tenant. */
  requests(since?: number, tenantId?: string): Promise<RequestLogEntry[]>;
  /** The last sequence number handed out so far (use as `since` later). */
  lastSeq(): Promise<number>;
  clearRequests(): Promise<void>;
  addFault(spec: FaultSpec): Promise<Fault>;
  faults(): Promise<Fault[]>;
  clearFaults(): Promise<void>;
  /** Applies a settings patch (when given) and returns the settings. */
  settings(patch?: Partial<EmulatorSettings>): Promise<EmulatorSettings>;
  /** Mints an access token directly (see POST /_emulator/tokens); `delegated` for a user's token (the portal). */
  mintToken(options?: {
    app?: BuiltInApp | string;
    tenantId?: string;
    roles?: string[];
    audience?: string;
    lifetimeSeconds?: number;
    issuedAt?: number;
    delegated?: boolean;
  }): Promise<string>;
}

export interface TestEmulator {
  emu: RunningEmulator;
  url: string;
  authorityHost: string;
  caCertPem: string;
  defaults: RunningEmulator["defaults"];
  /** Keep-alive HTTPS agent that trusts the emulator CA. */
  agent: https.Agent;
  /** axios against the emulator root, trusting its CA; never throws on HTTP status. */
  http: AxiosInstance;
  admin: EmulatorAdmin;
  /** Options for @azure/identity credentials: authority host, no instance discovery, the CA trusted. */
  credentialOptions(): { authorityHost: string; disableInstanceDiscovery: true; tlsOptions: { ca: string[] } };
  /**
   * An access token for a built-in app, through the real ClientSecretCredential (cached per app and tenant);
   * `tenantId` defaults to the home tenant (`readWrite` and `readOnly` are also consented in `defaults.second`).
   */
  token(app?: BuiltInApp, tenantId?: string): Promise<string>;
  /** axios with `Authorization: Bearer <token of app in tenantId>`; never throws on HTTP status. */
  graph(app?: BuiltInApp, tenantId?: string): Promise<AxiosInstance>;
  stop(): Promise<void>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ port: 0, ...options });
  const agent = new https.Agent({ ca: emu.caCertPem, keepAlive: true, maxSockets: 64 });
  const http = axios.create({ baseURL: emu.url, httpsAgent: agent, validateStatus: () => true, proxy: false });

  const ok = <T>(p: Promise<{ status: number; data: T }>): Promise<T> =>
    p.then((r) => {
      if (r.status >= 300) throw new Error(`emulator admin call failed: ${r.status} ${JSON.stringify(r.data)}`);
      return r.data;
    });

  const tenantParams = (tenantId?: string) => (tenantId ? { tenant: tenantId } : {});
  const admin: EmulatorAdmin = {
    reset: async (seed, tenantId) => {
      await ok(http.post("/_emulator/reset", seed ? { seed } : {}, { params: tenantParams(tenantId) }));
    },
    seed: async (data, tenantId) => {
      await ok(http.post("/_emulator/seed", data, { params: tenantParams(tenantId) }));
    },
    state: (tenantId) => ok(http.get<TenantState>("/_emulator/state", { params: tenantParams(tenantId) })),
    tenants: async () => (await ok(http.get<{ value: EmulatorTenant[] }>("/_emulator/tenants"))).value,
    requests: async (since, tenantId) =>
      (await ok(http.get<{ value: RequestLogEntry[] }>("/_emulator/requests", { params: { since: since ?? 0, ...tenantParams(tenantId) } }))).value,
    lastSeq: async () => (await ok(http.get<{ lastSeq: number }>("/_emulator/requests", { params: { since: Number.MAX_SAFE_INTEGER } }))).lastSeq,
    clearRequests: async () => {
      await ok(http.delete("/_emulator/requests"));
    },
    addFault: (spec) => ok(http.post<Fault>("/_emulator/faults", spec)),
    faults: async () => (await ok(http.get<{ value: Fault[] }>("/_emulator/faults"))).value,
    clearFaults: async () => {
      await ok(http.delete("/_emulator/faults"));
    },
    settings: (patch) => ok(patch ? http.patch<EmulatorSettings>("/_emulator/settings", patch) : http.get<EmulatorSettings>("/_emulator/settings")),
    mintToken: async (o = {}) => (await ok(http.post<{ access_token: string }>("/_emulator/tokens", o))).access_token,
  };

  const credentialOptions = () => ({
    authorityHost: emu.authorityHost,
    disableInstanceDiscovery: true as const,
    tlsOptions: { ca: [...tls.rootCertificates, emu.caCertPem] },
  });

  const credentials = new Map<string, ClientSecretCredential>();
  const token = async (app: BuiltInApp = "readWrite", tenantId: string = emu.defaults.tenantId): Promise<string> => {
    const key = `${tenantId.toLowerCase()}/${app}`;
    let cred = credentials.get(key);
    if (!cred) {
      const d = emu.defaults[app];
      // A built-in app in another tenant is the same app consented there: same client id and secret.
      cred = new ClientSecretCredential(tenantId, d.clientId, d.clientSecret, credentialOptions());
      credentials.set(key, cred);
    }
    const t = await cred.getToken(`${emu.url}/.default`);
    return t.token;
  };

  const graph = async (app: BuiltInApp = "readWrite", tenantId?: string): Promise<AxiosInstance> =>
    axios.create({
      baseURL: emu.url,
      httpsAgent: agent,
      validateStatus: () => true,
      proxy: false,
      headers: { Authorization: `Bearer ${await token(app, tenantId)}` },
    });

  return {
    emu,
    url: emu.url,
    authorityHost: emu.authorityHost,
    caCertPem: emu.caCertPem,
    defaults: emu.defaults,
    agent,
    http,
    admin,
    credentialOptions,
    token,
    graph,
    stop: async () => {
      agent.destroy();
      await emu.stop();
    },
  };
}

/** Path helpers. */
export const partnersPath = (version: "v1.0" | "beta" = "v1.0"): string => `/${version}/policies/crossTenantAccessPolicy/partners`;
export const partnerPath = (id: string, version: "v1.0" | "beta" = "v1.0"): string => `${partnersPath(version)}/${id}`;
export const syncPath = (id: string, version: "v1.0" | "beta" = "v1.0"): string => `${partnerPath(id, version)}/identitySynchronization`;
export const defaultConfigPath = (version: "v1.0" | "beta" = "v1.0"): string => `/${version}/policies/crossTenantAccessPolicy/default`;

let counter = 0;
/** A fresh partner tenant id (counter-based, never random, so ids cannot collide within a run). */
export function newTenantId(): string {
  counter += 1;
  const n = (counter + process.pid * 1000).toString(16).padStart(12, "0").slice(-12);
  return `0000aaaa-0000-4000-8000-${n}`;
}
