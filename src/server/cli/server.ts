import { Option, type Command } from "commander";
import { createContext, createWorker, startServer } from "../main.js";
import { loadConfig } from "../platform/config.js";
import { migrate } from "../platform/database/migrate.js";
import { openDatabase } from "../platform/database/open.js";
import { schliesseParserPool } from "../platform/parser-pool/pool.js";
import { befehl, EXIT, UsageError } from "./gemeinsam.js";

/** `serve`: the server until a signal; on an empty database first the Demo-Landkreis. */
export function serveBefehl(program: Command): void {
  befehl(
    program,
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
}

/** `migrate`: the database to this version's schema. */
export function migrateBefehl(program: Command): void {
  befehl(program, "migrate", "Datenbank auf den Stand dieser Version bringen").action(async () => {
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
}

/** `worker`: background jobs in a process of their own until a signal. */
export function workerBefehl(program: Command): void {
  befehl(program, "worker", "Hintergrundjobs in einem eigenen Prozess abarbeiten (für mehrere Rechner)")
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
}
