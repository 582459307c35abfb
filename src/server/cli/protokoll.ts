import type { Command } from "commander";
import { anzahlProtokolleintraege, verifyProtokoll } from "../modules/protokoll/index.js";
import { progressBar } from "../platform/progress.js";
import { befehl, EXIT, print, withContext } from "./gemeinsam.js";

/** `protokoll verify`: the hash chain of the Protokoll. */
export function protokollBefehle(program: Command): void {
  const protokoll = befehl(program, "protokoll", "Das Protokoll (Prüfpfad) prüfen");
  protokoll
    .command("verify")
    .description(
      "Hash-Kette des Protokolls prüfen; Exit 1 und der erste gebrochene Eintrag, wenn sie nicht hält",
    )
    .option("--json", "Ausgabe als JSON")
    .action(async (options: { json?: boolean }) => {
      const bar = progressBar("Protokoll");
      const result = await withContext("protokoll verify", async (ctx) => {
        const gesamt = await anzahlProtokolleintraege(ctx.db);
        return verifyProtokoll(ctx.db, (done) => bar.update(done, gesamt));
      });
      bar.done();
      print(
        options.json === true,
        result,
        result.ok
          ? `Protokoll in Ordnung: ${result.anzahl} Einträge, letzter Hash ${result.letzterHash}.`
          : `Protokoll NICHT in Ordnung: ${result.grund} (geprüft bis dahin: ${result.anzahl} Einträge)`,
      );
      if (!result.ok) process.exitCode = EXIT.problem;
    });
}
