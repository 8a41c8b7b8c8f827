/**
 * Which stacks `drift` checks: all of the program's, or those `--stack` names (repeatable; `*` and `?` globs,
 * matched against the stack's short name and its full `org/project/stack` name).
 */
import { UsageError } from "../io";

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

const short = (name: string) => name.slice(name.lastIndexOf("/") + 1);

/** The stacks to check, in the order the backend lists them; a pattern that matches nothing is a usage error. */
export function selectStacks(all: readonly string[], patterns: readonly string[]): string[] {
  if (patterns.length === 0) {
    if (all.length === 0)
      throw new UsageError("this program has no stacks in the current backend (`pulumi stack ls` lists none).");
    return [...all];
  }
  const chosen = new Set<string>();
  for (const p of patterns) {
    const re = globToRegExp(p);
    const hits = all.filter((s) => re.test(s) || re.test(short(s)));
    if (hits.length === 0)
      throw new UsageError(
        `--stack ${p} matches no stack of this program. Its stacks: ${all.length ? all.join(", ") : "none"}.`,
      );
    for (const h of hits) chosen.add(h);
  }
  return all.filter((s) => chosen.has(s));
}
