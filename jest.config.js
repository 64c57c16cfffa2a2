// Tests transpile with swc (no type checking); `tsc --noEmit` type-checks once in `npm test`.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "<rootDir>/test/support/environment.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Imports of packages (not of ./files) load on first use (swc's `module.lazy`, as Babel's
  // `lazy` option): a test file loads only the provider bindings, SDKs and zod parts it touches, not
  // everything a re-exporting file names. 15 % less CPU and wall time for the suite
  // (docs/benchmarks.md). Imports of the project's own files stay eager, as in the built package.
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs", lazy: true } },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // The package's own name, as a consumer imports it (tsconfig.json's paths say the same).
  moduleNameMapper: {
    "^directory-manager-flow$": "<rootDir>/constructs/index.ts",
    "^directory-manager-flow/contract$": "<rootDir>/contract/index.ts",
    "^directory-manager-flow/(app|security)$": "<rootDir>/constructs/$1/index.ts",
  },
  // cdktf's token records get unmapped stacks, errors keep mapped ones (test/support/stack-traces.js).
  setupFilesAfterEnv: ["<rootDir>/test/support/stack-traces.js"],
  globalSetup: "<rootDir>/test/global-setup.js",
  // Fails the run on files a test left in the temp folder (test/support/temp-root.js).
  globalTeardown: "<rootDir>/test/global-teardown.js",
  // One worker per core (jest's default leaves one of the two cores idle).
  maxWorkers: 2,
  // A deadline for a hung test, not a speed check: jest's 5 s default fails synth-heavy tests and
  // hooks (Azurite start, test certificates) when other work keeps both cores busy.
  testTimeout: 60_000,
};
