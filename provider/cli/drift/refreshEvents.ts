/**
 * Turns the engine events of a refresh preview into the report's objects. A refresh step's `old` is the state the
 * last `up` wrote, its `new` what the provider's read got from Graph; both carry the resource's inputs (read
 * returns the object in the program's terms), which is what the program declares. The engine masks secrets in
 * events (`[secret]`), and the hidden inputs (`__provider`, `__ownership`) are never compared.
 */
import { ObjectReport, SettingDrift } from "./report";
import {
  isOwnType,
  objectTitle,
  ownerName,
  resourceName,
  SECRET,
  settingLabel,
  settingSentence,
  shortType,
} from "./words";

/** The part of an engine event (`@pulumi/pulumi/automation` EngineEvent) that drift reads. */
export interface RefreshEvent {
  resOutputsEvent?: { metadata: StepMetadata };
  resourcePreEvent?: { metadata: StepMetadata };
  diagnosticEvent?: { message: string; severity: string; urn?: string };
}

export interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  old?: { id?: string; inputs?: Record<string, unknown> };
  new?: { id?: string; inputs?: Record<string, unknown> };
}

/** Leaves of a plain value by dotted path; arrays are leaves (Graph's lists compare whole). */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isSecretValue(value)) {
    out.set(prefix, SECRET);
  } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k.startsWith("__")) continue;
      leaves(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (prefix && value !== undefined && value !== null) {
    out.set(prefix, value);
  }
}

/** The engine's secret wrapper (`{"4dabf18193072939515e22adb298388d": …}`) or its mask. */
function isSecretValue(value: unknown): boolean {
  return (
    value === SECRET ||
    (value !== null && typeof value === "object" && "4dabf18193072939515e22adb298388d" in (value as object))
  );
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    // Graph returns sets (targets, endpoints) in its own order; the resources compare them as sets too.
    const key = (v: unknown) => JSON.stringify(v);
    return a.length === b.length && [...a].map(key).sort().join("\n") === [...b].map(key).sort().join("\n");
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The settings that differ, leaf by leaf, in path order. */
export function settingDiffs(
  type: string,
  owner: string,
  program: Record<string, unknown>,
  tenant: Record<string, unknown>,
): SettingDrift[] {
  const p = new Map<string, unknown>();
  const t = new Map<string, unknown>();
  leaves(program, "", p);
  leaves(tenant, "", t);
  const paths = [...new Set([...p.keys(), ...t.keys()])].sort();
  const out: SettingDrift[] = [];
  for (const path of paths) {
    const a = p.get(path);
    const b = t.get(path);
    // a secret is compared by the engine, not here: its mask is all we see on both sides
    if (a === SECRET || b === SECRET || same(a, b)) continue;
    const label = settingLabel(type, path);
    out.push({
      path,
      label,
      ...(a === undefined ? {} : { program: a }),
      ...(b === undefined ? {} : { tenant: b }),
      sentence: settingSentence(owner, label, a, b),
    });
  }
  return out;
}

/**
 * The package's objects of one stack from its refresh preview's events. Partner objects are named by their sync
 * policy's display name when the stack has one for that tenant.
 */
export function objectsFromEvents(events: readonly RefreshEvent[]): ObjectReport[] {
  const steps = new Map<string, StepMetadata>();
  for (const e of events) {
    const m = e.resOutputsEvent?.metadata ?? e.resourcePreEvent?.metadata;
    // the outputs event is the step's final word; a pre event stands in for a step that never finished
    if (m && isOwnType(m.type) && (e.resOutputsEvent || !steps.has(m.urn))) steps.set(m.urn, m);
  }
  const partnerNames = new Map<string, string>();
  for (const m of steps.values()) {
    const inputs = m.old?.inputs ?? {};
    if (
      shortType(m.type) === "CrossTenantIdentitySyncPolicyPartner" &&
      typeof inputs.tenantId === "string" &&
      typeof inputs.displayName === "string"
    )
      partnerNames.set(inputs.tenantId.toLowerCase(), inputs.displayName);
  }
  const objects: ObjectReport[] = [];
  for (const m of steps.values()) {
    const type = shortType(m.type);
    const name = resourceName(m.urn);
    const program = m.old?.inputs ?? {};
    const tenantId = typeof program.tenantId === "string" ? program.tenantId.toLowerCase() : undefined;
    const display =
      type === "CrossTenantSyncConfiguration" && typeof program.displayName === "string"
        ? program.displayName
        : tenantId
          ? partnerNames.get(tenantId)
          : undefined;
    const owner = ownerName(type, name, display);
    const title = objectTitle(type, name, display);
    const base = { urn: m.urn, type, name, title };
    if (m.op === "delete" || !m.new || !m.new.id) {
      objects.push({
        ...base,
        status: "deleted",
        settings: [
          {
            path: "",
            label: "object",
            sentence: `${title}: deleted in the tenant (the program declares it; \`--fix\` creates it again)`,
          },
        ],
      });
      continue;
    }
    const settings = settingDiffs(type, owner, program, m.new.inputs ?? {});
    objects.push({ ...base, status: settings.length ? "drifted" : "clean", settings });
  }
  return objects.sort((a, b) => a.title.localeCompare(b.title) || a.urn.localeCompare(b.urn));
}
