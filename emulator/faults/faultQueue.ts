/**
 * Scheduled faults (docs/architecture.md › Admin API): `{ match?: { method?, path?, kind? }, times?, action }`.
 * The first fault whose matcher accepts a request answers it and loses one of its `times`.
 */
import { RequestKind } from "../http/context";

export type FaultAction =
  | {
      type: "status";
      status: number;
      code?: string;
      message?: string;
      /** Seconds (number) or `"http-date:<seconds>"` for an HTTP-date that many seconds ahead. */
      retryAfter?: number | string;
      /** Send no body at all (some gateway errors do). */
      noBody?: boolean;
    }
  | { type: "reset" }
  | { type: "hang"; ms: number };

export interface FaultSpec {
  match?: { method?: string; path?: string; kind?: RequestKind };
  /** How many matching requests this fault answers: a number (default 1) or "always". */
  times?: number | "always";
  action: FaultAction;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Matching requests still to answer (Infinity for "always"). */
  remaining: number;
  /** Requests answered so far. */
  hits: number;
}

export interface FaultRequest {
  kind: RequestKind;
  method: string;
  /** Path plus query string. */
  path: string;
}

function pathMatcher(pattern: string): (path: string) => boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (re) {
    const regex = new RegExp(re[1], re[2]);
    return (p) => regex.test(p);
  }
  return (p) => p.includes(pattern);
}

/** Validates an admin-supplied fault; throws an Error naming the problem. */
export function parseFault(input: unknown): FaultSpec {
  if (typeof input !== "object" || input === null) throw new Error("fault must be an object");
  const f = input as FaultSpec;
  const a = f.action as FaultAction | undefined;
  if (!a || typeof a !== "object") throw new Error("fault.action is required");
  if (a.type === "status") {
    if (!Number.isInteger(a.status) || a.status < 400 || a.status > 599)
      throw new Error("fault.action.status must be 400-599");
    if (
      a.retryAfter !== undefined &&
      typeof a.retryAfter !== "number" &&
      !/^http-date:\d+(\.\d+)?$/.test(String(a.retryAfter))
    ) {
      throw new Error('fault.action.retryAfter must be seconds or "http-date:<seconds>"');
    }
  } else if (a.type === "hang") {
    if (typeof a.ms !== "number" || a.ms < 0) throw new Error("fault.action.ms must be a number >= 0");
  } else if (a.type !== "reset") {
    throw new Error('fault.action.type must be "status", "reset" or "hang"');
  }
  if (f.times !== undefined && f.times !== "always" && !(Number.isInteger(f.times) && f.times > 0)) {
    throw new Error('fault.times must be a positive integer or "always"');
  }
  if (f.match?.path !== undefined) pathMatcher(f.match.path);
  return f;
}

export class FaultQueue {
  private faults: (Fault & { test: (r: FaultRequest) => boolean })[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const m = spec.match ?? {};
    const pathOk = m.path !== undefined ? pathMatcher(m.path) : () => true;
    const method = m.method?.toUpperCase();
    const fault = {
      ...spec,
      id: this.nextId++,
      remaining: spec.times === "always" ? Infinity : (spec.times ?? 1),
      hits: 0,
      test: (r: FaultRequest) =>
        (method === undefined || r.method === method) &&
        // Without an explicit kind, faults apply to Graph calls only (not to sign-in).
        (m.kind === undefined ? r.kind === "graph" : r.kind === m.kind) &&
        pathOk(r.path),
    };
    this.faults.push(fault);
    return this.describe(fault);
  }

  /** Consumes and returns the fault that answers `r`, if any. */
  take(r: FaultRequest): Fault | undefined {
    if (this.faults.length === 0) return undefined;
    const fault = this.faults.find((f) => f.remaining > 0 && f.test(r));
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    return this.describe(fault);
  }

  list(): Fault[] {
    return this.faults.map((f) => this.describe(f));
  }

  clear(): void {
    this.faults = [];
  }

  private describe(f: Fault): Fault {
    return { id: f.id, match: f.match, times: f.times, action: f.action, remaining: f.remaining, hits: f.hits };
  }
}

/** The `Retry-After` header value for a fault's `retryAfter`. */
export function retryAfterHeader(value: number | string, nowMs = Date.now()): string {
  if (typeof value === "number") return String(value);
  const seconds = Number(value.slice("http-date:".length));
  return new Date(nowMs + seconds * 1000).toUTCString();
}
