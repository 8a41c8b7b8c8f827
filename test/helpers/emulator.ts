/**
 * Test helpers around the in-process emulator. Every client trusts the emulator's CA explicitly; nothing turns
 * TLS verification off.
 *
 *   const t = await startTestEmulator();
 *   const graph = await t.graph();                 // axios with a readWrite bearer token
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
import type { EmulatorOptions, EmulatorSettings, Fault, FaultSpec, RequestLogEntry, RunningEmulator, SeedData, StoreSnapshot } from "../../emulator";

export type BuiltInApp = "readWrite" | "readOnly" | "noRoles";

export interface EmulatorAdmin {
  /** Clears state, request log, faults, settings (back to start-up); optionally seeds. */
  reset(seed?: SeedData): Promise<void>;
  seed(data: SeedData): Promise<void>;
  state(): Promise<StoreSnapshot>;
  /** Request log entries after `since` (a `seq`). */
  requests(since?: number): Promise<RequestLogEntry[]>;
  /** The last sequence number handed out so far (use as `since` later). */
  lastSeq(): Promise<number>;
  clearRequests(): Promise<void>;
  addFault(spec: FaultSpec): Promise<Fault>;
  faults(): Promise<Fault[]>;
  clearFaults(): Promise<void>;
  /** Applies a settings patch (when given) and returns the settings. */
  settings(patch?: Partial<EmulatorSettings>): Promise<EmulatorSettings>;
  /** Mints an access token directly (see POST /_emulator/tokens). */
  mintToken(options?: { app?: BuiltInApp | string; roles?: string[]; audience?: string; lifetimeSeconds?: number; issuedAt?: number }): Promise<string>;
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
  /** An access token for a built-in app, through the real ClientSecretCredential (cached per app). */
  token(app?: BuiltInApp): Promise<string>;
  /** axios with `Authorization: Bearer <token of app>`; never throws on HTTP status. */
  graph(app?: BuiltInApp): Promise<AxiosInstance>;
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

  const admin: EmulatorAdmin = {
    reset: async (seed) => {
      await ok(http.post("/_emulator/reset", seed ? { seed } : {}));
    },
    seed: async (data) => {
      await ok(http.post("/_emulator/seed", data));
    },
    state: () => ok(http.get<StoreSnapshot>("/_emulator/state")),
    requests: async (since) => (await ok(http.get<{ value: RequestLogEntry[] }>("/_emulator/requests", { params: { since: since ?? 0 } }))).value,
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

  const credentials = new Map<BuiltInApp, ClientSecretCredential>();
  const token = async (app: BuiltInApp = "readWrite"): Promise<string> => {
    let cred = credentials.get(app);
    if (!cred) {
      const d = emu.defaults[app];
      cred = new ClientSecretCredential(d.tenantId, d.clientId, d.clientSecret, credentialOptions());
      credentials.set(app, cred);
    }
    const t = await cred.getToken(`${emu.url}/.default`);
    return t.token;
  };

  const graph = async (app: BuiltInApp = "readWrite"): Promise<AxiosInstance> =>
    axios.create({
      baseURL: emu.url,
      httpsAgent: agent,
      validateStatus: () => true,
      proxy: false,
      headers: { Authorization: `Bearer ${await token(app)}` },
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

let counter = 0;
/** A fresh partner tenant id (counter-based, never random, so ids cannot collide within a run). */
export function newTenantId(): string {
  counter += 1;
  const n = (counter + process.pid * 1000).toString(16).padStart(12, "0").slice(-12);
  return `0000aaaa-0000-4000-8000-${n}`;
}
