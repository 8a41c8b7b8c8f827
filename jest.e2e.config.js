/**
 * End-to-end suite (`npm run test:e2e`): the real Pulumi CLI (built by scripts/build-pulumi-cli.sh or on PATH),
 * its Node.js language host, the dynamic-provider host of @pulumi/pulumi and this package, against the Graph
 * emulator over HTTPS. Without a CLI the suite FAILS with instructions; it never skips.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "test/tsconfig.json" }] },
  testTimeout: 15 * 60 * 1000,
  maxWorkers: 1,
  verbose: true,
};
