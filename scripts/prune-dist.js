#!/usr/bin/env node
// Removes compiled files under dist/provider whose TypeScript source no longer exists (a moved or deleted module),
// so that `npm pack` from a working tree ships only what the sources build. tsc never deletes outputs; this never
// touches an output whose source exists, so it is safe while other processes use dist/.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist", "provider");
const OUTPUT = /\.(d\.ts\.map|d\.ts|js\.map|js)$/;

function prune(dir) {
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += prune(file);
      if (fs.readdirSync(file).length === 0) fs.rmdirSync(file);
      continue;
    }
    if (!OUTPUT.test(entry.name)) continue;
    const source = path.join(root, "provider", path.relative(dist, file)).replace(OUTPUT, ".ts");
    if (!fs.existsSync(source)) {
      fs.rmSync(file);
      removed += 1;
    }
  }
  return removed;
}

const removed = prune(dist);
if (removed) console.log(`prune-dist: removed ${removed} compiled file(s) whose source is gone`);
