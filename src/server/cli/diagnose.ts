import type { Command } from "commander";
import { createBlobStore } from "../platform/blobstore/index.js";
import { loadConfig } from "../platform/config.js";
import { diagnose, type Befund } from "../platform/diagnose.js";
import { detectTools } from "../platform/tools.js";
import { befehl, EXIT, print, withContext } from "./gemeinsam.js";

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
      let befunde: Befund[];
      try {
        befunde = await withContext("doctor", (ctx) =>
          diagnose({ config, tools: ctx.tools, db: ctx.db, blobs: ctx.blobs }),
        );
      } catch (error) {
        // Without a database the other checks still tell what they can.
        befunde = await diagnose({
          config,
          tools: await detectTools(),
          db: null,
          dbFehler: (error as Error).message,
          blobs: createBlobStore(config.blobStore),
        });
      }
      print(options.json === true, befunde, alsText(befunde));
      if (befunde.some((x) => x.stand === "fehler")) process.exitCode = EXIT.problem;
    });
}
