import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{core,adapters,plugins,ui,test}/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests spawn processes and servers; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
