// ESLint: the recommended JavaScript and typescript-eslint rules, with the few choices this codebase makes explicit.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".e2e/", "coverage/", "docs/api/", "examples/*/node_modules/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...nodeGlobals() } },
    rules: {
      // `_name` marks a binding kept for its position or to leave a key out of a rest object.
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          caughtErrors: "none",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Tests and benches assert on arbitrary Graph JSON and load modules afresh (jest.isolateModules, the host's copy).
    files: ["test/**/*.ts", "bench/**/*.ts", "testkit/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // CommonJS: the CI helper, the examples' and generated programs' JavaScript, and jest configs.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);

function nodeGlobals() {
  const names = [
    "require",
    "module",
    "exports",
    "__dirname",
    "__filename",
    "process",
    "console",
    "Buffer",
    "setTimeout",
    "clearTimeout",
    "setInterval",
    "clearInterval",
    "setImmediate",
    "URL",
    "globalThis",
  ];
  return Object.fromEntries(names.map((n) => [n, "readonly"]));
}
