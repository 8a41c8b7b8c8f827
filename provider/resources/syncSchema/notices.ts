/**
 * What a preview says about a change of schema settings (sync-schema.md §4.6), computed by check() from the old and
 * new inputs and shown as warnings by the program (the runtime hands them over in the hidden input
 * PREVIEW_NOTICES_INPUT, which the engine returns as an output during preview only).
 */
import { containsUnknown } from "../shared/values";
import { groupsKey, graphGroups } from "./merge";
import { sameSettings } from "./project";
import type { SyncSchemaSettings } from "./types";

export const INITIAL_CYCLE_NOTICE =
  'the schema settings change: saving them restarts the synchronization job, and its next provisioning cycle will be an initial cycle that re-evaluates every user in scope (Microsoft: "Changing your provisioning configuration restarts the service and triggers an initial cycle").';

export const SCOPE_DELETE_NOTICE =
  "the scoping filters change while the Delete target object action is on: users who leave scope will be soft-deleted in the target tenant on the next cycle (SkipOutOfScopeDeletions does not work for cross-tenant synchronization). To keep them, add targetObjectActions: { delete: false } to the same settings (applied in the same PUT).";

export const userTypeOnCreateNotice = (value: string) =>
  `userType "${value}" is applied onCreate: existing users in the target keep their current userType; only users created from now on become ${value}s. Use apply: "always" to convert existing users too.`;

/**
 * Notices for going from `olds` (undefined: nothing applied yet) to `news`; `existingJob` says whether applying
 * touches a job that already runs (the standalone kind; a new configuration's first cycle is an initial one anyway).
 */
export function schemaNotices(
  olds: SyncSchemaSettings | undefined,
  news: SyncSchemaSettings | undefined,
  existingJob: boolean,
): string[] {
  if (containsUnknown(news) || (olds && containsUnknown(olds))) return [];
  const out: string[] = [];
  // Settings removed are reverted: that is a schema change too.
  if ((olds !== undefined || existingJob) && !sameSettings(olds ?? {}, news ?? {})) out.push(INITIAL_CYCLE_NOTICE);
  if (!news) return out;
  const filtersChanged =
    news.scopingFilters !== undefined &&
    news.scopingFilters.length > 0 &&
    groupsKey(graphGroups(news.scopingFilters)) !==
      groupsKey(olds?.scopingFilters ? graphGroups(olds.scopingFilters) : []);
  if (filtersChanged && (olds !== undefined || existingJob) && news.targetObjectActions?.delete !== false)
    out.push(SCOPE_DELETE_NOTICE);
  const ut = news.userType;
  if (ut && ut.apply === "onCreate" && (olds?.userType?.apply !== "onCreate" || olds?.userType?.value !== ut.value))
    out.push(userTypeOnCreateNotice(ut.value));
  return out;
}
