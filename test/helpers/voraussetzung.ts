import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";

/** The shared test material beside the repository: official xdomea schemas and the file corpus. */
export const SHARED = path.resolve(import.meta.dirname, "../../../shared");
export const XDOMEA_SCHEMAS = path.join(SHARED, "xdomea");
export const KORPUS = path.join(SHARED, "corpus");

/**
 * True where a missing prerequisite must fail the run instead of skipping tests: in CI (`CI=true`)
 * and wherever `AKTENWERK_TEST_STRENG=1` is set (`.ci/run` sets it).
 */
export function istStreng(env: NodeJS.ProcessEnv = process.env): boolean {
  const ja = (wert: string | undefined) => wert === "1" || wert?.toLowerCase() === "true";
  return ja(env.AKTENWERK_TEST_STRENG) || ja(env.CI);
}

/** Thrown under the strict flag when a test's prerequisite is missing. */
export class VoraussetzungFehlt extends Error {
  override name = "VoraussetzungFehlt";
}

/**
 * The one way a test may depend on something outside the repository (a program, the corpus, the
 * schemas): `describe.runIf(voraussetzung("xmllint", programmDa("xmllint"), "Debian-Paket libxml2-utils"))`.
 * Present: true. Missing locally: prints the reason and returns false, so the tests are reported as
 * skipped. Missing under the strict flag: throws with the reason while the file is collected, so
 * the file fails instead of passing by skipping.
 */
export function voraussetzung(
  name: string,
  vorhanden: boolean,
  grund: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (vorhanden) return true;
  const meldung = `Voraussetzung „${name}“ fehlt: ${grund}`;
  if (istStreng(env))
    throw new VoraussetzungFehlt(
      `${meldung} (AKTENWERK_TEST_STRENG/CI: eine fehlende Voraussetzung lässt den Test scheitern)`,
    );
  console.warn(`${meldung} – die davon abhängigen Tests werden übersprungen.`);
  return false;
}

/** True when `programm` is an executable file in one of the PATH directories. */
export function programmDa(programm: string, env: NodeJS.ProcessEnv = process.env): boolean {
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    try {
      accessSync(path.join(dir, programm), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

/** True when tesseract lists the language (e.g. "deu"); a generous timeout, since CI machines are busy. */
export function tesseractSpracheDa(sprache: string): boolean {
  if (!programmDa("tesseract")) return false;
  const r = spawnSync("tesseract", ["--list-langs"], { encoding: "utf8", timeout: 120_000 });
  return `${r.stdout ?? ""}`
    .split("\n")
    .map((z) => z.trim())
    .includes(sprache);
}

/** The official xdomea schemas (3.0.0 and 3.1.0) and the sample messages of another system. */
export function xdomeaSchemasDa(): boolean {
  return (
    existsSync(path.join(XDOMEA_SCHEMAS, "3.0.0", "xdomea.xsd")) &&
    existsSync(path.join(XDOMEA_SCHEMAS, "3.1.0", "xdomea.xsd")) &&
    existsSync(path.join(XDOMEA_SCHEMAS, "samples"))
  );
}
