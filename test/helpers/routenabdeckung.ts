import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../../src/server/app.js";
import { FileSystemBlobStore } from "../../src/server/platform/blobstore/index.js";
import { systemClock } from "../../src/server/platform/clock.js";
import { loadConfig } from "../../src/server/platform/config.js";
import type { Database } from "../../src/server/platform/database/database.js";
import { Ereignisse } from "../../src/server/platform/ereignisse.js";
import { JobQueue } from "../../src/server/platform/jobs/job-queue.js";
import { silentLogger } from "../../src/server/platform/logger.js";
import { detectTools } from "../../src/server/platform/tools.js";

// Route coverage (issue #12 item 9): which API routes no test calls. The recorder
// (routen-aufzeichnung.mjs) writes one line per route, process and test file; the global teardown
// (test/global-setup.ts) reads them here and compares them with the app's route table.

/** The repository root: test files are named relative to it in the records and the report. */
export const WURZEL = path.resolve(import.meta.dirname, "..", "..");

/**
 * Tests that call every route by construction (the route table, the fuzz test, the leak matrix):
 * their calls check access, robustness and confidentiality, not that the route does its work, so
 * they do not make a route "called". Without this, the fuzz test alone would cover every route.
 */
export const AUFZAEHLENDE_TESTS: readonly string[] = [
  "test/security/routen.test.ts",
  "test/security/fuzz.test.ts",
  "test/security/leak-matrix.test.ts",
];

/** Is the run strict, i.e. does an uncalled route fail it? In CI and with AKTENWERK_TEST_STRENG=1. */
export function strengerLauf(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === "true" || env.CI === "1" || env.AKTENWERK_TEST_STRENG === "1";
}

/** "METHOD pattern" of every route under /api/ the app has (HEAD routes are Fastify's copies of GET). */
export async function apiRouten(db: Database): Promise<string[]> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-routen-"));
  try {
    const app = await buildApp({
      config: loadConfig({ AKTENWERK_DATA: dataDir }),
      db,
      clock: systemClock,
      blobs: new FileSystemBlobStore(path.join(dataDir, "blobs")),
      jobs: new JobQueue(db, systemClock),
      log: silentLogger,
      tools: await detectTools(),
      ereignisse: new Ereignisse(),
    });
    try {
      await app.ready();
      return app
        .routenTabelle()
        .filter((r) => r.pfad.startsWith("/api/") && r.methode !== "HEAD")
        .map((r) => `${r.methode} ${r.pfad}`);
    } finally {
      await app.close();
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

export interface Aufruf {
  /** "METHOD pattern", e.g. `GET /api/v1/akten/:id`. */
  route: string;
  /** Test file relative to the repository root; empty when unknown. */
  testdatei: string;
}

/** Every record the workers and child processes wrote into `verzeichnis`. */
export async function leseAufrufe(verzeichnis: string): Promise<Aufruf[]> {
  const aufrufe: Aufruf[] = [];
  for (const name of await fs.readdir(verzeichnis)) {
    if (!name.endsWith(".txt")) continue;
    for (const zeile of (await fs.readFile(path.join(verzeichnis, name), "utf8")).split("\n")) {
      const [methode, muster, testdatei = ""] = zeile.split("\t");
      if (methode && muster) aufrufe.push({ route: `${methode} ${muster}`, testdatei });
    }
  }
  return aufrufe;
}

export interface Abdeckung {
  gesamt: number;
  gerufen: number;
  /** Routes no test called, in route-table order. */
  ungerufen: string[];
  /** Of those, the ones only the enumerating tests reached. */
  nurAufgezaehlt: Set<string>;
}

/**
 * One name per route: a plugin's index route is registered as `/api/docs/` and matched as
 * `/api/docs` (Fastify serves both), so the trailing slash does not count.
 */
function normalisiert(route: string): string {
  return route.endsWith("/") && !route.endsWith(" /") ? route.slice(0, -1) : route;
}

export function abdeckung(routen: readonly string[], aufrufe: readonly Aufruf[]): Abdeckung {
  const gezielt = new Set<string>();
  const aufgezaehlt = new Set<string>();
  for (const a of aufrufe)
    (AUFZAEHLENDE_TESTS.includes(a.testdatei) ? aufgezaehlt : gezielt).add(normalisiert(a.route));
  const ungerufen = [...new Set(routen.map(normalisiert))].filter((r) => !gezielt.has(r));
  const gesamt = new Set(routen.map(normalisiert)).size;
  return {
    gesamt,
    gerufen: gesamt - ungerufen.length,
    ungerufen,
    nurAufgezaehlt: new Set(ungerufen.filter((r) => aufgezaehlt.has(r))),
  };
}

/** The report the global teardown prints. */
export function abdeckungsText(a: Abdeckung): string {
  const kopf = `Routenabdeckung: ${a.gerufen} von ${a.gesamt} API-Routen von einem Test erfolgreich aufgerufen.`;
  if (a.ungerufen.length === 0) return kopf;
  return [
    kopf,
    `Kein Test ruft diese ${a.ungerufen.length} Route(n) erfolgreich auf:`,
    ...a.ungerufen.map((r) => `  ${r}${a.nurAufgezaehlt.has(r) ? "  (nur von Aufzähltests erreicht)" : ""}`),
  ].join("\n");
}
