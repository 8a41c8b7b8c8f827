/**
 * Entra's answer read from both places it arrives (the JSON of the login host, MSAL's text of it), the advice per
 * code for the provider (stack keys, rotation advice) and the command line (flags, no stack advice), and the rule
 * for what can name a tenant. Pure functions; the paths over real sockets are in authSignIn.test.ts and test/cli.
 */
import { entraErrorFromBody, entraErrorFromText, formatEntraError } from "../../provider/auth/entraError";
import { signInAdvice } from "../../provider/auth/signInAdvice";
import { tenantIdProblem } from "../../provider/auth/tenantId";
import { cliNames } from "../../provider/cli/args/connectionFlags";
import { connectionNames } from "../../provider/config/connections";
import { topLevelNames } from "../../provider/config/settings";

const TRACE = "3a5c9a3e-5d87-4c44-8d6c-0f4b1e2f9c00";
const CORRELATION = "7d2e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6";

test("the metadata endpoint's JSON (Entra's shape for an unknown tenant)", () => {
  const body = {
    error: "invalid_tenant",
    error_description: `AADSTS90002: Tenant 'x.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2025-08-18 15:26:14Z`,
    error_codes: [90002],
    timestamp: "2025-08-18 15:26:14Z",
    trace_id: TRACE,
    correlation_id: CORRELATION,
    error_uri: "https://login.microsoftonline.com/error?code=90002",
  };
  const e = entraErrorFromBody(body)!;
  expect(e).toEqual({
    code: "AADSTS90002",
    error: "invalid_tenant",
    description:
      "Tenant 'x.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
    traceId: TRACE,
    correlationId: CORRELATION,
    timestamp: "2025-08-18 15:26:14Z",
  });
  expect(formatEntraError(e)).toBe(
    `AADSTS90002: Tenant 'x.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. (invalid_tenant, trace ID ${TRACE}, correlation ID ${CORRELATION}, 2025-08-18 15:26:14Z)`,
  );
  expect(entraErrorFromBody({ issuer: "https://login/x/v2.0" })).toBeUndefined(); // a metadata document
  expect(entraErrorFromBody("<html>")).toBeUndefined();
  expect(entraErrorFromBody({ error: "server_error", error_codes: [90033] })).toMatchObject({
    code: "AADSTS90033",
    description: "",
  });
});

test("MSAL's text of a token-endpoint refusal", () => {
  const msal = `invalid_client: Error(s): 7000215 - Timestamp: 2026-01-02 03:04:05Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2026-01-02 03:04:05Z - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`;
  expect(entraErrorFromText(msal)).toEqual({
    code: "AADSTS7000215",
    error: "invalid_client",
    description:
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.",
    traceId: TRACE,
    correlationId: CORRELATION,
    timestamp: "2026-01-02 03:04:05Z",
  });
  // one line, IDs appended by MSAL on the same line
  expect(
    entraErrorFromText(`AADSTS700016: Application not found. - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`),
  ).toMatchObject({
    description: "Application not found.",
    traceId: TRACE,
  });
  expect(
    entraErrorFromText(
      "endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details",
    ),
  ).toBeUndefined();
});

test("advice names the keys of the reader: stack, named connection, command line; rotation advice only for a stack", () => {
  const stack = signInAdvice("AADSTS7000215", { kind: "clientSecret", names: topLevelNames, stackAdvice: true });
  expect(stack.meaning).toBe("invalid client secret");
  expect(stack.fix).toContain("the secret is read from entra:clientSecret.");
  expect(stack.fix).toContain("`pulumi refresh` and `pulumi destroy` still use the one stored by the last `pulumi up`");
  const cli = signInAdvice("AADSTS7000215", { kind: "clientSecret", names: cliNames, stackAdvice: false });
  expect(cli.fix).toContain("--client-secret-env NAME / --client-secret-stdin");
  expect(cli.fix).not.toMatch(/pulumi|entra:/);
  const named = signInAdvice("AADSTS90002", {
    kind: "oidc",
    names: connectionNames("target", { tenantId: "t" }),
    stackAdvice: true,
  });
  expect(named.fix).toMatch(/^entra:connections\.target\.tenantId must be the ID \(a GUID\)/);
  expect(named.fix).toContain("entra:connections.target.environment (or entra:environment for every connection)");
  expect(named.fix).not.toContain("--run-program");
  // an unknown code: the credential's checklist and where Entra explains the code
  const unknown = signInAdvice("AADSTS123456", { kind: "clientCertificate", names: topLevelNames, stackAdvice: true });
  expect(unknown.meaning).toBeUndefined();
  expect(unknown.fix).toContain("entra:clientCertificatePath");
  expect(unknown.fix).toContain("https://login.microsoftonline.com/error?code=123456");
});

test("a tenant is named by its ID or a domain; aliases and other text are not", () => {
  for (const ok of [
    "11111111-1111-4111-8111-111111111111",
    "AAAAAAAA-1111-4111-8111-111111111111",
    "contoso.onmicrosoft.com",
    "fabrikam.com",
  ]) {
    expect(tenantIdProblem(ok)).toBeUndefined();
  }
  for (const bad of ["not-a-guid", "t", "11111111-1111-4111-8111-11111111111", "contoso", "my tenant.com", ""]) {
    expect(tenantIdProblem(bad)).toMatch(/is neither a tenant ID \(a GUID\) nor a domain name: use the tenant's ID/);
  }
  expect(tenantIdProblem("common")).toMatch(/is a multi-tenant alias, which app-only sign-in cannot use/);
});
