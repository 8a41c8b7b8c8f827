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

export interface EmulatorState {
    partners: { tenantId: string; [k: string]: unknown }[];
    policies: EmulatorPolicy[];
    [k: string]: unknown;
}

export interface HttpResult {
    status: number;
    body: unknown;
    text: string;
}

export class EmulatorAdmin {
    private token: string | undefined;

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

    state(): Promise<EmulatorState> {
        return this.ok("GET", "/_emulator/state") as Promise<EmulatorState>;
    }

    async policies(): Promise<EmulatorPolicy[]> {
        return (await this.state()).policies ?? [];
    }

    async policy(tenantId: string): Promise<EmulatorPolicy | undefined> {
        return (await this.policies()).find((p) => p.tenantId === tenantId.toLowerCase());
    }

    async requests(since = 0): Promise<LoggedRequest[]> {
        return ((await this.ok("GET", `/_emulator/requests?since=${since}`)) as { value: LoggedRequest[] }).value;
    }

    /** Sequence number of the last logged request; pass it to `requests()` / `graphCalls()` later. */
    async mark(): Promise<number> {
        return ((await this.ok("GET", "/_emulator/requests?since=999999999999")) as { lastSeq: number }).lastSeq;
    }

    /** Graph calls (not token, not admin) logged after `since`. */
    async graphCalls(since: number): Promise<LoggedRequest[]> {
        return (await this.requests(since)).filter((r) => r.kind === "graph");
    }

    async reset(seed?: unknown): Promise<void> {
        await this.ok("POST", "/_emulator/reset", seed === undefined ? {} : { seed });
    }

    async seed(seed: unknown): Promise<void> {
        await this.ok("POST", "/_emulator/seed", seed);
    }

    async settings(patch: Record<string, unknown>): Promise<unknown> {
        return this.ok("PATCH", "/_emulator/settings", patch);
    }

    async addFault(fault: unknown): Promise<unknown> {
        return this.ok("POST", "/_emulator/faults", fault);
    }

    async clearFaults(): Promise<void> {
        await this.ok("DELETE", "/_emulator/faults");
    }

    /** A Graph call as some other client (the portal): token minted through the admin API. */
    async graph(method: string, path: string, body?: unknown): Promise<HttpResult> {
        if (!this.token) {
            this.token = ((await this.ok("POST", "/_emulator/tokens", { app: "readWrite" })) as { access_token: string }).access_token;
        }
        return this.request(method, path, body, { authorization: `Bearer ${this.token}` });
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

/** Deterministic, valid, lower-case GUIDs for partner tenants: `partnerTenant(7)`. */
export function partnerTenant(n: number, prefix = "aaaa"): string {
    const hex = n.toString(16).padStart(12, "0");
    return `${prefix.padEnd(8, "0").slice(0, 8)}-0000-4000-8000-${hex}`;
}
