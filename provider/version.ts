/** Package version, sent in User-Agent. A test keeps it equal to package.json. */
export const VERSION = "0.1.0";
export const PACKAGE_NAME = "pulumi-entra-cross-tenant";

/** e.g. `pulumi-entra-cross-tenant/0.1.0 (Pulumi dynamic provider; node v20.19.0; linux)`. */
export function userAgent(): string {
  return `${PACKAGE_NAME}/${VERSION} (Pulumi dynamic provider; node ${process.version}; ${process.platform})`;
}
