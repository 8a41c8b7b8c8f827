/**
 * `--format junit`: JUnit XML, one test suite per stack and one test case per object, so CI shows each drifted
 * object as a failed test; a stack that could not be checked is one test case with an error.
 */
import { DriftReport } from "../report";

function xml(text: string): string {
  return (
    text
      // characters XML 1.0 cannot carry at all
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

export function renderJunit(report: DriftReport): string {
  const s = report.summary;
  const failures = s.driftedObjects;
  const errors = s.failed;
  const tests = s.objects + s.failed;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xml(`entra drift ${report.project}`)}" tests="${tests}" failures="${failures}" errors="${errors}">`,
  ];
  for (const st of report.stacks) {
    const seconds = (st.durationMs / 1000).toFixed(3);
    const classname = xml(`${report.project}.${st.stack}`);
    if (st.status === "failed" && st.failure) {
      out.push(
        `  <testsuite name="${xml(st.stack)}" tests="1" failures="0" errors="1" time="${seconds}">`,
        `    <testcase classname="${classname}" name="stack ${xml(st.stack)}" time="${seconds}">`,
        `      <error type="${xml(st.failure.kind)}" message="${xml(st.failure.message)}">${xml(`${st.failure.message}\nFix: ${st.failure.fix}`)}</error>`,
        `    </testcase>`,
        `  </testsuite>`,
      );
      continue;
    }
    const drifted = st.objects.filter((o) => o.status !== "clean").length;
    out.push(
      `  <testsuite name="${xml(st.stack)}" tests="${st.objects.length}" failures="${drifted}" errors="0" time="${seconds}">`,
    );
    for (const o of st.objects) {
      const name = xml(`${o.title} (${o.name})`);
      if (o.status === "clean") {
        out.push(`    <testcase classname="${classname}" name="${name}"/>`);
        continue;
      }
      const body = o.settings.map((d) => d.sentence).join("\n");
      const message =
        o.status === "deleted"
          ? "deleted in the tenant"
          : `${o.settings.length} setting${o.settings.length === 1 ? "" : "s"} drifted`;
      out.push(
        `    <testcase classname="${classname}" name="${name}">`,
        `      <failure type="drift" message="${xml(message)}">${xml(body)}</failure>`,
        `    </testcase>`,
      );
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return `${out.join("\n")}\n`;
}
