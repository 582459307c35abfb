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

/** CPU seconds of this process and of its finished children (ocrmypdf, Ghostscript), from /proc. */
interface CpuStand {
  selbst: number;
  kinder: number;
  postgres: number;
}

const TICKS_JE_SEKUNDE = 100;

async function prozessCpu(pid: string): Promise<number[]> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
  const felder = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return [11, 12, 13, 14].map((i) => Number(felder[i]) / TICKS_JE_SEKUNDE);
}

/** CPU used so far; PostgreSQL counts the server processes alive now (backends of the pool). */
async function cpuStand(): Promise<CpuStand> {
  const [utime, stime, cutime, cstime] = await prozessCpu("self");
  let postgres = 0;
  for (const pid of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if ((await fs.readFile(`/proc/${pid}/comm`, "utf8")).trim() !== "postgres") continue;
      const [u, s] = await prozessCpu(pid);
      postgres += u! + s!;
    } catch {
      // The process ended meanwhile.
    }
  }
  return { selbst: utime! + stime!, kinder: cutime! + cstime!, postgres };
}

const cpuSeit = (a: CpuStand, b: CpuStand): CpuStand => ({
  selbst: b.selbst - a.selbst,
  kinder: b.kinder - a.kinder,
  postgres: Math.max(0, b.postgres - a.postgres),
});

interface Messung {
  sek: number;
  cpu: CpuStand;
}

/** Bare ocrmypdf, with the pipeline's settings, one process per core. */
async function ocrmypdfPur(dateien: Buffer[], tmp: string, parallel: number): Promise<Messung> {
  const cpu = await cpuStand();
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
  return { sek: (performance.now() - start) / 1000, cpu: cpuSeit(cpu, await cpuStand()) };
}

/**
 * The pipeline: upload through the API, job, OCR, PDF/A rendition, index. The time runs until all
 * are searchable; the CPU count also includes the previews that follow.
 */
async function durchDiePipeline(
  db: Database,
  app: FastifyInstance,
  session: Session,
  vorgangId: string,
  dateien: Buffer[],
  runde: number,
): Promise<Messung> {
  const cpu = await cpuStand();
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
  const sek = (performance.now() - start) / 1000;
  // Previews queue behind text recognition; they finish before anything else is measured.
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM job WHERE status IN ('wartend', 'laufend')",
    );
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { sek, cpu: cpuSeit(cpu, await cpuStand()) };
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
    const cpuPur = { selbst: 0, kinder: 0, postgres: 0 };
    const cpuPipeline = { selbst: 0, kinder: 0, postgres: 0 };
    for (let runde = 1; runde <= RUNDEN; runde++) {
      const dateien = dateienDerRunde(runde);
      let pur: Messung;
      let pipeline: Messung;
      if (runde % 2 === 1) {
        pur = await ocrmypdfPur(dateien, tmp, parallel);
        pipeline = await durchDiePipeline(db, app, session, vorgangId, dateien, runde);
      } else {
        pipeline = await durchDiePipeline(db, app, session, vorgangId, dateien, runde);
        pur = await ocrmypdfPur(dateien, tmp, parallel);
      }
      summePur += pur.sek;
      summePipeline += pipeline.sek;
      for (const k of ["selbst", "kinder", "postgres"] as const) {
        cpuPur[k] += pur.cpu[k];
        cpuPipeline[k] += pipeline.cpu[k];
      }
      const verhaeltnis = pur.sek / pipeline.sek;
      verhaeltnisse.push(verhaeltnis);
      console.log(
        `  Runde ${runde}: ocrmypdf pur ${fmt(pur.sek, 1)} s (${fmt((seiten / pur.sek) * 60, 1)} Seiten/min), ` +
          `Aktenwerk-Pipeline ${fmt(pipeline.sek, 1)} s (${fmt((seiten / pipeline.sek) * 60, 1)} Seiten/min), Verhältnis ${fmt(verhaeltnis, 2)}`,
      );
    }
    await worker.stop();
    await app.close();
    const median = [...verhaeltnisse].sort((x, y) => x - y)[Math.floor(verhaeltnisse.length / 2)]!;
    console.log(
      `  Gesamt: ocrmypdf pur ${fmt(((seiten * RUNDEN) / summePur) * 60, 1)} Seiten/min, ` +
        `Pipeline ${fmt(((seiten * RUNDEN) / summePipeline) * 60, 1)} Seiten/min (Hochladen, Job, OCR, PDF/A-Fassung, Index)`,
    );
    // CPU time does not count what another guest of the machine takes: the steadier comparison.
    const alleSeiten = seiten * RUNDEN;
    const je = (sek: number) => fmt((sek / alleSeiten) * 1000, 0);
    const summePipelineCpu = cpuPipeline.selbst + cpuPipeline.kinder + cpuPipeline.postgres;
    const summePurCpu = cpuPur.selbst + cpuPur.kinder;
    console.log(
      `  CPU-Zeit je Seite: ocrmypdf pur ${je(summePurCpu)} ms; Pipeline ${je(summePipelineCpu)} ms ` +
        `(ocrmypdf und Vorschau ${je(cpuPipeline.kinder)}, Aktenwerk ${je(cpuPipeline.selbst)}, PostgreSQL ${je(cpuPipeline.postgres)}); ` +
        `Verhältnis ${fmt(summePurCpu / summePipelineCpu, 3)}`,
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
