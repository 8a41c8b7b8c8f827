/**
 * The `StackRunner` on Pulumi's Automation API: the Pulumi CLI on PATH, in the program directory, with the
 * caller's environment (backend URL, passphrase or secrets provider, Azure credentials).
 */
import type * as Automation from "@pulumi/pulumi/automation";
import { RefreshEvent } from "./refreshEvents";
import { StackRunner } from "./stackRunner";

type AutomationModule = typeof Automation;

/**
 * Loaded here, when `drift` runs, and never at start-up: `check`, `export` and `provision` must work before a
 * program (and its @pulumi/pulumi) is installed, and loading the SDK costs about a second
 * (test/layering.test.ts holds both).
 */
function loadAutomation(): AutomationModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/automation") as AutomationModule;
  } catch (e) {
    throw new Error(
      `drift runs Pulumi through @pulumi/pulumi/automation, which could not be loaded (${(e as Error).message.split("\n")[0]}). Run it in the Pulumi program's directory after \`npm install\` (the program depends on @pulumi/pulumi).`,
      { cause: e },
    );
  }
}

export async function automationRunner(workDir: string, env: NodeJS.ProcessEnv): Promise<StackRunner> {
  const auto = loadAutomation();
  const envVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) envVars[k] = v;
  // A refresh preview refuses --yes, which PULUMI_SKIP_CONFIRMATIONS=true (common in CI) would add.
  envVars.PULUMI_SKIP_CONFIRMATIONS = "false";
  const ws = await auto.LocalWorkspace.create({ workDir, envVars });
  const stacks = new Map<string, Automation.Stack>();
  // a stack whose selection failed: its checks fail with the selection's error, the other stacks go on
  const unselectable = new Map<string, unknown>();
  let before: string | undefined;
  const stack = (name: string) => {
    const s = stacks.get(name);
    if (!s) throw unselectable.get(name) ?? new Error(`stack ${name} was not prepared`);
    return s;
  };
  return {
    project: async () => (await ws.projectSettings()).name,
    listStacks: async () => (await ws.listStacks()).map((s) => s.name),
    async prepare(names) {
      before = (await ws.stack())?.name;
      for (const name of names) {
        try {
          stacks.set(name, await auto.Stack.select(name, ws));
        } catch (e) {
          unselectable.set(name, e);
        }
      }
    },
    async refreshPreview(name) {
      const events: RefreshEvent[] = [];
      await stack(name).previewRefresh({ onEvent: (e) => events.push(e as RefreshEvent) });
      return events;
    },
    async up(name, urns) {
      const r = await stack(name).up({ refresh: true, target: [...urns] });
      const changes = Object.entries(r.summary.resourceChanges ?? {})
        .filter(([op]) => op !== "same")
        .map(([op, n]) => `${n} ${op}`);
      return changes.length ? changes.join(", ") : "no change";
    },
    async finish() {
      if (before) await ws.selectStack(before).catch(() => undefined);
    },
  };
}
