import * as https from "https";
import axios, { AxiosInstance } from "axios";
import { trustContext } from "./trust";
import { Clock, PipelineRequest, PipelineResponse, SendRequest, systemClock, TransportError } from "./pipeline";

export interface TransportOptions {
  /** Trusted CAs; undefined = Node's defaults. TLS verification is never turned off. */
  ca?: string[];
  clock?: Clock;
}

/**
 * Connections one client keeps open to a Graph host. Parallel steps queue for a connection instead of each opening
 * its own: a refresh or up of many resources costs this many TLS handshakes, not one per resource (each a full
 * key exchange on both ends), and Graph sees a bounded number of parallel requests from one process.
 */
export const MAX_SOCKETS_PER_HOST = 16;

/**
 * One keep-alive agent per client; reused by the bench's raw-axios baseline so the comparison is fair. Verification
 * stays on (`rejectUnauthorized`) against exactly the trusted CAs (see trustContext).
 */
export function createHttpsAgent(ca?: readonly string[]): https.Agent {
  const secureContext = ca ? trustContext(ca) : undefined;
  return new https.Agent({
    keepAlive: true,
    maxSockets: MAX_SOCKETS_PER_HOST,
    secureContext,
    rejectUnauthorized: true,
  });
}

/** The innermost step: one HTTP exchange with axios. Every status is returned; only network failures throw. */
export function axiosTransport(options: TransportOptions = {}): SendRequest {
  const clock = options.clock ?? systemClock;
  const instance: AxiosInstance = axios.create({
    httpsAgent: createHttpsAgent(options.ca),
    validateStatus: () => true,
    // Never follow redirects: Graph does not use them here, and following one could forward the bearer token.
    maxRedirects: 0,
    responseType: "text",
    transformResponse: [(data: unknown) => data],
    transitional: { clarifyTimeoutError: true, silentJSONParsing: false, forcedJSONParsing: false },
  });

  return async (request: PipelineRequest): Promise<PipelineResponse> => {
    const remaining = request.deadline - clock.now();
    if (remaining <= 0)
      throw new TransportError("ETIMEDOUT", "the operation deadline was reached before the request was sent", true);
    const headers: Record<string, string> = { accept: "application/json", ...request.headers };
    let data: string | undefined;
    if (request.body !== undefined) {
      data = JSON.stringify(request.body);
      headers["content-type"] = "application/json";
    }
    // One bound for the whole attempt, time spent waiting for a free connection included (axios's own timeout
    // starts only once a socket is assigned, and only measures idleness).
    const limit = Math.max(1, Math.min(request.timeoutMs, remaining));
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limit);
    try {
      const res = await instance.request<string>({
        method: request.method,
        url: request.url,
        headers,
        data,
        timeout: limit,
        signal: abort.signal,
      });
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers ?? {})) {
        if (v !== undefined && v !== null) outHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
      }
      return { status: res.status, headers: outHeaders, body: parseBody(res.data), request };
    } catch (e) {
      if (abort.signal.aborted)
        throw new TransportError("ETIMEDOUT", `no answer within ${limit} ms (waiting for a free connection included)`);
      const err = e as { code?: string; message?: string };
      throw new TransportError(err.code ?? "ENETWORK", err.message ?? String(e));
    } finally {
      clearTimeout(timer);
    }
  };
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
