import { Command, CommanderError, Help } from "commander";
import { createContext } from "../main.js";
import { BackupError } from "../platform/backup.js";
import { ConfigError, loadConfig, type Config } from "../platform/config.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { DataDirLockedError } from "../platform/lock.js";
import { createLogger } from "../platform/logger.js";

/** Exit codes: 0 ok, 1 a problem was found or the work failed, 2 the command was used wrongly. */
export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

/** The command was used wrongly: its message is shown, the exit code is 2. */
export class UsageError extends Error {}

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
export class GermanCommand extends Command {
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

/** A command of the program with its description. */
export function befehl(program: Command, name: string, description: string): Command {
  return program.command(name).description(description);
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

/** What a failed command tells on stderr, and its exit code. */
export function meldeFehler(error: unknown): number {
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

function quietContext(config: Config, befehl: string): Promise<AppContext> {
  return createContext(
    config,
    { befehl, mode: "shared" },
    { log: createLogger(process.env.LOG_LEVEL || "warn") },
  );
}

/** Runs `work` with a context on the shared database (quiet logger) and closes it afterwards. */
export async function withContext<T>(befehl: string, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await quietContext(loadConfig(), befehl);
  try {
    return await work(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** The result as JSON (`--json`) or as text for people. */
export function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
}

/** All of standard input, without its final line break. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}
