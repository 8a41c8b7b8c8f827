import * as tls from "tls";

const contexts = new WeakMap<readonly string[], tls.SecureContext>();

/**
 * The TLS context for a trust list, built once per list (the Graph agent and the credential share it). Given as
 * `ca`, the ~150 system roots are parsed again each time (~35 ms of CPU), and for every new connection of an agent
 * that gets `ca` rather than a context. When the list is Node's roots plus extra PEMs (what connection.ts builds),
 * the context starts from Node's default store, parsed once per process, and only the extras are parsed. That store
 * is the one a connection without `entra:caCertPath` uses (so `NODE_EXTRA_CA_CERTS` and `--use-openssl-ca` apply
 * alike with and without it); Node copies it before adding to it, so other contexts never see the extras
 * (test/provider/trust.test.ts). Any other list, or a Node without `addCACert`, trusts exactly that list.
 */
export function trustContext(ca: readonly string[]): tls.SecureContext {
  let context = contexts.get(ca);
  if (context) return context;
  const roots = tls.rootCertificates;
  const extendsRoots = ca.length >= roots.length && roots.every((pem, i) => ca[i] === pem);
  const native = extendsRoots ? tls.createSecureContext() : undefined;
  const add = (native?.context as { addCACert?: (pem: string) => void } | undefined)?.addCACert;
  if (native && typeof add === "function") {
    for (const pem of ca.slice(roots.length)) add.call(native.context, pem);
    context = native;
  } else {
    context = tls.createSecureContext({ ca: [...ca] });
  }
  contexts.set(ca, context);
  return context;
}
