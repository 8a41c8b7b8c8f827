/** Reading request bodies, with a size limit, and Graph's rules for JSON bodies. */
import { IncomingMessage } from "http";
import { GraphErrorFactory } from "../errors/graphErrorFactory";

export const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(GraphErrorFactory.payloadTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(";")[0].trim().toLowerCase();
  return mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
}

/**
 * Parses a Graph JSON body. Returns `undefined` for an empty body when `required` is false.
 * Wrong content type → 400 `Request_BadRequest` (or 415, switchable); malformed JSON → 400; empty when required → 400.
 */
export function parseGraphJson(
  raw: Buffer,
  contentType: string | undefined,
  options: { required: boolean; wrongContentTypeStatus: number },
): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") {
    if (options.required) throw GraphErrorFactory.emptyPayload();
    return undefined;
  }
  if (!isJsonContentType(contentType)) {
    throw GraphErrorFactory.unsupportedContentType(contentType ?? "", options.wrongContentTypeStatus);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw GraphErrorFactory.malformedJson();
  }
}
