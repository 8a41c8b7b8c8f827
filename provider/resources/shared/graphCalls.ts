/** Small Graph helpers shared by the resources. Only a 404 means "gone". */
import type { ApiVersion } from "../../config/settings";
import { GraphError, isGraphError } from "../../graph/errors";
import type { LifecycleContext } from "../handler";

export function is404(e: unknown): e is GraphError {
  return isGraphError(e) && e.statusCode === 404;
}

/** 409 that says the object exists (not the retryable concurrency violation). */
export function isExistsConflict(e: unknown): e is GraphError {
  return isGraphError(e) && e.statusCode === 409 && e.code !== "Directory_ConcurrencyViolation";
}

/** GET that answers null on 404 and throws anything else. */
export async function getOrNull<T>(
  ctx: LifecycleContext,
  path: string,
  deadline: number,
  apiVersion?: ApiVersion,
): Promise<T | null> {
  try {
    const res = await ctx.graph.request<T>("GET", path, undefined, {
      deadline,
      apiVersion: apiVersion ?? ctx.apiVersion,
    });
    return (res.body ?? {}) as T;
  } catch (e) {
    if (is404(e)) return null;
    throw e;
  }
}

/** `(Graph: 409 Code: message; request-id: …, client-request-id: …)` for messages we compose ourselves. */
export function graphDetail(e: GraphError, withMessage = true): string {
  const status = e.statusCode !== undefined ? `${e.statusCode} ` : "";
  const message = withMessage && e.graphMessage ? `: ${e.graphMessage.replace(/\.$/, "")}` : "";
  return `(Graph: ${status}${e.code}${message}; request-id: ${e.requestId ?? "none"}, client-request-id: ${e.clientRequestId ?? "none"})`;
}
