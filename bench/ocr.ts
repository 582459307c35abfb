import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { createWorker } from "../src/server/main.js";
import { vorwaermen } from "../src/server/modules/content/extraktion.js";
import { vorschauVorwaermen } from "../src/server/modules/content/vorschau.js";
import type { Database } from "../src/server/platform/database/database.js";
import { packageRoot } from "../src/server/platform/paths.js";
import type { Session } from "../test/helpers/factories.js";
import { benchContext, benchDatabase, benchHochladen, benchVorgang, fmt, machine } from "./harness.js";

const run = promisify(execFile);
/** 16 files of 3 pages per round: long enough that a second of noise does not decide the ratio. */
const DATEIEN = Number(process.env.BENCH_DATEIEN ?? 16);
/** Rounds of bare ocrmypdf and pipeline, taking turns who goes first, so drift of the machine evens out. */
const RUNDEN = Number(process.env.BENCH_RUNDEN ?? 5);
const SEITEN_JE_DATEI = 3;

/** Bare ocrmypdf, with the pipeline's settings, one process per core. Returns seconds. */
async function ocrmypdfPur(dateien: Buffer[], tmp: string, parallel: number): Promise<number> {
  const start = performance.now();
  let naechste = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (naechste < dateien.length) {
        const i = naechste++;
        const ein = path.join(tmp, `ein-${i}.pdf`);
        await fs.writeFile(ein, dateien[i]!);
        await run(
          "ocrmypdf",
          [
            "-l",
            "deu+eng",
            "--skip-text",
            "--output-type",
            "pdfa",
            "--sidecar",
            `${ein}.txt`,
            "--jobs",
            "1",
            "--quiet",
            ein,
            path.join(tmp, `aus-${i}.pdf`),
          ],
          { env: { ...process.env, OMP_THREAD_LIMIT: "1" } },
        );
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

/** The pipeline: upload through the API, job, OCR, PDF/A rendition, index, until all are searchable. */
async function durchDiePipeline(
  db: Database,
  app: FastifyInstance,
  session: Session,
  vorgangId: string,
  dateien: Buffer[],
  runde: number,
): Promise<number> {
  const start = performance.now();
  for (const [i, inhalt] of dateien.entries()) {
    await benchHochladen(app, session, vorgangId, { filename: `scan-${runde}-${i}.pdf`, content: inhalt });
  }
  for (;;) {
    const { rows } = await db.query<{ offen: number; ocr: number }>(
      "SELECT count(*) FILTER (WHERE status IN ('wartend', 'laeuft'))::int AS offen, count(*) FILTER (WHERE quelle = 'ocr')::int AS ocr FROM dokument_inhalt",
    );
    if (rows[0]!.offen === 0) {
      if (rows[0]!.ocr !== DATEIEN * runde)
        throw new Error(`nur ${rows[0]!.ocr} von ${DATEIEN * runde} per OCR erkannt`);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return (performance.now() - start) / 1000;
}

export async function runBench(): Promise<void> {
  console.log(`Texterkennung (OCR) – ${machine()}`);
  const scan = path.resolve(packageRoot, "..", "shared", "corpus", "multi-page-images.pdf");
  if (!existsSync(scan)) {
    console.log(`Übersprungen: der gescannte Testbrief fehlt (${scan}).`);
    return;
  }
  const original = await fs.readFile(scan);
  // Distinct bytes per file and round (a trailing comment), so nothing is deduplicated away.
  const dateienDerRunde = (runde: number) =>
    Array.from({ length: DATEIEN }, (_, i) =>
      Buffer.concat([original, Buffer.from(`\n%aktenwerk-bench-${runde}-${i}\n`)]),
    );
  const parallel = Math.max(1, os.availableParallelism());
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-ocr-"));
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const { app, session, vorgangId } = await benchVorgang(ctx);
    const worker = createWorker(ctx, 4);
    // A running server loaded pdf.js and the preview renderer when it started; the measurement is
    // its steady state.
    await vorwaermen();
    await vorschauVorwaermen();
    worker.start();
    const seiten = DATEIEN * SEITEN_JE_DATEI;
    console.log(
      `\n${RUNDEN} Runden zu ${seiten} gescannten Seiten (${DATEIEN} × ${SEITEN_JE_DATEI}), ${parallel} gleichzeitig (eine OCR je Kern):`,
    );
    const verhaeltnisse: number[] = [];
    let summePur = 0;
    let summePipeline = 0;
    for (let runde = 1; runde <= RUNDEN; runde++) {
      const dateien = dateienDerRunde(runde);
      let purSek: number;
      let pipelineSek: number;
      if (runde % 2 === 1) {
        purSek = await ocrmypdfPur(dateien, tmp, parallel);
        pipelineSek = await durchDiePipeline(db, app, session, vorgangId, dateien, runde);
      } else {
        pipelineSek = await durchDiePipeline(db, app, session, vorgangId, dateien, runde);
        purSek = await ocrmypdfPur(dateien, tmp, parallel);
      }
      // Previews queue behind text recognition; let them finish so the next round starts level.
      for (;;) {
        const { rows } = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM job WHERE status IN ('wartend', 'laufend')",
        );
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      summePur += purSek;
      summePipeline += pipelineSek;
      const verhaeltnis = purSek / pipelineSek;
      verhaeltnisse.push(verhaeltnis);
      console.log(
        `  Runde ${runde}: ocrmypdf pur ${fmt(purSek, 1)} s (${fmt((seiten / purSek) * 60, 1)} Seiten/min), ` +
          `Aktenwerk-Pipeline ${fmt(pipelineSek, 1)} s (${fmt((seiten / pipelineSek) * 60, 1)} Seiten/min), Verhältnis ${fmt(verhaeltnis, 2)}`,
      );
    }
    await worker.stop();
    await app.close();
    const median = [...verhaeltnisse].sort((x, y) => x - y)[Math.floor(verhaeltnisse.length / 2)]!;
    console.log(
      `  Gesamt: ocrmypdf pur ${fmt(((seiten * RUNDEN) / summePur) * 60, 1)} Seiten/min, ` +
        `Pipeline ${fmt(((seiten * RUNDEN) / summePipeline) * 60, 1)} Seiten/min (Hochladen, Job, OCR, PDF/A-Fassung, Index)`,
    );
    console.log(
      `  Verhältnis: Median ${fmt(median, 3)}, gesamt ${fmt(summePur / summePipeline, 3)}   Ziel ≥ 0,9: ${median >= 0.9 ? "erreicht" : "VERFEHLT"}`,
    );
  } finally {
    await close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

export { runBench as run };
