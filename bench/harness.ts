import fs, { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/server/app.js";
import { createBenutzer, createOrganisationseinheit } from "../src/server/modules/access/access.service.js";
import { importAktenplanCsv } from "../src/server/modules/aktenplan/aktenplan.service.js";
import { FileSystemBlobStore } from "../src/server/platform/blobstore/index.js";
import { systemClock } from "../src/server/platform/clock.js";
import { loadConfig } from "../src/server/platform/config.js";
import type { AppContext } from "../src/server/platform/context.js";
import { createPool, Database } from "../src/server/platform/database/database.js";
import { EmbeddedPostgres } from "../src/server/platform/database/embedded.js";
import { migrate } from "../src/server/platform/database/migrate.js";
import { Ereignisse } from "../src/server/platform/ereignisse.js";
import { verdrahte } from "../src/server/verdrahtung.js";
import { JobQueue } from "../src/server/platform/jobs/job-queue.js";
import { silentLogger } from "../src/server/platform/logger.js";
import { packageRoot } from "../src/server/platform/paths.js";
import { detectTools } from "../src/server/platform/tools.js";
import { login, type Session } from "../test/helpers/factories.js";
import { multipart } from "../test/helpers/multipart.js";
import { TEST_AKTENPLAN } from "../test/helpers/schriftgut.js";

/** A migrated database for a benchmark: DATABASE_URL if set, else a fresh embedded server in a temp dir. */
export async function benchDatabase(): Promise<{
  db: Database;
  dir: string;
  /** The connection string, for a child process (`aktenwerk …`) on the same database. */
  url: string;
  close(): Promise<void>;
}> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-bench-"));
  await fs.chmod(dir, 0o755);
  if (process.env.DATABASE_URL) {
    const db = new Database(createPool(process.env.DATABASE_URL, 20), "extern");
    await migrate(db);
    return {
      db,
      dir,
      url: process.env.DATABASE_URL,
      close: async () => {
        await db.close();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  }
  const embedded = new EmbeddedPostgres(dir);
  const connection = await embedded.startOrAdopt();
  const db = new Database(createPool(connection.url, 20), "eingebettet");
  await migrate(db);
  return {
    db,
    dir,
    url: connection.url,
    close: async () => {
      await db.pool.end();
      await embedded.stop("fast");
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** p50/p95 of a list of durations in milliseconds. */
export function summary(durations: number[]): { p50: number; p95: number; n: number } {
  const sorted = [...durations].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: sorted.length };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unbekannt";
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export const fmt = (n: number, digits = 1) =>
  n.toLocaleString("de-DE", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The services' context around a benchmark database: blobs in its temp dir, the real clock, quiet logs. */
export async function benchContext(db: Database, dir: string): Promise<AppContext> {
  return verdrahte({
    config: loadConfig({ AKTENWERK_DATA: dir }),
    db,
    clock: systemClock,
    blobs: new FileSystemBlobStore(path.join(dir, "blobs")),
    jobs: new JobQueue(db, systemClock),
    log: silentLogger,
    tools: await detectTools(),
    ereignisse: new Ereignisse(),
  });
}

/**
 * A county to fill with bulk rows: `aemter` Ämter (the first two are 63 Bauaufsicht and 70 Umweltamt),
 * the other Organisationseinheiten the demo Aktenplan names, and that Aktenplan. Returns the Ämter's ids.
 */
export async function benchKreis(ctx: AppContext, aemter: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < aemter; i++) {
    const kuerzel = i === 0 ? "63" : i === 1 ? "70" : `A${i}`;
    ids.push(
      (await createOrganisationseinheit(ctx, "system", { name: `Amt ${kuerzel}`, kuerzel, art: "Amt" })).id,
    );
  }
  for (const k of ["10", "11", "20", "36", "41", "50", "51", "D2", "D3", "D4", "EAW", "LR", "PR", "StE"])
    await createOrganisationseinheit(ctx, "system", { name: `OE ${k}`, kuerzel: k, art: "Amt" });
  await importAktenplanCsv(
    ctx,
    "system",
    await fs.readFile(path.join(packageRoot, "src/server/demo/aktenplan.csv"), "utf8"),
  );
  return ids;
}

/**
 * A clerk of the Bauaufsicht with one Akte and one Vorgang to put Dokumente into, behind the real
 * HTTP stack: what the intake benchmarks upload against.
 */
export async function benchVorgang(
  ctx: AppContext,
): Promise<{ app: FastifyInstance; session: Session; vorgangId: string }> {
  for (const k of ["63", "51", "11"])
    await createOrganisationseinheit(ctx, "system", { name: `Amt ${k}`, kuerzel: k, art: "Amt" });
  await importAktenplanCsv(ctx, "system", TEST_AKTENPLAN);
  await createBenutzer(ctx, "system", {
    benutzername: "mueller",
    nachname: "Müller",
    passwort: "Bench-Passwort-1",
    mitgliedschaften: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
  const app = await buildApp(ctx);
  const session = await login(app, "mueller", "Bench-Passwort-1");
  const akte = (
    await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: session.headers,
      payload: { aktenplaneinheit: "63.20", betreff: "Eingänge", federfuehrendeOe: "63" },
    })
  ).json();
  const vorgang = (
    await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.id}/vorgaenge`,
      headers: session.headers,
      payload: { betreff: "Eingänge" },
    })
  ).json();
  return { app, session, vorgangId: vorgang.id };
}

/** Uploads one file into a Vorgang through the API, as a clerk's browser does; throws on refusal. */
export async function benchHochladen(
  app: FastifyInstance,
  session: Session,
  vorgangId: string,
  datei: { filename: string; content: Buffer },
  metadaten: Record<string, unknown> = { typ: "Eingang" },
): Promise<void> {
  const { payload, headers } = multipart({ metadaten }, datei);
  const r = await app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${vorgangId}/dokumente`,
    headers: { ...session.headers, ...headers },
    payload,
  });
  if (r.statusCode !== 201) throw new Error(r.body);
}

/** Resident memory of a process with all its threads (VmRSS), in bytes; 0 once it is gone. */
export async function vmRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}
