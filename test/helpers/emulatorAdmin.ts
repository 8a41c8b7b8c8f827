// A small client for a running Graph emulator, over HTTPS with the emulator's CA (never with TLS checks off):
// its admin API (`/_emulator/*`, docs/architecture.md) and out-of-band Graph writes with a minted token, which is
// how the tests play "someone changed it in the Entra portal".
import * as https from "https";
import type { RequestLogEntry } from "../../emulator/requestLog";

/** One request-log entry, as the emulator records it. */
export type LoggedRequest = RequestLogEntry;

export interface EmulatorPolicy {
    tenantId: string;
    displayName?: string | null;
    userSyncInbound?: { isSyncAllowed?: boolean | null } | null;
    groupSyncInbound?: { isSyncAllowed?: boolean | null } | null;
    [k: string]: unknown;
}

/** A partner configuration as the emulator stores it (Graph's property names). */
export interface EmulatorPartner {
    tenantId: string;
    [k: string]: unknown;
}

/** One tenant's directory (`GET /_emulator/state?tenant=`); the home tenant's when no tenant is named. */
export interface EmulatorState {
    /** The directory's tenant (present since the emulator became multi-tenant). */
    tenantId?: string;
    partners: EmulatorPartner[];
    policies: EmulatorPolicy[];
    deletedPartners?: EmulatorPartner[];
    deletedPolicies?: EmulatorPolicy[];
    /** The default configuration as a beta GET returns it (`isServiceDefault` true = the system default). */
    defaultConfiguration?: Record<string, unknown>;
    [k: string]: unknown;
}

/** Seed for one tenant's directory (`POST /_emulator/seed`); `tenantId` picks the directory (default: home). */
export interface EmulatorSeed {
    tenantId?: string;
    partners?: EmulatorPartner[];
    policies?: EmulatorPolicy[];
    deletedPartners?: EmulatorPartner[];
    deletedPolicies?: EmulatorPolicy[];
    /** Settings replacing the system default's; the default configuration then reads `isServiceDefault: false`. */
    defaultConfiguration?: Record<string, unknown>;
}

/** A registered tenant (`GET /_emulator/tenants`). */
export interface EmulatorTenantInfo {
    tenantId: string;
    home: boolean;
    apps: { name: string; clientId: string; roles: string[] }[];
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

    constructor(
        readonly url: string,
        private readonly caPem: string,
    ) {}

    request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
        const u = new URL(path, this.url);
        const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise((resolve, reject) => {
            const req = https.request(
                u,
                {
                    method,
                    ca: this.caPem,
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
                        let parsed: unknown = undefined;
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

    private async ok(method: string, path: string, body?: unknown): Promise<unknown> {
        const r = await this.request(method, path, body);
        if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status}: ${r.text}`);
        return r.body;
    }

    /** One tenant's directory; the home tenant's without `tenantId`. */
    state(tenantId?: string): Promise<EmulatorState> {
        return this.ok("GET", `/_emulator/state${tenantQuery(tenantId)}`) as Promise<EmulatorState>;
    }

    /** The partner configurations of one tenant (home by default). */
    async partners(tenantId?: string): Promise<EmulatorPartner[]> {
        return (await this.state(tenantId)).partners ?? [];
    }

    async partner(partnerTenantId: string, tenantId?: string): Promise<EmulatorPartner | undefined> {
        return (await this.partners(tenantId)).find((p) => p.tenantId === partnerTenantId.toLowerCase());
    }

    /** The default configuration of one tenant, as a beta GET shows it. */
    async defaultConfiguration(tenantId?: string): Promise<Record<string, unknown>> {
        return ((await this.state(tenantId)).defaultConfiguration ?? {}) as Record<string, unknown>;
    }

    /** Registered tenants and their apps. */
    async tenants(): Promise<EmulatorTenantInfo[]> {
        return ((await this.ok("GET", "/_emulator/tenants")) as { value: EmulatorTenantInfo[] }).value;
    }

    async policies(): Promise<EmulatorPolicy[]> {
        return (await this.state()).policies ?? [];
    }

    async policy(tenantId: string): Promise<EmulatorPolicy | undefined> {
        return (await this.policies()).find((p) => p.tenantId === tenantId.toLowerCase());
    }

    /** Logged requests after `since`; with `tenantId`, only that tenant's (entries carry `tenantId`). */
    async requests(since = 0, tenantId?: string): Promise<LoggedRequest[]> {
        return ((await this.ok("GET", `/_emulator/requests?since=${since}${tenantQuery(tenantId, "&")}`)) as { value: LoggedRequest[] }).value;
    }

    /** Sequence number of the last logged request; pass it to `requests()` / `graphCalls()` later. */
    async mark(): Promise<number> {
        return ((await this.ok("GET", "/_emulator/requests?since=999999999999")) as { lastSeq: number }).lastSeq;
    }

    /** Graph calls (not token, not admin) logged after `since`, optionally of one tenant. */
    async graphCalls(since: number, tenantId?: string): Promise<LoggedRequest[]> {
        return (await this.requests(since, tenantId)).filter((r) => r.kind === "graph");
    }

    /** Token grants logged after `since`, optionally for one tenant. */
    async tokenRequests(since: number, tenantId?: string): Promise<LoggedRequest[]> {
        return (await this.requests(since, tenantId)).filter((r) => r.kind === "token");
    }

    /**
     * Without `tenantId`: everything back to start-up (all tenants, log, faults, settings). With it: that tenant's
     * directory only. Then `seed` (an `EmulatorSeed`, or an array of them for several tenants).
     */
    async reset(seed?: unknown, tenantId?: string): Promise<void> {
        await this.ok("POST", `/_emulator/reset${tenantQuery(tenantId)}`, seed === undefined ? {} : { seed });
    }

    /** Seeds `tenantId`'s directory (or each seed's own `tenantId`; default the home tenant). */
    async seed(seed: unknown, tenantId?: string): Promise<void> {
        await this.ok("POST", `/_emulator/seed${tenantQuery(tenantId)}`, seed);
    }

    async settings(patch: Record<string, unknown>): Promise<unknown> {
        return this.ok("PATCH", "/_emulator/settings", patch);
    }

    async addFault(fault: unknown): Promise<unknown> {
        return this.ok("POST", "/_emulator/faults", fault);
    }

    /** Scheduled faults with their `hits` and `remaining` counts. */
    async faults(): Promise<{ id: number; hits: number; remaining: number | null }[]> {
        return ((await this.ok("GET", "/_emulator/faults")) as { value: { id: number; hits: number; remaining: number | null }[] }).value;
    }

    async clearFaults(): Promise<void> {
        await this.ok("DELETE", "/_emulator/faults");
    }

    /**
     * A Graph call as some other client (the portal): token minted through the admin API, in the home tenant unless
     * `options.tenantId`; `options.delegated` uses a user's token (needed to write `isServiceProvider`).
     */
    async graph(method: string, path: string, body?: unknown, options: { tenantId?: string; delegated?: boolean } = {}): Promise<HttpResult> {
        const key = `${options.tenantId?.toLowerCase() ?? ""}/${options.delegated ? "user" : "app"}`;
        let token = this.tokens.get(key);
        if (!token) {
            const mint = { app: "readWrite", tenantId: options.tenantId, delegated: options.delegated };
            token = ((await this.ok("POST", "/_emulator/tokens", mint)) as { access_token: string }).access_token;
            this.tokens.set(key, token);
        }
        return this.request(method, path, body, { authorization: `Bearer ${token}` });
    }

    /** Changes a partner configuration directly in Graph (PATCH), as an administrator in the portal would. */
    async portalPatchPartner(partnerTenantId: string, body: Record<string, unknown>, options: { tenantId?: string; apiVersion?: string } = {}): Promise<void> {
        const r = await this.graph("PATCH", `/${options.apiVersion ?? "v1.0"}${partnerPath(partnerTenantId)}`, body, { tenantId: options.tenantId, delegated: true });
        if (r.status >= 300) throw new Error(`portal PATCH partner -> ${r.status}: ${r.text}`);
    }

    /** Changes the default configuration directly in Graph (PATCH), as an administrator in the portal would. */
    async portalPatchDefault(body: Record<string, unknown>, options: { tenantId?: string; apiVersion?: string } = {}): Promise<void> {
        const r = await this.graph("PATCH", `/${options.apiVersion ?? "v1.0"}${DEFAULT_CONFIGURATION_PATH}`, body, { tenantId: options.tenantId, delegated: true });
        if (r.status >= 300) throw new Error(`portal PATCH default -> ${r.status}: ${r.text}`);
    }

    /** Changes a policy directly in Graph (PATCH), as an administrator in the portal would. */
    async portalPatch(tenantId: string, body: Record<string, unknown>, apiVersion = "v1.0"): Promise<void> {
        const r = await this.graph("PATCH", `/${apiVersion}${policyPath(tenantId)}`, body);
        if (r.status >= 300) throw new Error(`portal PATCH -> ${r.status}: ${r.text}`);
    }

    /** Deletes a policy directly in Graph, out of band. */
    async portalDelete(tenantId: string, apiVersion = "v1.0"): Promise<void> {
        const r = await this.graph("DELETE", `/${apiVersion}${policyPath(tenantId)}`);
        if (r.status >= 300) throw new Error(`portal DELETE -> ${r.status}: ${r.text}`);
    }
}

export function policyPath(tenantId: string): string {
    return `/policies/crossTenantAccessPolicy/partners/${tenantId}/identitySynchronization`;
}

/** Graph path (after the version) of a partner configuration. */
export function partnerPath(tenantId: string): string {
    return `/policies/crossTenantAccessPolicy/partners/${tenantId}`;
}

/** Graph path (after the version) of the tenant's default configuration. */
export const DEFAULT_CONFIGURATION_PATH = "/policies/crossTenantAccessPolicy/default";

/** Deterministic, valid, lower-case GUIDs for partner tenants: `partnerTenant(7)`. */
export function partnerTenant(n: number, prefix = "aaaa"): string {
    const hex = n.toString(16).padStart(12, "0");
    return `${prefix.padEnd(8, "0").slice(0, 8)}-0000-4000-8000-${hex}`;
}
