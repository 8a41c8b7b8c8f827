// The one client for a running Graph emulator's admin API (`/_emulator/*`, docs/architecture.md), used by the
// tests and the benches. HTTPS with the emulator's CA (never with TLS checks off). It also makes out-of-band Graph
// writes with a minted token, which is how the tests play "someone changed it in the Entra portal".
import * as https from "https";
import type {
  EmulatorSettings,
  Fault,
  FaultSpec,
  RequestLogEntry,
  SchemaFaults,
  SeedData,
  SeedGroup,
  SeedUser,
  SyncJobView,
  TenantState,
} from "../emulator";
import { DEFAULT_CONFIGURATION_PATH, partnerPath, policyPath } from "./graphPaths";

/** One request-log entry, as the emulator records it. */
export type LoggedRequest = RequestLogEntry;

/** A partner configuration or sync policy as the emulator stores it (Graph's names), keyed by `tenantId`. */
export type StoredObject = TenantState["partners"][number] & { tenantId: string };

/**
 * A seed as the tests and benches write it: the emulator's `SeedData` keys, with Graph objects as plain records
 * (the emulator checks them, as it checks any admin call).
 */
export type SeedInput = {
  [K in keyof SeedData]?: K extends "tenantId" | "defaultDomain"
    ? string
    : K extends "users" | "groups"
      ? SeedData[K]
      : SeedData[K] extends unknown[] | undefined
        ? Record<string, unknown>[]
        : Record<string, unknown>;
};

/** What `seedDirectory` writes: a tenant's users, groups (with direct members) and default domain. */
export interface DirectorySeed {
  users?: SeedUser[];
  groups?: SeedGroup[];
  defaultDomain?: string;
}

/** Which synchronization jobs `runSyncCycle` runs (all started jobs of the tenant when neither id is given). */
export interface SyncRunOptions {
  /** The SOURCE tenant (the job's); default the home tenant. */
  tenantId?: string;
  servicePrincipalId?: string;
  jobId?: string;
}
/** One directory's seed, or several (each with its `tenantId`). */
export type Seed = SeedInput | SeedInput[];

/** The emulator's built-in apps (see `RunningEmulator.defaults`). */
export type BuiltInApp = "readWrite" | "readOnly" | "noRoles";

/** A registered tenant as `GET /_emulator/tenants` lists it. */
export interface EmulatorTenant {
  tenantId: string;
  home: boolean;
  apps: { name: string; clientId: string; roles: string[] }[];
}

/** What `POST /_emulator/tokens` accepts. */
export interface MintTokenOptions {
  app?: BuiltInApp | string;
  tenantId?: string;
  roles?: string[];
  audience?: string;
  lifetimeSeconds?: number;
  issuedAt?: number;
  /** A user's token (the portal), needed e.g. to write `isServiceProvider`. */
  delegated?: boolean;
}

export interface HttpResult {
  status: number;
  body: unknown;
  text: string;
}

const tenantQuery = (tenantId: string | undefined, sep: "?" | "&" = "?"): string =>
  tenantId ? `${sep}tenant=${encodeURIComponent(tenantId)}` : "";

export class EmulatorAdmin {
  /** Minted tokens by tenant ("" = home) and kind (app-only or delegated). */
  private readonly tokens = new Map<string, string>();

  /** `agent` (optional) must trust `caPem`; without it every call opens its own connection. */
  constructor(
    readonly url: string,
    private readonly caPem: string,
    private readonly agent?: https.Agent,
  ) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    const u = new URL(path, this.url);
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = https.request(
        u,
        {
          method,
          ...(this.agent ? { agent: this.agent } : { ca: this.caPem }),
          headers: {
            accept: "application/json",
            ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, text });
          });
        },
      );
      req.on("error", reject);
      if (data) req.write(data);
      req.end();
    });
  }

  private async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.request(method, path, body);
    if (r.status >= 300) throw new Error(`emulator admin call ${method} ${path} failed: ${r.status} ${r.text}`);
    return r.body as T;
  }

  /**
   * Without `tenantId`: everything back to start-up (all tenants, log, faults, settings). With it: that tenant's
   * directory only. Then `seed` (a seed without `tenantId` goes to `tenantId` or the home tenant).
   */
  async reset(seed?: Seed, tenantId?: string): Promise<void> {
    await this.ok("POST", `/_emulator/reset${tenantQuery(tenantId)}`, seed === undefined ? {} : { seed });
  }

  /** Seeds one directory (the seed's `tenantId`, else `tenantId`, else the home tenant), or several with an array. */
  async seed(seed: Seed, tenantId?: string): Promise<void> {
    await this.ok("POST", `/_emulator/seed${tenantQuery(tenantId)}`, seed);
  }

  /** One tenant's directory (default the home tenant), with its default configuration as a beta GET shows it. */
  state(tenantId?: string): Promise<TenantState> {
    return this.ok("GET", `/_emulator/state${tenantQuery(tenantId)}`);
  }

  /** Adds users, groups and the default domain to one tenant's directory (home by default). */
  async seedDirectory(seed: DirectorySeed, tenantId?: string): Promise<void> {
    await this.seed({ ...seed, ...(tenantId ? { tenantId } : {}) });
  }

  /**
   * Runs one job cycle now (`POST /_emulator/sync/run`) of the started jobs of the SOURCE tenant (home by
   * default), of one service principal, or one job: the jobs as Graph shows them afterwards.
   * `runSyncCycle(tenantId?, servicePrincipalId?, jobId?)` or `runSyncCycle({ tenantId, servicePrincipalId, jobId })`.
   */
  async runSyncCycle(
    options: SyncRunOptions | string = {},
    servicePrincipalId?: string,
    jobId?: string,
  ): Promise<SyncJobView[]> {
    const body: SyncRunOptions =
      typeof options === "string" ? { tenantId: options, servicePrincipalId, jobId } : options;
    const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    return (await this.ok<{ value: SyncJobView[] }>("POST", "/_emulator/sync/run", defined)).value;
  }

  /**
   * Arms a job's schema fault hooks (`POST /_emulator/sync/schemaFaults`): `failNextPut` answers its next schema PUT
   * with an error instead of saving; `concurrentEdit` saves a "portal" change right after its next schema GET. `{}`
   * disarms both. `tenantId` is the job's (SOURCE) tenant, home by default.
   */
  async armSchemaFaults(jobId: string, faults: SchemaFaults, tenantId?: string): Promise<SchemaFaults> {
    return this.ok("POST", "/_emulator/sync/schemaFaults", { jobId, ...faults, ...(tenantId ? { tenantId } : {}) });
  }

  /**
   * A job's schema state as the emulator keeps it (customized, version, stamp, initial cycle due), from the job's
   * bookkeeping; undefined when the job does not exist.
   */
  async schemaState(
    jobId: string,
    tenantId?: string,
  ): Promise<{ customized: boolean; version: string; directoryStamp: string; initialCycleDue: boolean } | undefined> {
    const job = (await this.syncJobs(tenantId)).find((j) => String(j.id).toLowerCase() === jobId.toLowerCase());
    if (!job) return undefined;
    const state = (job.schemaState ?? {}) as Record<string, unknown>;
    return {
      customized: state.customized === true,
      version: String(state.version ?? "v1.2"),
      directoryStamp: String(state.directoryStamp ?? ""),
      initialCycleDue: job.initialCycleDue === true,
    };
  }

  /** One tenant's users as stored (synchronized ones carry `synchronizedFrom: { tenantId, id }`). */
  async users(tenantId?: string): Promise<TenantState["users"]> {
    return (await this.state(tenantId)).users;
  }

  async groups(tenantId?: string): Promise<TenantState["groups"]> {
    return (await this.state(tenantId)).groups;
  }

  async applications(tenantId?: string): Promise<TenantState["applications"]> {
    return (await this.state(tenantId)).applications;
  }

  async servicePrincipals(tenantId?: string): Promise<TenantState["servicePrincipals"]> {
    return (await this.state(tenantId)).servicePrincipals;
  }

  async appRoleAssignments(tenantId?: string): Promise<TenantState["appRoleAssignments"]> {
    return (await this.state(tenantId)).appRoleAssignments;
  }

  /** One tenant's synchronization jobs as stored (with `servicePrincipalId` and `ruleIds`). */
  async syncJobs(tenantId?: string): Promise<TenantState["syncJobs"]> {
    return (await this.state(tenantId)).syncJobs;
  }

  /** The partner configurations of one tenant (home by default). */
  async partners(tenantId?: string): Promise<StoredObject[]> {
    return (await this.state(tenantId)).partners as StoredObject[];
  }

  async partner(partnerTenantId: string, tenantId?: string): Promise<StoredObject | undefined> {
    return (await this.partners(tenantId)).find((p) => p.tenantId === partnerTenantId.toLowerCase());
  }

  /** The default configuration of one tenant, as a beta GET shows it. */
  async defaultConfiguration(tenantId?: string): Promise<TenantState["defaultConfiguration"]> {
    return (await this.state(tenantId)).defaultConfiguration;
  }

  /** The identity synchronization policies of the home tenant. */
  async policies(): Promise<StoredObject[]> {
    return (await this.state()).policies as StoredObject[];
  }

  async policy(partnerTenantId: string): Promise<StoredObject | undefined> {
    return (await this.policies()).find((p) => p.tenantId === partnerTenantId.toLowerCase());
  }

  /** Registered tenants and their apps. */
  async tenants(): Promise<EmulatorTenant[]> {
    return (await this.ok<{ value: EmulatorTenant[] }>("GET", "/_emulator/tenants")).value;
  }

  /** Logged requests after `since` (a `seq`); with `tenantId`, only that tenant's. */
  async requests(since = 0, tenantId?: string): Promise<LoggedRequest[]> {
    return (
      await this.ok<{ value: LoggedRequest[] }>(
        "GET",
        `/_emulator/requests?since=${since}${tenantQuery(tenantId, "&")}`,
      )
    ).value;
  }

  /** Sequence number of the last logged request; pass it to `requests()` / `graphCalls()` later. */
  async lastSeq(): Promise<number> {
    return (await this.ok<{ lastSeq: number }>("GET", `/_emulator/requests?since=${Number.MAX_SAFE_INTEGER}`)).lastSeq;
  }

  /** Graph calls (not token, not admin) logged after `since`, optionally of one tenant. */
  async graphCalls(since: number, tenantId?: string): Promise<LoggedRequest[]> {
    return (await this.requests(since, tenantId)).filter((r) => r.kind === "graph");
  }

  /** Runs `fn` and returns its result with the Graph calls (not token calls) the emulator saw meanwhile. */
  async graphCallsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; calls: LoggedRequest[] }> {
    const since = await this.lastSeq();
    const result = await fn();
    return { result, calls: await this.graphCalls(since) };
  }

  /** Token grants logged after `since`, optionally for one tenant. */
  async tokenRequests(since: number, tenantId?: string): Promise<LoggedRequest[]> {
    return (await this.requests(since, tenantId)).filter((r) => r.kind === "token");
  }

  async clearRequests(): Promise<void> {
    await this.ok("DELETE", "/_emulator/requests");
  }

  /** Applies a settings patch (when given) and returns the settings. */
  settings(patch?: Partial<EmulatorSettings>): Promise<EmulatorSettings> {
    return patch ? this.ok("PATCH", "/_emulator/settings", patch) : this.ok("GET", "/_emulator/settings");
  }

  addFault(spec: FaultSpec): Promise<Fault> {
    return this.ok("POST", "/_emulator/faults", spec);
  }

  /** Scheduled faults with their `hits` and `remaining` counts. */
  async faults(): Promise<Fault[]> {
    return (await this.ok<{ value: Fault[] }>("GET", "/_emulator/faults")).value;
  }

  async clearFaults(): Promise<void> {
    await this.ok("DELETE", "/_emulator/faults");
  }

  /** Mints an access token directly (see POST /_emulator/tokens). */
  async mintToken(options: MintTokenOptions = {}): Promise<string> {
    return (await this.ok<{ access_token: string }>("POST", "/_emulator/tokens", options)).access_token;
  }

  /**
   * A Graph call as some other client (the portal): token minted through the admin API, in the home tenant unless
   * `options.tenantId`; `options.delegated` uses a user's token (needed to write `isServiceProvider`).
   */
  async graph(
    method: string,
    path: string,
    body?: unknown,
    options: { tenantId?: string; delegated?: boolean } = {},
  ): Promise<HttpResult> {
    const key = `${options.tenantId?.toLowerCase() ?? ""}/${options.delegated ? "user" : "app"}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = await this.mintToken({ app: "readWrite", tenantId: options.tenantId, delegated: options.delegated });
      this.tokens.set(key, token);
    }
    return this.request(method, path, body, { authorization: `Bearer ${token}` });
  }

  /**
   * Edits a synchronization job's schema directly in Graph, as an administrator in the portal would: GET the schema
   * (v1.0), let `edit` change the document, PUT it whole. Returns the document PUT. `tenantId`: the job's (SOURCE)
   * tenant, home by default.
   */
  async portalEditSchema(
    servicePrincipalId: string,
    jobId: string,
    edit: (schema: Record<string, any>) => void,
    options: { tenantId?: string } = {},
  ): Promise<Record<string, unknown>> {
    const url = `/v1.0/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${encodeURIComponent(jobId)}/schema`;
    const read = await this.graph("GET", url, undefined, { tenantId: options.tenantId, delegated: true });
    if (read.status !== 200) throw new Error(`portal GET schema -> ${read.status}: ${read.text}`);
    const schema = read.body as Record<string, unknown>;
    edit(schema);
    const r = await this.graph("PUT", url, schema, { tenantId: options.tenantId, delegated: true });
    if (r.status >= 300) throw new Error(`portal PUT schema -> ${r.status}: ${r.text}`);
    return schema;
  }

  /** Changes a partner configuration directly in Graph (PATCH), as an administrator in the portal would. */
  async portalPatchPartner(
    partnerTenantId: string,
    body: Record<string, unknown>,
    options: { tenantId?: string; apiVersion?: string } = {},
  ): Promise<void> {
    const r = await this.graph("PATCH", `/${options.apiVersion ?? "v1.0"}${partnerPath(partnerTenantId)}`, body, {
      tenantId: options.tenantId,
      delegated: true,
    });
    if (r.status >= 300) throw new Error(`portal PATCH partner -> ${r.status}: ${r.text}`);
  }

  /** Changes the default configuration directly in Graph (PATCH), as an administrator in the portal would. */
  async portalPatchDefault(
    body: Record<string, unknown>,
    options: { tenantId?: string; apiVersion?: string } = {},
  ): Promise<void> {
    const r = await this.graph("PATCH", `/${options.apiVersion ?? "v1.0"}${DEFAULT_CONFIGURATION_PATH}`, body, {
      tenantId: options.tenantId,
      delegated: true,
    });
    if (r.status >= 300) throw new Error(`portal PATCH default -> ${r.status}: ${r.text}`);
  }

  /** Changes a policy directly in Graph (PATCH), as an administrator in the portal would. */
  async portalPatch(partnerTenantId: string, body: Record<string, unknown>, apiVersion = "v1.0"): Promise<void> {
    const r = await this.graph("PATCH", `/${apiVersion}${policyPath(partnerTenantId)}`, body);
    if (r.status >= 300) throw new Error(`portal PATCH -> ${r.status}: ${r.text}`);
  }

  /** Deletes a policy directly in Graph, out of band. */
  async portalDelete(partnerTenantId: string, apiVersion = "v1.0"): Promise<void> {
    const r = await this.graph("DELETE", `/${apiVersion}${policyPath(partnerTenantId)}`);
    if (r.status >= 300) throw new Error(`portal DELETE -> ${r.status}: ${r.text}`);
  }
}
