// One Pulumi stack against one emulator per end-to-end suite: the CLI (the suite fails with build instructions
// when there is none; it never skips), the emulator, its admin client and a workspace whose stack points at the
// emulator (`entra:*` settings, the client secret as a secret), set up before the suite and removed after it.
import { startEmulator, RunningEmulator } from "../../emulator";
import type { EmulatorOptions } from "../../emulator";
import { EmulatorAdmin } from "../../testkit/emulatorAdmin";
import { entraConfig, entraSecrets } from "../../testkit/entraConfig";
import { findPulumiCli, PulumiCli, PulumiWorkspace } from "../../testkit/pulumiCli";

export interface E2eStack {
  cli: PulumiCli;
  emu: RunningEmulator;
  admin: EmulatorAdmin;
  ws: PulumiWorkspace;
}

export interface E2eStackOptions {
  /** The Pulumi project (and program) name. */
  project: string;
  /** Emulator options (seed, settings); the port is always a free one. */
  emulator?: EmulatorOptions;
  /** Writes the program into the workspace (and seeds what must exist first); runs before `pulumi stack init`. */
  program(s: E2eStack): void | Promise<void>;
  /** Stack config besides the emulator's `entra:*` settings. */
  config?: Record<string, string>;
  /** Logs the suite's wall time as `<timed> e2e: N s` when it ends. */
  timed?: string;
}

/** Sets the stack up in `beforeAll` (handing it to `set`) and disposes of it and the emulator in `afterAll`. */
export function useE2eStack(options: E2eStackOptions, set: (s: E2eStack) => void): void {
  const started = Date.now();
  let emu: RunningEmulator | undefined;
  let ws: PulumiWorkspace | undefined;
  beforeAll(async () => {
    const cli = findPulumiCli();
    emu = await startEmulator({ ...options.emulator, port: 0 });
    const admin = new EmulatorAdmin(emu.url, emu.caCertPem);
    ws = new PulumiWorkspace(cli, { project: options.project });
    const s = { cli, emu, admin, ws };
    set(s);
    await options.program(s);
    await ws.init({ ...entraConfig(emu), ...options.config }, entraSecrets(emu));
  });
  afterAll(async () => {
    if (options.timed) console.log(`${options.timed} e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await ws?.dispose();
    await emu?.stop();
  });
}
