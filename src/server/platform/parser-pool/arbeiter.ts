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

port.on("message", (auftrag: { id: number; modul: string; aufgabe: string; eingabe: unknown }) => {
  void (async () => {
    try {
      const aufgaben = await ladeModul(auftrag.modul);
      const aufgabe = aufgaben[auftrag.aufgabe];
      if (!aufgabe) throw new Error(`Unbekannte Aufgabe ${auftrag.aufgabe}`);
      // The pool's typed `run` checked the argument against the task's signature.
      const ergebnis = await aufgabe(auftrag.eingabe as never);
      port.postMessage({ id: auftrag.id, ok: true, ergebnis });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = (e as { code?: unknown }).code;
      port.postMessage({
        id: auftrag.id,
        ok: false,
        name: e.name,
        message: e.message,
        ...(typeof code === "string" ? { code } : {}),
      });
    }
  })();
});
