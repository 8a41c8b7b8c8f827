/** `--format json`: the report as it is, with the exit code; a stable shape for scripts (`version` 1). */
import { DriftReport, driftExitCode } from "../report";

export function renderJson(report: DriftReport): string {
  return `${JSON.stringify({ version: 1, ...report, exitCode: driftExitCode(report) }, null, 2)}\n`;
}
