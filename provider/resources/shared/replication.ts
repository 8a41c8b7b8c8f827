/**
 * Waiting out directory replication after our own writes (graph-behaviour.md §9). Every wait is bounded by the
 * replication window (entra:replicationWaitSeconds after the write) and the operation deadline, and only happens
 * after a write of this process, so a normal read or write stays one call.
 */
import { backoffMs } from "../../graph/retry/strategies";
import { noLogger } from "../../log";
import type { LifecycleContext, RecentWrite } from "../handler";

/** Key of `ctx.writes`: one entry per resource kind and partner (or singleton), per connection. */
export function writeKey(typeName: string, id: string): string {
  return `${typeName}:${id.toLowerCase()}`;
}

export function recordWrite(ctx: LifecycleContext, typeName: string, id: string, expected: unknown): void {
  ctx.writes.set(writeKey(typeName, id), { at: ctx.clock.now(), expected });
}

/** Our last write of that object in this process, while its replication window is still open. */
export function recentWrite(ctx: LifecycleContext, typeName: string, id: string): RecentWrite | undefined {
  const w = ctx.writes.get(writeKey(typeName, id));
  return w && ctx.clock.now() < w.at + ctx.replicationWaitMs ? w : undefined;
}

/** End of the replication window of a write. */
export function windowEnd(ctx: LifecycleContext, w: RecentWrite): number {
  return w.at + ctx.replicationWaitMs;
}

/**
 * Calls `attempt` again while `settled(result)` is false, until `until` or the deadline. The backoff uses the
 * injected random, so tests are deterministic.
 */
export async function untilSettled<T>(
  ctx: LifecycleContext,
  deadline: number,
  until: number,
  attempt: () => Promise<T>,
  settled: (r: T) => boolean,
): Promise<T> {
  for (let n = 0; ; n++) {
    const result = await attempt();
    const now = ctx.clock.now();
    const wait = backoffMs(n, Math.max(ctx.retryBaseDelayMs, 1), 2000, ctx.random);
    if (settled(result) || now + wait >= Math.min(until, deadline)) return result;
    (ctx.logger ?? noLogger).log(`replication: waiting ${wait} ms for the directory to catch up`);
    await ctx.clock.sleep(wait);
  }
}

/**
 * Runs `write`; while it fails with an error `lagging` accepts (e.g. 404 for a parent created a moment ago),
 * runs it again inside the window. The last error is thrown as is.
 */
export async function retryWhileLagging(
  ctx: LifecycleContext,
  deadline: number,
  until: number | undefined,
  write: () => Promise<unknown>,
  lagging: (e: unknown) => boolean,
): Promise<void> {
  if (until === undefined) {
    await write();
    return;
  }
  const outcome = await untilSettled<{ error?: unknown }>(
    ctx,
    deadline,
    until,
    () =>
      write().then(
        () => ({}),
        (error: unknown) => ({ error }),
      ),
    (r) => r.error === undefined || !lagging(r.error),
  );
  if (outcome.error !== undefined) throw outcome.error;
}
