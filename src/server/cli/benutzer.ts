import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { createBenutzer, rollen, type Rolle } from "../modules/access/index.js";
import { befehl, print, readStdin, UsageError, withContext } from "./gemeinsam.js";

function parseRolle(
  value: string,
  previous: { oe: string; rolle: Rolle }[] = [],
): { oe: string; rolle: Rolle }[] {
  const index = value.lastIndexOf(":");
  const oe = value.slice(0, index);
  const rolle = value.slice(index + 1) as Rolle;
  if (index <= 0 || !rollen.includes(rolle)) {
    throw new UsageError(
      `„${value}“ ist keine gültige Rolle. Form: OE:Rolle, z. B. 63:Sachbearbeitung. Rollen: ${rollen.join(", ")}.`,
    );
  }
  return [...previous, { oe, rolle }];
}

/** `user add`. */
export function benutzerBefehle(program: Command): void {
  const user = befehl(program, "user", "Benutzer verwalten");
  user
    .command("add")
    .description("Benutzer anlegen")
    .argument("<benutzername>", "Anmeldename (Kleinbuchstaben, Ziffern, . _ -)")
    .requiredOption("--nachname <name>", "Nachname (DIN 91379)")
    .option("--vorname <name>", "Vorname (DIN 91379)")
    .option("--email <adresse>", "E-Mail-Adresse")
    .option(
      "--rolle <OE:Rolle>",
      "Rolle in einer OE, z. B. 63:Sachbearbeitung (mehrfach möglich)",
      parseRolle,
    )
    .option(
      "--passwort-stdin",
      "Passwort von der Standardeingabe lesen (sonst wird eines erzeugt und angezeigt)",
    )
    .option("--json", "Ausgabe als JSON")
    .action(
      async (
        benutzername: string,
        options: {
          nachname: string;
          vorname?: string;
          email?: string;
          rolle?: { oe: string; rolle: Rolle }[];
          passwortStdin?: boolean;
          json?: boolean;
        },
      ) => {
        const generated = !options.passwortStdin;
        const passwort = options.passwortStdin ? await readStdin() : randomBytes(12).toString("base64url");
        const created = await withContext("user add", (ctx) =>
          createBenutzer(ctx, "system", {
            benutzername,
            vorname: options.vorname,
            nachname: options.nachname,
            email: options.email ?? null,
            passwort,
            mitgliedschaften: options.rolle ?? [],
          }),
        );
        print(
          options.json === true,
          { ...created, ...(generated ? { passwort } : {}) },
          [
            `Benutzer ${created.benutzername} (${created.anzeigename}) angelegt.`,
            ...created.mitgliedschaften.map((m) => `  ${m.rolle} in ${m.oeName} (${m.oeKuerzel})`),
            ...(generated ? [`  Passwort (wird nur jetzt angezeigt): ${passwort}`] : []),
          ].join("\n"),
        );
      },
    );
}
