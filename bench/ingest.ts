import { einfachesPdf } from "../src/server/demo/pdf.js";
import { createWorker } from "../src/server/main.js";
import { benchContext, benchDatabase, benchHochladen, benchVorgang, fmt, machine } from "./harness.js";
import { deutscherText, einfachesDocx, zufall } from "./texte.js";

const ANZAHL = Number(process.env.BENCH_DOKUMENTE ?? 1000);
const CLIENTS = 8;

export async function run(): Promise<void> {
  console.log(`Aufnahme (upload bis durchsuchbar) – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const { app, session, vorgangId } = await benchVorgang(ctx);

    const rnd = zufall(42);
    const dateien = Array.from({ length: ANZAHL }, (_, i) => {
      const zeilen = Array.from({ length: 12 }, () => deutscherText(rnd, 14));
      return i % 2 === 0
        ? { name: `schreiben-${i}.pdf`, inhalt: einfachesPdf([`Schreiben Nr. ${i}`, ...zeilen]) }
        : { name: `vermerk-${i}.docx`, inhalt: einfachesDocx([`Vermerk Nr. ${i}`, ...zeilen]) };
    });
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
    for (;;) {
      const { rows } = await db.query<{ offen: number; fertig: number }>(
        "SELECT count(*) FILTER (WHERE status IN ('wartend', 'laeuft'))::int AS offen, count(*) FILTER (WHERE status = 'fertig')::int AS fertig FROM dokument_inhalt",
      );
      if (rows[0]!.offen === 0) {
        if (rows[0]!.fertig !== ANZAHL) throw new Error(`nur ${rows[0]!.fertig} von ${ANZAHL} fertig`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const fertig = performance.now();
    await worker.stop();
    const probe = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM suchindex WHERE tsv @@ plainto_tsquery('german', 'Schreiben Nr')",
    );
    console.log(
      `\n${ANZAHL} Dokumente (je zur Hälfte PDF und DOCX mit deutschem Text), ${CLIENTS} gleichzeitige Uploads, 4 Jobs gleichzeitig:`,
    );
    console.log(
      `  Hochladen:                 ${fmt(hochgeladen - start, 0)} ms (${fmt(ANZAHL / ((hochgeladen - start) / 1000), 1)} Dokumente/s)`,
    );
    console.log(
      `  Bis alle durchsuchbar:     ${fmt(fertig - start, 0)} ms → ${fmt(ANZAHL / ((fertig - start) / 1000), 1)} Dokumente/s   Ziel ≥ 50/s: ${ANZAHL / ((fertig - start) / 1000) >= 50 ? "erreicht" : "VERFEHLT"}`,
    );
    console.log(`  Stichprobe: ${probe.rows[0]!.n} Dokumente über ihren Inhalt auffindbar.`);
    await app.close();
  } finally {
    await close();
  }
}
