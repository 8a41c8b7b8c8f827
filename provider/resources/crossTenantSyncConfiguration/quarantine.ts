/**
 * The line that explains a job in quarantine: Graph's reason and what to do. Plain text from plain data, so both
 * the host (refresh, up) and the program (a warning on the resource) can show it.
 */
import { PARTNER_CONFIGURATION, SYNC_POLICY } from "../shared/typeNames";
import { crossTenantSyncConfigurationKind } from "./kind";
import type { JobStatus } from "./types";

const TYPE = crossTenantSyncConfigurationKind.typeName;

/** A job in quarantine, as a line for the person running Pulumi: Graph's reason and what to do. */
export function quarantineNotice(
  displayName: string,
  targetTenantId: string | undefined,
  status: JobStatus,
): string | undefined {
  const q = status.quarantine;
  if (!q && status.code !== "Quarantine") return undefined;
  const why = [q?.reason, q?.errorCode && q?.message ? `${q.errorCode}: ${q.message}` : (q?.errorCode ?? q?.message)]
    .filter(Boolean)
    .join(" — ");
  const target = targetTenantId ?? "the target tenant";
  return (
    `entra:${TYPE}: the synchronization job of configuration "${displayName}" is in quarantine${q?.since ? ` since ${q.since}` : ""}` +
    `${why ? ` (${why})` : ""}: Graph retries it less often and provisions no one until the cause is fixed. ` +
    `If the target tenant stopped allowing synchronization, restore in ${target} its ${SYNC_POLICY} for this tenant (userSyncInbound.isSyncAllowed true) ` +
    `and its ${PARTNER_CONFIGURATION} (automaticUserConsentSettings.inboundAllowed true), e.g. with pulumi up of the program that manages them; ` +
    `for too many deletions, check the scope and raise accidentalDeletionThreshold. The job leaves quarantine on its next successful cycle; ` +
    `Entra admin center > Cross-tenant synchronization > Configurations > "${displayName}" > Provisioning logs shows each failure.`
  );
}
