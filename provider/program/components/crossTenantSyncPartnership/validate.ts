/**
 * Checks of a partnership's arguments in the program, before any child is declared: each failure is a
 * `pulumi.RunError` (the CLI prints the message alone) naming the component, the argument and the fix, so a
 * mistake fails `pulumi preview` with no Graph call. Only plain values are checked here; values that are Outputs
 * are checked by the child resources' own `check` (or, for `reverseOf`, when they resolve: see mirror.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { GUID } from "../../../resources/shared/checks";
import type { CrossTenantSyncPartnershipArgs, PartnershipTenantArgs } from "./args";

export const COMPONENT = "CrossTenantSyncPartnership";

type Side = "source" | "target";

/** A plain value (not an Output or a Promise), usable synchronously. */
export function isPlain<T>(v: pulumi.Input<T> | undefined): v is T | undefined {
  return !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

export function sameTenant(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** How the credentials of a side are named in messages. */
export function describeConnection(connection: string | undefined): string {
  return connection ? `connection "${connection}"` : "the top-level entra:* settings";
}

function fail(name: string, message: string): never {
  throw new pulumi.RunError(`${COMPONENT} "${name}": ${message}`);
}

function checkSide(name: string, side: Side, value: PartnershipTenantArgs | undefined): PartnershipTenantArgs {
  if (typeof value !== "object" || value === null) {
    fail(
      name,
      `${side} is required: { tenantId: "<${side} tenant GUID>", connection?: "<name under entra:connections>" }.`,
    );
  }
  const tenantId = value.tenantId;
  if (tenantId === undefined || tenantId === null)
    fail(name, `${side}.tenantId is required (the ${side} tenant's ID, a GUID).`);
  if (isPlain(tenantId) && (typeof tenantId !== "string" || !GUID.test(tenantId.trim()))) {
    fail(
      name,
      `${side}.tenantId must be a tenant ID as a GUID like "90e29127-71ad-49c7-9ce8-db3f41ea06f1", got ${JSON.stringify(tenantId)}.`,
    );
  }
  const connection = value.connection;
  if (isPlain(connection) && connection !== undefined && (typeof connection !== "string" || connection.trim() === "")) {
    fail(
      name,
      `${side}.connection must be the name of a connection under entra:connections, got ${JSON.stringify(connection)}.`,
    );
  }
  const settings = value.partnerSettings as Record<string, unknown> | undefined;
  if (settings && "automaticUserConsentSettings" in settings) {
    fail(
      name,
      `${side}.partnerSettings.automaticUserConsentSettings is set by the component (the consent the relationship needs); remove it.`,
    );
  }
  for (const key of ["tenantId", "connection", "adoptExisting"]) {
    if (settings && key in settings)
      fail(
        name,
        `${side}.partnerSettings.${key} is not a setting: use ${key === "adoptExisting" ? "adoptExisting" : `${side}.${key}`} instead.`,
      );
  }
  return value;
}

/** The tenant ID stack config gives a connection (its own, else the top-level one), when it is a GUID. */
function configuredTenant(connection: string | undefined): string | undefined {
  const entra = new pulumi.Config("entra");
  let tenantId: unknown;
  if (connection) {
    let all: unknown;
    try {
      all = entra.getObject<Record<string, unknown>>("connections");
    } catch {
      return undefined; // the provider's check reports a malformed entra:connections
    }
    const own = typeof all === "object" && all !== null ? (all as Record<string, unknown>)[connection] : undefined;
    if (typeof own !== "object" || own === null) return undefined; // unknown connection: the resources' check names it
    tenantId = (own as Record<string, unknown>).tenantId;
  }
  tenantId ??= entra.get("tenantId") ?? new pulumi.Config("azuread").get("tenantId");
  return typeof tenantId === "string" && GUID.test(tenantId.trim()) ? tenantId.trim().toLowerCase() : undefined;
}

/** A side whose credentials sign in to another tenant would write its objects into the wrong directory. */
function checkConnectionTenant(name: string, side: Side, value: PartnershipTenantArgs): void {
  const { tenantId, connection } = value;
  if (!isPlain(tenantId) || !isPlain(connection) || typeof tenantId !== "string") return;
  const configured = configuredTenant(connection);
  if (configured === undefined || sameTenant(configured, tenantId)) return;
  const where = connection ? `entra:connections.${connection}.tenantId (or entra:tenantId)` : "entra:tenantId";
  fail(
    name,
    `${side}.tenantId is ${tenantId.trim().toLowerCase()}, but the credentials of ${describeConnection(connection)} are for tenant ${configured} (${where}), ` +
      `so the ${side}'s objects would be written into another tenant. Give the ${side} the connection of its own tenant, or correct one of the two tenant IDs.`,
  );
}

/** Validates the arguments; returns the two sides. */
export function validateArgs(
  name: string,
  args: CrossTenantSyncPartnershipArgs | undefined,
): { source: PartnershipTenantArgs; target: PartnershipTenantArgs } {
  if (typeof args !== "object" || args === null)
    fail(name, "arguments are required: { source: { tenantId, connection? }, target: { tenantId, connection? } }.");
  const source = checkSide(name, "source", args.source);
  const target = checkSide(name, "target", args.target);

  if (
    isPlain(source.tenantId) &&
    isPlain(target.tenantId) &&
    sameTenant(source.tenantId as string, target.tenantId as string)
  ) {
    fail(
      name,
      `source.tenantId and target.tenantId are the same tenant (${String(source.tenantId).trim().toLowerCase()}); a tenant cannot synchronize into itself.`,
    );
  }
  if (
    isPlain(source.connection) &&
    isPlain(target.connection) &&
    (source.connection ?? "") === (target.connection ?? "")
  ) {
    fail(
      name,
      `source and target both use ${describeConnection(source.connection)}, so both sides would be written into one tenant. ` +
        `Give each side the connection of its own tenant, e.g. \`pulumi config set --path 'entra:connections.source.tenantId' <source tenant>\` ` +
        `and \`source: { tenantId, connection: "source" }\` (likewise for the target).`,
    );
  }
  if (args.inboundTrust !== undefined && target.partnerSettings?.inboundTrust !== undefined) {
    fail(name, "inboundTrust and target.partnerSettings.inboundTrust are the same setting; give one of them.");
  }
  if (args.mutual !== undefined && typeof args.mutual !== "boolean")
    fail(name, `mutual must be true or false, got ${JSON.stringify(args.mutual)}.`);

  if (args.reverseOf !== undefined) {
    if (args.mutual)
      fail(
        name,
        "mutual and reverseOf exclude each other: mutual goes on the partnership that creates the partner configurations, reverseOf on the one that shares them.",
      );
    if (
      args.inboundTrust !== undefined ||
      source.partnerSettings !== undefined ||
      target.partnerSettings !== undefined
    ) {
      fail(
        name,
        "with reverseOf the partner configurations are the other partnership's, so their settings are declared there: " +
          "this partnership's target side is the other one's source side (its source.partnerSettings), and this source side is its target side (its target.partnerSettings, inboundTrust).",
      );
    }
  }
  checkConnectionTenant(name, "source", source);
  checkConnectionTenant(name, "target", target);
  return { source, target };
}
