#!/usr/bin/env node
// Fails on broken relative links in the repository's Markdown: a link to a file or folder that does not exist, or to
// a `#anchor` that no heading of the target Markdown file produces (GitHub's heading slugs). No network: links with
// a scheme (https:, mailto:, …) are not checked. Usage: node scripts/check-links.js [root] (default: the repository).
"use strict";
const fs = require("fs");
const path = require("path");

// Generated, installed or scratch folders: not the repository's own documentation.
const SKIP_DIRS = new Set(["node_modules", "dist", ".e2e", ".git", "coverage", ".emulator-data", ".pulumi-state"]);
const SKIP_PATHS = new Set([path.join("docs", "api")]);

function markdownFiles(root, dir = root, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !SKIP_PATHS.has(path.relative(root, full))) markdownFiles(root, full, found);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) {
      found.push(full);
    }
  }
  return found;
}

/** The lines of a Markdown file outside fenced code blocks, with their 1-based numbers. */
function proseLines(text) {
  const lines = [];
  let fence = null;
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && m) fence = m[1];
    else if (fence !== null && m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1])
      fence = null;
    else if (fence === null) lines.push({ line, number: i + 1 });
  });
  return lines;
}

/** GitHub's anchor for a heading: the rendered text, lower case, punctuation removed, spaces as hyphens. */
function slug(heading) {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images: their text
    .replace(/<[^>]+>/g, "") // inline HTML tags
    .replace(/`/g, "")
    .replace(/\*+/g, "");
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

const anchorCache = new Map();
function anchorsOf(file) {
  if (!anchorCache.has(file)) {
    const anchors = new Set();
    const seen = new Map();
    for (const { line } of proseLines(fs.readFileSync(file, "utf8"))) {
      const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (h) {
        const base = slug(h[1]);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        anchors.add(n === 0 ? base : `${base}-${n}`);
      }
      for (const a of line.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) anchors.add(a[1]);
    }
    anchorCache.set(file, anchors);
  }
  return anchorCache.get(file);
}

/** Link targets on one line of prose: inline links and images, and reference definitions. Code spans are skipped. */
function targetsOf(line) {
  const prose = line.replace(/(`+)[^`]*?\1/g, (m) => " ".repeat(m.length));
  const targets = [];
  for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g))
    targets.push(m[1].replace(/^<|>$/g, ""));
  const def = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(prose);
  if (def) targets.push(def[1].replace(/^<|>$/g, ""));
  return targets;
}

function check(root) {
  const problems = [];
  const files = markdownFiles(root).sort();
  for (const file of files) {
    const rel = path.relative(root, file);
    for (const { line, number } of proseLines(fs.readFileSync(file, "utf8"))) {
      for (const target of targetsOf(line)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …: not checked offline
        const hash = target.indexOf("#");
        const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
        const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
        const dest = pathPart === "" ? file : path.resolve(path.dirname(file), pathPart);
        if (!fs.existsSync(dest)) {
          problems.push(`${rel}:${number}: ${target}: no file ${path.relative(root, dest)}`);
          continue;
        }
        if (
          anchor &&
          dest.toLowerCase().endsWith(".md") &&
          fs.statSync(dest).isFile() &&
          !anchorsOf(dest).has(anchor)
        ) {
          problems.push(
            `${rel}:${number}: ${target}: no heading with the anchor #${anchor} in ${path.relative(root, dest)}`,
          );
        }
      }
    }
  }
  return { files: files.length, problems };
}

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
  const { files, problems } = check(root);
  for (const p of problems) console.error(p);
  console.log(`${files} Markdown files, ${problems.length} broken relative link${problems.length === 1 ? "" : "s"}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

module.exports = { check, slug };
