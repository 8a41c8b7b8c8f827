/**
 * Which partnership of this program creates which partner configuration, so that the common mistake (two
 * partnerships for the two directions of one relationship, each creating both partner configurations) fails with
 * the pattern that fixes it rather than the resources' generic "two owners" error (program/ownership.ts, which
 * still guards every other case, Outputs included). Plain values only; per program run, like ownership.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT, describeConnection } from "./validate";

/** Where a partnership's partner configuration sits: the target side (for the source) or the source side. */
export type PartnerRole = "target" | "source";

interface Claim {
  name: string;
  role: PartnerRole;
}

const KEY = Symbol.for("pulumi-entra-cross-tenant/partnerships");
const FALLBACK_RUN = {};

function registry(): Map<string, Claim> {
  const g = globalThis as unknown as Record<symbol, WeakMap<object, Map<string, Claim>> | undefined>;
  const all = (g[KEY] ??= new WeakMap());
  const run: object = pulumi.runtime.getStackResource() ?? FALLBACK_RUN;
  let map = all.get(run);
  if (!map) all.set(run, (map = new Map()));
  return map;
}

/** Forgets every claim (tests that construct partnerships with mocks, outside a stack). */
export function resetPartnershipClaims(): void {
  registry().clear();
}

export interface PartnerClaim {
  role: PartnerRole;
  /** The connection of the tenant that holds the partner configuration. */
  connection: pulumi.Input<string | undefined>;
  /** The partner tenant it is for. */
  partnerTenantId: pulumi.Input<string>;
}

const plainString = (v: unknown): v is string | undefined => v === undefined || typeof v === "string";

/** Records the partner configurations `name` will create; throws a RunError when another partnership creates one of them. */
export function claimPartners(name: string, claims: PartnerClaim[]): void {
  const map = registry();
  const keyed = claims
    .filter((c) => plainString(c.connection) && typeof c.partnerTenantId === "string")
    .map((c) => ({
      ...c,
      key: JSON.stringify([c.connection ?? "", (c.partnerTenantId as string).trim().toLowerCase()]),
    }));
  for (const c of keyed) {
    const other = map.get(c.key);
    if (!other) continue;
    const object = `the partner configuration of tenant ${(c.partnerTenantId as string).trim().toLowerCase()} in the tenant of ${describeConnection(c.connection as string | undefined)}`;
    const fix =
      other.role !== c.role
        ? `They are the two directions of one relationship: declare "${other.name}" with \`mutual: true\` and "${name}" with \`reverseOf: ${other.name}\`; they then share the two partner configurations and "${name}" adds only its identity sync policy.`
        : "They declare the same relationship twice: remove one of them.";
    throw new pulumi.RunError(
      `${COMPONENT} "${name}" and ${COMPONENT} "${other.name}" both create ${object}. Each Graph object must have exactly one owner. ${fix}`,
    );
  }
  for (const c of keyed) map.set(c.key, { name, role: c.role });
}
