import { PipelinePolicy } from "../pipeline";
import { TokenProvider } from "../../auth/tokenCache";

export const authPolicyName = "authPolicy";

export interface AuthPolicyOptions {
  tokens: TokenProvider;
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
