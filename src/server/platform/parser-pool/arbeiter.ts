import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { isMainThread, parentPort } from "node:worker_threads";
import type { Aufgaben } from "./pool.js";

/**
 * The worker side of the parser pool: imports a task module on first use and runs one task at a
 * time, answering with its result or its error's name and message. Loaded only in a pool thread.
 */

if (isMainThread || !parentPort) throw new Error("arbeiter.ts läuft nur in einem Thread des Parser-Pools");
const port = parentPort;

// Parsers (pdf.js warnings about fonts, mailparser) have nothing to say on the server's terminal.
for (const stufe of ["log", "info", "warn", "error", "debug", "trace"] as const)
  console[stufe] = () => undefined;
const module = new Map<string, Promise<Aufgaben>>();

/**
 * A full garbage collection of this thread, for the pool's off-heap watch: V8 frees discarded
 * buffers late (some 128 MB beyond what it kept at its last collection), so before the pool kills
 * a thread for its buffers it asks for a collection and the figure after it. `gc` exists only in a
 * context made while the flag is set; the flag is V8's, shared by the process, so it is cleared
 * again at once.
 */
const sammle = holeGc();

/**
 * Threads start side by side, and another thread may clear the shared flag between this thread's
 * setting it and making its context ("gc is not defined"): so it tries again. Should it never get
 * `gc`, the thread still works; the pool then judges its buffers without a collection first.
 */
function holeGc(): () => void {
  for (let versuch = 0; versuch < 100; versuch++) {
    setFlagsFromString("--expose-gc");
    try {
      const gc = runInNewContext("typeof gc === 'function' ? gc : undefined") as (() => void) | undefined;
      if (gc) return gc;
    } finally {
      setFlagsFromString("--no-expose-gc");
    }
  }
  return () => undefined;
}

async function ladeModul(url: string): Promise<Aufgaben> {
  let modul = module.get(url);
  if (!modul) {
    modul = import(url).then((m: { aufgaben?: Aufgaben }) => {
      if (!m.aufgaben) throw new Error(`${url} exportiert keine aufgaben`);
      return m.aufgaben;
    });
    module.set(url, modul);
  }
  return modul;
}

/** What the pool sends: a task to run, or the request to collect garbage now. */
type Nachricht =
  | { art: "auftrag"; id: number; modul: string; aufgabe: string; eingabe: unknown }
  | { art: "aufraeumen"; id: number };

port.on("message", (nachricht: Nachricht) => {
  if (nachricht.art === "aufraeumen") {
    // Twice: V8 settles the accounts of the buffers one collection frees only in the next one
    // (measured: 16 MB held and 80 MB discarded read 51 MB after one collection, 19 MB after two).
    sammle();
    sammle();
    port.postMessage({ art: "gesammelt", id: nachricht.id, extern: getHeapStatistics().external_memory });
    return;
  }
  const auftrag = nachricht;
  void (async () => {
    try {
      const aufgaben = await ladeModul(auftrag.modul);
      const aufgabe = aufgaben[auftrag.aufgabe];
      if (!aufgabe) throw new Error(`Unbekannte Aufgabe ${auftrag.aufgabe}`);
      // The pool's typed `run` checked the argument against the task's signature.
      const ergebnis = await aufgabe(auftrag.eingabe as never);
      port.postMessage({ art: "ergebnis", id: auftrag.id, ok: true, ergebnis });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = (e as { code?: unknown }).code;
      port.postMessage({
        art: "ergebnis",
        id: auftrag.id,
        ok: false,
        name: e.name,
        message: e.message,
        ...(typeof code === "string" ? { code } : {}),
      });
    }
  })();
});
