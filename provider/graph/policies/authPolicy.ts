import { PipelinePolicy } from "../pipeline";

export const authPolicyName = "authPolicy";

/** Where bearer tokens come from (auth/tokenCache's TokenProvider is one); declared here so graph needs no auth. */
export interface BearerTokenSource {
  /** A valid token; `deadline` (ms since epoch) bounds the wait. */
  getToken(deadline?: number): Promise<string>;
  /** Drops `token` (Graph rejected it); the next getToken acquires a fresh one. */
  invalidate(token: string): void;
}

export interface AuthPolicyOptions {
  tokens: BearerTokenSource;
}

/**
 * Signs each attempt with the cached bearer token. On a 401 it drops that token and retries exactly once with a
 * freshly acquired one (a revoked or rotated token); a second 401 is returned as is. Waiting for a token counts
 * against the request's deadline like any attempt does.
 */
export function authPolicy(options: AuthPolicyOptions): PipelinePolicy {
  const { tokens } = options;
  return {
    name: authPolicyName,
    async sendRequest(request, next) {
      const token = await tokens.getToken(request.deadline);
      request.headers["authorization"] = `Bearer ${token}`;
      const response = await next(request);
      if (response.status !== 401) return response;
      tokens.invalidate(token);
      request.headers["authorization"] = `Bearer ${await tokens.getToken(request.deadline)}`;
      return next(request);
    },
  };
}
