/**
 * `npm run demo`: the example program (root Pulumi.yaml → examples/identity-sync-policy) against the local Graph
 * emulator, with the real Pulumi CLI, a throw-away local file backend and a passphrase secrets provider.
 *
 *   1. starts the emulator (HTTPS, its own CA, a JSON data file) with one partner configuration;
 *   2. `pulumi up --yes` creates the partner's identity sync policy; prints the stack outputs and the emulator's policy;
 *   3. changes the policy directly in Graph, as an administrator would in the Entra portal;
 *   4. `pulumi refresh --yes` detects the drift and shows it;
 *   5. `pulumi destroy --yes`, removes the stack, stops the emulator and deletes every temporary file.
 *
 * Needs Node and the Pulumi CLI: `pulumi` on PATH, or built with `bash scripts/build-pulumi-cli.sh` (found in its
 * cache automatically), or PULUMI_CLI_BIN_DIR. Nothing leaves the machine: no Pulumi Cloud, no Microsoft endpoint.
 */
import { execFileSync, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator";

const REPO = path.resolve(__dirname, "..", "..");
const STACK = "demo";
const PARTNER = "9c3a1f3e-1b4d-4f7a-9e51-6a0d3c1b2e77";

function say(text: string): void {
    process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
}

function findCli(): { binDir: string; source: string } {
    const candidates: { dir: string; source: string }[] = [];
    if (process.env.PULUMI_CLI_BIN_DIR) candidates.push({ dir: process.env.PULUMI_CLI_BIN_DIR, source: "PULUMI_CLI_BIN_DIR" });
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        if (dir && fs.existsSync(path.join(dir, "pulumi"))) {
            candidates.push({ dir, source: "PATH" });
            break;
        }
    }
    try {
        const dir = execFileSync("bash", [path.join(REPO, "scripts", "build-pulumi-cli.sh"), "--check"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        }).trim();
        if (dir) candidates.push({ dir, source: "scripts/build-pulumi-cli.sh cache" });
    } catch {
        // not built
    }
    for (const c of candidates) {
        try {
            execFileSync(path.join(c.dir, "pulumi"), ["version"], { stdio: "ignore", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" } });
            return { binDir: c.dir, source: c.source };
        } catch {
            // not usable
        }
    }
    throw new Error(
        "The demo needs the Pulumi CLI. Install it (https://www.pulumi.com/docs/install/) and put it on PATH, or, on a " +
            "machine with Go, build it from its Go modules with `bash scripts/build-pulumi-cli.sh` (a few minutes once, " +
            "then cached; the demo finds it there).",
    );
}

function adminCall(base: string, ca: string, method: string, p: string, body?: unknown, token?: string): Promise<unknown> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
        const req = https.request(new URL(p, base), {
            method,
            ca,
            headers: {
                ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}),
                ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
        }, (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (d: string) => (text += d)).on("end", () => {
                if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${p} -> ${res.statusCode}: ${text}`));
                else resolve(text ? JSON.parse(text) : undefined);
            });
        });
        req.on("error", reject);
        if (data) req.write(data);
        req.end();
    });
}

async function main(): Promise<void> {
    const cli = findCli();
    const pulumi = path.join(cli.binDir, "pulumi");
    const version = execFileSync(pulumi, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" } }).trim();
    say(`Pulumi CLI ${version} (${cli.source}: ${cli.binDir})`);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "entra-demo-"));
    const configFile = path.join(tmp, `Pulumi.${STACK}.yaml`);
    const pathParts = [cli.binDir, ...(process.env.PATH ?? "").split(path.delimiter)];
    if (!fs.existsSync(path.join(cli.binDir, "pulumi-resource-pulumi-nodejs"))) {
        pathParts.push(path.join(REPO, "node_modules", "@pulumi", "pulumi"));
    }
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(ARM_|AZURE_|ENTRA_|PULUMI_)/.test(k)) env[k] = v;
    Object.assign(env, {
        PATH: pathParts.join(path.delimiter),
        PULUMI_HOME: path.join(tmp, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(16).toString("hex"),
        PULUMI_SKIP_UPDATE_CHECK: "1",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    });
    fs.mkdirSync(path.join(tmp, "backend"));

    /** Runs pulumi in the repository root (the root Pulumi.yaml), showing its output. */
    const run = (args: string[], opts: { input?: string; quiet?: boolean; config?: boolean } = {}): Promise<string> =>
        new Promise((resolve, reject) => {
            const full = [...args, "--stack", STACK, "--non-interactive"];
            if (opts.config !== false) full.push("--config-file", configFile);
            if (!opts.quiet) process.stdout.write(`\n$ pulumi ${args.join(" ")}\n`);
            const child = spawn(pulumi, full, { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] });
            let out = "";
            const onData = (d: Buffer) => {
                out += d.toString();
                if (!opts.quiet) process.stdout.write(d);
            };
            child.stdout.on("data", onData);
            child.stderr.on("data", onData);
            child.stdin.end(opts.input ?? "");
            child.on("error", reject);
            child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`pulumi ${args.join(" ")} failed (exit ${code})\n${opts.quiet ? out : ""}`))));
        });

    say("Starting the Graph emulator (HTTPS, local CA) with one partner configuration");
    const emu = await startEmulator({
        port: 0,
        dataDir: path.join(tmp, "emulator"),
        dataFile: path.join(tmp, "emulator", "graph-state.json"),
        seed: { partners: [{ tenantId: PARTNER }] },
    });
    console.log(`Graph:      ${emu.url}/v1.0\nLogin:      ${emu.authorityHost}\nCA:         ${emu.caCertPath}\nData file:  ${emu.dataFile}\nPartner:    ${PARTNER}`);
    const admin = (method: string, p: string, body?: unknown, token?: string) => adminCall(emu.url, emu.caCertPem, method, p, body, token);
    const policyPath = `/v1.0/policies/crossTenantAccessPolicy/partners/${PARTNER}/identitySynchronization`;
    const showPolicy = async (title: string) => {
        const state = (await admin("GET", "/_emulator/state")) as { policies: unknown[] };
        say(title);
        console.log(JSON.stringify(state.policies, null, 2));
    };

    let stackCreated = false;
    try {
        say(`Creating stack "${STACK}" (local file backend in ${tmp}, passphrase secrets)`);
        await run(["stack", "init"], { config: false });
        stackCreated = true;
        // stack init writes Pulumi.demo.yaml next to Pulumi.yaml; keep the repository clean by moving it out.
        fs.renameSync(path.join(REPO, `Pulumi.${STACK}.yaml`), configFile);
        const config: Record<string, string> = {
            partnerTenantId: PARTNER,
            "entra:graphEndpoint": emu.url,
            "entra:authorityHost": emu.authorityHost,
            "entra:caCertPath": emu.caCertPath,
            "entra:tenantId": emu.defaults.tenantId,
            "entra:clientId": emu.defaults.readWrite.clientId,
        };
        for (const [k, v] of Object.entries(config)) await run(["config", "set", k, v], { quiet: true });
        await run(["config", "set", "--secret", "entra:clientSecret"], { input: emu.defaults.readWrite.clientSecret, quiet: true });
        await run(["config"]);

        say("pulumi up: create the identity sync policy");
        await run(["up", "--yes"]);
        say("Stack outputs");
        console.log((await run(["stack", "output", "--json"], { quiet: true, config: false })).trim());
        await showPolicy("The policy in the emulator (GET /_emulator/state)");

        say("Someone turns user sync off in the Entra portal (a direct Graph PATCH)");
        const { access_token } = (await admin("POST", "/_emulator/tokens", { app: "readWrite" })) as { access_token: string };
        await admin("PATCH", policyPath, { userSyncInbound: { isSyncAllowed: false }, displayName: "Changed in the portal" }, access_token);
        await showPolicy("The policy in the emulator now");

        say("pulumi refresh: Pulumi detects the drift");
        await run(["refresh", "--yes", "--diff"]);
        say("pulumi preview: the next up would restore the program's values");
        await run(["preview", "--diff"]);

        say("pulumi destroy: delete the policy (the partner configuration stays)");
        await run(["destroy", "--yes"]);
        await showPolicy("Policies left in the emulator");
    } finally {
        say("Cleaning up");
        if (stackCreated) await run(["stack", "rm", "--yes", "--force"], { quiet: true, config: false }).catch(() => undefined);
        fs.rmSync(path.join(REPO, `Pulumi.${STACK}.yaml`), { force: true });
        await emu.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
        console.log("Stopped the emulator, removed the stack and the temporary directory.");
    }
}

main().catch((e: Error) => {
    console.error(`\ndemo failed: ${e.message}`);
    process.exitCode = 1;
});
