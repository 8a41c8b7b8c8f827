/**
 * What `drift` found, per stack and per object: the one model every output format renders. Values are the
 * resource's declared inputs as the last `pulumi up` stored them ("program") and as Graph returns them now
 * ("tenant"); secrets never reach it (the engine masks them and `describeValue` prints none).
 */

/** One setting that differs between the program and the tenant. */
export interface SettingDrift {
  /** The input's property path, e.g. `automaticUserConsentSettings.inboundAllowed`. */
  path: string;
  /** The setting in the package's words, e.g. `inbound auto-consent`. */
  label: string;
  /** Declared value (absent: the program leaves it unset). */
  program?: unknown;
  /** Value Graph returned (absent: not set in the tenant). */
  tenant?: unknown;
  /** The whole finding in one line, e.g. `Fabrikam's inbound auto-consent: program true, tenant false`. */
  sentence: string;
}

export type ObjectStatus = "clean" | "drifted" | "deleted";

/** One Graph object a stack manages (one custom resource of this package). */
export interface ObjectReport {
  urn: string;
  /** The resource type without its package prefix, e.g. `CrossTenantAccessPolicyConfigurationPartner`. */
  type: string;
  /** The Pulumi resource name. */
  name: string;
  /** The object in the package's words, e.g. `Fabrikam's partner configuration`. */
  title: string;
  status: ObjectStatus;
  /** Empty when clean; for `deleted` one line saying so. */
  settings: SettingDrift[];
}

/** Why a stack could not be checked, and what to do. */
export interface StackFailure {
  kind: "locked" | "stale-lock" | "secrets" | "sign-in" | "not-found" | "failed";
  message: string;
  fix: string;
}

export interface FixResult {
  status: "fixed" | "failed";
  /** What `up` reported (changes), or why it failed. */
  message: string;
}

export type StackStatus = "clean" | "drifted" | "failed";

export interface StackReport {
  stack: string;
  status: StackStatus;
  /** This package's objects in the stack (other resources are not looked at). */
  objects: ObjectReport[];
  failure?: StackFailure;
  /** `--fix` only: the result of `up` for a drifted stack. */
  fix?: FixResult;
  durationMs: number;
}

export interface DriftSummary {
  stacks: number;
  clean: number;
  drifted: number;
  failed: number;
  objects: number;
  driftedObjects: number;
}

export interface DriftReport {
  project: string;
  stacks: StackReport[];
  summary: DriftSummary;
}

export function summarize(stacks: readonly StackReport[]): DriftSummary {
  const objects = stacks.flatMap((s) => s.objects);
  return {
    stacks: stacks.length,
    clean: stacks.filter((s) => s.status === "clean").length,
    drifted: stacks.filter((s) => s.status === "drifted").length,
    failed: stacks.filter((s) => s.status === "failed").length,
    objects: objects.length,
    driftedObjects: objects.filter((o) => o.status !== "clean").length,
  };
}

/** Exit codes of `drift`: 0 no drift, 2 drift found, 1 a stack could not be checked (or a fix failed). */
export const DRIFT_EXIT = { clean: 0, error: 1, drift: 2 } as const;

export function driftExitCode(report: DriftReport): number {
  if (report.stacks.some((s) => s.status === "failed" || s.fix?.status === "failed")) return DRIFT_EXIT.error;
  return report.stacks.some((s) => s.status === "drifted") ? DRIFT_EXIT.drift : DRIFT_EXIT.clean;
}
