import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createPool, Database } from "../src/server/platform/database/database.js";
import { EmbeddedPostgres, utf8Ctype } from "../src/server/platform/database/embedded.js";
import { migrate } from "../src/server/platform/database/migrate.js";
import {
  abdeckung,
  abdeckungsText,
  apiRouten,
  leseAufrufe,
  strengerLauf,
} from "./helpers/routenabdeckung.js";
import { loescheDatenbank } from "./helpers/datenbank-loeschen.js";

export const TEMPLATE_DB = "aktenwerk_testvorlage";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin connection to the test server (creates one database per test file). */
    pgAdminUrl: string;
    templateDb: string;
    databaseKind: "eingebettet" | "extern";
    /** Folder the route recorder writes into (test/helpers/routen-aufzeichnung.mjs). */
    routenAbdeckung: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Real PostgreSQL for every test: the embedded server (default) or the one in DATABASE_URL (CI's
 * second run). Migrations run once into a template; each test file clones it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl: string;
  let stop: () => Promise<void> = async () => undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
    project.provide("databaseKind", "extern");
  } else {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-test-pg-"));
    await fs.chmod(dataDir, 0o755);
    const embedded = new EmbeddedPostgres(dataDir);
    const connection = await embedded.startOrAdopt();
    adminUrl = await embedded.superuserUrl(connection.port, "postgres");
    project.provide("databaseKind", "eingebettet");
    stop = async () => {
      await embedded.stop("immediate");
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await loescheDatenbank(admin, TEMPLATE_DB);
  // As the app creates its database: UTF-8 ctype, whatever template1 of an external cluster has.
  const ctype = await utf8Ctype();
  await admin.query(
    ctype
      ? `CREATE DATABASE ${TEMPLATE_DB} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE '${ctype}'`
      : `CREATE DATABASE ${TEMPLATE_DB}`,
  );
  const db = new Database(createPool(withDatabase(adminUrl, TEMPLATE_DB), 2), "extern");
  await migrate(db);
  const routen = await apiRouten(db);
  await db.close();
  // Leftovers of interrupted runs.
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'akwtest_%'",
  );
  for (const row of rows) await loescheDatenbank(admin, row.datname);
  await admin.end();
  project.provide("pgAdminUrl", adminUrl);
  project.provide("templateDb", TEMPLATE_DB);
  const aufzeichnung = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-routenabdeckung-"));
  project.provide("routenAbdeckung", aufzeichnung);
  return async () => {
    try {
      await routenbericht(project, routen, aufzeichnung);
    } finally {
      await fs.rm(aufzeichnung, { recursive: true, force: true });
      await stop();
    }
  };
}

/**
 * After all files: the routes no test called (issue #12 item 9). Printed on a full run; a strict
 * run (CI, AKTENWERK_TEST_STRENG=1) fails on any. A run of some files prints the count only, and
 * never fails.
 */
async function routenbericht(project: TestProject, routen: string[], aufzeichnung: string): Promise<void> {
  const a = abdeckung(routen, await leseAufrufe(aufzeichnung));
  const alle = (await project.globTestFiles()).testFiles.length;
  const gelaufen = project.vitest.state.getFilepaths().length;
  if (gelaufen < alle || project.vitest.config.testNamePattern) {
    // AKTENWERK_ROUTENBERICHT=1 lists them anyway: what the files just run leave uncalled.
    console.log(
      process.env.AKTENWERK_ROUTENBERICHT === "1"
        ? `Teillauf (${gelaufen} von ${alle} Testdateien). ${abdeckungsText(a)}`
        : `Routenabdeckung: Teillauf (${gelaufen} von ${alle} Testdateien), ${a.gerufen} von ${a.gesamt} API-Routen aufgerufen; die Liste der übrigen zeigt der volle Lauf (oder AKTENWERK_ROUTENBERICHT=1).`,
    );
    return;
  }
  console.log(abdeckungsText(a));
  if (strengerLauf() && a.ungerufen.length > 0)
    throw new Error(
      `Routenabdeckung: ${a.ungerufen.length} API-Route(n) ruft kein Test auf (siehe Liste oben). Bitte einen Test ergänzen, der sie aufruft und ihre Wirkung prüft.`,
    );
}
