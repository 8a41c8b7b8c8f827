/**
 * Registering a resource makes the Pulumi SDK capture `new Error().stack` for four debug promises per property
 * (`runtime/debuggable.js`; the traces are printed only if a promise leaks). Under `pulumi up` each capture goes
 * through ts-node's source-map `prepareStackTrace`: for our resources (11 properties each) that was ~3.6 ms of CPU
 * per resource, most of the program's cost beyond the SDK's own. The SDK's source position for the resource is
 * unaffected: it sets its own limit while it reads the stack (`Resource.callsites`).
 *
 * Loaded by the user's program.
 */

export interface PausedTraces {
  /** Restores the user's `Error.stackTraceLimit`. */
  resume(): void;
  /** Resumes and gives `e`, thrown while paused (so without frames), the stack of where it surfaces. */
  failed(e: unknown): unknown;
}

/** Stops stack capture until `resume()` or `failed()`. */
export function pauseDebugTraces(): PausedTraces {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const resume = (): void => void (Error.stackTraceLimit = limit);
  return {
    resume,
    failed: function failed(e: unknown): unknown {
      resume();
      if (e instanceof Error && typeof Error.captureStackTrace === "function") Error.captureStackTrace(e, failed);
      return e;
    },
  };
}
