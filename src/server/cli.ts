import type { Command } from "commander";
import { benutzerBefehle } from "./cli/benutzer.js";
import { diagnoseBefehl } from "./cli/diagnose.js";
import {
  backupBefehl,
  fsckBefehl,
  importBefehl,
  restoreBefehl,
  suchBefehl,
  suchindexBefehle,
} from "./cli/daten.js";
import { EXIT, GermanCommand, meldeFehler } from "./cli/gemeinsam.js";
import { kennzahlenBefehle } from "./cli/kennzahlen.js";
import { protokollBefehle } from "./cli/protokoll.js";
import { migrateBefehl, serveBefehl, workerBefehl } from "./cli/server.js";
import { tokenBefehle } from "./cli/token.js";
import { verzeichnisBefehle } from "./cli/verzeichnis.js";
import { xdomeaBefehle } from "./cli/xdomea.js";
import { version } from "./platform/paths.js";

export { EXIT } from "./cli/gemeinsam.js";

/** The `aktenwerk` program: its commands in the order `--help` lists them. */
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

  serveBefehl(program);
  migrateBefehl(program);
  workerBefehl(program);
  benutzerBefehle(program);
  tokenBefehle(program);
  verzeichnisBefehle(program);
  protokollBefehle(program);
  importBefehl(program);
  xdomeaBefehle(program);
  kennzahlenBefehle(program);
  suchBefehl(program);
  suchindexBefehle(program);
  fsckBefehl(program);
  backupBefehl(program);
  restoreBefehl(program);
  diagnoseBefehl(program);
  return program;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    return meldeFehler(error);
  }
}
