import type { Command } from "commander";
import { createApiToken, revokeApiToken } from "../modules/access/index.js";
import { istUuid } from "../platform/pruefungen.js";
import { befehl, print, UsageError, withContext } from "./gemeinsam.js";

/** `token create`, `token revoke`: API tokens for Fachverfahren. */
export function tokenBefehle(program: Command): void {
  const token = befehl(program, "token", "API-Tokens für Fachverfahren verwalten");
  token
    .command("create")
    .description("API-Token erzeugen; es wird nur einmal angezeigt")
    .requiredOption("--benutzer <benutzername>", "für welchen Benutzer das Token handelt")
    .requiredOption("--name <text>", "wofür das Token ist, z. B. „Fachverfahren Kfz“")
    .option("--gueltig-bis <datum>", "Ablaufdatum (JJJJ-MM-TT; ohne Angabe ein Jahr, höchstens zwei Jahre)")
    .option("--bereich <bereich>", "lesen, posteingang (nur Einlieferung) oder voll", "voll")
    .option("--json", "Ausgabe als JSON")
    .action(
      async (options: {
        benutzer: string;
        name: string;
        gueltigBis?: string;
        bereich: string;
        json?: boolean;
      }) => {
        const bereich = options.bereich;
        if (bereich !== "lesen" && bereich !== "posteingang" && bereich !== "voll")
          throw new UsageError("--bereich erwartet lesen, posteingang oder voll.");
        let laeuftAbAm: Date | null = null;
        if (options.gueltigBis) {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(options.gueltigBis) || Number.isNaN(Date.parse(options.gueltigBis)))
            throw new UsageError("--gueltig-bis erwartet ein Datum der Form JJJJ-MM-TT.");
          laeuftAbAm = new Date(`${options.gueltigBis}T23:59:59.999Z`);
        }
        const result = await withContext("token create", (ctx) =>
          createApiToken(ctx, "system", {
            benutzer: options.benutzer,
            name: options.name,
            laeuftAbAm,
            bereich,
          }),
        );
        print(
          options.json === true,
          result,
          `Token „${result.apiToken.name}“ (${result.apiToken.id}) erzeugt. Es wird nur jetzt angezeigt:\n${result.token}`,
        );
      },
    );
  token
    .command("revoke")
    .description("API-Token widerrufen")
    .argument("<id>", "Id des Tokens")
    .action(async (id: string) => {
      if (!istUuid(id)) throw new UsageError("Die Token-Id ist eine UUID.");
      await withContext("token revoke", (ctx) => revokeApiToken(ctx, "system", id));
      process.stdout.write("Token widerrufen.\n");
    });
}
