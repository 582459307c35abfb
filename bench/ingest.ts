import { randomUUID } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { einfachesPdf } from "../src/server/demo/pdf.js";
import { createWorker } from "../src/server/main.js";
import { verifyProtokoll } from "../src/server/modules/protokoll/index.js";
import { FileSystemBlobStore } from "../src/server/platform/blobstore/index.js";
import type { Database } from "../src/server/platform/database/database.js";
import { benchContext, benchDatabase, benchHochladen, benchVorgang, fmt, machine } from "./harness.js";
import { deutscherText, einfachesDocx, zufall } from "./texte.js";

const ANZAHL = Number(process.env.BENCH_DOKUMENTE ?? 1000);
const CLIENTS = 8;
/** Uploads made one after another to count the queries of one upload. */
const ZAEHLUPLOADS = 20;

interface Datei {
  name: string;
  inhalt: Buffer;
}

/**
 * Counts every statement the process sends to PostgreSQL (all go through `pg.Client#query`; a
 * pool's `query` ends there too), with the statement text normalised for a breakdown.
 */
function abfragezaehler() {
  const statements = new Map<string, number>();
  let an = false;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (an) {
      const first = args[0];
      const text = typeof first === "string" ? first : ((first as { text?: string })?.text ?? "?");
      const key = text
        .replace(/\s+/g, " ")
        .replace(/E?'(?:[^']|'')*'/g, "'…'")
        .trim()
        .slice(0, 110);
      statements.set(key, (statements.get(key) ?? 0) + 1);
    }
    // The original overloads cannot be named from here; the arguments pass through unchanged.
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    starte() {
      statements.clear();
      an = true;
    },
    stoppe(): Map<string, number> {
      an = false;
      return new Map(statements);
    },
  };
}

/**
 * The floor: what any durable intake must do per document, at the same concurrency — the file
 * written, fsynced and renamed into place (the blob store's own write, so the same fsyncs), then
 * one committed INSERT naming it.
 */
async function boden(db: Database, dir: string, dateien: Datei[]): Promise<number> {
  const store = new FileSystemBlobStore(path.join(dir, `boden-${randomUUID()}`));
  await db.query("CREATE TABLE IF NOT EXISTS bench_boden (id uuid PRIMARY KEY, sha256 text, name text)");
  let naechste = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (naechste < dateien.length) {
        const datei = dateien[naechste++]!;
        const stored = await store.put(Readable.from([datei.inhalt]));
        await db.query("INSERT INTO bench_boden (id, sha256, name) VALUES ($1, $2, $3)", [
          randomUUID(),
          stored.sha256,
          datei.name,
        ]);
      }
    }),
  );
  return dateien.length / ((performance.now() - start) / 1000);
}

export async function run(): Promise<void> {
  console.log(`Aufnahme (upload bis durchsuchbar) – ${machine()}`);
  const zaehler = abfragezaehler();
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const { app, session, vorgangId } = await benchVorgang(ctx);

    const rnd = zufall(42);
    const erzeuge = (i: number): Datei => {
      const zeilen = Array.from({ length: 12 }, () => deutscherText(rnd, 14));
      return i % 2 === 0
        ? { name: `schreiben-${i}.pdf`, inhalt: einfachesPdf([`Schreiben Nr. ${i}`, ...zeilen]) }
        : { name: `vermerk-${i}.docx`, inhalt: einfachesDocx([`Vermerk Nr. ${i}`, ...zeilen]) };
    };
    const dateien = Array.from({ length: ANZAHL }, (_, i) => erzeuge(i));
    const zaehldateien = Array.from({ length: ZAEHLUPLOADS }, (_, i) => erzeuge(ANZAHL + i));

    // Queries of one upload: a few uploads one after another, the worker not yet running.
    zaehler.starte();
    for (const datei of zaehldateien)
      await benchHochladen(app, session, vorgangId, { filename: datei.name, content: datei.inhalt });
    const abfragen = zaehler.stoppe();
    const gesamt = [...abfragen.values()].reduce((a, b) => a + b, 0);

    // The floor, before and after the uploads (the machine is shared: the mean of both).
    const bodenVorher = await boden(db, dir, dateien);

    const worker = createWorker(ctx, 4);
    worker.start();
    const start = performance.now();
    let naechste = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (naechste < dateien.length) {
          const datei = dateien[naechste++]!;
          await benchHochladen(app, session, vorgangId, { filename: datei.name, content: datei.inhalt });
        }
      }),
    );
    const hochgeladen = performance.now();
    const erwartet = ANZAHL + ZAEHLUPLOADS;
    for (;;) {
      const { rows } = await db.query<{ offen: number; fertig: number }>(
        "SELECT count(*) FILTER (WHERE status IN ('wartend', 'laeuft'))::int AS offen, count(*) FILTER (WHERE status = 'fertig')::int AS fertig FROM dokument_inhalt",
      );
      if (rows[0]!.offen === 0) {
        if (rows[0]!.fertig !== erwartet) throw new Error(`nur ${rows[0]!.fertig} von ${erwartet} fertig`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const fertig = performance.now();
    await worker.stop();
    const bodenNachher = await boden(db, dir, dateien);
    const bodenRate = (bodenVorher + bodenNachher) / 2;
    await db.query("DROP TABLE bench_boden");

    const probe = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM suchindex WHERE tsv @@ plainto_tsquery('german', 'Schreiben Nr')",
    );
    const kette = await verifyProtokoll(db);
    const uploadRate = ANZAHL / ((hochgeladen - start) / 1000);
    const suchbarRate = ANZAHL / ((fertig - start) / 1000);
    console.log(
      `\n${ANZAHL} Dokumente (je zur Hälfte PDF und DOCX mit deutschem Text), ${CLIENTS} gleichzeitige Uploads, 4 Jobs gleichzeitig:`,
    );
    console.log(
      `  Boden (Blob mit fsync + ein INSERT mit Commit je Dokument, ${CLIENTS} gleichzeitig): ${fmt(bodenRate, 1)} Dokumente/s (vorher ${fmt(bodenVorher, 1)}, nachher ${fmt(bodenNachher, 1)})`,
    );
    console.log(
      `  Hochladen:                 ${fmt(hochgeladen - start, 0)} ms (${fmt(uploadRate, 1)} Dokumente/s, ${fmt(uploadRate / bodenRate, 2)} × Boden)`,
    );
    console.log(
      `  Bis alle durchsuchbar:     ${fmt(fertig - start, 0)} ms → ${fmt(suchbarRate, 1)} Dokumente/s, ${fmt(suchbarRate / bodenRate, 2)} × Boden   Ziel ≥ 50/s: ${suchbarRate >= 50 ? "erreicht" : "VERFEHLT"}, Ziel ≥ 0,5 × Boden: ${suchbarRate / bodenRate >= 0.5 ? "erreicht" : "VERFEHLT"}`,
    );
    console.log(
      `  Abfragen je Upload:        ${fmt(gesamt / ZAEHLUPLOADS, 1)} (gezählt über ${ZAEHLUPLOADS} Uploads nacheinander)`,
    );
    if (process.env.BENCH_ABFRAGEN) {
      for (const [text, n] of [...abfragen].sort((a, b) => b[1] - a[1]))
        console.log(`    ${fmt(n / ZAEHLUPLOADS, 1).padStart(5)} × ${text}`);
    }
    console.log(`  Stichprobe: ${probe.rows[0]!.n} Dokumente über ihren Inhalt auffindbar.`);
    console.log(
      `  Protokoll-Kette: ${kette.ok ? `geprüft, ${kette.anzahl} Einträge in Ordnung` : `GEBROCHEN bei Eintrag ${kette.nr}: ${kette.grund}`}`,
    );
    await app.close();
  } finally {
    await close();
  }
}
