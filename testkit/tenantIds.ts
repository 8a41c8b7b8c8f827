// The one tenant-ID generator of the tests and benches: valid, lower-case GUIDs, never random, so a failing run
// can be repeated with the same IDs.

/** The tenant ID numbered `n` under `prefix` (padded to 8 hex digits): `partnerTenant(7)`. Deterministic. */
export function partnerTenant(n: number, prefix = "aaaa"): string {
  return `${prefix.padEnd(8, "0").slice(0, 8)}-0000-4000-8000-${n.toString(16).padStart(12, "0").slice(-12)}`;
}

let counter = 0;
/**
 * A tenant ID not handed out before in this process; the process ID is mixed in so that parallel jest workers
 * sharing one emulator cannot collide either.
 */
export function newTenantId(prefix = "0000aaaa"): string {
  counter += 1;
  return partnerTenant(counter + 4096 * (process.pid % 100000), prefix);
}
