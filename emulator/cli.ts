#!/usr/bin/env node
/**
 * `npm run emulator` — starts the local Graph emulator and prints how to use it. Ctrl-C (SIGINT) or SIGTERM stops
 * it cleanly (pending file writes are flushed) and exits with code 0.
 *
 *   --port <n>                    listen port (default 8443; 0 picks a free port)
 *   --host <addr>                 listen address (default 127.0.0.1)
 *   --data-dir <dir>              CA, certificates and signing key (default ./.emulator-data)
 *   --data-file <file>            persist the directory state in this JSON file (default: in-memory)
 *   --latency-ms <n>              delay added to every Graph and token response
 *   --token-lifetime-seconds <n>  lifetime of issued access tokens (default 3600)
 *   --seed <file>                 JSON seed `{ tenantId?, partners?, policies?, defaultConfiguration?, crossTenantAccessPolicy? }` (or an array
 *                                 of them, one per tenant) applied when the state is empty
 *   --apps <file>                 JSON array of extra registered apps
 *                                 `[{ name?, tenantId, clientId, clientSecret?, certificatePath?, roles }]`
 *   --settings <file>             JSON runtime settings (same keys as PATCH /_emulator/settings)
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator, EmulatorOptions, RegisteredAppConfig } from "./index";

type AppFileEntry = RegisteredAppConfig & { certificatePath?: string };

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

const HELP = `Usage: node dist/emulator/cli.js [--port 8443] [--host 127.0.0.1] [--data-dir .emulator-data]
                                  [--data-file state.json] [--latency-ms 0] [--token-lifetime-seconds 3600]
                                  [--seed seed.json] [--apps apps.json] [--settings settings.json]`;

function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = { port: 8443, dataDir: path.resolve(".emulator-data") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a number >= 0`);
      return v;
    };
    switch (flag) {
      case "--port":
        options.port = num();
        break;
      case "--host":
        options.host = value();
        break;
      case "--data-dir":
        options.dataDir = path.resolve(value());
        break;
      case "--data-file":
        options.dataFile = path.resolve(value());
        break;
      case "--latency-ms":
        options.latencyMs = num();
        break;
      case "--token-lifetime-seconds":
        options.tokenLifetimeSeconds = num();
        break;
      case "--seed":
        options.seed = readJson(value()) as EmulatorOptions["seed"];
        break;
      case "--apps": {
        const file = value();
        const entries = readJson(file);
        if (!Array.isArray(entries)) throw new Error(`${flag}: ${file} must hold a JSON array`);
        options.apps = (entries as AppFileEntry[]).map(({ certificatePath, ...app }) => ({
          ...app,
          certificatePem: certificatePath
            ? fs.readFileSync(path.resolve(path.dirname(file), certificatePath), "utf8")
            : app.certificatePem,
        }));
        break;
      }
      case "--settings":
        options.settings = readJson(value()) as EmulatorOptions["settings"];
        break;
      case "-h":
      case "--help":
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${HELP}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const emu = await startEmulator(options);
  const d = emu.defaults;
  const lines = [
    "Entra Graph emulator is running.",
    `  Graph URL:       ${emu.url}   (${emu.url}/v1.0, ${emu.url}/beta)`,
    `  Authority host:  ${emu.authorityHost}`,
    `  CA certificate:  ${emu.caCertPath}   (export NODE_EXTRA_CA_CERTS=${emu.caCertPath})`,
    `  State:           ${emu.dataFile ? `file ${emu.dataFile}` : "in-memory"}`,
    `  Admin API:       ${emu.url}/_emulator/`,
    `  Tenant:          ${d.tenantId}   (home)`,
    `  App readWrite:   client id ${d.readWrite.clientId}, secret ${d.readWrite.clientSecret}, certificate ${d.readWrite.certificatePath}`,
    `  App readOnly:    client id ${d.readOnly.clientId}, secret ${d.readOnly.clientSecret}`,
    `  App noRoles:     client id ${d.noRoles.clientId}, secret ${d.noRoles.clientSecret}`,
    `  Tenant:          ${d.second.tenantId}   (second; the same multi-tenant apps are consented here)`,
    `  App readWrite:   client id ${d.second.readWrite.clientId}, secret ${d.second.readWrite.clientSecret}, certificate ${d.second.readWrite.certificatePath}`,
    `  App readOnly:    client id ${d.second.readOnly.clientId}, secret ${d.second.readOnly.clientSecret}`,
    "Press Ctrl-C to stop.",
  ];
  console.log(lines.join("\n"));

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping the emulator...`);
    emu
      .stop()
      .then(() => {
        console.log("Emulator stopped.");
        process.exit(0);
      })
      .catch((e) => {
        console.error(e);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((e) => {
  console.error(`emulator failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
