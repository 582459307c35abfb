import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { einfachesPdf } from "../../demo/pdf.js";
import { planeWiederkehrendes } from "../../jobs.js";
import type { AppContext } from "../../platform/context.js";
import { createPool, Database } from "../../platform/database/database.js";
import { Ereignisse } from "../../platform/ereignisse.js";
import { JobQueue } from "../../platform/jobs/job-queue.js";
import { alleinAufEinemKnoten, KNOTENSPERRE_KLASSE } from "../../platform/lock.js";
import { verdrahte } from "../../verdrahtung.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe } from "../../../../test/helpers/factories.js";
import { holeImapPost } from "./imap.js";
import { JOB_SCANORDNER, pruefeScanOrdner } from "./scanordner.service.js";

/**
 * Two nodes on one database: the app processes and the worker all run the recurring jobs, and a
 * job's lease can run out while it still works. Node A is the test's context, node B a second
 * context with a connection pool of its own on the same database and the same scan folder.
 */
let a: TestContext;
let b: AppContext & { db: Database };
let ordner: string;
const DATEIEN = 40;

beforeAll(async () => {
  a = await createTestContext();
  ordner = path.join(a.dataDir, "scan");
  await fs.mkdir(ordner);
  a.config = {
    ...a.config,
    scanOrdner: [{ oe: "63", ordner }],
    // An address nothing listens on: the round fails fast, which is enough to see who ran it.
    imap: [{ oe: "63", url: "imap://post:geheim@127.0.0.1:1/INBOX" }],
    erlaubteHosts: ["127.0.0.1"],
  };
  await createOe(a, { kuerzel: "63", name: "Bauaufsicht" });
  const db = new Database(createPool(a.databaseUrl, 5), a.db.kind);
  b = verdrahte({ ...a, db, jobs: new JobQueue(db, a.clock), ereignisse: new Ereignisse() }) as AppContext & {
    db: Database;
  };
});

afterAll(async () => {
  await b.db.pool.end();
  await a.cleanup();
});

/** Who holds a node lock now, by the application_name of the holding connection. */
async function halter(name: string): Promise<string[]> {
  const { rows } = await a.db.query<{ application_name: string }>(
    `SELECT s.application_name FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1
        AND l.objid::bigint = (hashtext($2)::bigint & 4294967295) AND l.objsubid = 2`,
    [KNOTENSPERRE_KLASSE, name],
  );
  return rows.map((r) => r.application_name);
}

describe("Scanordner und Postfach auf genau einem Knoten", () => {
  it("two nodes looking into the same scan folder at the same moment take each file exactly once", async () => {
    const alt = new Date(Date.now() - 60_000);
    for (let i = 0; i < DATEIEN; i++) {
      const datei = path.join(ordner, `scan-${String(i).padStart(3, "0")}.pdf`);
      await fs.writeFile(datei, einfachesPdf([`Eingang Nummer ${i}`]));
      await fs.utimes(datei, alt, alt);
    }
    const genommen: number[] = [];
    // Rounds of both nodes at once until the folder is empty (the loser of a round skips it).
    for (let runde = 0; runde < 10; runde++) {
      genommen.push(...(await Promise.all([pruefeScanOrdner(a), pruefeScanOrdner(b)])));
      const rest = (await fs.readdir(ordner)).filter((n) => n.endsWith(".pdf"));
      if (rest.length === 0) break;
    }
    expect(genommen.reduce((x, y) => x + y, 0)).toBe(DATEIEN);
    const { rows } = await a.db.query<{ name: string; n: number }>(
      `SELECT scanprotokoll->>'dateiname' AS name, count(*)::int AS n FROM posteingang_eintrag
        WHERE kanal = 'scan' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toHaveLength(DATEIEN);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(await fs.readdir(path.join(ordner, "verarbeitet"))).toHaveLength(DATEIEN);
    await expect(fs.readdir(path.join(ordner, "fehler"))).rejects.toThrow();
  });

  it("while one node looks into the scan folder, the other skips its look and leaves the files alone", async () => {
    const datei = path.join(ordner, "waehrenddessen.pdf");
    await fs.writeFile(datei, einfachesPdf(["Während A schaut"]));
    const alt = new Date(Date.now() - 60_000);
    await fs.utimes(datei, alt, alt);
    const lauf = await alleinAufEinemKnoten(a.db, JOB_SCANORDNER, async () => {
      expect(await halter(JOB_SCANORDNER)).toEqual([`aktenwerk ${process.pid}`]);
      return pruefeScanOrdner(b);
    });
    expect(lauf).toEqual({ gelaufen: true, ergebnis: 0 });
    await expect(fs.stat(datei)).resolves.toBeTruthy();
    // Released after the run: now B looks, and takes it.
    expect(await halter(JOB_SCANORDNER)).toEqual([]);
    expect(await pruefeScanOrdner(b)).toBe(1);
  });

  it("while one node polls the mailboxes, the other does not poll", async () => {
    const lauf = await alleinAufEinemKnoten(a.db, "imap", () => holeImapPost(b));
    expect(lauf).toEqual({ gelaufen: true, ergebnis: { aufgenommen: 0, fehler: [], gelaufen: false } });
    const frei = await holeImapPost(b);
    expect(frei.gelaufen).toBe(true);
    expect(frei.fehler).toHaveLength(1);
  });

  it("a node that dies while it holds the lock frees it: its connection ends, and the other node takes over", async () => {
    let pid = 0;
    const haengt = alleinAufEinemKnoten(b.db, JOB_SCANORDNER, async () => {
      pid = (
        await b.db.query<{ pid: number }>(
          `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1`,
          [KNOTENSPERRE_KLASSE],
        )
      ).rows[0]!.pid;
      await a.db.query("SELECT pg_terminate_backend($1)", [pid]);
      await new Promise((r) => setTimeout(r, 50));
    });
    await haengt;
    expect(pid).toBeGreaterThan(0);
    expect(await halter(JOB_SCANORDNER)).toEqual([]);
    expect(await alleinAufEinemKnoten(a.db, JOB_SCANORDNER, async () => "A")).toEqual({
      gelaufen: true,
      ergebnis: "A",
    });
  });

  it("the recurring work plans a round over the configured mailboxes, once while one is pending", async () => {
    await planeWiederkehrendes(a);
    await planeWiederkehrendes(b);
    const { rows } = await a.db.query<{ art: string; n: number }>(
      `SELECT art, count(*)::int AS n FROM job WHERE art IN ('imap', 'scanordner') AND status = 'wartend'
        GROUP BY art ORDER BY art`,
    );
    expect(rows).toEqual([
      { art: "imap", n: 1 },
      { art: "scanordner", n: 1 },
    ]);
  });
});
