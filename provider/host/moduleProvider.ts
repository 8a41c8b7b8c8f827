/**
 * The exports object of `providers/<TypeName>.js`, which Pulumi stores as a module reference
 * (`require("pulumi-entra-cross-tenant/providers/<TypeName>")`) when the package is installed under node_modules
 * (see providerFor.ts). Its methods load the runtime lazily: the user's program loads this module only for its
 * identity and never pays for the Graph client.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { TypeProvider } from "./runtime";

function typeProvider(typeName: string): TypeProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the host's first call: the runtime loads these modules
  return (require("./runtime") as typeof import("./runtime")).provider(typeName);
}

export function moduleProvider(typeName: string): dynamic.ResourceProvider {
  return {
    configure: (req) => typeProvider(typeName).configure(req),
    check: (olds, news) => typeProvider(typeName).check(olds, news),
    diff: (id, olds, news) => typeProvider(typeName).diff(id, olds, news),
    create: (inputs) => typeProvider(typeName).create(inputs),
    read: (id, props) => typeProvider(typeName).read(id, props),
    update: (id, olds, news) => typeProvider(typeName).update(id, olds, news),
    delete: (id, props) => typeProvider(typeName).delete(id, props),
  };
}
