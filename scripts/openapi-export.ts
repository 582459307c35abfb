/**
 * Writes the OpenAPI document the server publishes at /api/docs/openapi.json, without a database:
 * building the app registers every route and schema, and no route runs. Used to prove that a
 * refactoring leaves the API unchanged (`npm run openapi:export -- before.json`, then diff).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../src/server/app.js";
import { FileSystemBlobStore } from "../src/server/platform/blobstore/index.js";
import { ManualClock } from "../src/server/platform/clock.js";
import { loadConfig } from "../src/server/platform/config.js";
import type { AppContext } from "../src/server/platform/context.js";
import { createPool, Database } from "../src/server/platform/database/database.js";
import { Ereignisse } from "../src/server/platform/ereignisse.js";
import { verdrahte } from "../src/server/verdrahtung.js";
import { JobQueue } from "../src/server/platform/jobs/job-queue.js";
import { silentLogger } from "../src/server/platform/logger.js";

const ziel = process.argv[2] ?? "openapi.json";
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-openapi-"));
// The pool connects lazily: nothing here queries, so no database is needed.
const db = new Database(createPool("postgres://nicht-verbunden@127.0.0.1:1/keine", 1), "extern");
const clock = new ManualClock();
const ctx: AppContext = verdrahte({
  config: loadConfig({ AKTENWERK_DATA: dataDir }),
  db,
  clock,
  blobs: new FileSystemBlobStore(path.join(dataDir, "blobs")),
  jobs: new JobQueue(db, clock),
  log: silentLogger,
  tools: {
    ocrmypdf: { gefunden: false, version: null },
    tesseract: { gefunden: false, version: null, sprachen: [] },
    ghostscript: { gefunden: false, version: null },
  },
  ereignisse: new Ereignisse(),
});
const app = await buildApp(ctx);
await app.ready();
const dokument = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
await db.pool.end();
await fs.rm(dataDir, { recursive: true, force: true });
if (ziel === "-") process.stdout.write(dokument);
else {
  await fs.writeFile(ziel, dokument);
  console.log(`OpenAPI-Dokument geschrieben: ${ziel} (${dokument.length} Zeichen)`);
}
