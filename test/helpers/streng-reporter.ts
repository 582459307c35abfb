import type { Reporter, TestModule, Vitest } from "vitest/node";

/**
 * Under the strict flag (CI) a skipped test fails the run, however it was skipped: `it.skip`, a
 * `skipIf` that bypasses `voraussetzung`, or `ctx.skip()` at run time. A run filtered by name
 * (`-t`) skips the other tests on purpose and is left alone.
 */
export default class StrengReporter implements Reporter {
  #gefiltert = false;

  onInit(vitest: Vitest): void {
    this.#gefiltert = vitest.config.testNamePattern !== undefined;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (this.#gefiltert) return;
    const uebersprungen: string[] = [];
    for (const modul of testModules)
      for (const test of modul.children.allTests("skipped")) {
        const r = test.result();
        const notiz = r.state === "skipped" && r.note ? ` (${r.note})` : "";
        uebersprungen.push(`${modul.relativeModuleId} > ${test.fullName}${notiz}`);
      }
    if (uebersprungen.length === 0) return;
    process.stderr.write(
      `\nStrenger Testlauf (AKTENWERK_TEST_STRENG/CI): ${uebersprungen.length} Test(s) übersprungen, ` +
        `das zählt als Fehler:\n${uebersprungen.map((u) => `  - ${u}`).join("\n")}\n`,
    );
    process.exitCode = 1;
  }
}
