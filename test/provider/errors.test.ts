import { GraphError, hintFor, isGraphError } from "../../provider/graph/errors";
import { hostError, installHostErrorFilter, REPORTED_MARK, ResourceInitFailure } from "../../provider/errors";
import { operationError } from "../../provider/resources/shared/errors";

// The shape every resource uses for a failed call (resources/shared/errors.ts).
const userError = (e: unknown, action: string, tenantId: string, secrets: readonly string[] = []) =>
  operationError(
    {
      typeName: "CrossTenantIdentitySyncPolicyPartner",
      describe: `the identity sync policy of partner tenant ${tenantId}`,
    },
    action,
    e,
    secrets,
  );
import { redact, createDebugLogger } from "../../provider/log";
import { sanitizeHeaders, sanitizeUrl } from "../../provider/graph/policies/logPolicy";
import { VERSION } from "../../provider/version";

describe("GraphError", () => {
  const e = new GraphError({
    statusCode: 403,
    code: "Authorization_RequestDenied",
    message: "Insufficient privileges to complete the operation.",
    method: "PUT",
    path: "/v1.0/policies/crossTenantAccessPolicy/partners/x/identitySynchronization",
    requestId: "rid-1",
    clientRequestId: "cid-1",
    date: "2026-01-01T00:00:00",
    response: { headers: { authorization: "Bearer abc" } },
  });

  it("carries status, code, message, ids and a hint with the permission and role", () => {
    expect(e.message).toContain("403 Authorization_RequestDenied: Insufficient privileges");
    expect(e.message).toContain("request-id: rid-1");
    expect(e.message).toContain("client-request-id: cid-1");
    expect(e.hint).toMatch(/Policy.ReadWrite.CrossTenantAccess/);
    expect(e.hint).toMatch(/Security Administrator/);
    expect(isGraphError(e)).toBe(true);
  });

  it("keeps the response out of JSON and enumeration", () => {
    expect(JSON.stringify(e)).not.toContain("Bearer");
    expect(Object.keys(e)).not.toContain("response");
    expect(e.response).toBeDefined();
  });

  it("hints per status and network failure", () => {
    expect(hintFor({ statusCode: 403, code: "x", method: "GET" })).toMatch(/Policy.Read.All/);
    expect(hintFor({ statusCode: 401, code: "x", method: "GET" })).toMatch(/fresh one was requested/);
    expect(hintFor({ statusCode: 429, code: "x", method: "GET" })).toMatch(
      /through every retry.*operationTimeoutSeconds/,
    );
    expect(hintFor({ statusCode: 500, code: "x", method: "GET", deadlineExceeded: true })).toMatch(
      /until the operation deadline/,
    );
    expect(hintFor({ statusCode: 503, code: "x", method: "GET" })).toMatch(/request-id/);
    expect(hintFor({ code: "x", method: "GET", networkCode: "SELF_SIGNED_CERT_IN_CHAIN" })).toMatch(/entra:caCertPath/);
    expect(hintFor({ code: "x", method: "GET", networkCode: "ECONNRESET", deadlineExceeded: true })).toMatch(
      /deadline/,
    );
  });

  it("user errors name the resource, the action and the partner, without secrets", () => {
    const u = userError(new Error("bad Bearer eyJabc.def.ghi and s3cr3t-value"), "create", "t1", ["s3cr3t-value"]);
    expect(u.message).toMatch(
      /^entra:CrossTenantIdentitySyncPolicyPartner: cannot create the identity sync policy of partner tenant t1/,
    );
    expect(u.message).not.toContain("s3cr3t-value");
    expect(u.message).not.toContain("eyJabc");
  });

  it("isGraphError is true only for the client's own errors, not for one that wraps or imitates it", () => {
    const wrapped = userError(e, "create", "t1");
    expect(wrapped.message).toContain("403 Authorization_RequestDenied");
    expect(isGraphError(wrapped)).toBe(false);
    const imitation = new Error("x");
    imitation.name = "GraphError";
    expect(isGraphError(imitation)).toBe(false);
    expect(isGraphError({ name: "GraphError" })).toBe(false);
    // a GraphError from another copy of the package (no shared class) is still recognised
    const foreign = Object.create(Error.prototype) as Error;
    Object.defineProperty(foreign, Symbol.for("pulumi-entra-cross-tenant.GraphError"), { value: true });
    expect(isGraphError(foreign)).toBe(true);
  });
});

describe("errors handed to the dynamic-provider host", () => {
  it("carry the redacted message and no stack; partial failures keep id, properties and reasons", () => {
    const h = hostError(new TypeError("boom with s3cr3t-value"), ["s3cr3t-value"]);
    expect(h.message).toBe("boom with REDACTED");
    expect(h.stack).toBe(`Error: boom with REDACTED\n${REPORTED_MARK}`);
    expect(String(h)).toBe("Error: boom with REDACTED");
    const p = hostError(new ResourceInitFailure("id-1", { a: 1 }, new Error("patch failed s3cr3t-value")), [
      "s3cr3t-value",
    ]) as Error & {
      id: string;
      properties: object;
      reasons: string[];
    };
    expect([p.id, p.properties, p.reasons, p.name]).toEqual([
      "id-1",
      { a: 1 },
      ["patch failed REDACTED"],
      "ResourceInitFailure",
    ]);
    expect("id" in hostError(new Error("x"))).toBe(false);
  });

  it("the host's stderr copy of such an error is dropped; every other line passes", () => {
    const lines: unknown[][] = [];
    const fake = { error: (...args: unknown[]) => lines.push(args) } as unknown as Console;
    installHostErrorFilter(fake);
    installHostErrorFilter(fake); // idempotent
    const e = hostError(new Error("Graph GET failed: 500"));
    // exactly what @pulumi/pulumi/cmd/dynamic-provider does in its catch blocks
    fake.error(`${e}: ${e.stack}`);
    fake.error(`${new Error("someone else's")}: stack`);
    fake.error("a", "b");
    expect(lines).toEqual([["Error: someone else's: stack"], ["a", "b"]]);
  });
});

describe("logging", () => {
  it("redacts bearer tokens, JWTs and secrets", () => {
    expect(redact("Authorization: Bearer abc.def-ghi", [])).toBe("Authorization: Bearer REDACTED");
    expect(redact("token eyJhbGciOi.eyJzdWIi.sig here")).toBe("token REDACTED-JWT here");
    expect(redact("x my-secret y", ["my-secret"])).toBe("x REDACTED y");
  });

  it("redacts credential fields, basic auth, private keys and encoded secrets", () => {
    expect(redact("grant_type=client_credentials&client_assertion=abc.def&client_secret=s%2B1&scope=x")).toBe(
      "grant_type=client_credentials&client_assertion=REDACTED&client_secret=REDACTED&scope=x",
    );
    expect(redact('{"token_type":"Bearer","access_token":"opaque","refresh_token":"r"}')).toBe(
      '{"token_type":"Bearer","access_token":"REDACTED","refresh_token":"REDACTED"}',
    );
    expect(redact("Authorization: Basic dXNlcjpwYXNz")).toBe("Authorization: Basic REDACTED");
    expect(redact("key -----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY----- end")).toBe(
      "key REDACTED-PRIVATE-KEY end",
    );
    expect(redact("url ?x=a%2Bb%2Fc and form a%2Bb%2Fc", ["a+b/c"])).toBe("url ?x=REDACTED and form REDACTED");
    // Graph's own error codes are not credentials.
    expect(redact('{"error":{"code":"Authorization_RequestDenied"}}')).toBe(
      '{"error":{"code":"Authorization_RequestDenied"}}',
    );
  });

  it("is off by default and allow-lists headers", () => {
    const lines: string[] = [];
    expect(createDebugLogger(false, [], (l) => lines.push(l)).enabled).toBe(false);
    createDebugLogger(true, ["pw123456"], (l) => lines.push(l)).log("Bearer abc pw123456");
    expect(lines).toEqual(["[entra] Bearer REDACTED REDACTED"]);
    expect(sanitizeHeaders({ authorization: "Bearer x", "client-request-id": "c", "retry-after": "1" })).toEqual({
      authorization: "REDACTED",
      "client-request-id": "c",
      "retry-after": "1",
    });
    expect(sanitizeUrl("https://g/v1.0/x?$select=a")).toBe("https://g/v1.0/x?REDACTED");
  });
});

describe("version", () => {
  it("matches package.json", () => {
    expect(VERSION).toBe(require("../../package.json").version);
  });
});
