// Azure Blob Storage for Pulumi state, locally: Azurite (npm `azurite`, a devDependency) started as a child process
// on a free port, in memory, without telemetry, and the `azblob://` backend URL and environment that point the
// Pulumi CLI at it. Used by the drift end-to-end tests and the drift benchmark; nothing here reaches the network.
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";

/** Azurite's account and its published development key (https://learn.microsoft.com/azure/storage/common/storage-use-azurite). */
export const DEV_ACCOUNT = "devstoreaccount1";
export const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface RunningAzurite {
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  /** Creates a blob container (the Pulumi CLI does not: the backend's container must exist). */
  createContainer(name: string): Promise<void>;
  /** `azblob://CONTAINER[/PATH]?…` for this Azurite (`localemu=true&domain=…&protocol=http`). */
  backendUrl(container: string, prefix?: string): string;
  /** The environment the Pulumi CLI needs besides the backend URL (account and key). */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<RunningAzurite> {
  const location = fs.mkdtempSync(path.join(os.tmpdir(), "azurite-"));
  const main = require.resolve("azurite/dist/src/blob/main.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      "--silent",
      "--inMemoryPersistence",
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      "0",
    ],
    // in memory; its working directory is a scratch one in case it writes anything
    { cwd: location, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 30 s:\n${output}`)), 30000);
    const onData = (d: Buffer) => {
      output += d.toString("utf8");
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}:\n${output}`));
    });
  });
  const host = `127.0.0.1:${port}`;
  return {
    host,
    port,
    createContainer: (name) => createContainer(port, name),
    backendUrl: (container, prefix) =>
      `azblob://${container}${prefix ? `/${prefix}` : ""}?localemu=true&domain=${host}&protocol=http`,
    env: () => ({ AZURE_STORAGE_ACCOUNT: DEV_ACCOUNT, AZURE_STORAGE_KEY: DEV_KEY }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(location, { recursive: true, force: true });
    },
  };
}

/** `PUT /{account}/{container}?restype=container`, signed with the account key (Shared Key authorization). */
function createContainer(port: number, name: string): Promise<void> {
  const date = new Date().toUTCString();
  const version = "2021-12-02";
  const stringToSign = [
    "PUT",
    "", // Content-Encoding
    "", // Content-Language
    "", // Content-Length (empty for 0)
    "", // Content-MD5
    "", // Content-Type
    "", // Date (x-ms-date is used)
    "", // If-Modified-Since
    "", // If-Match
    "", // If-None-Match
    "", // If-Unmodified-Since
    "", // Range
    `x-ms-date:${date}\nx-ms-version:${version}`,
    `/${DEV_ACCOUNT}/${DEV_ACCOUNT}/${name}\nrestype:container`,
  ].join("\n");
  const signature = crypto
    .createHmac("sha256", Buffer.from(DEV_KEY, "base64"))
    .update(stringToSign, "utf8")
    .digest("base64");
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "PUT",
        path: `/${DEV_ACCOUNT}/${name}?restype=container`,
        headers: {
          "x-ms-date": date,
          "x-ms-version": version,
          "content-length": "0",
          authorization: `SharedKey ${DEV_ACCOUNT}:${signature}`,
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString("utf8")));
        res.on("end", () =>
          res.statusCode === 201 || res.statusCode === 409
            ? resolve()
            : reject(new Error(`Azurite: create container ${name} -> ${res.statusCode}: ${body}`)),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}
