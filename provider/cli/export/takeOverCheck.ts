/**
 * Proof, before anything is written, that the first `pulumi up` of the program changes nothing: each generated
 * resource's arguments go through that resource's own check() (what `pulumi preview` runs) and are compared with
 * the Graph object the way its create compares on a 409 (take over when equal). Any difference is reported with
 * the partner and the setting, so a user never meets a surprise write or a failed preview.
 */
import type { ApiVersion } from "../../config/settings";
import {
  changedSettings,
  PARTNER_SETTINGS,
  partnerManagedNames,
  settingsFromGraph,
} from "../../resources/crossTenantSettings";
import { endpointsFromGraph, sameEndpoints } from "../../resources/crossTenantAccessPolicy/payload";
import { managedNames, remoteFromGraph as defaultFromGraph } from "../../resources/defaultConfiguration/payload";
import {
  describeDifferences as policyDifferences,
  remoteFromGraph as policyFromGraph,
} from "../../resources/identitySyncPolicy/payload";
import type { PolicyInputs } from "../../resources/identitySyncPolicy/types";
import { crossTenantAccessPolicyHandler } from "../../resources/crossTenantAccessPolicy/handler";
import { defaultConfigurationHandler } from "../../resources/defaultConfiguration/handler";
import { identitySyncPolicyHandler } from "../../resources/identitySyncPolicy/handler";
import { partnerConfigurationHandler } from "../../resources/partnerConfiguration/handler";
import type { AccessPolicyEntry, PartnerEntry, DefaultEntry } from "./codegen/program";
import type { GraphObject } from "./readTenant";
import type { Bag, ResourceHandler } from "../../resources/handler";

function failuresOf(
  handler: ResourceHandler,
  args: object,
  apiVersion: ApiVersion,
): { inputs: Bag; problems: string[] } {
  const { inputs, failures } = handler.check({ ...(args as Bag) }, apiVersion);
  return { inputs, problems: failures.map((f) => `check: ${f.reason}`) };
}

/** Why the partner (and its sync policy) would not be taken over unchanged; empty = it will be. */
export function partnerTakeOverProblems(entry: PartnerEntry, graph: GraphObject, apiVersion: ApiVersion): string[] {
  const problems: string[] = [];
  const partner = failuresOf(partnerConfigurationHandler, entry.args, apiVersion);
  problems.push(...partner.problems);
  if (partner.problems.length === 0) {
    const changed = changedSettings(
      partner.inputs,
      settingsFromGraph(graph, PARTNER_SETTINGS) as Bag,
      partnerManagedNames(partner.inputs),
    );
    if (changed.length) problems.push(`differs from Graph after check(): ${changed.join(", ")}`);
  }
  if (entry.syncPolicy) {
    const policy = failuresOf(identitySyncPolicyHandler, entry.syncPolicy, apiVersion);
    problems.push(...policy.problems.map((p) => `identity sync policy ${p}`));
    if (policy.problems.length === 0) {
      const differences = policyDifferences(
        policy.inputs as unknown as PolicyInputs,
        policyFromGraph(graph.identitySynchronization as Bag),
      );
      if (differences.length) problems.push(`identity sync policy differs from Graph: ${differences.join("; ")}`);
    }
  }
  return problems;
}

export function defaultTakeOverProblems(entry: DefaultEntry, graph: GraphObject, apiVersion: ApiVersion): string[] {
  const d = failuresOf(defaultConfigurationHandler, entry.args, apiVersion);
  if (d.problems.length) return d.problems;
  const changed = changedSettings(d.inputs, defaultFromGraph(graph).settings, managedNames(d.inputs));
  return changed.length ? [`differs from Graph after check(): ${changed.join(", ")}`] : [];
}

export function accessPolicyTakeOverProblems(
  entry: AccessPolicyEntry,
  graph: GraphObject,
  apiVersion: ApiVersion,
): string[] {
  const p = failuresOf(crossTenantAccessPolicyHandler, entry.args, apiVersion);
  if (p.problems.length) return p.problems;
  return sameEndpoints(p.inputs.allowedCloudEndpoints, endpointsFromGraph(graph))
    ? []
    : ["differs from Graph after check(): allowedCloudEndpoints"];
}
