import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { FileSystemBlobStore } from "../../src/server/platform/blobstore/index.js";
import { ManualClock } from "../../src/server/platform/clock.js";
import { loadConfig } from "../../src/server/platform/config.js";
import type { AppContext } from "../../src/server/platform/context.js";
import type { Database } from "../../src/server/platform/database/database.js";
import { migrate } from "../../src/server/platform/database/migrate.js";
import { openDatabase } from "../../src/server/platform/database/open.js";
import { Ereignisse } from "../../src/server/platform/ereignisse.js";
import { JobQueue } from "../../src/server/platform/jobs/job-queue.js";
import { Worker } from "../../src/server/platform/jobs/worker.js";
import { silentLogger } from "../../src/server/platform/logger.js";
import { verdrahte } from "../../src/server/verdrahtung.js";
import { OHNE_WERKZEUGE } from "../helpers/context.js";
import { createUser, login, type Session } from "../helpers/factories.js";
import { debianPgBin, primaerMitReplikat, type PgCluster } from "../helpers/pg-cluster.js";
import { testAemterMitAktenplan } from "../helpers/schriftgut.js";
import { voraussetzung } from "../helpers/voraussetzung.js";

const bin = debianPgBin();
const da = voraussetzung(
  "Debian-PostgreSQL",
  bin !== undefined,
  "initdb, pg_ctl und pg_basebackup unter /usr/lib/postgresql/<15 oder neuer>/bin (Debian-Paket postgresql-15)",
);

let primaer: PgCluster;
let replikat: PgCluster;
let aufraeumen: () => Promise<void> = async () => undefined;
let dataDir: string;
let db: Database;
let app: FastifyInstance;
let mueller: Session;
let ctx: AppContext;
let worker: Worker | undefined;
const gelaufen: number[] = [];
const meldungen: string[] = [];

async function neueAkte(betreff: string) {
  return app.inject({
    method: "POST",
    url: "/api/v1/akten",
    headers: mueller.headers,
    payload: { aktenplaneinheit: "63.10", betreff, federfuehrendeOe: "63" },
  });
}

async function aktenliste(): Promise<{ id: string; betreff: string }[]> {
  const r = await app.inject({ method: "GET", url: "/api/v1/akten?limit=200", headers: mueller.headers });
  expect(r.statusCode).toBe(200);
  return (r.json() as { eintraege: { id: string; betreff: string }[] }).eintraege;
}

async function aufReplikat<R extends pg.QueryResultRow>(sql: string): Promise<R[]> {
  return replikat.sql<R>(sql);
}

beforeAll(async () => {
  if (!da) return;
  ({ primaer, replikat, aufraeumen } = await primaerMitReplikat(bin!));
  await primaer.sql("CREATE DATABASE aktenwerk TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8'");
  // Acknowledged (flushed on the replica) is not yet replayed: wait until the replica has it.
  while ((await replikat.sql("SELECT 1 FROM pg_database WHERE datname = 'aktenwerk'")).length === 0)
    await new Promise((r) => setTimeout(r, 50));
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-replika-daten-"));
  // As an administrator writes it: both servers in DATABASE_URL, the replica for reads.
  const config = loadConfig({
    AKTENWERK_DATA: dataDir,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${primaer.port},127.0.0.1:${replikat.port}/aktenwerk?target_session_attrs=read-write`,
    DATABASE_REPLICA_URL: replikat.url("aktenwerk"),
  });
  db = await openDatabase(config, {
    befehl: "test",
    mode: "shared",
    log: (m) => meldungen.push(m),
    poolSize: 8,
  });
  await migrate(db);
  const clock = new ManualClock("2026-12-02T09:00:00Z");
  ctx = {
    config,
    db,
    clock,
    blobs: new FileSystemBlobStore(path.join(dataDir, "blobs")),
    jobs: new JobQueue(db, clock),
    log: silentLogger,
    tools: OHNE_WERKZEUGE,
    ereignisse: new Ereignisse(),
  };
  verdrahte(ctx);
  app = await buildApp(ctx);
  await testAemterMitAktenplan(ctx);
  await createUser(ctx, { benutzername: "mueller", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  mueller = await login(app, "mueller");
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await db?.close();
  await aufraeumen();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe.runIf(da)("PostgreSQL with a synchronous streaming replica (two real clusters)", () => {
  it("opens without a warning: the replica is a standby and the primary names it synchronous", () => {
    expect(meldungen).toEqual([]);
  });

  it("reads the Akten list, the picker and the search from the replica; a single Akte and every write from the primary", async () => {
    const angelegt = await neueAkte("Carport Lindenweg");
    expect(angelegt.statusCode).toBe(201);
    const akte = angelegt.json() as { id: string; aktenzeichen: string };
    // Read-your-writes: the list comes from the replica and already has the Akte just written.
    expect((await aktenliste()).map((a) => a.id)).toContain(akte.id);

    // Hold the replica's replay, then change the Betreff on the primary without waiting for it.
    await aufReplikat("SELECT pg_wal_replay_pause()");
    try {
      const c = new pg.Client({ connectionString: primaer.url("aktenwerk") });
      await c.connect();
      await c.query("SET synchronous_commit = local");
      await c.query("UPDATE akte SET betreff = 'Carport Lindenweg, geändert' WHERE id = $1", [akte.id]);
      await c.end();

      const einzeln = await app.inject({
        method: "GET",
        url: `/api/v1/akten/${akte.id}`,
        headers: mueller.headers,
      });
      expect(einzeln.json()).toMatchObject({ betreff: "Carport Lindenweg, geändert" });
      expect((await aktenliste()).find((a) => a.id === akte.id)?.betreff).toBe("Carport Lindenweg");
      const auswahl = await app.inject({
        method: "GET",
        url: "/api/v1/auswahl/akten?q=Lindenweg",
        headers: mueller.headers,
      });
      expect(auswahl.statusCode).toBe(200);
      expect(JSON.stringify(auswahl.json())).not.toContain("geändert");
      expect(JSON.stringify(auswahl.json())).toContain(akte.aktenzeichen);

      const suche = await app.inject({
        method: "GET",
        url: "/api/v1/suche?q=Lindenweg",
        headers: mueller.headers,
      });
      expect(suche.statusCode).toBe(200);
      expect(suche.body).toContain(akte.id);
      expect(suche.body).not.toContain("geändert");

      // A write through the app waits until the replica has applied it (remote_apply): with replay
      // held it is not acknowledged.
      let quittiert = false;
      const schreiben = neueAkte("Gartenhaus Birkenallee").then((r) => {
        quittiert = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 1500));
      expect(quittiert).toBe(false);
      await aufReplikat("SELECT pg_wal_replay_resume()");
      const zweite = await schreiben;
      expect(zweite.statusCode).toBe(201);
      // Acknowledged means applied on the replica: the list (replica) has both at once.
      const liste = await aktenliste();
      expect(liste.map((a) => a.id)).toContain((zweite.json() as { id: string }).id);
      expect(liste.find((a) => a.id === akte.id)?.betreff).toBe("Carport Lindenweg, geändert");
    } finally {
      await aufReplikat("SELECT pg_wal_replay_resume()").catch(() => undefined);
    }
  });

  it("fails over: primary stopped (immediate), replica promoted; the app finds the new primary and every acknowledged write survives", async () => {
    const [sync] = await primaer.sql<{ sync_state: string }>(
      "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replika'",
    );
    expect(sync?.sync_state).toBe("sync");
    // A worker that only NOTIFY wakes (it polls every ten minutes): it must listen again after the failover.
    worker = new Worker(
      ctx.jobs,
      { "replika-probe": async (nutzlast) => void gelaufen.push(Number(nutzlast.n)) },
      silentLogger,
      { concurrency: 1, pollMs: 600_000 },
    );
    worker.start();
    await new Promise((r) => setTimeout(r, 500));
    await ctx.jobs.enqueue(db, "replika-probe", { n: 1 });
    await expect.poll(() => gelaufen).toContain(1);

    const quittiert: { id: string; betreff: string }[] = [];
    const fehler: { status: number; type: string }[] = [];
    const uhr: { gestopptUm?: number } = {};
    let ersteNachStopp: number | undefined;
    let nachStopp = 0;
    let n = 0;
    // Four clerks write at once, so writes are in flight when the primary dies.
    const schreiber = async () => {
      // Bounded, so a failover that never completes fails the test below instead of hanging it.
      while (nachStopp < 8 && (uhr.gestopptUm === undefined || performance.now() - uhr.gestopptUm < 60_000)) {
        const betreff = `Failover-Akte ${++n}`;
        const r = await neueAkte(betreff);
        if (r.statusCode === 201) {
          quittiert.push({ id: (r.json() as { id: string }).id, betreff });
          if (uhr.gestopptUm !== undefined) {
            ersteNachStopp ??= performance.now();
            nachStopp++;
          }
        } else {
          fehler.push({ status: r.statusCode, type: (r.json() as { type: string }).type });
          await new Promise((res) => setTimeout(res, 50));
        }
      }
    };
    const laeufe = [schreiber(), schreiber(), schreiber(), schreiber()];
    while (quittiert.length < 20) await new Promise((r) => setTimeout(r, 20));

    const gestopptUm = performance.now();
    uhr.gestopptUm = gestopptUm;
    await primaer.stop("immediate");
    const gestoppt = performance.now();
    await replikat.promote();
    // The promoted server inherited synchronous_standby_names from the base backup and has no
    // standby yet: without this its commits would wait forever. Patroni does the same when the
    // synchronous standby is gone (synchronous_mode without _strict).
    await replikat.sql("ALTER SYSTEM SET synchronous_standby_names = ''");
    await replikat.sql("SELECT pg_reload_conf()");
    const befoerdert = performance.now();
    await Promise.all(laeufe);
    expect(ersteNachStopp, "nach dem Failover gelang keine Schreibanfrage").toBeDefined();

    console.log(
      `Failover: Primärserver gestoppt (immediate) in ${(gestoppt - gestopptUm).toFixed(0)} ms, ` +
        `Replikat befördert (pg_ctl promote, synchronous_standby_names geleert) nach ${(befoerdert - gestopptUm).toFixed(0)} ms, ` +
        `erste bestätigte Schreibanfrage nach ${(ersteNachStopp! - gestopptUm).toFixed(0)} ms ` +
        `(${fehler.length} Anfragen dazwischen mit 503 beantwortet; ${quittiert.length} bestätigt); ` +
        `Verhältnis erste Schreibanfrage : Beförderung = ${((ersteNachStopp! - gestopptUm) / (befoerdert - gestopptUm)).toFixed(2)}`,
    );
    // A request during the failover is a 503 with Retry-After semantics, never a 500.
    expect(fehler.length).toBeGreaterThan(0);
    for (const f of fehler)
      expect(f).toEqual({ status: 503, type: "urn:aktenwerk:problem:nicht_verfuegbar" });

    // Every write the app acknowledged is on the new primary, with its Betreff.
    const rows = await replikat.sql<{ id: string; betreff: string }>(
      "SELECT id::text, betreff FROM akte WHERE id = ANY($1::uuid[])",
      [quittiert.map((q) => q.id)],
      "aktenwerk",
    );
    expect(new Map(rows.map((r) => [r.id, r.betreff]))).toEqual(
      new Map(quittiert.map((q) => [q.id, q.betreff])),
    );
    const [stand] = await replikat.sql<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
    expect(stand?.standby).toBe(false);

    // Reads and writes go on against the promoted server.
    const liste = (await aktenliste()).map((a) => a.id);
    for (const q of quittiert) expect(liste).toContain(q.id);
    expect((await neueAkte("Nach dem Failover")).statusCode).toBe(201);
    await ctx.jobs.enqueue(db, "replika-probe", { n: 2 });
    await expect.poll(() => gelaufen).toContain(2);
  }, 180_000);
});
