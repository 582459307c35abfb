import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * A pool of worker threads for parsing untrusted content (PDF, Office, e-mail, images, containers):
 * a hostile file may burn a thread's CPU and heap, never the server's event loop. Each task runs
 * under a hard wall-clock limit (the thread is terminated, not just abandoned) and a heap limit;
 * a killed thread is replaced by a fresh one on the next task.
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
}

export interface AufgabenGrenzen {
  /** Wall-clock limit of one task, from its start in a thread. */
  maxSekunden: number;
}

type Antwort =
  | { id: number; ok: true; ergebnis: unknown }
  | { id: number; ok: false; name: string; message: string; code?: string };

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

  constructor(private readonly optionen: PoolOptionen) {}

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
    const faden: Faden = { worker, auftrag: null, timer: null, tot: false };
    worker.on("message", (antwort: Antwort) => this.fertig(faden, antwort));
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
      id: auftrag.id,
      modul: auftrag.modul,
      aufgabe: auftrag.aufgabe,
      eingabe: auftrag.eingabe,
    });
  }

  private fertig(faden: Faden, antwort: Antwort): void {
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

  /** Kills a thread (hard: `terminate`), fails its task, and lets a fresh thread take the queue. */
  private async beende(faden: Faden, grund: PoolAbbruch): Promise<void> {
    if (faden.tot) return;
    faden.tot = true;
    clearTimeout(faden.timer ?? undefined);
    this.faeden.delete(faden);
    const auftrag = faden.auftrag;
    faden.auftrag = null;
    auftrag?.reject(grund);
    if (!this.geschlossen) this.verteile();
    await faden.worker.terminate().catch(() => undefined);
  }
}

let gemeinsam: ParserPool | undefined;

/**
 * The process's pool: one thread per core (at least two, so one slow file never holds up all
 * parsing), 256 MB heap each (with pdf.js loaded,
 * a thread idles at about 60 MB). Created on first use; threads start when a task needs one.
 */
export function parserPool(): ParserPool {
  gemeinsam ??= new ParserPool({ groesse: Math.max(2, os.availableParallelism()), maxHeapMb: 256 });
  return gemeinsam;
}

/** Ends the process's pool (tests and shutdown); the next `parserPool()` makes a new one. */
export async function schliesseParserPool(): Promise<void> {
  const pool = gemeinsam;
  gemeinsam = undefined;
  await pool?.close();
}
