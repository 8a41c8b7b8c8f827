/**
 * `reverseOf`: the partnership of the opposite direction must name the same two tenants and connections the other
 * way round, or its identity sync policy would rely on partner configurations of other tenants. Plain values are
 * checked in the constructor (a RunError, the message alone); values that are Outputs when they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PartnershipTenantArgs } from "./args";
import { COMPONENT, describeConnection, isPlain, sameTenant } from "./validate";

export interface Sides {
  source: PartnershipTenantArgs;
  target: PartnershipTenantArgs;
}

type Values = [
  string,
  string,
  string,
  string,
  string | undefined,
  string | undefined,
  string | undefined,
  string | undefined,
];

function inputs(mine: Sides, theirs: Sides): pulumi.Input<string | undefined>[] {
  return [
    mine.source.tenantId,
    theirs.target.tenantId,
    mine.target.tenantId,
    theirs.source.tenantId,
    mine.source.connection,
    theirs.target.connection,
    mine.target.connection,
    theirs.source.connection,
  ];
}

function describe(name: string, reverseName: string, values: Values): string | undefined {
  const [mySource, theirTarget, myTarget, theirSource, mySourceConn, theirTargetConn, myTargetConn, theirSourceConn] =
    values;
  const problems: string[] = [];
  if (!sameTenant(mySource, theirTarget))
    problems.push(`source.tenantId ${mySource} is not the target tenant of "${reverseName}" (${theirTarget})`);
  if (!sameTenant(myTarget, theirSource))
    problems.push(`target.tenantId ${myTarget} is not the source tenant of "${reverseName}" (${theirSource})`);
  if ((mySourceConn ?? "") !== (theirTargetConn ?? "")) {
    problems.push(
      `source uses ${describeConnection(mySourceConn)} but the target side of "${reverseName}" uses ${describeConnection(theirTargetConn)}`,
    );
  }
  if ((myTargetConn ?? "") !== (theirSourceConn ?? "")) {
    problems.push(
      `target uses ${describeConnection(myTargetConn)} but the source side of "${reverseName}" uses ${describeConnection(theirSourceConn)}`,
    );
  }
  if (problems.length === 0) return undefined;
  return (
    `${COMPONENT} "${name}" has reverseOf: ${reverseName}, so it must be the same relationship in the opposite direction: ` +
    `${problems.join("; ")}. Swap the two sides of "${reverseName}" (tenant IDs and connections) for this one.`
  );
}

/** The mismatch as one message (undefined when they mirror), or "unresolved" when some value is an Output. */
export function plainMirrorMismatch(
  name: string,
  reverseName: string,
  mine: Sides,
  theirs: Sides,
): string | undefined | "unresolved" {
  const values = inputs(mine, theirs);
  if (!values.every((v) => isPlain(v))) return "unresolved";
  return describe(name, reverseName, values as Values);
}

/** The mismatches between `mine` and the mirror image of `theirs`, as one message; undefined when they mirror. */
export function mirrorMismatch(
  name: string,
  reverseName: string,
  mine: Sides,
  theirs: Sides,
): pulumi.Output<string | undefined> {
  return pulumi.all(inputs(mine, theirs)).apply((values) => describe(name, reverseName, values as Values));
}
