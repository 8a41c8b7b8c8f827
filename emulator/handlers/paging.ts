/**
 * Server-side paging of collections: `$top` sets the page size (1…maxPageSize, else 400, as directory APIs do),
 * `@odata.nextLink` carries the original query plus an opaque `$skiptoken`. Each page is one request.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";
import { RequestContext } from "../http/context";

export interface Page {
  offset: number;
  size: number;
}

const TOKEN_PREFIX = "emu1:";

export function encodeSkipToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString("base64url");
}

function decodeSkipToken(token: string): number | undefined {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const m = /^emu1:(\d+)$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The page a list request asks for: `$top` (or the default page size) from `$skiptoken`'s offset. */
export function requestedPage(query: URLSearchParams, pageSize: number, maxPageSize: number): Page {
  const top = query.get("$top");
  let size = pageSize;
  if (top !== null) {
    const n = Number(top);
    if (!/^\d+$/.test(top.trim()) || n < 1 || n > maxPageSize)
      throw GraphErrorFactory.invalidPageSize(top, maxPageSize);
    size = n;
  }
  const token = query.get("$skiptoken");
  let offset = 0;
  if (token !== null) {
    const decoded = decodeSkipToken(token);
    if (decoded === undefined) throw GraphErrorFactory.invalidSkipToken();
    offset = decoded;
  }
  return { offset, size };
}

/** `@odata.nextLink` for the page after `page`: the request's own query string with `$skiptoken` replaced. */
export function nextLink(ctx: RequestContext, pathAfterRoot: string, page: Page): string {
  const url = ctx.req.url ?? "";
  const q = url.indexOf("?");
  const params = (q < 0 ? "" : url.slice(q + 1)).split("&").filter((p) => p !== "" && !/^(\$|%24)skiptoken=/i.test(p));
  params.push(`$skiptoken=${encodeSkipToken(page.offset + page.size)}`);
  return `${ctx.baseUrl}/${pathAfterRoot}?${params.join("&")}`;
}
