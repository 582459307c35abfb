import { defineConfig } from "vitest/config";
import StrengReporter from "./test/helpers/streng-reporter.js";
import { istStreng } from "./test/helpers/voraussetzung.js";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Records which API routes the tests call; the global teardown reports the uncalled ones.
    setupFiles: ["test/setup-routenabdeckung.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits like a Playwright locator does (30 s), not vitest's 1 s: under a full run's
    // load a page image or a list answer may take seconds, and that is not what a test asserts.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    // Two cores: two test files at a time, each on its own database cloned from the template.
    maxWorkers: 2,
    pool: "forks",
    // In CI a skipped test is a failed test (see test/helpers/voraussetzung.ts).
    reporters: istStreng() ? ["default", new StrengReporter()] : ["default"],
  },
});
