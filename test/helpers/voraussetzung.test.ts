import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { istStreng, programmDa, voraussetzung, VoraussetzungFehlt } from "./voraussetzung.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** Runs the probe files of test/fixtures/voraussetzung in a vitest of their own. */
async function probe(datei: string, env: Record<string, string>) {
  const basis = { ...process.env };
  delete basis.CI;
  delete basis.AKTENWERK_TEST_STRENG;
  return run(
    process.execPath,
    [
      path.join(ROOT, "node_modules/vitest/vitest.mjs"),
      "run",
      "--config",
      "test/fixtures/voraussetzung/vitest.config.ts",
      datei,
    ],
    { cwd: ROOT, env: { ...basis, NO_COLOR: "1", ...env }, timeout: 60_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, ausgabe: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, ausgabe: e.stdout + e.stderr }),
  );
}

describe("voraussetzung: a missing prerequisite skips locally and fails in CI", () => {
  it("is strict with AKTENWERK_TEST_STRENG=1 or CI=true, and only then", () => {
    expect(istStreng({})).toBe(false);
    expect(istStreng({ AKTENWERK_TEST_STRENG: "1" })).toBe(true);
    expect(istStreng({ CI: "true" })).toBe(true);
    expect(istStreng({ CI: "1" })).toBe(true);
    expect(istStreng({ AKTENWERK_TEST_STRENG: "0", CI: "false" })).toBe(false);
  });

  it("returns true when present, false with the reason printed when missing locally", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(voraussetzung("xmllint", true, "Debian-Paket libxml2-utils", {})).toBe(true);
      expect(warn).not.toHaveBeenCalled();
      expect(voraussetzung("xmllint", false, "Debian-Paket libxml2-utils", {})).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/„xmllint“ fehlt: Debian-Paket libxml2-utils/));
    } finally {
      warn.mockRestore();
    }
  });

  it("throws with the reason under the strict flag", () => {
    for (const env of [{ AKTENWERK_TEST_STRENG: "1" }, { CI: "true" }]) {
      expect(() => voraussetzung("Testkorpus", false, "fehlt unter /nirgends", env)).toThrow(
        VoraussetzungFehlt,
      );
      expect(() => voraussetzung("Testkorpus", false, "fehlt unter /nirgends", env)).toThrow(
        /Voraussetzung „Testkorpus“ fehlt: fehlt unter \/nirgends/,
      );
      expect(voraussetzung("Testkorpus", true, "fehlt unter /nirgends", env)).toBe(true);
    }
  });

  it("finds programs on PATH only", () => {
    expect(programmDa("node", { PATH: path.dirname(process.execPath) })).toBe(true);
    expect(programmDa("node", { PATH: "/nirgends" })).toBe(false);
    expect(programmDa("gibt-es-nicht-akw", process.env)).toBe(false);
  });

  it("in a real vitest run: skipped locally (exit 0), failed under the strict flag (exit 1, reason shown)", async () => {
    const lokal = await probe("fehlt.probe.ts", {});
    expect(lokal.code, lokal.ausgabe).toBe(0);
    expect(lokal.ausgabe).toMatch(/1 passed \| 1 skipped/);
    expect(lokal.ausgabe).toMatch(/Voraussetzung „Einhorn“ fehlt: kein Einhorn unter \/dev\/einhorn/);
    const strenge: Record<string, string>[] = [{ AKTENWERK_TEST_STRENG: "1" }, { CI: "true" }];
    for (const env of strenge) {
      const streng = await probe("fehlt.probe.ts", env);
      expect(streng.code, streng.ausgabe).toBe(1);
      expect(streng.ausgabe).toMatch(/VoraussetzungFehlt: Voraussetzung „Einhorn“ fehlt/);
    }
  });

  it("in a real vitest run under the strict flag, a skip that bypasses voraussetzung fails too", async () => {
    expect((await probe("roh.probe.ts", {})).code).toBe(0);
    const streng = await probe("roh.probe.ts", { AKTENWERK_TEST_STRENG: "1" });
    expect(streng.code, streng.ausgabe).toBe(1);
    expect(streng.ausgabe).toMatch(
      /1 Test\(s\) übersprungen, das zählt als Fehler:\n {2}- roh\.probe\.ts > is skipped/,
    );
  });
});

describe("no test skips on its own", () => {
  it("every conditional test goes through voraussetzung(); no skip, todo or only elsewhere", async () => {
    const verstoesse: string[] = [];
    for (const wurzel of ["src", "test"]) {
      for (const e of await fs.readdir(path.join(ROOT, wurzel), { withFileTypes: true, recursive: true })) {
        if (!e.isFile() || !e.name.endsWith(".test.ts")) continue;
        const datei = path.join(e.parentPath, e.name);
        const name = path.relative(ROOT, datei);
        if (name === "test/helpers/voraussetzung.test.ts") continue;
        const text = await fs.readFile(datei, "utf8");
        for (const m of text.matchAll(/\.(skip|skipIf|todo|only)\b|\b(ctx|context|t)\.skip\(|übersprungen/g))
          verstoesse.push(`${name}: „${m[0]}“`);
        // runIf takes voraussetzung(…), or names (joined by &&) each assigned from voraussetzung(…).
        for (const m of text.matchAll(/\.runIf\(\s*([^)]*)/g)) {
          const arg = m[1]!.trim();
          if (arg.startsWith("voraussetzung(")) continue;
          const namen = arg.split("&&").map((n) => n.trim());
          const ok = namen.every(
            (n) =>
              /^[A-Za-z_$][\w$]*$/.test(n) &&
              new RegExp(`const ${n}\\s*=[^;]*voraussetzung`, "is").test(text),
          );
          if (!ok) verstoesse.push(`${name}: runIf(${arg}) kommt nicht aus voraussetzung()`);
        }
      }
    }
    expect(verstoesse).toEqual([]);
  });
});
