/** Reading request bodies, with a size limit, and Graph's rules for JSON bodies. */
import { IncomingMessage } from "http";
import { GraphErrorFactory } from "../errors/graphErrorFactory";

/** Graph bodies here are a few hundred bytes; 1 MiB is far above any real one and keeps a flood cheap. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the whole request body, refusing more than `limit` bytes with 413: at once when `Content-Length` says so
 * (nothing is read), or as soon as a chunked body passes the limit (reading stops). Rejects when the client goes
 * away mid-body, so a handler never waits forever.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return reject(GraphErrorFactory.payloadTooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        reject(GraphErrorFactory.payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("client closed the connection before the body was complete"));
    });
  });
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(";")[0].trim().toLowerCase();
  return mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
}

/**
 * Parses the JSON body of an operation that takes one. Empty → 400; wrong content type → 400 `Request_BadRequest`
 * (or 415, switchable); malformed JSON or a property given twice → 400.
 */
export function parseGraphJson(raw: Buffer, contentType: string | undefined, wrongContentTypeStatus: number): unknown {
  // Some clients (PowerShell 5's Invoke-RestMethod among them) prefix UTF-8 bodies with a byte-order mark.
  const text = raw.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") throw GraphErrorFactory.emptyPayload();
  if (!isJsonContentType(contentType)) {
    throw GraphErrorFactory.unsupportedContentType(contentType ?? "", wrongContentTypeStatus);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw GraphErrorFactory.malformedJson();
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) throw GraphErrorFactory.duplicateProperty(duplicate);
  return value;
}

/**
 * The first property name that appears twice in one JSON object of `text` (already known to be valid JSON).
 * JSON.parse silently keeps the last value; Graph's OData reader refuses such a body, so the emulator must see it.
 */
export function findDuplicateKey(text: string): string | undefined {
  // One entry per open container: the names seen so far in an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const literal = text.slice(i, end + 1);
      i = end + 1;
      while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
      const names = open[open.length - 1];
      if (text[i] === ":" && names) {
        const name = JSON.parse(literal) as string;
        if (names.has(name)) return name;
        names.add(name);
      }
      continue;
    }
    if (c === "{") open.push(new Set());
    else if (c === "[") open.push(null);
    else if (c === "}" || c === "]") open.pop();
    i++;
  }
  return undefined;
}
