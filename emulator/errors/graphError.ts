/** A modelled Microsoft Graph error: written by the error middleware as Graph's JSON envelope. */
export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export interface GraphErrorOptions {
  /** `error.details[]`, as in the PUT-conflict case. */
  details?: GraphErrorDetail[];
  /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
  headers?: Record<string, string>;
  /** Send the status with no body at all (some gateway errors do). */
  noBody?: boolean;
}

export class GraphError extends Error {
  override readonly name = "GraphError";
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly options: GraphErrorOptions = {},
  ) {
    super(message);
  }
}

export function isGraphError(e: unknown): e is GraphError {
  return e instanceof Error && e.name === "GraphError";
}
