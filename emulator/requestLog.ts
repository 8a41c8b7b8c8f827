/**
 * The request log: one entry per Graph, token and discovery request (admin calls are not logged). Tests count
 * Graph calls with it (`GET /_emulator/requests?since=SEQ`).
 */
import { RequestKind } from "./http/context";

export interface RequestLogEntry {
  /** Increasing sequence number (never reused, also not after a clear). */
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  kind: RequestKind;
  method: string;
  path: string;
  /** Query string without `?` ("" when none). */
  query: string;
  apiVersion?: string;
  /**
   * The tenant of the call (lower case): the token's `tid` for Graph calls (absent when the token was refused), the
   * tenant in the path for token and discovery requests.
   */
  tenantId?: string;
  /** Response status; 0 when no response was sent (connection reset or client gone). */
  status: number;
  durationMs: number;
  requestId: string;
  clientRequestId: string;
  /** Parsed JSON body (Graph) or a summary (token: grant type, client id, scope — never secrets). */
  body?: unknown;
  /** The injected fault that answered the request, if any. */
  fault?: string;
  /** The request's `Content-Encoding` (e.g. `gzip`), when it declared one. */
  contentEncoding?: string;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly max = 100_000) {}

  add(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return full;
  }

  /** Entries with `seq` greater than `since` (all when omitted), optionally of one tenant only. */
  since(since = 0, tenantId?: string): RequestLogEntry[] {
    const entries = this.after(since);
    if (tenantId === undefined) return entries;
    const t = tenantId.toLowerCase();
    return entries.filter((e) => e.tenantId === t);
  }

  private after(since: number): RequestLogEntry[] {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].seq <= since) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo);
  }

  get lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.entries = [];
  }
}
