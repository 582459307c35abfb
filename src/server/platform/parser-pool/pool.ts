import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { HeapInfo } from "node:v8";
import { Worker } from "node:worker_threads";

/**
 * A pool of worker threads for parsing untrusted content (PDF, Office, e-mail, images, containers):
 * a hostile file may burn a thread's CPU and heap, never the server's event loop. Each task runs
 * under a hard wall-clock limit (the thread is terminated, not just abandoned), a heap limit (V8's
 * own) and a limit on off-heap memory (ArrayBuffers and Buffers, which V8's heap limit does not
 * see: what pdf.js and the inflater allocate); a killed thread is replaced by a fresh one on the
 * next task.
 *
 * Tasks live in the modules: a task module exports `aufgaben`, an object of functions that take one
 * structured-cloneable argument. The worker imports the module on first use.
 */

/** Functions a task module offers: one cloneable argument in, a cloneable result out. */
export type Aufgaben = Record<string, (eingabe: never) => unknown>;

/** A task module, named by its file so a worker can import it; `A` is `typeof aufgaben`. */
export interface AufgabenModul<A extends Aufgaben> {
  readonly url: string;
  /** Phantom field: carries the task types, never set. */
  readonly _typ?: A;
}

/**
 * The task module beside the caller: `aufgabenModul<typeof aufgaben>(import.meta.url, "./aufgaben")`.
 * It takes the caller's extension, so the same code finds `aufgaben.ts` under vitest and
 * `aufgaben.js` in dist/.
 */
export function aufgabenModul<A extends Aufgaben>(neben: string, name: string): AufgabenModul<A> {
  const endung = path.extname(fileURLToPath(neben));
  return { url: new URL(`${name}${endung}`, neben).href };
}

/** Why a task did not end with a result of its own. */
export type Abbruchgrund = "zeitlimit" | "speicher" | "absturz" | "geschlossen";

/** A task stopped by the pool: its thread was killed (or died); the message is German. */
export class PoolAbbruch extends Error {
  constructor(
    readonly grund: Abbruchgrund,
    message: string,
  ) {
    super(message);
    this.name = "PoolAbbruch";
  }
}

/** An error thrown by the task itself, carried over from the thread with its name, message and code. */
export class AufgabenFehler extends Error {
  constructor(
    name: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = name;
  }
}

export interface PoolOptionen {
  /** Threads at most; tasks beyond wait in order. */
  groesse: number;
  /** V8 heap of one thread (old generation), in MB. */
  maxHeapMb: number;
  /**
   * Off-heap memory of one thread (ArrayBuffers, Buffers, other external memory V8 accounts for),
   * in MB; default `STANDARD_MAX_EXTERN_MB`. Checked every `WACHE_MS` while a task runs.
   */
  maxExternMb?: number;
}

/** Off-heap memory one thread may hold unless the pool is told otherwise. */
export const STANDARD_MAX_EXTERN_MB = 128;

/**
 * How often a busy thread's off-heap memory is looked at. The look is an interrupt of the thread's
 * isolate, so it is answered while a task computes synchronously; a task that allocates in native
 * code without returning to JavaScript is seen when it returns.
 */
const WACHE_MS = 20;

/**
 * How long a thread above its off-heap limit has to answer the request to collect its garbage. The
 * figure V8 reports includes buffers that are already garbage, which V8 frees only once they reach
 * some 128 MB more than it kept at its last full collection (measured: a task holding 60 MB while
 * it discards 8 MB buffers swings up to 263 MB). So above the limit the pool asks the thread to
 * collect and judges what is left; a thread that never yields cannot answer and is killed when
 * this time is up.
 */
const UEBER_GRENZE_MS = 250;

/**
 * Beyond the limit by this much, a thread is killed without asking. A thread that yields has been
 * asked to collect when it crossed the limit, so its garbage does not grow by this much more; a
 * thread that allocates a large buffer in one synchronous step (pdf.js copying the chunks of a
 * 120 MB stream into one) is stopped here before it fills it, not only when UEBER_GRENZE_MS is up.
 */
const GARBAGE_RESERVE_BYTES = 64 * 1024 * 1024;

export interface AufgabenGrenzen {
  /** Wall-clock limit of one task, from its start in a thread. */
  maxSekunden: number;
}

/** What a thread sends: a task's end, or its off-heap memory after a collection the pool asked for. */
type Antwort =
  | { art: "ergebnis"; id: number; ok: true; ergebnis: unknown }
  | { art: "ergebnis"; id: number; ok: false; name: string; message: string; code?: string }
  | { art: "gesammelt"; id: number; extern: number };

interface Auftrag {
  id: number;
  modul: string;
  aufgabe: string;
  eingabe: unknown;
  grenzen: AufgabenGrenzen;
  resolve(wert: unknown): void;
  reject(fehler: Error): void;
}

interface Faden {
  worker: Worker;
  auftrag: Auftrag | null;
  timer: NodeJS.Timeout | null;
  tot: boolean;
  /** A look at the thread's memory is under way (at most one at a time). */
  schaut: boolean;
  /** Since when (ms, monotonic) a collection has been asked for and not yet answered. */
  sammelnSeit: number | null;
}

const ausQuelltext = import.meta.url.endsWith(".ts");

/**
 * The thread's first code, evaluated as a script: under vitest and tsx the sources are TypeScript,
 * so the thread registers tsx before it imports the worker side; from dist/ it imports plain JS.
 */
const START = `
const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.arbeiter);
})().catch((error) => setImmediate(() => { throw error; }));
`;

function tsxEinstieg(): string | null {
  if (!ausQuelltext) return null;
  const paket = createRequire(import.meta.url).resolve("tsx/package.json");
  return pathToFileURL(path.join(path.dirname(paket), "dist", "esm", "api", "index.mjs")).href;
}

/** Runs named tasks of task modules in worker threads with hard limits. */
export class ParserPool {
  private readonly faeden = new Set<Faden>();
  private readonly warteschlange: Auftrag[] = [];
  private naechsteId = 1;
  private geschlossen = false;
  private readonly arbeiter = new URL(`./arbeiter${ausQuelltext ? ".ts" : ".js"}`, import.meta.url).href;
  private readonly tsx = tsxEinstieg();
  private readonly maxExternBytes: number;
  private wache: NodeJS.Timeout | null = null;

  constructor(private readonly optionen: PoolOptionen) {
    this.maxExternBytes = (optionen.maxExternMb ?? STANDARD_MAX_EXTERN_MB) * 1024 * 1024;
  }

  /** Threads at most. */
  get groesse(): number {
    return this.optionen.groesse;
  }

  /** Threads alive now (busy or idle). */
  get faedenAnzahl(): number {
    return this.faeden.size;
  }

  /**
   * Runs `aufgabe` of `modul` in a thread. Rejects with PoolAbbruch when the thread was killed for
   * time or memory (a fresh one takes its place), with AufgabenFehler when the task threw.
   */
  run<A extends Aufgaben, K extends keyof A & string>(
    modul: AufgabenModul<A>,
    aufgabe: K,
    eingabe: Parameters<A[K]>[0],
    grenzen: AufgabenGrenzen,
  ): Promise<Awaited<ReturnType<A[K]>>> {
    if (this.geschlossen)
      return Promise.reject(new PoolAbbruch("geschlossen", "Der Parser-Pool ist geschlossen."));
    return new Promise((resolve, reject) => {
      this.warteschlange.push({
        id: this.naechsteId++,
        modul: modul.url,
        aufgabe,
        eingabe,
        grenzen,
        resolve: resolve as (wert: unknown) => void,
        reject,
      });
      this.verteile();
    });
  }

  /** Ends all threads; waiting and running tasks fail. */
  async close(): Promise<void> {
    this.geschlossen = true;
    clearInterval(this.wache ?? undefined);
    this.wache = null;
    for (const a of this.warteschlange.splice(0))
      a.reject(new PoolAbbruch("geschlossen", "Der Parser-Pool ist geschlossen."));
    await Promise.all(
      [...this.faeden].map((f) =>
        this.beende(f, new PoolAbbruch("geschlossen", "Der Parser-Pool ist geschlossen.")),
      ),
    );
  }

  private verteile(): void {
    while (this.warteschlange.length > 0) {
      let frei = [...this.faeden].find((f) => !f.auftrag && !f.tot);
      if (!frei && this.faeden.size < this.optionen.groesse) frei = this.starte();
      if (!frei) return;
      this.gib(frei, this.warteschlange.shift()!);
    }
  }

  private starte(): Faden {
    const worker = new Worker(START, {
      eval: true,
      workerData: { arbeiter: this.arbeiter, tsx: this.tsx },
      resourceLimits: {
        maxOldGenerationSizeMb: this.optionen.maxHeapMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.round(this.optionen.maxHeapMb / 8))),
      },
    });
    // Idle threads never keep the process from ending (their console is silenced in the thread:
    // piped stdout/stderr streams would hold the event loop open after shutdown).
    worker.unref();
    const faden: Faden = { worker, auftrag: null, timer: null, tot: false, schaut: false, sammelnSeit: null };
    worker.on("message", (antwort: Antwort) => {
      if (antwort.art === "gesammelt") this.gesammelt(faden, antwort.id, antwort.extern);
      else this.fertig(faden, antwort);
    });
    worker.on("error", (error: Error & { code?: string }) => {
      const abbruch =
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new PoolAbbruch(
              "speicher",
              `Die Verarbeitung brauchte mehr als ${this.optionen.maxHeapMb} MB Speicher und wurde abgebrochen.`,
            )
          : new PoolAbbruch("absturz", `Die Verarbeitung ist abgestürzt (${error.message.slice(0, 200)}).`);
      void this.beende(faden, abbruch);
    });
    worker.on("exit", () => {
      void this.beende(faden, new PoolAbbruch("absturz", "Die Verarbeitung wurde unerwartet beendet."));
    });
    this.faeden.add(faden);
    return faden;
  }

  private gib(faden: Faden, auftrag: Auftrag): void {
    faden.auftrag = auftrag;
    faden.sammelnSeit = null;
    // Busy threads keep the process alive (a CLI command waits for them); idle ones do not.
    faden.worker.ref();
    faden.timer = setTimeout(() => {
      void this.beende(
        faden,
        new PoolAbbruch(
          "zeitlimit",
          `Die Verarbeitung dauerte länger als ${auftrag.grenzen.maxSekunden} ${auftrag.grenzen.maxSekunden === 1 ? "Sekunde" : "Sekunden"} und wurde abgebrochen.`,
        ),
      );
    }, auftrag.grenzen.maxSekunden * 1000);
    faden.worker.postMessage({
      art: "auftrag",
      id: auftrag.id,
      modul: auftrag.modul,
      aufgabe: auftrag.aufgabe,
      eingabe: auftrag.eingabe,
    });
    this.wacheStarten();
  }

  /** Looks at the busy threads' off-heap memory every WACHE_MS; runs only while a task does. */
  private wacheStarten(): void {
    if (this.wache) return;
    this.wache = setInterval(() => {
      const beschaeftigt = [...this.faeden].filter((f) => f.auftrag && !f.tot);
      if (beschaeftigt.length === 0) {
        clearInterval(this.wache ?? undefined);
        this.wache = null;
        return;
      }
      for (const faden of beschaeftigt) void this.schaueNach(faden);
    }, WACHE_MS);
    // The watch never keeps the process alive on its own: a busy thread does (see `gib`).
    this.wache.unref();
  }

  /**
   * Looks at a busy thread's off-heap memory (ArrayBuffers, Buffers, other external memory). Above
   * the limit the thread is asked to collect its garbage and answer with what is left (see
   * `gesammelt`); a thread that does not answer within UEBER_GRENZE_MS (it never yields) while it
   * stays above the limit, or that exceeds it by GARBAGE_RESERVE_BYTES, is killed.
   */
  private async schaueNach(faden: Faden): Promise<void> {
    if (faden.schaut) return;
    faden.schaut = true;
    const auftrag = faden.auftrag;
    try {
      // `{}` once the thread has ended.
      const statistik = (await faden.worker.getHeapStatistics()) as Partial<HeapInfo>;
      const extern = statistik.external_memory ?? 0;
      // The figure belongs to the task that ran when it was asked for.
      if (!auftrag || faden.auftrag !== auftrag || faden.tot || extern <= this.maxExternBytes) return;
      const jetzt = performance.now();
      if (extern > this.maxExternBytes + GARBAGE_RESERVE_BYTES) return await this.zuVielSpeicher(faden);
      if (faden.sammelnSeit === null) {
        faden.sammelnSeit = jetzt;
        faden.worker.postMessage({ art: "aufraeumen", id: auftrag.id });
      } else if (jetzt - faden.sammelnSeit >= UEBER_GRENZE_MS) await this.zuVielSpeicher(faden);
    } catch {
      // The thread ended meanwhile: its exit handler has failed its task.
    } finally {
      faden.schaut = false;
    }
  }

  /** The thread's off-heap memory after a collection asked for during task `id`: what it really holds. */
  private gesammelt(faden: Faden, id: number, extern: number): void {
    if (faden.auftrag?.id !== id || faden.tot) return;
    faden.sammelnSeit = null;
    if (extern > this.maxExternBytes) void this.zuVielSpeicher(faden);
  }

  /** Kills the thread for its off-heap memory. */
  private zuVielSpeicher(faden: Faden): Promise<void> {
    return this.beende(
      faden,
      new PoolAbbruch(
        "speicher",
        `Die Verarbeitung brauchte mehr als ${this.maxExternBytes / 1024 / 1024} MB Pufferspeicher und wurde abgebrochen.`,
      ),
    );
  }

  private fertig(faden: Faden, antwort: Extract<Antwort, { art: "ergebnis" }>): void {
    const auftrag = faden.auftrag;
    if (!auftrag || auftrag.id !== antwort.id || faden.tot) return;
    clearTimeout(faden.timer ?? undefined);
    faden.auftrag = null;
    faden.timer = null;
    faden.worker.unref();
    if (antwort.ok) auftrag.resolve(antwort.ergebnis);
    else auftrag.reject(new AufgabenFehler(antwort.name, antwort.message, antwort.code));
    this.verteile();
  }

  /** Kills a thread (hard: `terminate`), fails its task, and once it is gone lets a fresh thread take the queue. */
  private async beende(faden: Faden, grund: PoolAbbruch): Promise<void> {
    if (faden.tot) return;
    faden.tot = true;
    clearTimeout(faden.timer ?? undefined);
    const auftrag = faden.auftrag;
    faden.auftrag = null;
    auftrag?.reject(grund);
    // The dying thread keeps its place until it is gone: its replacement (loading pdf.js anew)
    // never adds its memory to what the killed one still holds.
    await faden.worker.terminate().catch(() => undefined);
    this.faeden.delete(faden);
    if (!this.geschlossen) this.verteile();
  }
}

let gemeinsam: ParserPool | undefined;

/**
 * The process's pool: one thread per core but one (at least one), so a core stays free for the
 * event loop and PostgreSQL however many hostile files arrive at once; 256 MB heap each (with
 * pdf.js loaded, a thread idles at about 60 MB) and 128 MB off-heap. Created on first use; threads
 * start when a task needs one.
 */
export function parserPool(): ParserPool {
  gemeinsam ??= new ParserPool({
    groesse: Math.max(1, os.availableParallelism() - 1),
    maxHeapMb: 256,
    maxExternMb: STANDARD_MAX_EXTERN_MB,
  });
  return gemeinsam;
}

/** Ends the process's pool (tests and shutdown); the next `parserPool()` makes a new one. */
export async function schliesseParserPool(): Promise<void> {
  const pool = gemeinsam;
  gemeinsam = undefined;
  await pool?.close();
}
