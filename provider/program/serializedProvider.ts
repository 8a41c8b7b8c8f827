/**
 * The sync policy's serialized provider when the package is not installed under node_modules (providerFor.ts), and
 * the text all state written before module references holds (`__provider`, twice per resource). Each method only
 * loads the runtime from the installed package by name and calls its top-level (legacy-type) exports, so the text
 * holds no secret and no configuration, never changes with the package's internals, and an upgraded package fixes
 * refresh and destroy of existing resources. Rules (docs/architecture.md, pulumi-dynamic-providers.md §1): a plain
 * object literal, no imports used inside (the global `require` is emitted literally), nothing captured,
 * target ≤ ES2020.
 *
 * Changing this text changes those resources' stored `__provider`; the serialized-provider test pins it.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the serialized text must call the global require literally (above) */
import type * as dynamic from "@pulumi/pulumi/dynamic";

export const serializedProvider: dynamic.ResourceProvider = {
  configure(...args) {
    return require("pulumi-entra-cross-tenant/runtime").configure(...args);
  },
  check(...args) {
    return require("pulumi-entra-cross-tenant/runtime").check(...args);
  },
  diff(...args) {
    return require("pulumi-entra-cross-tenant/runtime").diff(...args);
  },
  create(...args) {
    return require("pulumi-entra-cross-tenant/runtime").create(...args);
  },
  read(...args) {
    return require("pulumi-entra-cross-tenant/runtime").read(...args);
  },
  update(...args) {
    return require("pulumi-entra-cross-tenant/runtime").update(...args);
  },
  delete(...args) {
    return require("pulumi-entra-cross-tenant/runtime").delete(...args);
  },
};
