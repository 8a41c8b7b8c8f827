/**
 * Plain data → TypeScript source, formatted the way a person would: 4-space indent, double quotes, trailing
 * commas, short objects and lists on one line, everything else one entry per line. Deterministic: the output
 * depends only on the value (key order as given).
 */

/** A piece of code written as is (an identifier or a property access), not as a string. */
export class Code {
  constructor(readonly text: string) {}
}

export const code = (text: string): Code => new Code(text);

export type Literal = string | number | boolean | null | Code | Literal[] | { [key: string]: Literal | undefined };

export const INDENT = "    ";
/** Lines longer than this are broken. */
export const WIDTH = 110;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal: JSON escaping, plus the two line separators JSON leaves raw. */
export function stringLiteral(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function key(k: string): string {
  return IDENTIFIER.test(k) ? k : stringLiteral(k);
}

function entries(o: { [key: string]: Literal | undefined }): [string, Literal][] {
  return Object.entries(o).filter((e): e is [string, Literal] => e[1] !== undefined);
}

/** One-line form, or undefined when the value holds an object with nested structure. */
function inline(v: Literal): string | undefined {
  if (v instanceof Code) return v.text;
  if (v === null || typeof v !== "object") return typeof v === "string" ? stringLiteral(v) : String(v);
  if (Array.isArray(v)) {
    const parts = v.map(inline);
    return parts.every((p) => p !== undefined) ? `[${parts.join(", ")}]` : undefined;
  }
  const es = entries(v);
  if (es.length === 0) return "{}";
  // Only flat objects go on one line; nesting reads better spread out.
  if (
    es.some(
      ([, x]) => x !== null && typeof x === "object" && !(x instanceof Code) && !(Array.isArray(x) && x.length === 0),
    )
  )
    return undefined;
  return `{ ${es.map(([k, x]) => `${key(k)}: ${inline(x)}`).join(", ")} }`;
}

/**
 * `v` as source text starting at column `column` (the text before it on its line), indented by `depth` levels
 * on continuation lines.
 */
export function render(v: Literal, depth = 0, column = 0): string {
  const one = inline(v);
  if (one !== undefined && column + one.length <= WIDTH) return one;
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => `${pad}${render(x, depth + 1, pad.length)},`).join("\n")}\n${close}]`;
  }
  if (v !== null && typeof v === "object" && !(v instanceof Code)) {
    const es = entries(v);
    if (es.length === 0) return "{}";
    return `{\n${es
      .map(([k, x]) => {
        const head = `${pad}${key(k)}: `;
        return `${head}${render(x, depth + 1, head.length)},`;
      })
      .join("\n")}\n${close}}`;
  }
  return one ?? String(v);
}

/** Text safe inside a `//` comment: one line, no control or line-separator characters. */
export function commentText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it removes
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}

/** Wraps prose into `// ` comment lines of at most WIDTH columns (at `indent`). */
export function comment(text: string, indent = ""): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    if (paragraph.trim() === "") {
      out.push(`${indent}//`);
      continue;
    }
    let line = "";
    for (const word of commentText(paragraph).split(/ +/)) {
      if (line && indent.length + 3 + line.length + 1 + word.length > WIDTH) {
        out.push(`${indent}// ${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(`${indent}// ${line}`);
  }
  return out;
}
