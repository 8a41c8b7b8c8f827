#!/usr/bin/env node
/** `pulumi-entra-cross-tenant` (package.json `bin`). */
import { runCli } from "./cli";
import { processIo } from "./io";

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
