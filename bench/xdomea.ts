import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createOrganisationseinheit } from "../src/server/modules/access/access.service.js";
import { importAktenplanCsv } from "../src/server/modules/aktenplan/aktenplan.service.js";
import { exportiere, importiere } from "../src/server/modules/aussonderung/index.js";
import { packageRoot } from "../src/server/platform/paths.js";
import { TEST_AKTENPLAN } from "../test/helpers/schriftgut.js";
import { benchContext, benchDatabase, benchHochladen, benchVorgang, fmt, machine } from "./harness.js";

const SCHEMAS = path.resolve(packageRoot, "..", "shared", "xdomea");
const GROESSE = 200 * 1024;

/** Highest resident memory while `work` runs, above what the process held before. */
async function mitSpitze<T>(
  work: () => Promise<T>,
): Promise<{ ergebnis: T; sekunden: number; spitzeMb: number }> {
  global.gc?.();
  const basis = process.memoryUsage().rss;
  let spitze = basis;
  const timer = setInterval(() => {
    spitze = Math.max(spitze, process.memoryUsage().rss);
  }, 10);
  const start = performance.now();
  try {
    const ergebnis = await work();
    spitze = Math.max(spitze, process.memoryUsage().rss);
    return {
      ergebnis,
      sekunden: (performance.now() - start) / 1000,
      spitzeMb: (spitze - basis) / 1024 / 1024,
    };
  } finally {
    clearInterval(timer);
  }
}

/** One Akte with n Dokumente of 200 KB (PDFs with incompressible content), exported and imported. */
async function runde(n: number): Promise<void> {
  const quelle = await benchDatabase();
  const ziel = await benchDatabase();
  try {
    const a = await benchContext(quelle.db, quelle.dir);
    a.config = { ...a.config, xdomeaSchemas: SCHEMAS };
    const { app, session, vorgangId } = await benchVorgang(a);
    for (let i = 0; i < n; i++) {
      const kopf = Buffer.from(`%PDF-1.4\n% Dokument ${i}\n`, "latin1");
      const inhalt = Buffer.concat([
        kopf,
        randomBytes(GROESSE - kopf.length - 6),
        Buffer.from("\n%%EOF", "latin1"),
      ]);
      await benchHochladen(
        app,
        session,
        vorgangId,
        { filename: `schreiben-${i}.pdf`, content: inhalt },
        { typ: "Eingang", titel: `Schreiben ${i}` },
      );
    }
    await app.close();
    const { rows } = await a.db.query<{ aktenzeichen: string }>("SELECT aktenzeichen FROM akte LIMIT 1");
    const datei = path.join(quelle.dir, "aussonderung.zip");
    const ex = await mitSpitze(() =>
      exportiere(a, "system", { aktenzeichen: [rows[0]!.aktenzeichen], nachricht: "0503", ziel: datei }),
    );
    const mb = (await fs.stat(datei)).size / 1024 / 1024;

    const b = await benchContext(ziel.db, ziel.dir);
    b.config = { ...b.config, xdomeaSchemas: SCHEMAS };
    for (const k of ["63", "51", "11"])
      await createOrganisationseinheit(b, "system", { name: `Amt ${k}`, kuerzel: k, art: "Amt" });
    await importAktenplanCsv(b, "system", TEST_AKTENPLAN);
    const im = await mitSpitze(() => importiere(b, "system", { datei }));
    if (im.ergebnis.akten[0]?.dokumente !== n) throw new Error("Import unvollständig");
    console.log(
      `${String(n).padStart(5)} Dokumente, Container ${fmt(mb, 0)} MB: ` +
        `Export ${fmt(ex.sekunden, 1)} s (${fmt(mb / ex.sekunden, 0)} MB/s), Speicher +${fmt(ex.spitzeMb, 0)} MB · ` +
        `Import ${fmt(im.sekunden, 1)} s (${fmt(mb / im.sekunden, 0)} MB/s), Speicher +${fmt(im.spitzeMb, 0)} MB`,
    );
  } finally {
    await quelle.close();
    await ziel.close();
  }
}

/**
 * `npm run bench -- xdomea`: export (0503 with every primary document, XSD-checked) and import
 * (container unpacked as a stream, XSD-checked, all Akten in one transaction) of one Akte with
 * 1,000 Dokumente of 200 KB – and with 100, to show that memory does not grow with the Akte.
 */
export async function run(): Promise<void> {
  console.log(`xdomea – ${machine()}`);
  if (!existsSync(path.join(SCHEMAS, "3.0.0", "xdomea.xsd"))) {
    console.log(`Übersprungen: die xdomea-Schemas fehlen unter ${SCHEMAS}.`);
    return;
  }
  for (const n of [100, Number(process.env.BENCH_DOKUMENTE ?? 1000)]) await runde(n);
}
