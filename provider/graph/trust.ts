import * as tls from "tls";

const contexts = new WeakMap<readonly string[], tls.SecureContext>();

/**
 * The TLS context trusting exactly `ca`, built once per list (the Graph agent and the credential share it). Given
 * as `ca`, the ~150 system roots are parsed again each time (~35 ms of CPU), and for every new connection of an
 * agent that gets `ca` rather than a context. When the list is Node's roots plus extra PEMs (what connection.ts
 * builds), the context starts from Node's root store, parsed once per process, and only the extras are parsed; Node
 * copies that store before adding to it, so other contexts never see the extras (test/provider/trust.test.ts). Any
 * other list, or a Node without `addCACert`, takes the documented `ca` path.
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
