import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import type { BlobStore } from "../../src/server/platform/blobstore/index.js";
import { FileSystemBlobStore } from "../../src/server/platform/blobstore/index.js";
import { ManualClock, type Clock } from "../../src/server/platform/clock.js";
import { loadConfig, type Config } from "../../src/server/platform/config.js";
import type { AppContext } from "../../src/server/platform/context.js";
import { createPool, Database } from "../../src/server/platform/database/database.js";
import { Ereignisse } from "../../src/server/platform/ereignisse.js";
import { verdrahte } from "../../src/server/verdrahtung.js";
import { JobQueue } from "../../src/server/platform/jobs/job-queue.js";
import { silentLogger } from "../../src/server/platform/logger.js";
import { detectTools, type ExternalTools } from "../../src/server/platform/tools.js";
import { loescheDatenbank } from "./datenbank-loeschen.js";

export interface TestContext extends AppContext {
  /** Connection URL of this test's own database. */
  databaseUrl: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

let tools: Promise<ExternalTools> | undefined;

/** A server without any external program: for the tests of how features degrade without them. */
export const OHNE_WERKZEUGE: ExternalTools = {
  ocrmypdf: { gefunden: false, version: null },
  tesseract: { gefunden: false, version: null, sprachen: [] },
  ghostscript: { gefunden: false, version: null },
};

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, migrated database (cloned from the template) with a temp blob store, for one test file. */
export async function createTestContext(
  options: { clock?: Clock; blobs?: BlobStore; config?: Partial<Config> } = {},
): Promise<TestContext> {
  const adminUrl = inject("pgAdminUrl");
  const name = `akwtest_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDb")}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(adminUrl, name);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-test-"));
  const db = new Database(createPool(databaseUrl, 10), inject("databaseKind"));
  const clock = options.clock ?? new ManualClock();
  const config: Config = { ...loadConfig({ AKTENWERK_DATA: dataDir }), ...options.config };
  tools ??= detectTools();
  const ctx: TestContext = {
    config,
    db,
    clock,
    blobs: options.blobs ?? new FileSystemBlobStore(path.join(dataDir, "blobs")),
    jobs: new JobQueue(db, clock),
    log: silentLogger,
    tools: await tools,
    ereignisse: new Ereignisse(),
    databaseUrl,
    dataDir,
    async cleanup() {
      await db.pool.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await loescheDatenbank(c, name);
      await c.end();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  verdrahte(ctx);
  return ctx;
}
