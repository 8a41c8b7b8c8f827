/**
 * The 409 flow every create shares: the object already exists. Equal to the program → take it over (`adopted`;
 * this is also what makes a create retried after a crash or a lost answer idempotent). Different → an error that
 * lists the differences and names `adoptExisting`; with `adoptExisting: true` → PATCH only what differs.
 * Taking over is never silent: `adopted` is true in the outputs and the debug log says so.
 */
import type { GraphError } from "../../graph/errors";
import { ResourceInitFailure } from "../../errors";
import { noLogger } from "../../log";
import type { LifecycleContext } from "../handler";
import { composedError, operationError, Subject } from "./errors";
import { graphDetail } from "./graphCalls";
import { untilSettled } from "./replication";

/**
 * A 409 on a create that was sent more than once most likely means our own first attempt landed: keep the object
 * in state (partial failure with `props`) whatever fails next, so it is never orphaned.
 */
export function keepIfRetried(conflict: GraphError, id: string, props: object, e: Error): Error {
  return (conflict.attempts ?? 1) > 1 ? new ResourceInitFailure(id, props, e) : e;
}

/** Reads the object a 409 proved to exist; a 404 now is replication lag, so it is read again inside the window. */
export function readAfterConflict<R>(
  ctx: LifecycleContext,
  deadline: number,
  read: () => Promise<R | null>,
): Promise<R | null> {
  return untilSettled(ctx, deadline, ctx.clock.now() + ctx.replicationWaitMs, read, (r) => r !== null);
}

export interface TakeOver<O> {
  subject: Subject;
  id: string;
  /** "an identity sync policy for partner tenant …", for the error text. */
  exists: string;
  conflict: GraphError;
  adoptExisting: boolean;
  /** The remote's differences from the program, one sentence each; empty = equal. */
  differences: string[];
  /** The remote's current values in a few words, for the error text. */
  existing?: string;
  /** PATCH of what differs. */
  patch(): Promise<void>;
  /** Outputs after a successful take-over (the program's values, adopted). */
  taken: O;
  /** Outputs with the remote's real values, kept in state when a later step fails. */
  actual: O;
  /** Records the write for replication waits. */
  record(): void;
}

export async function takeOver<O extends object>(ctx: LifecycleContext, t: TakeOver<O>): Promise<O> {
  const log = ctx.logger ?? noLogger;
  if (t.differences.length === 0) {
    log.log(
      `entra:${t.subject.typeName}: took over ${t.exists} that already existed with the program's values (adopted)`,
    );
    t.record();
    return t.taken;
  }
  if (!t.adoptExisting) {
    const err = composedError(
      t.subject.typeName,
      `${t.exists} already exists${t.existing ? ` (${t.existing})` : ""} and differs from the program: ${t.differences.join("; ")}. ` +
        `To take it over and set the program's values, add \`adoptExisting: true\` to this resource and run pulumi up again; ` +
        `or change the program to match the existing values (it is then taken over without changes). ` +
        graphDetail(t.conflict, false),
      ctx.secrets,
    );
    throw keepIfRetried(t.conflict, t.id, t.actual, err);
  }
  try {
    await t.patch();
  } catch (e) {
    // The user asked to adopt and the object exists: keep it in state with its real values; the next up retries.
    throw new ResourceInitFailure(t.id, t.actual, operationError(t.subject, "update the adopted", e, ctx.secrets));
  }
  log.log(
    `entra:${t.subject.typeName}: took over ${t.exists} (adoptExisting) and patched: ${t.differences.join("; ")}`,
  );
  t.record();
  return t.taken;
}
