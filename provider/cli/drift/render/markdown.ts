/** `--format markdown`: for a pull-request comment or a CI job summary (GitHub's `$GITHUB_STEP_SUMMARY`). */
import { DriftReport, StackReport } from "../report";
import { describeValue } from "../words";

/** A table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${cell(text).replace(/`/g, "'")}\``;
}

const STATUS: Readonly<Record<StackReport["status"], string>> = {
  clean: "clean",
  drifted: "**drifted**",
  failed: "**failed**",
};

export function renderMarkdown(report: DriftReport): string {
  const s = report.summary;
  const headline =
    s.failed > 0
      ? `${s.drifted} of ${s.stacks} stacks drifted, ${s.failed} could not be checked`
      : s.drifted > 0
        ? `${s.drifted} of ${s.stacks} stacks drifted`
        : `no drift in ${s.stacks} stack${s.stacks === 1 ? "" : "s"}`;
  const lines = [
    `## Entra cross-tenant drift (${cell(report.project)}): ${headline}`,
    "",
    `${s.objects} objects checked, ${s.driftedObjects} drifted.`,
    "",
    "| Stack | Status | Objects | Drifted |",
    "|---|---|---:|---:|",
    ...report.stacks.map(
      (st) =>
        `| ${cell(st.stack)} | ${STATUS[st.status]}${st.fix ? ` (fix: ${st.fix.status})` : ""} | ${st.status === "failed" ? "-" : st.objects.length} | ${st.status === "failed" ? "-" : st.objects.filter((o) => o.status !== "clean").length} |`,
    ),
  ];
  for (const st of report.stacks.filter((x) => x.status === "drifted")) {
    lines.push("", `### ${cell(st.stack)}`, "", "| Object | Setting | Program | Tenant |", "|---|---|---|---|");
    for (const o of st.objects.filter((x) => x.status !== "clean")) {
      for (const d of o.settings) {
        if (o.status === "deleted")
          lines.push(`| ${cell(o.title)} (${code(o.name)}) | deleted in the tenant | declared | absent |`);
        else
          lines.push(
            `| ${cell(o.title)} (${code(o.name)}) | ${cell(d.label)} | ${code(describeValue(d.program))} | ${code(describeValue(d.tenant))} |`,
          );
      }
    }
    if (st.fix) lines.push("", `Fix: ${st.fix.status}: ${cell(st.fix.message)}`);
  }
  const failed = report.stacks.filter((x) => x.status === "failed" && x.failure);
  if (failed.length) {
    lines.push("", "### Not checked", "");
    for (const st of failed)
      lines.push(
        `- **${cell(st.stack)}** (${st.failure!.kind}): ${cell(st.failure!.message)}  `,
        `  Fix: ${cell(st.failure!.fix)}`,
      );
  }
  return `${lines.join("\n")}\n`;
}
