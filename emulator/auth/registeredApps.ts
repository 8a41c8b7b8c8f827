/**
 * Registered applications (tenant, client id, secrets or certificates, granted application permissions) and the
 * built-in registration that tests and the demo use unless overridden (docs/architecture.md › Emulator contract).
 */
import * as fs from "fs";
import * as path from "path";
import { createHash, createPublicKey, KeyObject } from "crypto";
import { certificateThumbprints, createClientCertificate, firstCertificatePem } from "../tls/certificates";
import { writeFileAtomicSync } from "../util/files";

/** Application permissions understood by the Graph endpoints. */
export const ROLE_READ = "Policy.Read.All";
export const ROLE_WRITE = "Policy.ReadWrite.CrossTenantAccess";

/** Application permissions of the source side of cross-tenant synchronization (issue 16, landscape §1.1). */
export const ROLE_APPLICATION_READ = "Application.Read.All";
export const ROLE_APPLICATION_WRITE = "Application.ReadWrite.All";
export const ROLE_APP_ROLE_ASSIGNMENT_WRITE = "AppRoleAssignment.ReadWrite.All";
export const ROLE_SYNC_READ = "Synchronization.Read.All";
export const ROLE_SYNC_WRITE = "Synchronization.ReadWrite.All";
export const ROLE_USER_READ = "User.Read.All";
export const ROLE_GROUP_READ = "Group.Read.All";
export const ROLE_DIRECTORY_READ = "Directory.Read.All";
export const ROLE_DIRECTORY_WRITE = "Directory.ReadWrite.All";
/** What the built-in `readWrite` app holds beyond the policy permissions: the source side's least privileges. */
export const SOURCE_SIDE_ROLES = [
  ROLE_APPLICATION_WRITE,
  ROLE_APP_ROLE_ASSIGNMENT_WRITE,
  ROLE_SYNC_WRITE,
  ROLE_USER_READ,
  ROLE_GROUP_READ,
];

/** The home tenant: the one every existing caller means when it names no tenant. */
export const DEFAULT_TENANT_ID = "11111111-1111-4111-8111-111111111111";
/** The second built-in tenant, where the multi-tenant `readWrite` app and the `readOnly` app are also consented. */
export const SECOND_TENANT_ID = "33333333-3333-4333-8333-333333333333";

/** How a caller registers an application. */
export interface RegisteredAppConfig {
  /** Short name, e.g. "readWrite". Defaults to the client id. */
  name?: string;
  tenantId: string;
  clientId: string;
  /** Accepted client secret(s). */
  clientSecret?: string | string[];
  /** PEM certificate(s) (a key in the same PEM is ignored) accepted for client assertions. */
  certificatePem?: string | string[];
  /** Granted application permissions (token `roles`). */
  roles: string[];
  displayName?: string;
}

export interface RegisteredCertificate {
  pem: string;
  x5t: string;
  x5tS256: string;
  publicKey: KeyObject;
}

export interface RegisteredApp {
  name: string;
  tenantId: string;
  clientId: string;
  displayName: string;
  /** Service principal object id (deterministic), the token `oid`/`sub`. */
  objectId: string;
  roles: string[];
  clientSecrets: string[];
  certificates: RegisteredCertificate[];
}

/** Credentials of one built-in app as handed to tests (`emu.defaults.readWrite` …). */
export interface BuiltInAppCredentials {
  name: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** PEM file with private key and certificate, for `ClientCertificateCredential` (readWrite only). */
  certificatePath?: string;
  roles: string[];
}

/** A built-in tenant and the built-in apps consented in it (credentials carry that tenant's id). */
export interface BuiltInTenant {
  tenantId: string;
  readWrite: BuiltInAppCredentials;
  readOnly: BuiltInAppCredentials;
}

export interface EmulatorDefaults {
  /** The home tenant (unchanged since the single-tenant emulator). */
  tenantId: string;
  readWrite: BuiltInAppCredentials;
  readOnly: BuiltInAppCredentials;
  noRoles: BuiltInAppCredentials;
  /**
   * The second tenant: the same `readWrite` app (a multi-tenant app consented there: same client id, secret and
   * certificate) and the same `readOnly` app; a token requested for this tenant carries its `tid`.
   */
  second: BuiltInTenant;
  /** Every built-in tenant, home first. */
  tenantIds: string[];
}

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function uuidFrom(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function toCertificate(pem: string): RegisteredCertificate {
  const certPem = firstCertificatePem(pem);
  if (!certPem) throw new Error("registered app certificate: no PEM certificate found");
  const t = certificateThumbprints(certPem);
  return { pem: certPem, x5t: t.sha1, x5tS256: t.sha256, publicKey: createPublicKey(certPem) };
}

export function toRegisteredApp(config: RegisteredAppConfig): RegisteredApp {
  return {
    name: config.name ?? config.clientId,
    tenantId: config.tenantId.toLowerCase(),
    clientId: config.clientId.toLowerCase(),
    displayName: config.displayName ?? config.name ?? "Emulator app",
    objectId: uuidFrom(`${config.tenantId}/${config.clientId}`),
    roles: [...config.roles],
    clientSecrets: asList(config.clientSecret),
    certificates: asList(config.certificatePem).map(toCertificate),
  };
}

/** Builds the built-in registration; the readWrite client certificate is created in (or reused from) `dataDir`. */
export function builtInApps(dataDir: string): { configs: RegisteredAppConfig[]; defaults: EmulatorDefaults } {
  const certificatePath = path.join(dataDir, "readWrite-client-certificate.pem");
  let pem: string | undefined;
  try {
    pem = fs.readFileSync(certificatePath, "utf8");
    if (!firstCertificatePem(pem) || !/PRIVATE KEY/.test(pem)) pem = undefined;
  } catch {
    pem = undefined;
  }
  if (!pem) {
    const pair = createClientCertificate("emulator-readWrite-app");
    pem = pair.keyPem + pair.certPem;
    writeFileAtomicSync(certificatePath, pem, 0o600);
  }
  const tenantId = DEFAULT_TENANT_ID;
  const readWrite: BuiltInAppCredentials = {
    name: "readWrite",
    tenantId,
    clientId: "22222222-2222-4222-8222-222222222222",
    clientSecret: "emulator-client-secret",
    certificatePath,
    roles: [ROLE_READ, ROLE_WRITE, ...SOURCE_SIDE_ROLES],
  };
  const readOnly: BuiltInAppCredentials = {
    name: "readOnly",
    tenantId,
    clientId: "33333333-3333-4333-8333-333333333333",
    clientSecret: "emulator-readonly-secret",
    roles: [ROLE_READ],
  };
  const noRoles: BuiltInAppCredentials = {
    name: "noRoles",
    tenantId,
    clientId: "44444444-4444-4444-8444-444444444444",
    clientSecret: "emulator-noroles-secret",
    roles: [],
  };
  const second: BuiltInTenant = {
    tenantId: SECOND_TENANT_ID,
    readWrite: { ...readWrite, tenantId: SECOND_TENANT_ID },
    readOnly: { ...readOnly, tenantId: SECOND_TENANT_ID },
  };
  // Home-tenant registrations first: lookups by name without a tenant find those (as before the second tenant).
  const configs: RegisteredAppConfig[] = [
    { ...readWrite, certificatePem: pem, displayName: "Emulator read-write app" },
    { ...readOnly, displayName: "Emulator read-only app" },
    { ...noRoles, displayName: "Emulator app without roles" },
    { ...second.readWrite, certificatePem: pem, displayName: "Emulator read-write app" },
    { ...second.readOnly, displayName: "Emulator read-only app" },
  ];
  return {
    configs,
    defaults: { tenantId, readWrite, readOnly, noRoles, second, tenantIds: [tenantId, SECOND_TENANT_ID] },
  };
}

/** Lookup of registered apps by tenant and client id. Later registrations replace earlier ones with the same key. */
export class AppRegistry {
  private readonly apps = new Map<string, RegisteredApp>();
  private readonly tenantIds = new Set<string>();

  constructor(configs: RegisteredAppConfig[]) {
    for (const c of configs) this.add(c);
  }

  add(config: RegisteredAppConfig): RegisteredApp {
    const app = toRegisteredApp(config);
    this.apps.set(`${app.tenantId}/${app.clientId}`, app);
    this.tenantIds.add(app.tenantId);
    return app;
  }

  hasTenant(tenant: string): boolean {
    return this.tenantIds.has(tenant.toLowerCase());
  }

  find(tenant: string, clientId: string): RegisteredApp | undefined {
    return this.apps.get(`${tenant.toLowerCase()}/${clientId.toLowerCase()}`);
  }

  /** The app named `name` (in `tenant` when given; else the first registered, i.e. the home tenant's). */
  findByName(name: string, tenant?: string): RegisteredApp | undefined {
    const t = tenant?.toLowerCase();
    for (const app of this.apps.values()) if (app.name === name && (t === undefined || app.tenantId === t)) return app;
    return undefined;
  }

  /** Registered tenants, in registration order. */
  tenants(): string[] {
    return [...this.tenantIds];
  }

  list(): RegisteredApp[] {
    return [...this.apps.values()];
  }
}
