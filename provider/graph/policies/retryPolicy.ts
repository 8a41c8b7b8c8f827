import { Clock, PipelinePolicy, PipelineResponse, systemClock, TransportError } from "../pipeline";
import { RetryDecision, RetryStrategy } from "../retry/strategies";
import { DebugLogger, noLogger } from "../../log";

export const retryPolicyName = "retryPolicy";

export interface RetryPolicyOptions {
  /** Retries after the first attempt. Defaults to 10. The request's deadline bounds the total time too. */
  maxRetries?: number;
  clock?: Clock;
  logger?: DebugLogger;
}

/**
 * The one retry loop. Strategies decide whether and how long to wait; the loop enforces the retry count and the
 * request's absolute deadline. A wait whose jitter or spread would cross the deadline is cut to the strategy's
 * minimum, so that randomness alone never ends the retries early; a wait that crosses it even then is not
 * started. When it stops, it returns the last response or rethrows the last error unchanged, marking
 * `request.gaveUp`. A retry that could not even be sent (the sleep overran the deadline on a loaded machine) is no
 * answer: the previous attempt's outcome is the one reported.
 */
export function retryPolicy(strategies: readonly RetryStrategy[], options: RetryPolicyOptions = {}): PipelinePolicy {
  const { maxRetries = 10, clock = systemClock, logger = noLogger } = options;
  return {
    name: retryPolicyName,
    async sendRequest(request, next) {
      let previous: { response?: PipelineResponse; error?: unknown } | undefined;
      for (let retryCount = 0; ; retryCount++) {
        let response: PipelineResponse | undefined;
        let error: unknown;
        request.attempts = retryCount + 1;
        try {
          response = await next(request);
        } catch (e) {
          error = e;
        }
        if (previous && error instanceof TransportError && error.notSent) {
          request.attempts = retryCount;
          request.gaveUp = "deadline";
          logger.log(`retry: giving up on ${request.method} after ${request.attempts} attempt(s) (deadline)`);
          if (previous.error !== undefined) throw previous.error;
          return previous.response as PipelineResponse;
        }
        previous = { response, error };
        const now = clock.now();
        let decision: RetryDecision | undefined;
        for (const strategy of strategies) {
          decision = strategy.retry({ retryCount, response, error, now });
          if (decision) break;
        }
        if (!decision) {
          if (error !== undefined) throw error;
          return response as PipelineResponse;
        }
        const wait =
          now + decision.retryAfterInMs < request.deadline ? decision.retryAfterInMs : decision.minRetryAfterInMs;
        if (retryCount >= maxRetries) {
          request.gaveUp = "maxRetries";
        } else if (now + wait >= request.deadline) {
          request.gaveUp = "deadline";
        }
        if (request.gaveUp) {
          logger.log(
            `retry: giving up on ${request.method} after ${request.attempts} attempt(s) (${request.gaveUp}, last: ${decision.reason})`,
          );
          if (error !== undefined) throw error;
          return response as PipelineResponse;
        }
        logger.log(`retry: ${request.method} attempt ${request.attempts} got ${decision.reason}; waiting ${wait} ms`);
        await clock.sleep(wait);
      }
    },
  };
}
