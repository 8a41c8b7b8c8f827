/** The default output: a table of stacks, then each drifted object with one line per setting, then failures. */
import { DriftReport, StackReport } from "../report";

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

const STATUS: Readonly<Record<StackReport["status"], string>> = {
  clean: "clean",
  drifted: "DRIFTED",
  failed: "FAILED",
};

export function renderText(report: DriftReport): string {
  const s = report.summary;
  const lines = [
    `Drift in ${report.project}: ${s.stacks} stack${s.stacks === 1 ? "" : "s"}, ${s.drifted} drifted, ${s.clean} clean, ${s.failed} failed (${s.objects} objects, ${s.driftedObjects} drifted)`,
    "",
    ...table([
      ["STACK", "STATUS", "OBJECTS", "DRIFTED", "FIX"],
      ...report.stacks.map((st) => [
        st.stack,
        STATUS[st.status],
        st.status === "failed" ? "-" : String(st.objects.length),
        st.status === "failed" ? "-" : String(st.objects.filter((o) => o.status !== "clean").length),
        st.fix ? st.fix.status : "",
      ]),
    ]),
  ];
  for (const st of report.stacks.filter((x) => x.status === "drifted")) {
    lines.push("", `${st.stack}:`);
    for (const o of st.objects.filter((x) => x.status !== "clean")) {
      lines.push(`  ${o.title} (${o.name})`);
      for (const d of o.settings) lines.push(`    ${d.sentence}`);
    }
    if (st.fix) lines.push(`  fix: ${st.fix.status}: ${st.fix.message}`);
  }
  for (const st of report.stacks.filter((x) => x.status === "failed" && x.failure)) {
    const f = st.failure!;
    lines.push("", `${st.stack}: not checked (${f.kind})`, `  ${f.message}`, `  Fix: ${f.fix}`);
  }
  return `${lines.join("\n")}\n`;
}
