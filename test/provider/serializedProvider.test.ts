/**
 * The serialized provider (`__provider`, stored twice per resource in state) of a program with many resources,
 * rendered with the real closure serializer under pulumi.runtime.setMocks. It must be small, identical for every
 * resource, independent of the package's internals, free of secrets, and loadable + runnable by the host.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
const requireFromString: (
  code: string,
  filename?: string,
) => { handler(): pulumi.dynamic.ResourceProvider } = require("require-from-string");
import { configFromMap } from "../../provider/host/runtime";
import { LEGACY_TYPE_NAME, providerFor } from "../../provider/program/providerFor";
import { legacyTypeName, resourceHandlers } from "../../provider/host/registry";
import { emulatorConfig, partnerId, startTestEmulator, TestEmulator } from "./harness";

const SECRET = "planted-secret-6f1c2a9e";
const FIXTURE = path.join(__dirname, "fixtures", "serialized-provider.txt");
const N = 200;

interface Captured {
  type: string;
  inputs: Record<string, unknown>;
}

const captured: Captured[] = [];
let text: string;

beforeAll(async () => {
  process.env.ARM_CLIENT_SECRET = SECRET;
  process.env.AZURE_CLIENT_SECRET = SECRET;
  pulumi.runtime.setAllConfig(
    { "entra:clientSecret": SECRET, "azuread:clientSecret": SECRET, "project:other": SECRET },
    ["entra:clientSecret", "azuread:clientSecret"],
  );
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        captured.push({ type: args.type, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
  // The published entry point, as a user's program imports it.
  const { CrossTenantIdentitySyncPolicyPartner } =
    require("pulumi-entra-cross-tenant") as typeof import("../../provider");
  const cfg = new pulumi.Config("entra");
  const resources = Array.from(
    { length: N },
    (_, i) =>
      new CrossTenantIdentitySyncPolicyPartner(`partner-${i}`, {
        tenantId: partnerId(),
        displayName: cfg.getSecret("clientSecret")!.apply(() => `Partner ${i}`),
        userSyncInbound: { isSyncAllowed: i % 2 === 0 },
      }),
  );
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  text = captured[0].inputs.__provider as string;
});

afterAll(() => {
  delete process.env.ARM_CLIENT_SECRET;
  delete process.env.AZURE_CLIENT_SECRET;
});

describe("serialized provider", () => {
  it("is registered once per resource under the documented type token", () => {
    expect(captured).toHaveLength(N);
    expect(new Set(captured.map((c) => c.type))).toEqual(
      new Set(["pulumi-nodejs:dynamic/entra:CrossTenantIdentitySyncPolicyPartner"]),
    );
  });

  it("is a plain string (not secret), identical for every resource, and at most 2,500 bytes per copy", () => {
    expect(typeof text).toBe("string");
    for (const c of captured) expect(c.inputs.__provider).toBe(text);
    const bytes = Buffer.byteLength(text, "utf8");
    expect(bytes).toBeLessThanOrEqual(2500);
    console.log(`__provider: ${bytes} bytes per copy, ${2 * bytes * N} bytes for ${N} resources (two copies each)`);
  });

  it("contains no secret from config or the environment", () => {
    expect(text).not.toContain(SECRET);
    expect(JSON.stringify(captured.map((c) => c.inputs.__provider))).not.toContain(SECRET);
  });

  it("only delegates to the runtime by package name, so it does not depend on the package's internals", () => {
    const requires = [...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['"pulumi-entra-cross-tenant/runtime"']));
    expect(text).not.toMatch(/axios|@azure|dist\/|provider\/|graph|token/i);
    // Pinned: a change here rewrites every resource's stored provider text; make it deliberately.
    if (process.env.UPDATE_FIXTURES === "1") fs.writeFileSync(FIXTURE, text);
    expect(text).toBe(fs.readFileSync(FIXTURE, "utf8"));
  });

  describe("loads with require-from-string and runs against the emulator, as the host does", () => {
    let t: TestEmulator;
    beforeAll(async () => {
      t = await startTestEmulator();
    });
    afterAll(async () => {
      await t.stop();
    });

    it("configure, check, create, diff, read, update, delete", async () => {
      const provider = requireFromString(text, "").handler();
      await provider.configure!({ config: configFromMap(emulatorConfig(t)) });
      const id = partnerId();
      await t.admin.seed({ partners: [{ tenantId: id }] });
      const checked = await provider.check!(
        {},
        { tenantId: id, displayName: "Fabrikam", userSyncInbound: { isSyncAllowed: true }, __provider: text },
      );
      expect(checked.failures).toEqual([]);
      const created = await provider.create(checked.inputs);
      expect(created.id).toBe(id);
      expect((await provider.diff!(id, created.outs, checked.inputs)).changes).toBe(false);
      expect((await provider.read!(id, created.outs)).props).toEqual(created.outs);
      const updated = await provider.update!(id, created.outs, { ...checked.inputs, displayName: "Fabrikam Ltd" });
      expect(updated.outs).toMatchObject({ displayName: "Fabrikam Ltd" });
      await provider.delete!(id, updated.outs);
      expect(await provider.read!(id, updated.outs)).toEqual({ id: "" });
    });
  });
});

describe("providerFor", () => {
  it("knows the legacy type the runtime's top-level exports serve", () => {
    expect(LEGACY_TYPE_NAME).toBe(legacyTypeName);
  });

  it("has a provider module (the module-reference form) for every registered resource type", () => {
    const modules = fs
      .readdirSync(path.join(__dirname, "..", "..", "provider", "host", "providers"))
      .map((f) => f.replace(/\.ts$/, ""));
    for (const type of resourceHandlers.keys()) expect(modules).toContain(type);
  });

  it("is one object per type, and the stub outside node_modules (this repository, sources under ts-jest)", () => {
    expect(providerFor(LEGACY_TYPE_NAME)).toBe(providerFor(LEGACY_TYPE_NAME));
    expect(providerFor("SomeType")).toBe(providerFor("SomeType"));
    expect(providerFor("SomeType")).not.toBe(providerFor("OtherType"));
    expect(providerFor(LEGACY_TYPE_NAME)).toBe(require("../../provider/program/serializedProvider").serializedProvider);
  });
});
