/** The four output formats of `drift`. */
import { DriftReport } from "../report";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderText } from "./text";

export type DriftFormat = "text" | "json" | "markdown" | "junit";

export const FORMATS: readonly DriftFormat[] = ["text", "json", "markdown", "junit"];

export function render(report: DriftReport, format: DriftFormat): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report);
    case "junit":
      return renderJunit(report);
    default:
      return renderText(report);
  }
}
