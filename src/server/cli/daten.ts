import type { Command } from "commander";
import { createContext } from "../main.js";
import { getBenutzer, loadActor } from "../modules/access/index.js";
import { importiere, sammleDateien, type ImportZiel } from "../modules/posteingang/index.js";
import { verifyProtokoll } from "../modules/protokoll/index.js";
import { requireVorgang } from "../modules/schriftgut/index.js";
import { indexiereNeu, suche } from "../modules/suche/index.js";
import { backup, restore } from "../platform/backup.js";
import { loadConfig } from "../platform/config.js";
import { fsck, FSCK_MINDESTALTER_MS } from "../platform/fsck.js";
import { createLogger } from "../platform/logger.js";
import { progressBar } from "../platform/progress.js";
import { befehl, EXIT, print, UsageError, withContext } from "./gemeinsam.js";

interface ImportOptionen {
  vorgang?: string;
  als?: string;
  posteingang?: string;
  json?: boolean;
}

/** `import`: files and folders into a Vorgang or an OE's Posteingang (Massenimport). */
export function importBefehl(program: Command): void {
  befehl(
    program,
    "import",
    "Dateien und Ordner in einen Vorgang oder den Posteingang einer OE übernehmen (Massenimport)",
  )
    .argument("<pfade...>", "Dateien oder Ordner (Ordner werden vollständig durchlaufen)")
    .option("--vorgang <id>", "Ziel-Vorgang (Id)")
    .option("--als <benutzername>", "wer importiert (nötig mit --vorgang; dessen Rechte gelten)")
    .option("--posteingang <oe>", "Posteingang dieser OE (Kürzel)")
    .option("--json", "Ausgabe als JSON")
    .action(async (pfade: string[], options: ImportOptionen) => {
      if ((options.vorgang === undefined) === (options.posteingang === undefined))
        throw new UsageError("Genau eines angeben: --vorgang <id> oder --posteingang <OE>.");
      if (options.vorgang && !options.als)
        throw new UsageError("Mit --vorgang bitte --als <benutzername> angeben.");
      const dateien = await sammleDateien(pfade).catch((error: unknown) => {
        throw new UsageError(`Pfad nicht lesbar: ${(error as Error).message}`);
      });
      const bar = progressBar("Import");
      const bericht = await withContext("import", async (ctx) => {
        let ziel: ImportZiel;
        if (options.vorgang) {
          const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, options.als!);
          const actor = await loadActor(ctx.db, benutzer, "sitzung");
          await requireVorgang(ctx, actor, options.vorgang, "dokumentAnlegen");
          ziel = { art: "vorgang", vorgangId: options.vorgang, actor };
        } else ziel = { art: "posteingang", oe: options.posteingang! };
        return importiere(ctx, dateien, ziel, (d, t, name) => bar.update(d, t, name));
      });
      bar.done();
      print(
        options.json === true,
        bericht,
        [
          `${bericht.aufgenommen} von ${dateien.length} Dateien übernommen` +
            (bericht.uebersprungen ? `, ${bericht.uebersprungen} schon vorhanden (übersprungen)` : "") +
            `, ${bericht.probleme.length} mit Problemen.`,
          ...bericht.probleme.map((p) => `  ${p.datei}: ${p.grund}`),
        ].join("\n"),
      );
      if (bericht.probleme.length > 0) process.exitCode = EXIT.problem;
    });
}

/** `search`: full-text search with the API's rules, as a given user. */
export function suchBefehl(program: Command): void {
  befehl(program, "search", "Volltextsuche mit denselben Regeln wie die API, als ein bestimmter Benutzer")
    .argument("<suchbegriff...>", "Suchbegriffe")
    .requiredOption("--as <benutzername>", "als wer gesucht wird (dessen Berechtigungen gelten)")
    .option("--json", "Ausgabe als JSON")
    .action(async (begriffe: string[], options: { as: string; json?: boolean }) => {
      const ergebnis = await withContext("search", async (ctx) => {
        const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, options.as);
        return suche(ctx, await loadActor(ctx.db, benutzer, "token"), begriffe.join(" "));
      });
      print(
        options.json === true,
        ergebnis,
        [
          `${ergebnis.anzahlText} Treffer für „${begriffe.join(" ")}“ als ${options.as}:`,
          ...ergebnis.treffer.map(
            (t) =>
              `  ${t.akte.aktenzeichen}  ${t.dokument ? `${t.dokument.titel} (${t.dokument.typ})` : t.vorgang ? `Vorgang ${t.vorgang.zeichen} ${t.vorgang.betreff}` : `Akte ${t.akte.betreff}`}\n      ${t.ausschnitt.replace(/\s+/g, " ").slice(0, 160)}`,
          ),
        ].join("\n"),
      );
    });
}

/** `suche neu-indizieren`: the search index anew where its rules changed; resumable after any stop. */
export function suchindexBefehle(program: Command): void {
  const gruppe = befehl(program, "suche", "Suchindex verwalten");
  gruppe
    .command("neu-indizieren")
    .description(
      "Suchindex neu aufbauen, wo er mit älteren Regeln geschrieben wurde (z. B. Zerlegung zusammengesetzter Wörter); " +
        "nach einem Abbruch setzt ein neuer Aufruf dort fort, wo der alte stand",
    )
    .option("--alle", "alle Dokumente neu indizieren, nicht nur die veralteten")
    .option("--stapel <anzahl>", "Dokumente je Transaktion (Standard 200)", "200")
    .option("--json", "Ausgabe als JSON")
    .action(async (options: { alle?: boolean; stapel: string; json?: boolean }) => {
      const stapel = Number(options.stapel);
      if (!Number.isInteger(stapel) || stapel < 1 || stapel > 10_000)
        throw new UsageError(
          `--stapel: bitte eine ganze Zahl von 1 bis 10000 angeben, nicht „${options.stapel}“.`,
        );
      const bar = progressBar("Suchindex");
      const start = Date.now();
      const ergebnis = await withContext("suche neu-indizieren", (ctx) =>
        indexiereNeu(ctx, {
          alle: options.alle === true,
          stapel,
          fortschritt: (d, t) => bar.update(d, t, "Dokumente"),
        }),
      );
      bar.done();
      const sekunden = (Date.now() - start) / 1000;
      print(
        options.json === true,
        { ...ergebnis, sekunden },
        `Suchindex: ${ergebnis.anzahl} Dokumente neu indiziert${ergebnis.schonAktuell ? `, ${ergebnis.schonAktuell} waren schon aktuell` : ""} (von ${ergebnis.gesamt}), ${sekunden.toFixed(1)} s.`,
      );
    });
}

/** `fsck`: every content present and intact; orphans listed (and removed with --repair). */
export function fsckBefehl(program: Command): void {
  befehl(
    program,
    "fsck",
    "Ablage prüfen: jeder Inhalt vorhanden und unbeschädigt; verwaiste Inhalte auflisten",
  )
    .option(
      "--repair",
      "verwaiste Inhalte entfernen: alle, wenn kein anderer Aktenwerk-Prozess die eingebettete Datenbank nutzt, sonst die älter als eine Stunde",
    )
    .option("--json", "Ausgabe als JSON")
    .action(async (options: { repair?: boolean; json?: boolean }) => {
      const bar = progressBar("Prüfung");
      const result = await withContext("fsck", (ctx) =>
        fsck(ctx.db, ctx.blobs, {
          repair: options.repair,
          // Alone on the data directory no upload is in flight: a crash's orphans go at once.
          mindestalterMs: ctx.db.alleinigerZugriff ? 0 : FSCK_MINDESTALTER_MS,
          onProgress: (d, t) => bar.update(d, t),
        }),
      );
      bar.done();
      const text = [
        `${result.geprueft} Inhalte geprüft, ${result.probleme.length} Probleme, ${result.verwaist.length} verwaist${options.repair ? `, ${result.entfernt} entfernt` : ""}.`,
        ...result.probleme.map((p) => `  FEHLER: ${p.meldung}`),
        ...result.verwaist.map((v) => `  verwaist: ${v.sha256} (${v.groesse} Byte, ${v.geaendertAm})`),
      ].join("\n");
      print(options.json === true, result, text);
      if (result.probleme.length > 0) process.exitCode = EXIT.problem;
    });
}

/** `backup`: database and contents, consistent, into an empty directory. */
export function backupBefehl(program: Command): void {
  befehl(
    program,
    "backup",
    "Konsistente Sicherung (Datenbank und Inhalte) in ein leeres Verzeichnis schreiben",
  )
    .argument("<verzeichnis>", "Zielverzeichnis (neu oder leer)")
    .option("--json", "Ausgabe als JSON")
    .action(async (dir: string, options: { json?: boolean }) => {
      const bar = progressBar("Sicherung");
      const manifest = await withContext("backup", (ctx) =>
        backup(ctx.db, ctx.blobs, dir, (note, d, t) => bar.update(d, t, note)),
      );
      bar.done();
      print(
        options.json === true,
        manifest,
        `Sicherung geschrieben: ${manifest.tabellen.reduce((s, t) => s + t.zeilen, 0)} Zeilen in ${manifest.tabellen.length} Tabellen, ${manifest.blobs.anzahl} Inhalte.`,
      );
    });
}

/** `restore`: a backup into an empty instance, then fsck and the Protokoll's chain. */
export function restoreBefehl(program: Command): void {
  befehl(
    program,
    "restore",
    "Sicherung in eine leere Instanz zurückspielen (danach: fsck und protokoll verify)",
  )
    .argument("<verzeichnis>", "Sicherungsverzeichnis")
    .option("--json", "Ausgabe als JSON")
    .action(async (dir: string, options: { json?: boolean }) => {
      const config = loadConfig();
      const ctx = await createContext(
        config,
        { befehl: "restore", mode: "exclusive" },
        { log: createLogger("warn") },
      );
      try {
        const bar = progressBar("Wiederherstellung");
        const manifest = await restore(ctx.db, ctx.blobs, dir, (note, d, t) => bar.update(d, t, note));
        bar.done();
        const check = await fsck(ctx.db, ctx.blobs);
        const chain = await verifyProtokoll(ctx.db);
        const ok = check.probleme.length === 0 && chain.ok;
        print(
          options.json === true,
          { manifest, fsck: check, protokoll: chain },
          [
            `Sicherung vom ${manifest.erstelltAm} wiederhergestellt.`,
            `fsck: ${check.geprueft} Inhalte, ${check.probleme.length} Probleme. Protokoll: ${chain.ok ? `in Ordnung (${chain.anzahl} Einträge)` : chain.grund}`,
          ].join("\n"),
        );
        if (!ok) process.exitCode = EXIT.problem;
      } finally {
        await ctx.db.close();
      }
    });
}
