import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Command, CommanderError, Help, Option } from "commander";
import { createContext, createWorker, startServer } from "./main.js";
import {
  createBenutzer,
  getBenutzer,
  loadActor,
  rollen,
  type Rolle,
  createApiToken,
  revokeApiToken,
} from "./modules/access/index.js";
import { suche } from "./modules/suche/index.js";
import { importiere, sammleDateien, type ImportZiel } from "./modules/posteingang/index.js";
import { requireVorgang } from "./modules/schriftgut/index.js";
import { verifyProtokoll } from "./modules/protokoll/index.js";
import { backup, BackupError, restore } from "./platform/backup.js";
import { ConfigError, loadConfig, type Config } from "./platform/config.js";
import { schliesseParserPool } from "./platform/parser-pool/pool.js";
import type { AppContext } from "./platform/context.js";
import { migrate } from "./platform/database/migrate.js";
import { openDatabase } from "./platform/database/open.js";
import { AppError } from "./platform/errors.js";
import { fsck } from "./platform/fsck.js";
import { DataDirLockedError } from "./platform/lock.js";
import { createLogger } from "./platform/logger.js";
import { version } from "./platform/paths.js";
import {
  exportiere as exportiereXdomea,
  importiere as importiereXdomea,
  exportiereAktenplan,
} from "./modules/aussonderung/index.js";
import { progressBar } from "./platform/progress.js";

/** Exit codes: 0 ok, 1 a problem was found or the work failed, 2 the command was used wrongly. */
export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

class UsageError extends Error {}

const TITLES: Record<string, string> = {
  "Usage:": "Aufruf:",
  "Options:": "Optionen:",
  "Commands:": "Befehle:",
  "Arguments:": "Argumente:",
  "Global Options:": "Globale Optionen:",
};

class GermanHelp extends Help {
  override styleTitle(title: string): string {
    return TITLES[title] ?? title;
  }
}

/** Commander with German help headings, German usage errors and exit code 2, for every subcommand. */
class GermanCommand extends Command {
  override createCommand(name?: string): Command {
    return new GermanCommand(name)
      .helpOption("-h, --help", "Hilfe anzeigen")
      .exitOverride()
      .configureOutput({ outputError: () => undefined });
  }

  override createHelp(): Help {
    return Object.assign(new GermanHelp(), this.configureHelp());
  }
}

function germanUsageMessage(error: CommanderError): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "commander.unknownCommand":
      return `Unbekannter Befehl „${quoted}“.`;
    case "commander.unknownOption":
      return `Unbekannte Option „${quoted}“.`;
    case "commander.missingArgument":
      return `Es fehlt das Argument „${quoted}“.`;
    case "commander.optionMissingArgument":
      return `Die Option „${quoted}“ braucht einen Wert.`;
    case "commander.missingMandatoryOptionValue":
      return `Die Option „${quoted}“ ist Pflicht.`;
    case "commander.excessArguments":
      return "Zu viele Argumente.";
    case "commander.invalidArgument":
      return error.message.replace(/^error: /, "");
    default:
      return error.message.replace(/^error: /, "");
  }
}

function quietContext(config: Config, befehl: string): Promise<AppContext> {
  return createContext(
    config,
    { befehl, mode: "shared" },
    { log: createLogger(process.env.LOG_LEVEL || "warn") },
  );
}

async function withContext<T>(befehl: string, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await quietContext(loadConfig(), befehl);
  try {
    return await work(ctx);
  } finally {
    await ctx.db.close();
  }
}

function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

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

export function buildProgram(): Command {
  const program = new GermanCommand("aktenwerk");
  program
    .description("Aktenwerk – E-Akte und elektronische Vorgangsbearbeitung")
    .version(version, "-V, --version", "Version anzeigen")
    .helpOption("-h, --help", "Hilfe anzeigen")
    .helpCommand("help [befehl]", "Hilfe zu einem Befehl anzeigen")
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showHelpAfterError(false);

  const sub = (name: string, description: string) => program.command(name).description(description);

  sub(
    "serve",
    "Server starten (Web-Oberfläche, API, Hintergrundjobs); legt auf leerer Datenbank den Demo-Landkreis an",
  )
    .option("--no-demo", "keinen Demo-Landkreis anlegen")
    .addOption(
      new Option("-p, --port <port>", "TCP-Port (sonst PORT oder 3000)").argParser((v) => {
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`„${v}“ ist kein gültiger Port.`);
        return Number(v);
      }),
    )
    .action(async (options: { demo: boolean; port?: number }) => {
      const config = loadConfig();
      if (options.port !== undefined) config.port = options.port;
      const server = await startServer(config, { demo: options.demo });
      if (server.demo.angelegt) {
        const lines = [
          "",
          "Demo-Landkreis angelegt. Anmeldungen (Benutzername → Rolle):",
          "  admin (Administration), mueller (Sachbearbeitung, Bauaufsicht), schmidt (Leitung, Bauaufsicht),",
          "  weber (Sachbearbeitung, Jugendamt), becker (Leitung, Jugendamt), registratur, post, archiv,",
          "  personalrat, datenschutz",
          server.demo.passwortZufaellig
            ? `  Passwort für alle (zufällig, wird nur jetzt angezeigt): ${server.demo.passwort}`
            : "  Passwort für alle: der Wert von AKTENWERK_DEMO_PASSWORD",
          "",
        ];
        process.stderr.write(`${lines.join("\n")}\n`);
      }
      process.stderr.write(
        `Aktenwerk läuft auf ${server.url} (Datenbank: ${server.ctx.db.kind}). Beenden mit Strg+C.\n`,
      );
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) {
            process.stderr.write("Zweites Signal: sofortiges Ende.\n");
            process.exit(EXIT.problem);
          }
          stopping = true;
          process.stderr.write(`${signal} empfangen: laufende Anfragen werden beendet …\n`);
          server.close().then(resolve, (error: unknown) => {
            process.stderr.write(`Fehler beim Beenden: ${(error as Error).message}\n`);
            process.exitCode = EXIT.problem;
            resolve();
          });
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
    });

  sub("migrate", "Datenbank auf den Stand dieser Version bringen").action(async () => {
    const config = loadConfig();
    const db = await openDatabase(config, { befehl: "migrate", mode: "shared" });
    try {
      const applied = await migrate(db);
      process.stdout.write(
        applied.length ? `Angewendet: ${applied.join(", ")}\n` : "Die Datenbank ist aktuell.\n",
      );
    } finally {
      await db.close();
    }
  });

  sub("worker", "Hintergrundjobs in einem eigenen Prozess abarbeiten (für mehrere Rechner)")
    .option("-c, --concurrency <n>", "gleichzeitige Jobs (sonst AKTENWERK_WORKER_CONCURRENCY oder 4)")
    .action(async (options: { concurrency?: string }) => {
      const config = loadConfig();
      const ctx = await createContext(config, { befehl: "worker", mode: "shared" });
      const concurrency = options.concurrency ? Number(options.concurrency) : undefined;
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1))
        throw new UsageError("--concurrency muss eine positive ganze Zahl sein.");
      const worker = createWorker(ctx, concurrency);
      worker.start();
      process.stderr.write(`Worker ${worker.id} läuft. Beenden mit Strg+C.\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void worker.stop().then(resolve);
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
      await schliesseParserPool();
      await ctx.db.close();
    });

  const user = sub("user", "Benutzer verwalten");
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

  const token = sub("token", "API-Tokens für Fachverfahren verwalten");
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
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError("Die Token-Id ist eine UUID.");
      await withContext("token revoke", (ctx) => revokeApiToken(ctx, "system", id));
      process.stdout.write("Token widerrufen.\n");
    });

  const protokoll = sub("protokoll", "Das Protokoll (Prüfpfad) prüfen");
  protokoll
    .command("verify")
    .description(
      "Hash-Kette des Protokolls prüfen; Exit 1 und der erste gebrochene Eintrag, wenn sie nicht hält",
    )
    .option("--json", "Ausgabe als JSON")
    .action(async (options: { json?: boolean }) => {
      const bar = progressBar("Protokoll");
      const result = await withContext("protokoll verify", async (ctx) => {
        const { rows } = await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM protokoll");
        return verifyProtokoll(ctx.db, (done) => bar.update(done, rows[0]?.n ?? done));
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

  sub("import", "Dateien und Ordner in einen Vorgang oder den Posteingang einer OE übernehmen (Massenimport)")
    .argument("<pfade...>", "Dateien oder Ordner (Ordner werden vollständig durchlaufen)")
    .option("--vorgang <id>", "Ziel-Vorgang (Id)")
    .option("--als <benutzername>", "wer importiert (nötig mit --vorgang; dessen Rechte gelten)")
    .option("--posteingang <oe>", "Posteingang dieser OE (Kürzel)")
    .option("--json", "Ausgabe als JSON")
    .action(
      async (
        pfade: string[],
        options: { vorgang?: string; als?: string; posteingang?: string; json?: boolean },
      ) => {
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
            `${bericht.aufgenommen} von ${dateien.length} Dateien übernommen, ${bericht.probleme.length} mit Problemen.`,
            ...bericht.probleme.map((p) => `  ${p.datei}: ${p.grund}`),
          ].join("\n"),
        );
        if (bericht.probleme.length > 0) process.exitCode = EXIT.problem;
      },
    );

  const xdomea = sub("xdomea", "Schriftgut im Standard xdomea austauschen (Aussonderung, Abgabe)");
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
    .action(
      async (options: {
        akte?: string[];
        nachricht: string;
        out: string;
        version: string;
        empfaenger?: string;
        json?: boolean;
      }) => {
        if (!["0501", "0503", "0401", "0301"].includes(options.nachricht))
          throw new UsageError("--nachricht erwartet 0501, 0503, 0401 oder 0301.");
        if (!["3.0.0", "3.1.0"].includes(options.version))
          throw new UsageError("--version erwartet 3.0.0 oder 3.1.0.");
        if (options.nachricht === "0301") {
          const plan = await withContext("xdomea export", (ctx) =>
            exportiereAktenplan(ctx, "system", {
              version: options.version as "3.0.0" | "3.1.0",
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
            version: options.version as "3.0.0" | "3.1.0",
            ziel: path.resolve(options.out),
            ...(options.empfaenger ? { empfaenger: options.empfaenger } : {}),
          }),
        );
        print(
          options.json === true,
          ergebnis,
          `Nachricht ${ergebnis.nachrichtentyp} (xdomea ${ergebnis.version}, Prozess ${ergebnis.prozessId}) mit ${ergebnis.akten} Akte(n), ${ergebnis.versionen} Datei(en) nach ${ergebnis.datei} geschrieben (${ergebnis.bytes} Byte).`,
        );
      },
    );
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

  sub("search", "Volltextsuche mit denselben Regeln wie die API, als ein bestimmter Benutzer")
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
              `  ${t.akte.aktenzeichen}  ${t.dokument.titel} (${t.dokument.typ})\n      ${t.ausschnitt.replace(/\s+/g, " ").slice(0, 160)}`,
          ),
        ].join("\n"),
      );
    });

  sub("fsck", "Ablage prüfen: jeder Inhalt vorhanden und unbeschädigt; verwaiste Inhalte auflisten")
    .option("--repair", "verwaiste Inhalte entfernen, die älter als eine Stunde sind")
    .option("--json", "Ausgabe als JSON")
    .action(async (options: { repair?: boolean; json?: boolean }) => {
      const bar = progressBar("Prüfung");
      const result = await withContext("fsck", (ctx) =>
        fsck(ctx.db, ctx.blobs, { repair: options.repair, onProgress: (d, t) => bar.update(d, t) }),
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

  sub("backup", "Konsistente Sicherung (Datenbank und Inhalte) in ein leeres Verzeichnis schreiben")
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

  sub("restore", "Sicherung in eine leere Instanz zurückspielen (danach: fsck und protokoll verify)")
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

  return program;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
      // Help shown because a subcommand is missing (`aktenwerk user`) is a usage error.
      if (error.code === "commander.help") return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      process.stderr.write(`Fehler: ${germanUsageMessage(error)} Hilfe: aktenwerk --help\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`Fehler: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof AppError) {
      const details = error.fehler?.map((f) => `\n  ${f.feld}: ${f.meldung}`).join("") ?? "";
      process.stderr.write(`Fehler: ${error.detail ?? error.title}${details}\n`);
      return EXIT.problem;
    }
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof BackupError) {
      process.stderr.write(`Fehler: ${error.message}\n`);
      return EXIT.problem;
    }
    process.stderr.write(`Fehler: ${(error as Error).message}\n`);
    if (process.env.AKTENWERK_DEBUG) console.error(error);
    return EXIT.problem;
  }
}
