import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Records which API routes the tests call; the global teardown reports the uncalled ones.
    setupFiles: ["test/setup-routenabdeckung.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: two test files at a time, each on its own database cloned from the template.
    maxWorkers: 2,
    pool: "forks",
  },
});
