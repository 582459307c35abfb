import type { Command } from "commander";
import { heute, plusTage } from "../platform/clock.js";
import { istDatum } from "../platform/pruefungen.js";
import { progressBar } from "../platform/progress.js";
import { berechneTage } from "../modules/steuerung/index.js";
import { befehl, print, UsageError, withContext } from "./gemeinsam.js";

/** `kennzahlen neu`: the Steuerung's daily figures computed anew. */
export function kennzahlenBefehle(program: Command): void {
  const kennzahlen = befehl(program, "kennzahlen", "Kennzahlen der Steuerung berechnen");
  kennzahlen
    .command("neu")
    .description(
      "Kennzahlen eines Zeitraums neu berechnen (Standard: die letzten zwei Jahre bis gestern); wiederholbar, ersetzt die Tage ganz",
    )
    .option("--von <datum>", "erster Tag (JJJJ-MM-TT)")
    .option("--bis <datum>", "letzter Tag (JJJJ-MM-TT)")
    .option("--json", "Ausgabe als JSON")
    .action(async (options: { von?: string; bis?: string; json?: boolean }) => {
      for (const [name, wert] of [
        ["--von", options.von],
        ["--bis", options.bis],
      ] as const)
        if (wert !== undefined && !istDatum(wert))
          throw new UsageError(`${name}: bitte ein Datum als JJJJ-MM-TT angeben, nicht „${wert}“.`);
      const bar = progressBar("Kennzahlen");
      const start = Date.now();
      const ergebnis = await withContext("kennzahlen neu", async (ctx) => {
        const bis = options.bis ?? plusTage(heute(ctx.clock), -1);
        const von = options.von ?? plusTage(bis, -730);
        if (von > bis) throw new UsageError("Der Zeitraum endet vor seinem Beginn.");
        return {
          von,
          bis,
          ...(await berechneTage(ctx, von, bis, (erledigt, gesamt) => bar.update(erledigt, gesamt, "Tage"))),
        };
      });
      bar.done();
      const sekunden = (Date.now() - start) / 1000;
      print(
        options.json === true,
        { ...ergebnis, sekunden },
        `Kennzahlen ${ergebnis.von} bis ${ergebnis.bis} neu berechnet: ${ergebnis.tage} Tage, ${ergebnis.zeilen} Werte, ${sekunden.toFixed(1)} s.`,
      );
    });
}
