/**
 * One connection checked: a token (who it is for and which Graph permissions it carries) and one cheap Graph read.
 * Never throws for a sign-in or Graph failure: they are part of the result. Never keeps the token.
 */
import { graphPaths } from "../../graph/paths";
import { chooseCredential, CredentialError } from "../../auth/credential";
import { formatEntraError } from "../../auth/entraError";
import { ConfigError, ProviderSettings, SettingNames } from "../../config/settings";
import { GraphError, isGraphError } from "../../graph/errors";
import { redact } from "../../log";
import { cliNames } from "../args/connectionFlags";
import { UsageError } from "../io";
import { cliGraphHint } from "../session/errorAdvice";
import { openGraphSession } from "../session/graphSession";
import { evaluatePermissions, grantAdvice, PermissionReport } from "./permissions";
import { evaluateSourcePermissions, sourceGrantAdvice } from "../sync/sourcePermissions";
import { decodeClaims, identityOf, TokenIdentity } from "./tokenClaims";

/** The one Graph read of the check: cheap, and allowed by either permission. */
export const CHECK_PATH = `${graphPaths.partners}?$select=tenantId`;

interface GraphProbe {
  ok: boolean;
  status?: number;
  code?: string;
  message?: string;
  requestId?: string;
  durationMs: number;
  host: string;
  networkError?: string;
  hint?: string;
}

export interface CheckResult {
  ready: boolean;
  settings: { cloud: string; graphEndpoint: string; authorityHost: string; apiVersion: string; credential: string };
  signIn: {
    ok: boolean;
    /** The whole error (what `up` would print). */
    error?: string;
    /** Entra's AADSTS code, a few words for it, and Entra's own text with its trace and correlation IDs. */
    code?: string;
    meaning?: string;
    entra?: string;
    fix?: string;
    loginHost: string;
    networkError?: string;
  };
  identity?: Omit<TokenIdentity, "expiresAt"> & { expiresAt?: string };
  tenantMismatch?: string;
  permissions?: { present: string[]; missing: string[]; covered: string[]; advice: string[] };
  /**
   * The permissions a source tenant of cross-tenant synchronization needs (CrossTenantSyncConfiguration,
   * `provision`). `required` (`check --sync-source`): a missing one makes the check not ready.
   */
  source?: { required: boolean; present: string[]; missing: string[]; advice: string[] };
  graph?: GraphProbe;
}

export interface CheckOptions {
  /** The tenant is a synchronization source: its permissions are required too. */
  syncSource?: boolean;
}

async function probeGraph(
  settings: ProviderSettings,
  session: ReturnType<typeof openGraphSession>,
  deadline: number,
): Promise<GraphProbe> {
  const host = new URL(settings.graphEndpoint).host;
  const started = Date.now();
  try {
    const res = await session.graph.request("GET", CHECK_PATH, undefined, { deadline });
    return { ok: true, status: res.status, requestId: res.requestId, durationMs: Date.now() - started, host };
  } catch (e) {
    const durationMs = Date.now() - started;
    if (!isGraphError(e)) throw e;
    const g = e as GraphError;
    if (g.statusCode === undefined) {
      return {
        ok: false,
        code: g.code,
        networkError: `${g.networkCode ?? g.code}: ${g.graphMessage}`,
        durationMs,
        host,
        hint: cliGraphHint(g),
      };
    }
    return {
      ok: false,
      status: g.statusCode,
      code: g.code,
      message: g.graphMessage,
      requestId: g.requestId,
      durationMs,
      host,
      hint: cliGraphHint(g),
    };
  }
}

/** Runs the check; never throws for a sign-in or Graph failure (they are part of the result). */
export async function check(
  settings: ProviderSettings,
  logSink?: (line: string) => void,
  names: SettingNames = cliNames,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const loginHost = new URL(settings.authorityHost).host;
  let credential: string;
  try {
    credential = chooseCredential(settings).description;
  } catch (e) {
    credential = "(invalid)";
    if (!(e instanceof ConfigError)) throw e;
  }
  const result: CheckResult = {
    ready: false,
    settings: {
      cloud: settings.cloud,
      graphEndpoint: settings.graphEndpoint,
      authorityHost: settings.authorityHost,
      apiVersion: settings.apiVersion,
      credential,
    },
    signIn: { ok: false, loginHost },
  };
  let session: ReturnType<typeof openGraphSession>;
  try {
    session = openGraphSession(settings, logSink, names);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const deadline = Date.now() + settings.operationTimeoutMs;

  let token: string;
  try {
    token = await session.tokens.getToken(deadline);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    const error = redact(e instanceof Error ? e.message : String(e), session.secrets);
    result.signIn = { ok: false, error, loginHost };
    if (e instanceof CredentialError) {
      // Entra's own answer (also when MSAL hid it behind endpoints_resolution_error), or the network/TLS error.
      result.signIn.code = e.entra?.code;
      result.signIn.meaning = e.meaning;
      result.signIn.entra = e.entra ? redact(formatEntraError(e.entra), session.secrets) : undefined;
      result.signIn.networkError = e.unreachable?.detail;
      result.signIn.fix = redact(e.fix, session.secrets);
    }
    return result;
  }
  result.signIn = { ok: true, loginHost };

  const claims = decodeClaims(token);
  let permissions: PermissionReport | undefined;
  if (claims) {
    const identity = identityOf(claims);
    result.identity = {
      ...identity,
      expiresAt: identity.expiresAt ? new Date(identity.expiresAt).toISOString() : undefined,
    };
    const configured = settings.credential.tenantId?.toLowerCase();
    if (
      configured &&
      /^[0-9a-f-]{36}$/.test(configured) &&
      identity.tenantId &&
      identity.tenantId.toLowerCase() !== configured
    ) {
      result.tenantMismatch = `the token is for tenant ${identity.tenantId}, not the configured ${configured}`;
    }
    permissions = evaluatePermissions(identity);
    result.permissions = {
      present: permissions.present.map((p) => p.name),
      missing: permissions.missing.map((p) => p.name),
      covered: permissions.covered.map((p) => p.name),
      advice: grantAdvice(identity, permissions.missing, settings.cloud === "global"),
    };
    const source = evaluateSourcePermissions(identity);
    result.source = {
      required: options.syncSource === true,
      present: source.present.map((p) => p.name),
      missing: source.missing.map((p) => p.name),
      advice: sourceGrantAdvice(identity, source.missing, settings.cloud === "global"),
    };
  }
  result.graph = await probeGraph(settings, session, deadline);
  result.ready =
    result.graph.ok &&
    permissions !== undefined &&
    permissions.missing.length === 0 &&
    !result.tenantMismatch &&
    !(result.source?.required && result.source.missing.length > 0);
  return result;
}
