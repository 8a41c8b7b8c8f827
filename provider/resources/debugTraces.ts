/**
 * Registering a resource makes the Pulumi SDK capture `new Error().stack` for four debug promises per property
 * (`runtime/debuggable.js`; the traces are printed only if a promise leaks). Under `pulumi up` each capture goes
 * through ts-node's source-map `prepareStackTrace`: for our resources (11 properties each) that was ~3.6 ms of CPU
 * per resource, most of the program's cost beyond the SDK's own. The SDK's source position for the resource is
 * unaffected: it sets its own limit while it reads the stack (`Resource.callsites`).
 *
 * Loaded by the user's program.
 */

/** Stops stack capture until `resume()`, which restores the user's `Error.stackTraceLimit`. */
export function pauseDebugTraces(): { resume(): void } {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return { resume: () => void (Error.stackTraceLimit = limit) };
}

/** An error thrown while traces were paused, given the stack of where it surfaces (its own has no frames). */
export function withStack(e: unknown): unknown {
  if (e instanceof Error && typeof Error.captureStackTrace === "function") Error.captureStackTrace(e, withStack);
  return e;
}
