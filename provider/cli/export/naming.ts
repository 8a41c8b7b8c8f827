/**
 * Names in the generated program. Resource names are slugs of what a person calls the partner (its display name
 * on beta, else its sync policy's display name), else its tenant ID; variables are camelCase of the slug. Both
 * depend only on the partners' own data, never on Graph's order, so an export is deterministic.
 */

/** What a partner is called, when anything calls it something. */
export interface Nameable {
  tenantId: string;
  /** Display name of the partner (beta) or of its sync policy; undefined when neither has one. */
  label?: string;
}

export interface PartnerNames {
  tenantId: string;
  /** Pulumi resource name, unique among partners (the sync policy uses the same name: another type). */
  resourceName: string;
  /** Variable holding the partner resource. */
  variable: string;
  /** Constant holding the tenant ID. */
  tenantIdConstant: string;
}

const MAX_SLUG = 48;

/** "Contoso Ltd." → "contoso-ltd"; accents folded; empty when nothing usable is left. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, "");
}

/** "contoso-ltd" → "contosoLtd"; a leading digit gets a "tenant" prefix. */
export function camelCase(slug: string): string {
  const parts = slug.split("-").filter(Boolean);
  const id = parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join("");
  return /^[0-9]/.test(id) ? `tenant${id[0].toUpperCase()}${id.slice(1)}` : id;
}

/** Identifiers a variable may not take: reserved words, and the names the generated program itself uses. */
const taken = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "as",
  "implements",
  "interface",
  "let",
  "package",
  "private",
  "protected",
  "public",
  "static",
  "yield",
  "await",
  "any",
  "boolean",
  "number",
  "string",
  "symbol",
  "type",
  "from",
  "of",
  "undefined",
  "NaN",
  "Infinity",
  "arguments",
  "eval",
  "require",
  "module",
  "exports",
  "process",
  "console",
  "pulumi",
  "CrossTenantAccessPolicyConfigurationPartner",
  "CrossTenantAccessPolicyConfigurationDefault",
  "CrossTenantIdentitySyncPolicyPartner",
  "CrossTenantAccessPolicy",
]);

/** The slug a partner is named by before de-duplication; undefined = named by its tenant ID. */
function baseSlug(p: Nameable, fallback?: string): string | undefined {
  const fromLabel = p.label ? slugify(p.label) : "";
  return fromLabel || fallback || undefined;
}

/** Shortest prefix length (at least `min`) that tells every id apart. */
function distinctPrefix(ids: readonly string[], min: number): number {
  let len = min;
  while (len < 32 && new Set(ids.map((i) => i.slice(0, len))).size < ids.length) len++;
  return len;
}

const hex = (tenantId: string) => tenantId.replace(/-/g, "");

/**
 * Names for every partner. Partners whose slugs collide all get a suffix from their own tenant ID (the shortest
 * prefix that separates them), so a partner's name never depends on which other partners sort before it.
 * Partners without any name are named by their tenant ID. `fallbacks` names well-known tenants without a display
 * name (e.g. Microsoft's support tenant).
 */
export function namePartners(
  partners: readonly Nameable[],
  fallbacks: Readonly<Record<string, string>> = {},
): Map<string, PartnerNames> {
  const groups = new Map<string, string[]>();
  const unnamed: string[] = [];
  for (const p of partners) {
    const slug = baseSlug(p, fallbacks[p.tenantId]);
    if (slug === undefined) unnamed.push(p.tenantId);
    else groups.set(slug, [...(groups.get(slug) ?? []), p.tenantId]);
  }

  const candidates = new Map<string, string>();
  for (const [slug, ids] of groups) {
    if (ids.length === 1) {
      candidates.set(ids[0], slug);
      continue;
    }
    const len = distinctPrefix(ids.map(hex), 4);
    for (const id of ids) candidates.set(id, `${slug}-${hex(id).slice(0, len)}`);
  }
  for (const id of unnamed) candidates.set(id, id);

  // Variables of partners named by tenant ID: `partner` + the shortest distinct hex prefix (at least 8).
  const unnamedLen = distinctPrefix(unnamed.map(hex), 8);

  const out = new Map<string, PartnerNames>();
  const names = new Set<string>();
  const variables = new Set<string>();
  const order = [...candidates.entries()].sort(([ia, a], [ib, b]) => compare(a, b) || compare(ia, ib));
  for (const [id, candidate] of order) {
    // A suffixed name can (rarely) equal another partner's own slug: the later one in this order takes the full ID.
    const name = names.has(candidate) ? `${candidate}-${hex(id)}` : candidate;
    names.add(name);
    let variable = unnamed.includes(id)
      ? `partner${hex(id)
          .slice(0, unnamedLen)
          .replace(/^./, (c) => c.toUpperCase())}`
      : camelCase(name);
    if (taken.has(variable)) variable = `${variable}Partner`;
    let unique = variable;
    for (let n = 2; variables.has(unique) || variables.has(`${unique}TenantId`); n++) unique = `${variable}${n}`;
    variables.add(unique);
    variables.add(`${unique}TenantId`);
    out.set(id, { tenantId: id, resourceName: name, variable: unique, tenantIdConstant: `${unique}TenantId` });
  }
  return out;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
