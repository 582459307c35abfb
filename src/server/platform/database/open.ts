import type pg from "pg";
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
 * Says in German what makes reading from the replica unsafe or useless: unreachable (reads go to
 * the primary), not a standby, or no synchronous standby on the primary (then a list may miss a
 * write for as long as the replica lags).
 */
async function pruefeReplikat(
  db: Database,
  replikat: pg.Pool,
  log: (message: string) => void,
): Promise<void> {
  try {
    const { rows } = await replikat.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
    if (!rows[0]?.standby)
      log(
        "Warnung: DATABASE_REPLICA_URL zeigt auf einen beschreibbaren Server, nicht auf ein Replikat (Standby).",
      );
  } catch {
    log(
      "Warnung: Das Replikat unter DATABASE_REPLICA_URL ist nicht erreichbar; gelesen wird bis dahin vom Primärserver.",
    );
  }
  // pg_stat_replication shows its sync_state to monitoring roles only; the setting anyone can read.
  const { rows } = await db.query<{ namen: string }>(
    "SELECT current_setting('synchronous_standby_names') AS namen",
  );
  if (!rows[0]?.namen)
    log(
      "Warnung: Der Primärserver hat keinen synchronen Standby (synchronous_standby_names). Listen und Suche aus " +
        "dem Replikat können eine gerade gespeicherte Änderung dann kurz nicht zeigen, und bei einem Failover gehen " +
        "bestätigte Änderungen verloren, die das Replikat noch nicht hatte.",
    );
}

/**
 * Opens the metadata database: the external server from DATABASE_URL, or the embedded server in
 * `<data>/pg`. The owner of the embedded server stops it on close; a guest leaves it running.
 */
export async function openDatabase(config: Config, options: OpenOptions): Promise<Database> {
  const log = options.log ?? (() => undefined);
  if (config.databaseUrl) {
    // With a replica, every commit waits until the replica has applied it (remote_apply), so a
    // list read from the replica right after a write already shows it (read-your-writes).
    const replikat = config.databaseReplicaUrl
      ? createPool(config.databaseReplicaUrl, options.poolSize, { verbindungMs: 3000 })
      : undefined;
    const db = new Database(
      createPool(config.databaseUrl, options.poolSize, replikat ? { synchronousCommit: "remote_apply" } : {}),
      "extern",
      undefined,
      false,
      replikat,
    );
    if (!(await db.ping())) {
      await db.close();
      throw new Error("Die Datenbank unter DATABASE_URL ist nicht erreichbar.");
    }
    if (replikat) await pruefeReplikat(db, replikat, log);
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
