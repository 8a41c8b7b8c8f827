/**
 * What `drift` asks of Pulumi, behind an interface so the command and its reports are tested without the CLI.
 * `automationRunner.ts` implements it with the Automation API.
 */
import { RefreshEvent } from "./refreshEvents";

export interface StackRunner {
  /** The Pulumi project's name (Pulumi.yaml). */
  project(): Promise<string>;
  /** The program's stacks in the current backend. */
  listStacks(): Promise<string[]>;
  /**
   * Makes the stacks usable by the operations below. Serial: the Automation API selects each stack once, and
   * selection writes one workspace file (pulumi/pulumi#8186).
   */
  prepare(stacks: readonly string[]): Promise<void>;
  /** A refresh preview (`pulumi refresh --preview-only`): no state written. Throws with the CLI's message. */
  refreshPreview(stack: string): Promise<RefreshEvent[]>;
  /** `pulumi up --refresh` limited to `urns`; resolves to what changed. Throws with the CLI's message. */
  up(stack: string, urns: readonly string[]): Promise<string>;
  /** Puts back the stack that was selected before. */
  finish(): Promise<void>;
}
