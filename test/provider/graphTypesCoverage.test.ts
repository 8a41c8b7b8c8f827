/**
 * Microsoft's published types (`@microsoft/microsoft-graph-types` for v1.0, `-beta` for beta, pinned exactly in
 * package.json) against this package's resource arguments. Every property of Graph's four objects (partner
 * configuration, identity sync policy, default configuration, the cross-tenant access policy itself) must be an
 * argument of the matching resource or an exclusion below with its reason, so a property Microsoft adds shows up
 * here as a failing test, not as a user's bug report. Both sides are read from source with the TypeScript compiler
 * API: Graph's interfaces (with what they extend) from the packages' .d.ts, our arguments from the Args interfaces
 * the resource classes take (provider/program/resources/<kind>.ts). Newer properties the packages do not have yet
 * (m365CollaborationInbound, appServiceConnectInbound, blockServiceProviderOutboundAccess…) come from Microsoft's
 * current resource pages; the coverage here is one-way (ours may be a superset).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { DEVICE_FILTER_MODES } from "../../provider/resources/crossTenantSettings/schema";
import {
  FALLBACK_IDENTITY_PROVIDERS,
  INVITATION_REDEMPTION_KEYS,
  PRIMARY_IDENTITY_PROVIDERS,
} from "../../provider/resources/crossTenantSettings/types";
import { ALLOWED_CLOUD_ENDPOINTS } from "../../provider/resources/crossTenantAccessPolicy/types";

const REPO = path.resolve(__dirname, "..", "..");

interface Declarations {
  interfaces: Map<string, ts.InterfaceDeclaration>;
  aliases: Map<string, ts.TypeAliasDeclaration>;
}

/**
 * The top-level interfaces and type aliases of a file (the `microsoft.graph` namespace). Nested namespaces
 * (`security`, `callRecords`, …) reuse names such as `Entity` and are not ours to read.
 */
function parse(file: string): Declarations {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const out: Declarations = { interfaces: new Map(), aliases: new Map() };
  for (const node of source.statements) {
    if (ts.isInterfaceDeclaration(node)) out.interfaces.set(node.name.text, node);
    else if (ts.isTypeAliasDeclaration(node)) out.aliases.set(node.name.text, node);
  }
  return out;
}

/** The property names of an interface and of every interface it extends (in the same declarations). */
function propertiesOf(d: Declarations, name: string): Map<string, ts.PropertySignature> {
  const decl = d.interfaces.get(name);
  if (!decl) throw new Error(`interface ${name} not found`);
  const out = new Map<string, ts.PropertySignature>();
  for (const clause of decl.heritageClauses ?? []) {
    for (const t of clause.types) {
      if (ts.isIdentifier(t.expression)) for (const [k, v] of propertiesOf(d, t.expression.text)) out.set(k, v);
    }
  }
  for (const m of decl.members) {
    if (ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) out.set(m.name.text, m);
  }
  return out;
}

/** The string literals of a union type alias (`"allowed" | "blocked" | "unknownFutureValue"`). */
function literalsOf(d: Declarations, alias: string): string[] {
  const decl = d.aliases.get(alias);
  if (!decl) throw new Error(`type ${alias} not found`);
  const types: readonly ts.TypeNode[] = ts.isUnionTypeNode(decl.type) ? decl.type.types : [decl.type];
  return types.flatMap((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []));
}

/** The type name a property refers to, through NullableOption<…> and arrays. */
function referencedType(p: ts.PropertySignature): string | undefined {
  let t = p.type;
  while (t) {
    if (ts.isTypeReferenceNode(t)) {
      const name = ts.isIdentifier(t.typeName) ? t.typeName.text : t.typeName.right.text;
      if (name === "NullableOption" && t.typeArguments?.length) {
        t = t.typeArguments[0];
        continue;
      }
      return name;
    }
    if (ts.isArrayTypeNode(t)) {
      t = t.elementType;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** Our arguments: the Args interfaces of provider/program/resources/<kind>.ts, as the resource classes take them. */
function ourArgs(): Declarations {
  const merged: Declarations = { interfaces: new Map(), aliases: new Map() };
  const dir = path.join(REPO, "provider", "program", "resources");
  for (const kind of fs.readdirSync(dir)) {
    const file = path.join(dir, kind);
    if (!file.endsWith(".ts")) continue;
    const d = parse(file);
    for (const [k, v] of d.interfaces) merged.interfaces.set(k, v);
  }
  return merged;
}

function graphTypes(pkg: string): Declarations {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    types?: string;
    typings?: string;
    version: string;
  };
  return parse(path.join(dir, manifest.types ?? manifest.typings ?? "index.d.ts"));
}

const READ_ONLY_DELETED =
  "read-only: set by the service when the object is deleted (policyDeletableItem; beta deleted items)";

/**
 * Graph properties that are deliberately not arguments, per Graph interface, with the reason. Read-only values the
 * resources report are outputs, not arguments.
 */
const EXCLUSIONS: Record<string, Record<string, string>> = {
  CrossTenantAccessPolicyConfigurationPartner: {
    isServiceProvider:
      "writable with delegated (user) sign-in only: an app-only token gets 403; reported as the read-only output isServiceProvider",
    isInMultiTenantOrganization: "read-only: set by the multitenant organization service; reported as an output",
    identitySynchronization: "relationship: its own resource, CrossTenantIdentitySyncPolicyPartner",
    deletedDateTime: READ_ONLY_DELETED,
  },
  CrossTenantIdentitySyncPolicyPartner: {
    deletedDateTime: READ_ONLY_DELETED,
  },
  CrossTenantAccessPolicyConfigurationDefault: {
    id: "read-only key (entity id)",
    automaticUserConsentSettings:
      "read-only in the default configuration (always false; set per partner); reported as an output",
    isServiceDefault: "read-only: true while the configuration is Microsoft's system default; reported as an output",
  },
  CrossTenantAccessPolicy: {
    id: "read-only key (entity id)",
    deletedDateTime: "read-only (directoryObject)",
    displayName: "a label of the tenant's one policy object that changes no access; not managed",
    description: "not in Graph's update table (read-only in practice) and changes no access; not managed",
    default: "relationship: its own resource, CrossTenantAccessPolicyConfigurationDefault",
    partners: "relationship: one CrossTenantAccessPolicyConfigurationPartner per partner",
    templates:
      "relationship: multitenant organization templates (their APIs are global-only), not managed by this package",
    definition: 'deprecated in Graph ("Do not use"; beta tenantRelationshipAccessPolicyBase)',
  },
};

const OBJECTS: { graph: string; args: string }[] = [
  { graph: "CrossTenantAccessPolicyConfigurationPartner", args: "CrossTenantAccessPolicyConfigurationPartnerArgs" },
  { graph: "CrossTenantIdentitySyncPolicyPartner", args: "CrossTenantIdentitySyncPolicyPartnerArgs" },
  { graph: "CrossTenantAccessPolicyConfigurationDefault", args: "CrossTenantAccessPolicyConfigurationDefaultArgs" },
  { graph: "CrossTenantAccessPolicy", args: "CrossTenantAccessPolicyArgs" },
];

const PACKAGES = [
  { version: "v1.0", pkg: "@microsoft/microsoft-graph-types", pinned: /^2\.43\.\d+$/ },
  { version: "beta", pkg: "@microsoft/microsoft-graph-types-beta", pinned: /^0\.44\.\d+(-preview)?$/ },
];

const ours = ourArgs();
const graph = Object.fromEntries(PACKAGES.map((p) => [p.version, graphTypes(p.pkg)]));

describe("Microsoft's types packages are pinned exactly", () => {
  it.each(PACKAGES)("$pkg", ({ pkg, pinned }) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies[pkg]).toMatch(pinned);
  });
});

describe.each(PACKAGES)(
  "Graph $version ($pkg): every property is an argument or an exclusion with its reason",
  ({ version }) => {
    it.each(OBJECTS)("$graph → $args", ({ graph: graphName, args }) => {
      const graphProps = [...propertiesOf(graph[version], graphName).keys()];
      expect(graphProps.length).toBeGreaterThan(0);
      const argProps = new Set(propertiesOf(ours, args).keys());
      const excluded = EXCLUSIONS[graphName];
      const missing = graphProps.filter((p) => !argProps.has(p) && !(p in excluded));
      // Named in the failure: the property, so the fix (an argument, or an exclusion with its reason) is obvious.
      expect(missing.map((p) => `${graphName}.${p} (Graph ${version})`)).toEqual([]);
    });
  },
);

describe("the exclusion list stays honest", () => {
  it.each(OBJECTS)(
    "$graph: every exclusion exists in Graph's type (v1.0 or beta), has a reason, and is not an argument",
    ({ graph: graphName, args }) => {
      const inGraph = new Set(PACKAGES.flatMap((p) => [...propertiesOf(graph[p.version], graphName).keys()]));
      const argProps = new Set(propertiesOf(ours, args).keys());
      for (const [name, reason] of Object.entries(EXCLUSIONS[graphName])) {
        expect({ name, inGraph: inGraph.has(name) }).toEqual({ name, inGraph: true });
        expect({ name, isArgument: argProps.has(name) }).toEqual({ name, isArgument: false });
        expect(reason.length).toBeGreaterThan(10);
      }
    },
  );
});

describe.each(PACKAGES)("Graph $version: the values our checks accept are Graph's", ({ version }) => {
  const d = () => graph[version];
  const known = (values: string[]) => values.filter((v) => v !== "unknownFutureValue");

  it("tenantRestrictions.devices.mode: crossTenantAccessPolicyTargetConfigurationAccessType (allowed | blocked), not Conditional Access's include | exclude", () => {
    const mode = propertiesOf(d(), "DevicesFilter").get("mode")!;
    const alias = referencedType(mode)!;
    expect(alias).toBe("CrossTenantAccessPolicyTargetConfigurationAccessType");
    expect(known(literalsOf(d(), alias))).toEqual([...DEVICE_FILTER_MODES]);
  });

  it("invitationRedemptionIdentityProviderConfiguration: our keys are Graph's, our provider values are b2bIdentityProvidersType values", () => {
    const props = propertiesOf(d(), "DefaultInvitationRedemptionIdentityProviderConfiguration");
    expect([...props.keys()].sort()).toEqual([...INVITATION_REDEMPTION_KEYS].sort());
    const providers = literalsOf(d(), "B2bIdentityProvidersType");
    for (const p of [...PRIMARY_IDENTITY_PROVIDERS, ...FALLBACK_IDENTITY_PROVIDERS]) expect(providers).toContain(p);
    expect(referencedType(props.get("primaryIdentityProviderPrecedenceOrder")!)).toBe("B2bIdentityProvidersType");
    expect(referencedType(props.get("fallbackIdentityProvider")!)).toBe("B2bIdentityProvidersType");
  });

  it("allowedCloudEndpoints: a string collection whose documented values are the ones check() accepts", () => {
    const prop = propertiesOf(d(), "CrossTenantAccessPolicy").get("allowedCloudEndpoints")!;
    expect(prop.type?.getText()).toBe("string[]");
    // The types carry the documented values only in the comment (v1.0): keep them in step where it is there.
    const doc = prop.getFullText();
    if (doc.includes("Supported values")) for (const e of ALLOWED_CLOUD_ENDPOINTS) expect(doc).toContain(e);
  });
});
