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
import type { EmulatorOptions, RunningEmulator } from "../../emulator";
import { BuiltInApp, EmulatorAdmin } from "../../testkit/emulatorAdmin";
import {
  DEFAULT_CONFIGURATION_PATH,
  PARTNERS_PATH,
  partnerPath as unversionedPartnerPath,
  policyPath,
} from "../../testkit/graphPaths";

export type { BuiltInApp, EmulatorAdmin, EmulatorTenant } from "../../testkit/emulatorAdmin";
export { newTenantId } from "../../testkit/tenantIds";

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

  const admin = new EmulatorAdmin(emu.url, emu.caCertPem, agent);

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

/**
 * One emulator per test file, started with `options.emulator`; reset (back to start-up) before each test unless
 * `options.resetBeforeEach` is false. `set` receives it once started (and may await more set-up).
 */
export function useTestEmulator(
  set: (t: TestEmulator) => unknown,
  options: { emulator?: EmulatorOptions; resetBeforeEach?: boolean } = {},
): void {
  let t: TestEmulator | undefined;
  beforeAll(async () => {
    t = await startTestEmulator(options.emulator);
    await set(t);
  });
  afterAll(async () => {
    await t?.stop();
  });
  if (options.resetBeforeEach !== false) {
    beforeEach(async () => {
      await t?.admin.reset();
    });
  }
}

/** Graph paths with the API version in front. */
export const partnersPath = (version: "v1.0" | "beta" = "v1.0"): string => `/${version}${PARTNERS_PATH}`;
export const partnerPath = (id: string, version: "v1.0" | "beta" = "v1.0"): string =>
  `/${version}${unversionedPartnerPath(id)}`;
export const syncPath = (id: string, version: "v1.0" | "beta" = "v1.0"): string => `/${version}${policyPath(id)}`;
export const defaultConfigPath = (version: "v1.0" | "beta" = "v1.0"): string =>
  `/${version}${DEFAULT_CONFIGURATION_PATH}`;
