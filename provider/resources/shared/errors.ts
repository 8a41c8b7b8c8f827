/**
 * The error shapes of every resource: `entra:<Type>: cannot <action> <object>: <detail>` for a failed call, and
 * `entra:<Type>: <message>` for one we compose. Graph details (status, code, message, request-id, hint) come from
 * GraphError's own text; secrets are always scrubbed. The result is a plain Error: it is not a GraphError.
 */
import { redact } from "../../log";
import type { LifecycleContext } from "../handler";

export interface Subject {
  typeName: string;
  /** e.g. "the partner configuration of partner tenant 9c5d…". */
  describe: string;
}

export function operationError(subject: Subject, action: string, e: unknown, secrets: readonly string[]): Error {
  const detail = e instanceof Error ? e.message : String(e);
  return new Error(redact(`entra:${subject.typeName}: cannot ${action} ${subject.describe}: ${detail}`, secrets));
}

export function composedError(typeName: string, message: string, secrets: readonly string[]): Error {
  return new Error(redact(`entra:${typeName}: ${message}`, secrets));
}

/** Bound to one object and one context, for lifecycle code. */
export function errorsFor(ctx: LifecycleContext, subject: Subject) {
  return {
    failed: (action: string, e: unknown) => operationError(subject, action, e, ctx.secrets),
    message: (text: string) => composedError(subject.typeName, text, ctx.secrets),
  };
}
