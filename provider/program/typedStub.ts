/**
 * The serialized provider of one resource type when it cannot be stored as a module reference (see providerFor):
 * a plain object whose methods load the runtime from the installed package by name and delegate to the type's
 * provider. Same rules as serializedProvider.ts: no imports used inside (the global `require` is emitted
 * literally), nothing captured but the type name (a string), target ≤ ES2020.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the serialized text must call the global require literally (above) */
import type * as dynamic from "@pulumi/pulumi/dynamic";

export function typedStub(typeName: string): dynamic.ResourceProvider {
  return {
    configure(...args) {
      return require("pulumi-entra-cross-tenant/runtime").provider(typeName).configure(...args);
    },
    check(...args) {
      return require("pulumi-entra-cross-tenant/runtime").provider(typeName).check(...args);
    },
    diff(...args) {
      return require("pulumi-entra-cross-tenant/runtime").provider(typeName).diff(...args);
    },
    create(...args) {
      return require("pulumi-entra-cross-tenant/runtime").provider(typeName).create(...args);
    },
    read(...args) {
      return require("pulumi-entra-cross-tenant/runtime").provider(typeName).read(...args);
    },
    update(...args) {
      return require("pulumi-entra-cross-tenant/runtime").provider(typeName).update(...args);
    },
    delete(...args) {
      return require("pulumi-entra-cross-tenant/runtime").provider(typeName).delete(...args);
    },
  };
}
