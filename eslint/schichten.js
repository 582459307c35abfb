// @ts-check
// The layout of the house in one place: which layers exist in which order, and where a file
// belongs. Read by the lint rules (eslint/aktenwerk.js) and by the measurement (scripts/architektur.ts),
// so both draw the walls in the same place.
import path from "node:path";

/**
 * The layers, lowest first. A module may import modules listed before it, never one after it;
 * the platform imports no module at all.
 */
export const SCHICHTEN = Object.freeze([
  "platform",
  "protokoll",
  "access",
  "aktenplan",
  "content",
  "schriftgut",
  "suche",
  "posteingang",
  "workflow",
  "aussonderung",
  "steuerung",
]);

/**
 * Module folders that belong to one module of the layer list while they are being merged into it.
 * Layers and table ownership use the module; the front-door rule still sees separate folders.
 * An entry whose folder no longer exists does nothing and can be deleted.
 * @type {Readonly<Record<string, string>>}
 */
export const ORDNER_ZU_MODUL = Object.freeze({
  akten: "schriftgut",
  vorgaenge: "schriftgut",
  dokumente: "schriftgut",
});

/** The folder every module lives in, relative to the project root. */
export const MODULE_ORDNER = "src/server/modules";
/** The platform's folder, relative to the project root. */
export const PLATTFORM_ORDNER = "src/server/platform";

/**
 * Where a file is, by its path relative to the project root (with "/" separators).
 * `modul` is the module folder (the first folder below src/server/modules/).
 * @typedef {{ bereich: "modul", modul: string }
 *   | { bereich: "platform" | "wurzel" | "server" | "web" | "shared" | "anderes" }} Ort
 */

/**
 * @param {string} relativ path relative to the project root, "/"-separated
 * @returns {Ort}
 */
export function ortVon(relativ) {
  const teile = relativ.split("/");
  if (relativ.startsWith(`${MODULE_ORDNER}/`) && teile.length > 4) {
    return { bereich: "modul", modul: /** @type {string} */ (teile[3]) };
  }
  if (relativ.startsWith(`${PLATTFORM_ORDNER}/`)) return { bereich: "platform" };
  // src/server/*.ts: the composition root and the process entry points.
  if (relativ.startsWith("src/server/") && teile.length === 3) return { bereich: "wurzel" };
  if (relativ.startsWith("src/server/")) return { bereich: "server" };
  if (relativ.startsWith("src/web/")) return { bereich: "web" };
  if (relativ.startsWith("src/shared/")) return { bereich: "shared" };
  return { bereich: "anderes" };
}

/**
 * The module of the layer list a module folder belongs to.
 * @param {string} ordner
 * @param {Readonly<Record<string, string>>} [zuordnung]
 */
export function modulVonOrdner(ordner, zuordnung = ORDNER_ZU_MODUL) {
  return Object.hasOwn(zuordnung, ordner) ? /** @type {string} */ (zuordnung[ordner]) : ordner;
}

/**
 * Whether a file is a test, which may reach any module's internals.
 * @param {string} relativ
 */
export function istTest(relativ) {
  return /\.test\.[cm]?[jt]sx?$/.test(relativ) || relativ.startsWith("test/") || relativ.includes("/test/");
}

/**
 * Resolves a relative import specifier to a path relative to the project root, with the source
 * extension written as imports name it in NodeNext (".js" for a ".ts" file) replaced by ".ts"
 * (".jsx" by ".tsx"). Package specifiers give undefined.
 * @param {string} vonRelativ the importing file, relative to the root
 * @param {string} spezifizierer
 * @returns {string | undefined}
 */
export function loeseAuf(vonRelativ, spezifizierer) {
  if (!spezifizierer.startsWith("./") && !spezifizierer.startsWith("../")) return undefined;
  const ziel = path.posix.normalize(path.posix.join(path.posix.dirname(vonRelativ), spezifizierer));
  if (ziel.startsWith("../")) return undefined;
  return ziel
    .replace(/\.js$/, ".ts")
    .replace(/\.jsx$/, ".tsx")
    .replace(/\.mjs$/, ".mts");
}

/**
 * The path of a file relative to the root, "/"-separated; undefined outside the root.
 * @param {string} wurzel
 * @param {string} datei absolute path
 */
export function relativZu(wurzel, datei) {
  const relativ = path.relative(wurzel, datei).split(path.sep).join("/");
  return relativ.startsWith("../") || path.isAbsolute(relativ) ? undefined : relativ;
}
