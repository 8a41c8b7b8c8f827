import { randomUUID } from "crypto";
import { PipelinePolicy } from "../pipeline";

export const requestIdPolicyName = "requestIdPolicy";

export interface RequestIdPolicyOptions {
  /** Value of the User-Agent header. */
  userAgent: string;
}

/**
 * Sets `client-request-id` (one per logical request, kept across retries so Graph support can correlate them)
 * and `User-Agent`. Outermost policy, so every retry attempt carries the same id.
 */
export function requestIdPolicy(options: RequestIdPolicyOptions): PipelinePolicy {
  return {
    name: requestIdPolicyName,
    sendRequest(request, next) {
      if (!request.headers["client-request-id"]) request.headers["client-request-id"] = randomUUID();
      request.headers["user-agent"] = options.userAgent;
      return next(request);
    },
  };
}
