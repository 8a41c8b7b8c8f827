/**
 * The `$filter` forms the emulator understands on directory object lists: `<property> eq '<value>'` (OData string
 * literal, `''` escaping a quote), several joined with `and` — the forms the cross-tenant synchronization flows
 * use. Anything else is a 400 naming the supported properties.
 */
import { GraphErrorFactory } from "../errors/graphErrorFactory";

export interface EqClause {
  property: string;
  value: string;
}

/** Every clause must hold; empty = no `$filter`. */
export type EqFilter = EqClause[];

const CLAUSE = /^\s*([A-Za-z]\w*)\s+eq\s+'((?:[^']|'')*)'\s*/i;
const AND = /^and\s+/i;

/** The request's `$filter` as equalities on allowed properties (empty without `$filter`). */
export function parseEqFilter(query: URLSearchParams, allowed: readonly string[]): EqFilter {
  const raw = query.get("$filter");
  if (raw === null) return [];
  const fail = (): never => {
    throw GraphErrorFactory.invalidFilter(raw, allowed.map((a) => `${a} eq '…'`).join(", ") + " (joined with and)");
  };
  const clauses: EqFilter = [];
  let rest = raw;
  for (;;) {
    const m = CLAUSE.exec(rest);
    const property = m ? allowed.find((a) => a.toLowerCase() === m[1].toLowerCase()) : undefined;
    if (!m || !property) return fail();
    clauses.push({ property, value: m[2].replace(/''/g, "'") });
    rest = rest.slice(m[0].length);
    if (rest === "") return clauses;
    const and = AND.exec(rest);
    if (!and) return fail();
    rest = rest.slice(and[0].length);
  }
}

/** Whether a record satisfies every clause (string equality without regard to case, as directory filters are). */
export function matchesEq(record: Readonly<Record<string, unknown>>, filter: EqFilter): boolean {
  return filter.every(({ property, value }) => {
    const actual = record[property];
    return typeof actual === "string" && actual.toLowerCase() === value.toLowerCase();
  });
}
