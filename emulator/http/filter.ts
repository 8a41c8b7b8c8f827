/**
 * The one `$filter` form the emulator understands on directory object lists: `<property> eq '<value>'` (OData
 * string literal, `''` escaping a quote), the form the cross-tenant synchronization flows use. Anything else is a
 * 400 naming the supported properties.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";

export interface EqFilter {
  property: string;
  value: string;
}

/** The request's `$filter` as one equality on an allowed property (undefined without `$filter`). */
export function parseEqFilter(query: URLSearchParams, allowed: readonly string[]): EqFilter | undefined {
  const raw = query.get("$filter");
  if (raw === null) return undefined;
  const m = /^\s*([A-Za-z]\w*)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(raw);
  const property = m ? allowed.find((a) => a.toLowerCase() === m[1].toLowerCase()) : undefined;
  if (!m || !property) throw GraphErrorFactory.invalidFilter(raw, allowed.map((a) => `${a} eq '…'`).join(", "));
  return { property, value: m[2].replace(/''/g, "'") };
}

/** Whether a record's property equals the filter's value (case-insensitive, as directory string filters are). */
export function matchesEq(record: Readonly<Record<string, unknown>>, filter: EqFilter | undefined): boolean {
  if (!filter) return true;
  const value = record[filter.property];
  return typeof value === "string" && value.toLowerCase() === filter.value.toLowerCase();
}
