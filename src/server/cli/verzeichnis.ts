import type { Command } from "commander";
import { gleicheVerzeichnisAb, verzeichnisZusammenfassung } from "../modules/access/index.js";
import { progressBar } from "../platform/progress.js";
import { befehl, print, withContext } from "./gemeinsam.js";

/** `verzeichnis sync [--probe]`: the directory sync (AD/LDAP) by hand. */
export function verzeichnisBefehle(program: Command): void {
  const verzeichnis = befehl(program, "verzeichnis", "Abgleich mit dem Verzeichnis (Active Directory/LDAP)");
  verzeichnis
    .command("sync")
    .description(
      "Benutzer, Gruppen und Sperrungen aus dem Verzeichnis übernehmen (alles oder nichts, in einer Transaktion)",
    )
    .option("--probe", "Probelauf: nur zeigen, was sich ändern würde; nichts wird geändert")
    .option("--json", "Bericht als JSON")
    .action(async (options: { probe?: boolean; json?: boolean }) => {
      let bar: ReturnType<typeof progressBar> | undefined;
      let phase = "";
      const bericht = await withContext("verzeichnis sync", (ctx) =>
        gleicheVerzeichnisAb(ctx, {
          probe: options.probe === true,
          ausgeloest: "befehl",
          fortschritt: (name, erledigt, gesamt) => {
            if (name !== phase) {
              bar?.done();
              bar = progressBar(name);
              phase = name;
            }
            bar?.update(erledigt, gesamt);
          },
        }),
      ).finally(() => bar?.done());
      print(options.json === true, bericht, verzeichnisZusammenfassung(bericht));
    });
}
