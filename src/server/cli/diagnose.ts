import type { Command } from "commander";
import { createBlobStore } from "../platform/blobstore/index.js";
import { loadConfig } from "../platform/config.js";
import type { Database } from "../platform/database/database.js";
import { openDatabase } from "../platform/database/open.js";
import { diagnose, type Befund } from "../platform/diagnose.js";
import { detectTools } from "../platform/tools.js";
import { befehl, EXIT, print } from "./gemeinsam.js";

const ZEICHEN: Record<Befund["stand"], string> = { ok: "✓", hinweis: "!", fehler: "✗" };

/** The findings for people: grouped by area, with what to do beneath each that is not fine. */
export function alsText(befunde: Befund[]): string {
  const hinweise = befunde.filter((x) => x.stand === "hinweis").length;
  const fehler = befunde.filter((x) => x.stand === "fehler").length;
  const zeilen = [
    `Aktenwerk doctor: ${befunde.length} Prüfungen, ${hinweise} ${hinweise === 1 ? "Hinweis" : "Hinweise"}, ${fehler} Fehler`,
  ];
  let bereich = "";
  for (const x of befunde) {
    if (x.bereich !== bereich) zeilen.push("", (bereich = x.bereich));
    zeilen.push(`  ${ZEICHEN[x.stand]} ${x.pruefung}: ${x.text}`);
    if (x.abhilfe) zeilen.push(`      Abhilfe: ${x.abhilfe}`);
  }
  return zeilen.join("\n");
}

/** `doctor`: what the machine has and lacks, in German, with how to install it. */
export function diagnoseBefehl(program: Command): void {
  befehl(
    program,
    "doctor",
    "Prüft Texterkennung, Ghostscript, xdomea-Schemas, Speicherplatz und Datenbank und sagt, was fehlt und wie man es installiert",
  )
    .option("--json", "Ausgabe als JSON")
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const tools = await detectTools();
      const blobs = createBlobStore(config.blobStore);
      // Opened, not migrated: a check changes nothing, also not on a database an older version uses.
      let db: Database | null = null;
      let dbFehler: string | undefined;
      try {
        db = await openDatabase(config, { befehl: "doctor", mode: "shared", poolSize: 2 });
      } catch (error) {
        dbFehler = (error as Error).message;
      }
      let befunde: Befund[];
      try {
        befunde = await diagnose({ config, tools, db, dbFehler, blobs });
      } finally {
        await db?.close();
      }
      print(options.json === true, befunde, alsText(befunde));
      if (befunde.some((x) => x.stand === "fehler")) process.exitCode = EXIT.problem;
    });
}
