/**
 * The options that say which tenant and which Graph to talk to, shared by every command, and their resolution
 * into the provider's own settings: flags first, then the same `ARM_*` / `AZURE_*` / `ENTRA_*` environment the
 * provider reads (provider/config). A stack's `entra:*` config does not exist outside Pulumi.
 */
import { allKeys } from "../../config/keys";
import { tenantIdProblem } from "../../auth/tenantId";
import { validateSettings } from "../../auth/validateSettings";
import { ConfigError, ProviderSettings, resolveSettings, SettingNames } from "../../config/settings";
import { CliIo, UsageError } from "../io";
import { flag, OptionSpec, ParsedOptions, stringOption } from "./options";

const CONNECTION = "Connection (default: the ARM_* / AZURE_* / ENTRA_* environment, as the provider reads it)";
const GRAPH = "Graph and retries";

export const connectionOptions: readonly OptionSpec[] = [
  {
    name: "tenant-id",
    type: "string",
    value: "ID",
    group: CONNECTION,
    description: "Tenant to sign in to (ARM_TENANT_ID, AZURE_TENANT_ID).",
  },
  {
    name: "client-id",
    type: "string",
    value: "ID",
    group: CONNECTION,
    description: "Application (client) ID (ARM_CLIENT_ID, AZURE_CLIENT_ID).",
  },
  {
    name: "client-secret-env",
    type: "string",
    value: "NAME",
    group: CONNECTION,
    description:
      "Read the client secret from environment variable NAME (default: ARM_CLIENT_SECRET,\nAZURE_CLIENT_SECRET). A secret is never taken as a plain argument.",
  },
  {
    name: "client-secret-stdin",
    type: "boolean",
    group: CONNECTION,
    description: "Read the client secret from standard input.",
  },
  {
    name: "client-certificate-path",
    type: "string",
    value: "FILE",
    group: CONNECTION,
    description: "PEM file with the certificate and its private key (ARM_CLIENT_CERTIFICATE_PATH).",
  },
  {
    name: "client-certificate-password-env",
    type: "string",
    value: "NAME",
    group: CONNECTION,
    description: "Read the certificate's password from environment variable NAME.",
  },
  {
    name: "use-oidc",
    type: "boolean",
    group: CONNECTION,
    description: "Federated (OIDC) token: ARM_OIDC_TOKEN, --oidc-token-file-path, or GitHub Actions.",
  },
  {
    name: "oidc-token-file-path",
    type: "string",
    value: "FILE",
    group: CONNECTION,
    description: "File holding the OIDC token (ARM_OIDC_TOKEN_FILE_PATH).",
  },
  {
    name: "use-msi",
    type: "boolean",
    group: CONNECTION,
    description: "Managed identity of this host (--client-id for a user-assigned one).",
  },
  {
    name: "use-cli",
    type: "boolean",
    group: CONNECTION,
    description: "The account signed in to the Azure CLI (`az login`).",
  },
  {
    name: "environment",
    type: "string",
    value: "CLOUD",
    group: CONNECTION,
    description: "global (default), usgovernmentl4, usgovernmentl5 or china (ARM_ENVIRONMENT).",
  },
  {
    name: "graph-endpoint",
    type: "string",
    value: "URL",
    group: GRAPH,
    description: "Graph root, e.g. https://graph.microsoft.com (ENTRA_GRAPH_ENDPOINT).",
  },
  {
    name: "authority-host",
    type: "string",
    value: "URL",
    group: GRAPH,
    description: "Login host, e.g. https://login.microsoftonline.com (ENTRA_AUTHORITY_HOST).",
  },
  {
    name: "ca-cert",
    type: "string",
    value: "FILE",
    group: GRAPH,
    description:
      "Extra trusted CA (PEM) for Graph and login, added to the system roots\n(ENTRA_CA_CERT_PATH). TLS verification is never turned off.",
  },
  {
    name: "api-version",
    type: "string",
    value: "VERSION",
    group: GRAPH,
    description: "v1.0 (default) or beta (ENTRA_API_VERSION).",
  },
  {
    name: "timeout",
    type: "string",
    value: "SECONDS",
    group: GRAPH,
    description: "Deadline of the whole command, retries included (ENTRA_OPERATION_TIMEOUT_SECONDS).",
  },
  {
    name: "max-retries",
    type: "string",
    value: "N",
    group: GRAPH,
    description: "Retries per Graph request (ENTRA_MAX_RETRIES).",
  },
  { name: "debug", type: "boolean", group: GRAPH, description: "Redacted request log on stderr (ENTRA_DEBUG)." },
];

/** Where each string flag goes in the provider's settings map (bare keys, as `resolveSettings` accepts). */
const stringKeys: Readonly<Record<string, string>> = {
  "tenant-id": "tenantId",
  "client-id": "clientId",
  "client-certificate-path": "clientCertificatePath",
  "oidc-token-file-path": "oidcTokenFilePath",
  environment: "environment",
  "graph-endpoint": "graphEndpoint",
  "authority-host": "authorityHost",
  "ca-cert": "caCertPath",
  "api-version": "apiVersion",
  timeout: "operationTimeoutSeconds",
  "max-retries": "maxRetries",
};

const booleanKeys: Readonly<Record<string, string>> = {
  "use-oidc": "useOidc",
  "use-msi": "useMsi",
  "use-cli": "useCli",
  debug: "debug",
};

/** Flag names for the provider's setting keys, so that errors name what the user can type. */
const flagOfKey: Readonly<Record<string, string>> = {
  ...Object.fromEntries([...Object.entries(stringKeys), ...Object.entries(booleanKeys)].map(([f, k]) => [k, `--${f}`])),
  clientSecret: "--client-secret-env NAME / --client-secret-stdin",
  clientCertificatePassword: "--client-certificate-password-env NAME",
};

/**
 * How settings are named in errors on the command line: the flag and the environment variables, instead of the
 * provider's `entra:<key>` stack config (which does not exist here).
 */
export const cliNames: SettingNames = {
  label(key) {
    const where = [flagOfKey[key], ...(allKeys.find((k) => k.key === key)?.env ?? [])].filter(Boolean);
    return where.length ? `${key} (${where.join(", ")})` : key;
  },
  howToSet(key) {
    const env = allKeys.find((k) => k.key === key)?.env ?? [];
    const flagText = flagOfKey[key] ? `pass ${flagOfKey[key]}` : undefined;
    return [flagText, env.length ? `set ${env.join(" or ")}` : undefined].filter(Boolean).join(", or ") || `set ${key}`;
  },
};

function fromEnv(io: CliIo, flagName: string, variable: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new UsageError(`--${flagName} takes the NAME of an environment variable (e.g. MY_APP_SECRET), not a value.`);
  }
  const v = io.env[variable];
  if (v === undefined || v === "")
    throw new UsageError(`--${flagName} ${variable}: environment variable ${variable} is not set or empty.`);
  return v;
}

export interface CommandDefaults {
  /** Used when neither a flag nor the environment sets them (e.g. `check` fails fast). */
  operationTimeoutSeconds?: number;
  maxRetries?: number;
  requestTimeoutSeconds?: number;
}

/**
 * Flags → the provider's settings. Secrets come only from the environment or stdin. Errors name the flag and the
 * environment variable to fix.
 */
export async function resolveCliSettings(
  o: ParsedOptions,
  io: CliIo,
  defaults: CommandDefaults = {},
): Promise<ProviderSettings> {
  const raw: Record<string, string> = {};
  for (const [f, key] of Object.entries(stringKeys)) {
    const v = stringOption(o, f);
    if (v !== undefined) {
      if (v.trim() === "") throw new UsageError(`--${f} needs a non-empty value.`);
      raw[key] = v;
    }
  }
  for (const [f, key] of Object.entries(booleanKeys)) if (flag(o, f)) raw[key] = "true";

  const secretEnv = stringOption(o, "client-secret-env");
  if (secretEnv !== undefined && flag(o, "client-secret-stdin")) {
    throw new UsageError("--client-secret-env and --client-secret-stdin both give the client secret; use one.");
  }
  if (secretEnv !== undefined) raw.clientSecret = fromEnv(io, "client-secret-env", secretEnv);
  if (flag(o, "client-secret-stdin")) {
    const secret = (await io.readStdin()).replace(/\r?\n$/, "");
    if (secret === "") throw new UsageError("--client-secret-stdin: standard input was empty.");
    raw.clientSecret = secret;
  }
  const passwordEnv = stringOption(o, "client-certificate-password-env");
  if (passwordEnv !== undefined)
    raw.clientCertificatePassword = fromEnv(io, "client-certificate-password-env", passwordEnv);

  // Command defaults apply below the environment: only when neither a flag nor ENTRA_* sets the key.
  const env = { ...io.env };
  if (defaults.operationTimeoutSeconds !== undefined)
    env.ENTRA_OPERATION_TIMEOUT_SECONDS ??= String(defaults.operationTimeoutSeconds);
  if (defaults.maxRetries !== undefined) env.ENTRA_MAX_RETRIES ??= String(defaults.maxRetries);
  if (defaults.requestTimeoutSeconds !== undefined)
    env.ENTRA_REQUEST_TIMEOUT_SECONDS ??= String(defaults.requestTimeoutSeconds);
  try {
    const settings = resolveSettings(raw, env, cliNames);
    // A tenant that cannot name one is a usage error naming where it came from, before any sign-in.
    const tenant = settings.credential.tenantId;
    const tenantProblem = tenant === undefined ? undefined : tenantIdProblem(tenant);
    if (tenantProblem) {
      const source =
        raw.tenantId !== undefined
          ? "--tenant-id"
          : (["ARM_TENANT_ID", "AZURE_TENANT_ID"].find((v) => env[v]) ?? "tenantId");
      throw new UsageError(`${source}: ${tenantProblem}`);
    }
    // Everything knowable without the network (the keys the credential needs, readable certificate, token file
    // and CA) fails here, as a usage error naming the option, before any login or Graph call.
    validateSettings(settings, cliNames);
    return settings;
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message.replace(/^Invalid setting /, "invalid "));
    throw e;
  }
}
