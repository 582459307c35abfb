import type { Config } from "../config.js";
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from "../lock.js";
import { ctypeOhneUnicode } from "./ctype-umzug.js";
import { createPool, Database } from "./database.js";
import { EmbeddedPostgres } from "./embedded.js";

export interface OpenOptions {
  /** The command that opens it, recorded in the lock (`serve`, `worker`, `fsck` …). */
  befehl: string;
  /**
   * `exclusive`: this process must own the data directory (serve, restore).
   * `shared`: use a server another aktenwerk process runs, else start and own it (CLI commands).
   */
  mode: "exclusive" | "shared";
  log?: (message: string) => void;
  poolSize?: number;
}

/**
 * Opens the metadata database: the external server from DATABASE_URL, or the embedded server in
 * `<data>/pg`. The owner of the embedded server stops it on close; a guest leaves it running.
 */
export async function openDatabase(config: Config, options: OpenOptions): Promise<Database> {
  const log = options.log ?? (() => undefined);
  if (config.databaseUrl) {
    const db = new Database(createPool(config.databaseUrl, options.poolSize), "extern");
    if (!(await db.ping())) {
      await db.pool.end();
      throw new Error("Die Datenbank unter DATABASE_URL ist nicht erreichbar.");
    }
    // An external database is the administrators' to create; we can only say what is wrong with it.
    const { rows } = await db.query<{ ctype: string }>(
      "SELECT datctype AS ctype FROM pg_database WHERE datname = current_database()",
    );
    if (rows[0] && ctypeOhneUnicode(rows[0].ctype)) {
      log(
        `Warnung: Die Datenbank unter DATABASE_URL hat LC_CTYPE=${rows[0].ctype}. Wörter, die mit einem großen ` +
          `Umlaut beginnen (z. B. „Änderungsbescheid“), findet die Volltextsuche darin nicht. Bitte die Datenbank ` +
          `mit einer UTF-8-Ctype anlegen (CREATE DATABASE … TEMPLATE template0 LC_CTYPE 'C.UTF-8').`,
      );
    }
    return db;
  }

  const embedded = new EmbeddedPostgres(config.dataDir, log);
  let lock: DataDirLock;
  try {
    lock = await acquireDataDirLock(config.dataDir, options.befehl);
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || options.mode === "exclusive") throw error;
    const connection = await embedded.connectToRunning();
    if (!connection) throw error;
    return new Database(createPool(connection.url, options.poolSize), "eingebettet");
  }
  try {
    const connection = await embedded.startOrAdopt();
    // The owner keeps its server up: killed under it, it starts again on the same port.
    const beendeUeberwachung = embedded.ueberwache();
    const db = new Database(
      createPool(connection.url, options.poolSize),
      "eingebettet",
      async () => {
        beendeUeberwachung();
        await embedded.stop("fast");
        await lock.release();
      },
      true,
    );
    return db;
  } catch (error) {
    await lock.release();
    throw error;
  }
}
