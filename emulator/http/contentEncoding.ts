/**
 * Request bodies as Graph's gateway reads them: a body sent with `Content-Encoding: gzip` (Microsoft's Kiota-based
 * SDKs compress POST, PATCH and PUT bodies by default) or `deflate` is decoded before it is parsed; any other coding
 * is 415, which is the signal those SDKs take to resend the body uncompressed. The body limit applies to the decoded
 * bytes, and inflation stops as soon as it is passed, so a small compressed body cannot expand into a large one.
 */
import * as zlib from "zlib";
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { MAX_BODY_BYTES } from "./body";

/** The codings the emulator decodes, in the spelling `Accept-Encoding` advertises on a 415. */
export const SUPPORTED_ENCODINGS = ["gzip", "deflate"] as const;

type Coding = (typeof SUPPORTED_ENCODINGS)[number];

/** The codings a `Content-Encoding` header lists, in the order they were applied (`identity` means none). */
export function parseContentEncoding(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  return value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "" && s !== "identity");
}

function codingOf(name: string): Coding | undefined {
  if (name === "gzip" || name === "x-gzip") return "gzip";
  if (name === "deflate") return "deflate";
  return undefined;
}

/**
 * HTTP's `deflate` is the zlib format (RFC 9110 §8.4.1.2), but some clients send a raw deflate stream: a valid zlib
 * header (compression method 8, header checksum divisible by 31) tells them apart.
 */
function hasZlibHeader(data: Buffer): boolean {
  return data.length >= 2 && (data[0] & 0x0f) === 8 && ((data[0] << 8) | data[1]) % 31 === 0;
}

function inflate(coding: Coding, data: Buffer, limit: number): Promise<Buffer> {
  const options: zlib.ZlibOptions = { maxOutputLength: limit };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer): void => (err ? reject(err) : resolve(out));
    if (coding === "gzip") zlib.gunzip(data, options, done);
    else if (hasZlibHeader(data)) zlib.inflate(data, options, done);
    else zlib.inflateRaw(data, options, done);
  });
}

/**
 * Decodes a request body by its `Content-Encoding`: 415 for a coding other than gzip/deflate (before anything is
 * inflated), 413 when the decoded body would pass `limit`, 400 when the bytes are not valid data of that coding.
 * A body without a coding (or `identity`) is returned as it is.
 */
export async function decodeBody(
  raw: Buffer,
  header: string | string[] | undefined,
  limit = MAX_BODY_BYTES,
): Promise<Buffer> {
  const names = parseContentEncoding(header);
  if (names.length === 0 || raw.length === 0) return raw;
  const codings = names.map((name) => {
    const coding = codingOf(name);
    if (!coding) throw GraphErrorFactory.unsupportedContentEncoding(name, SUPPORTED_ENCODINGS);
    return coding;
  });
  let data = raw;
  // Codings are listed in the order they were applied: undo the last one first.
  for (const coding of [...codings].reverse()) {
    try {
      data = await inflate(coding, data, limit);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw GraphErrorFactory.payloadTooLarge(limit);
      throw GraphErrorFactory.undecodableBody(coding);
    }
  }
  return data;
}
