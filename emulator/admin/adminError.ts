/** A refused admin call: its status and a message naming what to fix; answered as JSON, never as a Graph error. */
export class AdminError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}
