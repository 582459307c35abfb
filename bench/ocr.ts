import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createWorker } from "../src/server/main.js";
import { vorwaermen } from "../src/server/modules/content/extraktion.js";
import { vorschauVorwaermen } from "../src/server/modules/content/vorschau.js";
import { packageRoot } from "../src/server/platform/paths.js";
import { multipart } from "../test/helpers/multipart.js";
import { benchContext, benchDatabase, benchVorgang, fmt, machine } from "./harness.js";

const run = promisify(execFile);
/** 16 files of 3 pages: long enough that a second of noise does not decide the ratio. */
const DATEIEN = Number(process.env.BENCH_DATEIEN ?? 16);
const SEITEN_JE_DATEI = 3;

export async function runBench(): Promise<void> {
  console.log(`Texterkennung (OCR) – ${machine()}`);
  const scan = path.resolve(packageRoot, "..", "shared", "corpus", "multi-page-images.pdf");
  if (!existsSync(scan)) {
    console.log(`Übersprungen: der gescannte Testbrief fehlt (${scan}).`);
    return;
  }
  const original = await fs.readFile(scan);
  // Distinct bytes per file (a trailing comment), so nothing is deduplicated away.
  const dateien = Array.from({ length: DATEIEN }, (_, i) =>
    Buffer.concat([original, Buffer.from(`\n%aktenwerk-bench-${i}\n`)]),
  );
  const parallel = Math.max(1, os.availableParallelism());
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-ocr-"));

  // 1. Bare ocrmypdf, same settings as the pipeline, one per core.
  const bareStart = performance.now();
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
  const bareSek = (performance.now() - bareStart) / 1000;

  // 2. The pipeline: upload through the API, jobs, OCR, rendition, index.
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
    const start = performance.now();
    for (const [i, inhalt] of dateien.entries()) {
      const { payload, headers } = multipart(
        { metadaten: { typ: "Eingang" } },
        { filename: `scan-${i}.pdf`, content: inhalt },
      );
      const r = await app.inject({
        method: "POST",
        url: `/api/v1/vorgaenge/${vorgangId}/dokumente`,
        headers: { ...session.headers, ...headers },
        payload,
      });
      if (r.statusCode !== 201) throw new Error(r.body);
    }
    for (;;) {
      const { rows } = await db.query<{ offen: number; ocr: number }>(
        "SELECT count(*) FILTER (WHERE status IN ('wartend', 'laeuft'))::int AS offen, count(*) FILTER (WHERE quelle = 'ocr')::int AS ocr FROM dokument_inhalt",
      );
      if (rows[0]!.offen === 0) {
        if (rows[0]!.ocr !== DATEIEN) throw new Error(`nur ${rows[0]!.ocr} von ${DATEIEN} per OCR erkannt`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const pipelineSek = (performance.now() - start) / 1000;
    await worker.stop();
    await app.close();
    const seiten = DATEIEN * SEITEN_JE_DATEI;
    const bare = (seiten / bareSek) * 60;
    const pipeline = (seiten / pipelineSek) * 60;
    console.log(
      `\n${seiten} gescannte Seiten (${DATEIEN} × ${SEITEN_JE_DATEI}), ${parallel} gleichzeitig (eine OCR je Kern):`,
    );
    console.log(`  ocrmypdf pur:       ${fmt(bareSek, 1)} s → ${fmt(bare, 1)} Seiten/min`);
    console.log(
      `  Aktenwerk-Pipeline: ${fmt(pipelineSek, 1)} s → ${fmt(pipeline, 1)} Seiten/min (Hochladen, Job, OCR, PDF/A-Fassung, Index)`,
    );
    console.log(
      `  Verhältnis: ${fmt(pipeline / bare, 2)}   Ziel ≥ 0,9: ${pipeline / bare >= 0.9 ? "erreicht" : "VERFEHLT"}`,
    );
  } finally {
    await close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

export { runBench as run };
