import fs from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import {
  exportiere as exportiereXdomea,
  importiere as importiereXdomea,
  exportiereAktenplan,
} from "../modules/aussonderung/index.js";
import { befehl, print, UsageError, withContext } from "./gemeinsam.js";

type XdomeaVersion = "3.0.0" | "3.1.0";

interface ExportOptionen {
  akte?: string[];
  nachricht: string;
  out: string;
  version: string;
  empfaenger?: string;
  json?: boolean;
}

/** `xdomea export`, `xdomea import`: Schriftgut in the xdomea standard (Aussonderung, Abgabe). */
export function xdomeaBefehle(program: Command): void {
  const xdomea = befehl(
    program,
    "xdomea",
    "Schriftgut im Standard xdomea austauschen (Aussonderung, Abgabe)",
  );
  xdomea
    .command("export")
    .description("Akten als xdomea-Nachricht in einen ZIP-Container schreiben (geprüft gegen das XSD)")
    .option("--akte <aktenzeichen...>", "Aktenzeichen (auch mehrere; nicht bei 0301)")
    .requiredOption(
      "--nachricht <typ>",
      "0503 Aussonderung, 0501 Anbieteverzeichnis, 0401 Abgabe oder 0301 Aktenplan",
    )
    .requiredOption("--out <datei>", "Zieldatei (.zip)")
    .option("--version <xdomea>", "3.0.0 (Vorgabe des IT-Planungsrats) oder 3.1.0", "3.0.0")
    .option("--empfaenger <name>", "empfangendes Archiv oder empfangende Behörde")
    .option("--json", "Ausgabe als JSON")
    .action(exportAktion);
  xdomea
    .command("import")
    .description("xdomea-Nachricht (ZIP-Container oder XML) übernehmen; abgelehnt wird sie ganz, mit Gründen")
    .argument("<datei>", "Nachricht")
    .option("--oe <kuerzel>", "OE, die übernommene Akten führt (sonst die zuständige der Aktenplaneinheit)")
    .option("--json", "Ausgabe als JSON")
    .action(async (datei: string, options: { oe?: string; json?: boolean }) => {
      await fs.access(datei).catch((error: unknown) => {
        throw new UsageError(`Datei nicht lesbar: ${(error as Error).message}`);
      });
      const ergebnis = await withContext("xdomea import", (ctx) =>
        importiereXdomea(ctx, "system", { datei: path.resolve(datei) }, options.oe ? { oe: options.oe } : {}),
      );
      print(
        options.json === true,
        ergebnis,
        [
          `${ergebnis.nachrichtentyp} (xdomea ${ergebnis.version}, Prozess ${ergebnis.prozessId}): ${ergebnis.hinweis}`,
          ...ergebnis.akten.map(
            (a) =>
              `  ${a.aktenzeichen}  ${a.betreff} – ${a.vorgaenge} Vorgänge, ${a.dokumente} Dokumente, ${a.versionen} Versionen`,
          ),
        ].join("\n"),
      );
    });
}

async function exportAktion(options: ExportOptionen): Promise<void> {
  if (!["0501", "0503", "0401", "0301"].includes(options.nachricht))
    throw new UsageError("--nachricht erwartet 0501, 0503, 0401 oder 0301.");
  if (!["3.0.0", "3.1.0"].includes(options.version))
    throw new UsageError("--version erwartet 3.0.0 oder 3.1.0.");
  if (options.nachricht === "0301") {
    const plan = await withContext("xdomea export", (ctx) =>
      exportiereAktenplan(ctx, "system", {
        version: options.version as XdomeaVersion,
        ziel: path.resolve(options.out),
        ...(options.empfaenger ? { empfaenger: options.empfaenger } : {}),
      }),
    );
    print(
      options.json === true,
      plan,
      `Aktenplan (0301, xdomea ${plan.version}) mit ${plan.einheiten} Einheiten nach ${plan.datei} geschrieben.`,
    );
    return;
  }
  if (!options.akte?.length) throw new UsageError("Bitte --akte <Aktenzeichen> angeben.");
  const ergebnis = await withContext("xdomea export", (ctx) =>
    exportiereXdomea(ctx, "system", {
      aktenzeichen: options.akte!,
      nachricht: options.nachricht as "0501" | "0503" | "0401",
      version: options.version as XdomeaVersion,
      ziel: path.resolve(options.out),
      ...(options.empfaenger ? { empfaenger: options.empfaenger } : {}),
    }),
  );
  print(
    options.json === true,
    ergebnis,
    `Nachricht ${ergebnis.nachrichtentyp} (xdomea ${ergebnis.version}, Prozess ${ergebnis.prozessId}) mit ${ergebnis.akten} Akte(n), ${ergebnis.versionen} Datei(en) nach ${ergebnis.datei} geschrieben (${ergebnis.bytes} Byte).`,
  );
}
