/**
 * Attribute-mapping expressions of the synchronization schema: the functions `GET …/schema/functions` lists, the
 * parser behind `POST …/schema/parseExpression` (`[attribute]`, `"constant"`, numbers, `Function(args…)` with empty
 * arguments allowed, as in `Replace([x], "-", , , "_", , )`), the normalized text Graph returns (arguments joined by
 * `", "`), and an evaluator for the functions the emulator models, used by `testInputObject` and by provisioning.
 */
import { JsonObject } from "../util/json";

/** attributeMappingSource ([DOC] resources/synchronization-attributemappingsource.md). */
export interface MappingSource {
  expression: string;
  name: string;
  type: "Attribute" | "Constant" | "Function";
  parameters: { key: string; value: MappingSource }[];
}

/** attributeMappingParameterSchema ([DOC] functions.md example). */
interface ParameterSchema {
  name: string;
  required: boolean;
  allowMultipleOccurrences: boolean;
  type: "String" | "Boolean" | "Integer";
}

const p = (name: string, required = true, allowMultipleOccurrences = false): ParameterSchema => ({
  name,
  required,
  allowMultipleOccurrences,
  type: "String",
});

/**
 * The functions the emulator knows, with their parameters. `Append`, `DefaultDomain`, `AppRoleAssignments` and
 * `FormatDateTime` are the functions.md example; `Replace`'s keys `source`, `Find`, `Replacement` are the
 * parseExpression example's; the other names follow the expression reference's argument names [INFERENCE].
 */
export const FUNCTIONS: readonly { name: string; parameters: ParameterSchema[] }[] = [
  { name: "AltSecIdFromNetId", parameters: [p("source")] },
  { name: "Append", parameters: [p("source"), p("suffix")] },
  { name: "AppRoleAssignments", parameters: [p("source")] },
  { name: "CBool", parameters: [p("expression")] },
  { name: "Coalesce", parameters: [p("source", true, true)] },
  { name: "DefaultDomain", parameters: [] },
  { name: "FormatDateTime", parameters: [p("source"), p("inputFormat"), p("outputFormat")] },
  { name: "IIF", parameters: [p("condition"), p("valueIfTrue"), p("valueIfFalse")] },
  { name: "IsNullOrEmpty", parameters: [p("source")] },
  { name: "IsPresent", parameters: [p("source")] },
  { name: "Join", parameters: [p("separator"), p("source", true, true)] },
  { name: "Left", parameters: [p("source"), p("numChars")] },
  { name: "Mid", parameters: [p("source"), p("start"), p("length")] },
  { name: "Not", parameters: [p("source")] },
  {
    name: "Replace",
    parameters: [
      p("source"),
      p("Find", false),
      p("RegexPattern", false),
      p("RegexGroupName", false),
      p("Replacement", false),
      p("ReplacementAttributeName", false),
      p("Template", false),
    ],
  },
  { name: "Switch", parameters: [p("source"), p("defaultValue", false), p("keyValuePairs", false, true)] },
  { name: "ToLower", parameters: [p("source"), p("culture", false)] },
  { name: "ToUpper", parameters: [p("source"), p("culture", false)] },
  { name: "Trim", parameters: [p("source")] },
  { name: "Word", parameters: [p("source"), p("WordNumber"), p("Delimiters")] },
];

const FUNCTION_BY_NAME = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), f]));

/** A syntax error, with the character position it was found at. */
export class ExpressionSyntaxError extends Error {
  override readonly name = "ExpressionSyntaxError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const quote = (value: string): string => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  parse(): MappingSource {
    const result = this.value();
    if (!result) this.fail("an expression");
    this.skip();
    if (this.i < this.text.length) this.fail("the end of the expression");
    return result as MappingSource;
  }

  private fail(expected: string): never {
    const found = this.i < this.text.length ? `'${this.text[this.i]}'` : "the end";
    throw new ExpressionSyntaxError(
      `Syntax error at position ${this.i}: expected ${expected}, found ${found}.`,
      this.i,
    );
  }

  private skip(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  /** One value, or undefined where an argument is left empty. */
  private value(): MappingSource | undefined {
    this.skip();
    const c = this.text[this.i];
    if (c === undefined || c === "," || c === ")") return undefined;
    if (c === "[") return this.attribute();
    if (c === '"') return this.constant();
    if (/[-\d]/.test(c)) return this.number();
    if (/[A-Za-z]/.test(c)) return this.call();
    return this.fail("an attribute, a constant or a function");
  }

  private attribute(): MappingSource {
    const end = this.text.indexOf("]", this.i + 1);
    const name = end < 0 ? "" : this.text.slice(this.i + 1, end).trim();
    if (end < 0 || !name) this.fail("an attribute name and ']'");
    this.i = end + 1;
    return { expression: `[${name}]`, name, type: "Attribute", parameters: [] };
  }

  private constant(): MappingSource {
    let value = "";
    for (let j = this.i + 1; j < this.text.length; j++) {
      const c = this.text[j];
      if (c === "\\" && j + 1 < this.text.length) {
        value += this.text[++j];
      } else if (c === '"') {
        this.i = j + 1;
        return { expression: quote(value), name: value, type: "Constant", parameters: [] };
      } else {
        value += c;
      }
    }
    this.i = this.text.length;
    return this.fail("'\"' closing the string");
  }

  private number(): MappingSource {
    const m = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.i));
    if (!m) return this.fail("a number");
    this.i += m[0].length;
    return { expression: m[0], name: m[0], type: "Constant", parameters: [] };
  }

  private call(): MappingSource {
    const m = /^[A-Za-z]\w*/.exec(this.text.slice(this.i)) as RegExpExecArray;
    const start = this.i;
    this.i += m[0].length;
    this.skip();
    if (this.text[this.i] !== "(") this.fail(`'(' after '${m[0]}'`);
    const schema = FUNCTION_BY_NAME.get(m[0].toLowerCase());
    if (!schema) throw new ExpressionSyntaxError(`Unknown function '${m[0]}' at position ${start}.`, start);
    this.i++;
    const args: (MappingSource | undefined)[] = [];
    this.skip();
    if (this.text[this.i] === ")") {
      this.i++;
    } else {
      for (;;) {
        args.push(this.value());
        this.skip();
        const c = this.text[this.i];
        this.i++;
        if (c === ")") break;
        if (c !== ",") {
          this.i--;
          this.fail("',' or ')'");
        }
      }
    }
    const params = schema.parameters;
    const repeats = params.length > 0 && params[params.length - 1].allowMultipleOccurrences;
    if (args.length > params.length && !repeats)
      throw new ExpressionSyntaxError(
        `Function '${schema.name}' takes at most ${params.length} arguments; ${args.length} were given.`,
        start,
      );
    const parameters: MappingSource["parameters"] = [];
    args.forEach((arg, k) => {
      const param = params[Math.min(k, params.length - 1)];
      if (arg) parameters.push({ key: param.name, value: arg });
      else if (param.required && k < params.length)
        throw new ExpressionSyntaxError(`Function '${schema.name}' requires its argument '${param.name}'.`, start);
    });
    params.forEach((param, k) => {
      if (param.required && k >= args.length)
        throw new ExpressionSyntaxError(`Function '${schema.name}' requires its argument '${param.name}'.`, start);
    });
    const text = `${schema.name}(${args.map((a) => a?.expression ?? "").join(", ")})`;
    return { expression: text, name: schema.name, type: "Function", parameters };
  }
}

/** Parses an expression (throws ExpressionSyntaxError); `expression` of the result is the normalized text. */
export function parseExpression(text: string): MappingSource {
  return new Parser(text).parse();
}

/** Whether a stored mapping source is well formed enough to evaluate. */
export function isMappingSource(value: unknown): value is MappingSource {
  const v = value as JsonObject | null;
  return typeof v === "object" && v !== null && typeof v.type === "string";
}

/** A source attribute's values (multi-valued attributes have several; missing = []). */
export type AttributeReader = (name: string) => string[];

/**
 * Evaluates a mapping source on one source object: the values it produces (empty = null). Functions the emulator
 * does not model evaluate to their first argument ([INFERENCE]: enough for constants and direct mappings, which is
 * what the cross-tenant defaults use).
 */
export function evaluateSource(source: MappingSource, read: AttributeReader): string[] {
  const args = new Map<string, string[][]>();
  for (const { key, value } of source.parameters ?? []) {
    const list = args.get(key) ?? [];
    list.push(evaluateSource(value, read));
    args.set(key, list);
  }
  const one = (key: string): string | undefined => args.get(key)?.[0]?.[0];
  switch (source.type) {
    case "Attribute":
      return read(source.name);
    case "Constant":
      return [source.name];
    default:
      break;
  }
  switch (source.name.toLowerCase()) {
    case "append":
      return one("source") === undefined ? [] : [`${one("source")}${one("suffix") ?? ""}`];
    case "replace": {
      const s = one("source");
      const find = one("Find");
      if (s === undefined) return [];
      return [find ? s.split(find).join(one("Replacement") ?? "") : s];
    }
    case "tolower":
      return (args.get("source")?.[0] ?? []).map((v) => v.toLowerCase());
    case "toupper":
      return (args.get("source")?.[0] ?? []).map((v) => v.toUpperCase());
    case "trim":
      return (args.get("source")?.[0] ?? []).map((v) => v.trim());
    case "mid": {
      const s = one("source");
      const start = Number(one("start") ?? "1");
      const length = Number(one("length") ?? "0");
      return s === undefined ? [] : [s.substr(Math.max(0, start - 1), length)];
    }
    case "left": {
      const s = one("source");
      return s === undefined ? [] : [s.slice(0, Number(one("numChars") ?? "0"))];
    }
    case "join":
      return [(args.get("source") ?? []).flat().join(one("separator") ?? "")];
    case "coalesce":
      return (args.get("source") ?? []).find((v) => v.length > 0 && v[0] !== "") ?? [];
    case "not":
      return [String(!/^true$/i.test(one("source") ?? ""))];
    case "isnullorempty":
      return [String(!one("source"))];
    case "ispresent":
      return [String(!!one("source"))];
    case "cbool":
      return [String(/^true$/i.test(one("expression") ?? ""))];
    case "iif":
      return /^true$/i.test(one("condition") ?? "")
        ? (args.get("valueIfTrue")?.[0] ?? [])
        : (args.get("valueIfFalse")?.[0] ?? []);
    case "switch": {
      const s = one("source");
      const pairs = (args.get("keyValuePairs") ?? []).map((v) => v[0]);
      for (let k = 0; k + 1 < pairs.length; k += 2) if (pairs[k] === s) return [pairs[k + 1]];
      return one("defaultValue") === undefined ? [] : [one("defaultValue") as string];
    }
    default:
      return args.get(source.parameters?.[0]?.key ?? "")?.[0] ?? [];
  }
}
