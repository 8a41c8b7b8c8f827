import { redact } from "./log";

/**
 * A create whose object exists in Graph although a later step failed. The host turns an error carrying `id` into
 * a partial failure (ErrorResourceInitFailed): the engine keeps the resource in state with these properties,
 * so it is never lost, and the next `pulumi up` retries the remaining change.
 */
export class ResourceInitFailure extends Error {
  readonly reasons: string[];
  constructor(
    readonly id: string,
    readonly properties: object,
    cause: Error,
  ) {
    super(cause.message);
    this.name = "ResourceInitFailure";
    this.reasons = [cause.message];
  }
}

/**
 * Why errors are reported once: the dynamic-provider host answers a failed Check/Diff/Read/Delete with the error's
 * message (which the CLI prints under the resource) and also writes `${e}: ${e.stack}` to stderr (which the CLI
 * prints again, unattributed, with a stack trace that source-map-support maps into `.ts` files the package does not
 * ship). Errors leaving the runtime therefore carry this marker as their stack, and the host's stderr line for them
 * is dropped (installHostErrorFilter). The message itself is unchanged and complete.
 */
export const REPORTED_MARK = "\u2063[pulumi-entra-cross-tenant: reported to the engine]";

/**
 * The error the runtime hands to the host: the message (redacted), the partial-failure fields the host reads
 * (`id`, `properties`, `reasons`), and a stack without frames that ends with REPORTED_MARK.
 */
export function hostError(e: unknown, secrets: readonly string[] = []): Error {
  const source = e instanceof Error ? e : new Error(String(e));
  const err = new Error(redact(source.message, secrets)) as Error & {
    id?: string;
    properties?: object;
    reasons?: string[];
  };
  err.name = source.name === "ResourceInitFailure" ? source.name : "Error";
  const partial = source as Partial<ResourceInitFailure>;
  if (typeof partial.id === "string" && partial.id !== "") {
    err.id = partial.id;
    err.properties = partial.properties;
    err.reasons = (partial.reasons ?? [source.message]).map((r) => redact(r, secrets));
  }
  // No frames (they would point into sources the package does not ship); the message stays readable anywhere
  // a stack is printed, and the trailing mark lets the host's copy be recognised.
  err.stack = `${err.name}: ${err.message}\n${REPORTED_MARK}`;
  return err;
}

const FILTER = Symbol.for("pulumi-entra-cross-tenant.hostErrorFilter");

/**
 * Drops the host's stderr copy of errors made by hostError (the line ends with REPORTED_MARK); every other line
 * passes unchanged. Idempotent; meant for the dynamic-provider host process that loads the runtime.
 */
export function installHostErrorFilter(target: Console = console): void {
  const c = target as Console & { [FILTER]?: boolean };
  if (c[FILTER]) return;
  const original = c.error.bind(c);
  c.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && args[0].endsWith(REPORTED_MARK)) return;
    original(...args);
  };
  c[FILTER] = true;
}
