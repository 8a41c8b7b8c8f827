// One owner per Graph object, end to end with the real Pulumi CLI against the emulator:
// - two resources for the same partner's policy (same letter case, or another case through an Output known at
//   preview), or two default configurations, fail `pulumi preview` naming both, with no Graph or token request, and
//   nothing reaches state;
// - a tenant ID unknown at preview is checked during `up`, before the duplicate is registered: no second PUT, no 409;
// - an `up` that takes over an existing policy prints a warning naming the policy and the resource;
// - `retainOnDelete: true` (the README's advice for adopted objects) leaves the policy in Entra on destroy.
import { EmulatorAdmin, LoggedRequest } from "../../testkit/emulatorAdmin";
import { partnerTenant } from "../../testkit/tenantIds";
import { policyPath } from "../../testkit/graphPaths";
import { PulumiWorkspace } from "../../testkit/pulumiCli";
import { useE2eStack } from "../helpers/e2eSuite";

const TYPE = "CrossTenantIdentitySyncPolicyPartner";
const A = partnerTenant(0xa, "0a0e0a0e");
const B = partnerTenant(0xb, "0a0e0a0e");
const C = partnerTenant(0xc, "0a0e0a0e");

let admin: EmulatorAdmin;
let ws: PulumiWorkspace;

/** A program of policies; each entry's tenantId is a JavaScript expression. */
function program(entries: { name: string; tenantId: string; displayName?: string; opts?: string }[]): void {
  const lines = entries.map(
    (e) =>
      `byName[${JSON.stringify(e.name)}] = new CrossTenantIdentitySyncPolicyPartner(${JSON.stringify(e.name)}, { tenantId: ${e.tenantId}, ` +
      `displayName: ${JSON.stringify(e.displayName ?? "Owned")}, userSyncInbound: { isSyncAllowed: true } }${e.opts ? `, ${e.opts}` : ""});`,
  );
  ws.writeProgram(
    "ownership",
    `"use strict";
const pulumi = require("@pulumi/pulumi");
const { CrossTenantIdentitySyncPolicyPartner } = require("pulumi-entra-cross-tenant");
const byName = {};
${lines.join("\n")}
`,
  );
}

/** Every request the emulator saw after `mark` except the MSAL metadata documents. */
async function requestsSince(mark: number): Promise<LoggedRequest[]> {
  return (await admin.requests(mark)).filter((r) => r.kind !== "discovery");
}

const lit = (s: string) => JSON.stringify(s);

useE2eStack(
  {
    project: "ownership",
    emulator: {
      seed: {
        partners: [A, B, C].map((tenantId) => ({ tenantId })),
        // an existing policy, equal to what the program declares for C: taken over on create
        policies: [{ tenantId: C, displayName: "Owned", userSyncInbound: { isSyncAllowed: true } }],
      },
    },
    program: () => program([]),
  },
  (s) => ({ admin, ws } = s),
);

/** The preview fails, names both resources and the policy, and sends nothing to Graph or the token endpoint. */
async function expectDuplicateRejected(first: string, second: string): Promise<void> {
  const mark = await admin.lastSeq();
  const r = await ws.preview([], { allowFailure: true });
  expect(r.code).not.toBe(0);
  expect(r.output).toContain(
    `${TYPE} "${second}" and ${TYPE} "${first}" both manage the identity sync policy of partner tenant ${A}`,
  );
  expect(r.output).not.toMatch(/\n\s+at .*\.(js|ts):\d+/); // no stack trace
  expect(r.output).toContain(`resource '${second}' has a problem: ${TYPE} "${second}" and`); // a check failure of the duplicate
  expect(r.output).not.toContain("error serializing property");
  expect(await requestsSince(mark)).toEqual([]);
  expect(await ws.resources(TYPE)).toEqual([]);
}

test("two resources with the same tenantId fail preview naming both, with no Graph call", async () => {
  program([
    { name: "original", tenantId: lit(A) },
    { name: "duplicate", tenantId: lit(A) },
  ]);
  await expectDuplicateRejected("original", "duplicate");
});

test("the same tenantId in another letter case, given as an Output known at preview, fails the same way", async () => {
  program([
    { name: "original", tenantId: lit(A) },
    { name: "shouting", tenantId: `pulumi.output(${lit(A.toUpperCase())})` },
  ]);
  await expectDuplicateRejected("original", "shouting");
});

test("a second default configuration fails preview naming both, with no Graph call", async () => {
  ws.writeProgram(
    "ownership",
    `"use strict";
const { CrossTenantAccessPolicyConfigurationDefault } = require("pulumi-entra-cross-tenant");
new CrossTenantAccessPolicyConfigurationDefault("tenant-defaults", { inboundTrust: { isMfaAccepted: true } });
new CrossTenantAccessPolicyConfigurationDefault("more-defaults", {});
`,
  );
  const mark = await admin.lastSeq();
  const r = await ws.preview([], { allowFailure: true });
  expect(r.code).not.toBe(0);
  expect(r.output).toContain(
    'CrossTenantAccessPolicyConfigurationDefault "more-defaults" and CrossTenantAccessPolicyConfigurationDefault "tenant-defaults" both manage the default cross-tenant access configuration',
  );
  expect(await requestsSince(mark)).toEqual([]);
  expect(await ws.resources("CrossTenantAccessPolicyConfigurationDefault")).toEqual([]);
});

test("a tenantId unknown at preview passes preview and fails up before the duplicate's PUT", async () => {
  // `adopted` is computed by create, so during the preview of a new stack it is unknown.
  program([
    { name: "original", tenantId: lit(A) },
    { name: "other", tenantId: lit(B) },
    { name: "late-duplicate", tenantId: `byName["other"].adopted.apply(() => ${lit(A.toUpperCase())})` },
  ]);
  const mark = await admin.lastSeq();
  const preview = await ws.preview();
  expect(preview.output).toMatch(/late-duplicate\s+create/);
  expect(await requestsSince(mark)).toEqual([]);

  const up = await ws.up([], { allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.output).toContain(
    `${TYPE} "late-duplicate" and ${TYPE} "original" both manage the identity sync policy of partner tenant ${A}`,
  );
  const graph = (await admin.graphCalls(mark)).filter((c) => c.method !== "GET");
  expect(graph.filter((c) => c.path.endsWith(policyPath(A))).map((c) => `${c.method} ${c.status}`)).toEqual([
    "PUT 204",
  ]);
  expect(graph.filter((c) => c.status === 409)).toEqual([]);
  expect((await ws.resources(TYPE)).map((r) => r.urn.split("::").pop()).sort()).toEqual(["original", "other"]);
});

test("up that takes over an existing policy prints a warning naming the policy and the resource", async () => {
  program([
    { name: "original", tenantId: lit(A) },
    { name: "other", tenantId: lit(B) },
    { name: "inherited", tenantId: lit(C) },
  ]);
  const mark = await admin.lastSeq();
  const up = await ws.up();
  expect(up.output).toMatch(
    new RegExp(
      `warning: ${TYPE} "inherited" took over the identity sync policy of partner tenant ${C}\\b.*retainOnDelete: true`,
    ),
  );
  // only the adopted resource warns
  expect(up.output).not.toMatch(/"original" took over|"other" took over/);
  const calls = await admin.graphCalls(mark);
  expect(calls.filter((c) => c.path.endsWith(policyPath(C))).map((c) => `${c.method} ${c.status}`)).toEqual([
    "PUT 409",
    "GET 200",
  ]);
  const inherited = (await ws.resources(TYPE)).find((r) => r.urn.endsWith("::inherited"));
  expect(inherited?.outputs?.adopted).toBe(true);
  // A preview does not warn (nothing is taken over by a preview).
  const preview = await ws.preview(["--expect-no-changes"]);
  expect(preview.output).not.toContain("took over");
  // Only the run that took the object over warns: a later up of the same program (state holds adopted: true)
  // stays quiet, so an exported program does not print a warning per resource forever.
  const again = await ws.up();
  expect(again.output).not.toContain("took over");
  expect((await ws.resources(TYPE)).find((r) => r.urn.endsWith("::inherited"))?.outputs?.adopted).toBe(true);
});

test("retainOnDelete: true leaves the adopted policy in Entra on destroy; the others are deleted", async () => {
  program([
    { name: "original", tenantId: lit(A) },
    { name: "other", tenantId: lit(B) },
    { name: "inherited", tenantId: lit(C), opts: "{ retainOnDelete: true }" },
  ]);
  await ws.up();
  const mark = await admin.lastSeq();
  await ws.destroy();
  const deletes = (await admin.graphCalls(mark)).filter((c) => c.method === "DELETE").map((c) => c.path);
  expect(deletes.sort()).toEqual([`/v1.0${policyPath(A)}`, `/v1.0${policyPath(B)}`].sort());
  expect((await admin.policies()).map((p) => p.tenantId)).toEqual([C]);
  expect(await ws.resources(TYPE)).toEqual([]);
});
