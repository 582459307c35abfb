import pg from "pg";
import { createPool, Database } from "./database.js";
import { migrate } from "./migrate.js";

/**
 * Job enqueued in a database that was moved to a UTF-8 LC_CTYPE: everything PostgreSQL derived from
 * text with the old ctype (the search vectors) must be computed anew. The platform knows only the
 * name; `src/server/jobs.ts` gives it its handler.
 */
export const JOB_NACH_CTYPE_UMZUG = "nach-ctype-umzug";

/** Marks the copy as complete; only a database carrying it may replace the old one. */
const VOLLSTAENDIG = "aktenwerk: Umzug vollständig";

type Log = (message: string) => void;

export interface CtypeUmzug {
  /** Superuser URL of a database on the embedded server. */
  url: (database: string) => string;
  /** The application database, e.g. `aktenwerk`. */
  datenbank: string;
  /** The UTF-8 LC_CTYPE the database moves to, e.g. `C.UTF-8`. */
  ctype: string;
  log: Log;
}

/** True for the ctypes under which PostgreSQL treats every non-ASCII byte as a non-letter. */
export function ctypeOhneUnicode(ctype: string): boolean {
  return ctype === "C" || ctype === "POSIX";
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

interface Zustand {
  ctype: string;
  kommentar: string | null;
}

async function zustand(admin: pg.Client, name: string): Promise<Zustand | undefined> {
  const { rows } = await admin.query<Zustand>(
    `SELECT datctype AS ctype, shobj_description(oid, 'pg_database') AS kommentar
     FROM pg_database WHERE datname = $1`,
    [name],
  );
  return rows[0];
}

/** Renaming needs the database to be idle; we own the data directory, so other sessions are leftovers. */
async function benenneUm(admin: pg.Client, von: string, nach: string): Promise<void> {
  await admin.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [von],
  );
  await admin.query(`ALTER DATABASE ${ident(von)} RENAME TO ${ident(nach)}`);
}

/**
 * Moves the application database of an embedded cluster that initdb created with LC_CTYPE=C (up to
 * Aktenwerk 0.1) to a UTF-8 ctype. The ctype of a database is fixed when it is created, so the data
 * is copied: a new database from template0 with the new ctype gets the same schema (the old one's
 * migrations), then every row in one snapshot, then the sequences; only when the copy is complete
 * and marked as such are the names swapped. The old database is kept under a new name.
 *
 * Safe if killed at any point: an unmarked copy is dropped and made again; a marked copy whose swap
 * was interrupted is finished on the next start. Returns what happened.
 */
export async function zieheAufUtf8CtypeUm(
  umzug: CtypeUmzug,
): Promise<"unveraendert" | "umgezogen" | "fortgesetzt"> {
  const { datenbank, log } = umzug;
  const neu = `${datenbank}_umzug`;
  const admin = new pg.Client({ connectionString: umzug.url("postgres") });
  await admin.connect();
  try {
    const kopie = await zustand(admin, neu);
    if (kopie?.kommentar === VOLLSTAENDIG) {
      if (await zustand(admin, datenbank))
        await benenneUm(admin, datenbank, await freierName(admin, datenbank));
      await benenneUm(admin, neu, datenbank);
      await admin.query(`COMMENT ON DATABASE ${ident(datenbank)} IS NULL`);
      log(`Unterbrochener Umzug der Datenbank „${datenbank}“ wurde abgeschlossen.`);
      return "fortgesetzt";
    }
    if (kopie) {
      log(`Unvollständige Kopie „${neu}“ eines abgebrochenen Umzugs wird verworfen.`);
      await admin.query(`DROP DATABASE ${ident(neu)} WITH (FORCE)`);
    }
    const alt = await zustand(admin, datenbank);
    if (!alt || !ctypeOhneUnicode(alt.ctype)) return "unveraendert";

    log(
      `Die Datenbank „${datenbank}“ wurde mit LC_CTYPE=${alt.ctype} angelegt: Wörter mit großem Umlaut oder ` +
        `anderem Nicht-ASCII-Buchstaben am Anfang (z. B. „Änderungsbescheid“) findet die Suche darin nicht. ` +
        `Sie wird jetzt in eine neue Datenbank mit LC_CTYPE=${umzug.ctype} umgezogen; die alte bleibt erhalten.`,
    );
    await admin.query(
      `CREATE DATABASE ${ident(neu)} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE ${literal(umzug.ctype)}`,
    );
    await kopiere(umzug, neu, log);
    await admin.query(`COMMENT ON DATABASE ${ident(neu)} IS ${literal(VOLLSTAENDIG)}`);

    const vorher = await freierName(admin, datenbank);
    await benenneUm(admin, datenbank, vorher);
    await benenneUm(admin, neu, datenbank);
    await admin.query(`COMMENT ON DATABASE ${ident(datenbank)} IS NULL`);
    await admin.query(
      `COMMENT ON DATABASE ${ident(vorher)} IS ${literal(
        `Aktenwerk: Stand vor dem Umzug nach LC_CTYPE=${umzug.ctype} am ${new Date().toISOString()}; ` +
          `nach Prüfung entbehrlich.`,
      )}`,
    );
    log(
      `Umzug abgeschlossen: „${datenbank}“ hat jetzt LC_CTYPE=${umzug.ctype}. Der alte Stand liegt als ` +
        `„${vorher}“ daneben und kann nach Prüfung gelöscht werden. Der Suchindex wird im Hintergrund neu aufgebaut.`,
    );
    return "umgezogen";
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** `<name>_ctype_c`, numbered if an earlier move left one behind. */
async function freierName(admin: pg.Client, datenbank: string): Promise<string> {
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${datenbank}_ctype_c` : `${datenbank}_ctype_c_${i}`;
    if (!(await zustand(admin, name))) return name;
  }
}

/** Same schema, then all rows and sequence positions, read in one snapshot of the old database. */
async function kopiere(umzug: CtypeUmzug, neu: string, log: Log): Promise<void> {
  const von = new pg.Client({ connectionString: umzug.url(umzug.datenbank) });
  const nach = new pg.Client({ connectionString: umzug.url(neu) });
  await von.connect();
  try {
    await von.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows: hatMigrationen } = await von.query<{ da: boolean }>(
      "SELECT to_regclass('schema_migration') IS NOT NULL AS da",
    );
    const migrationen = hatMigrationen[0]?.da
      ? (await von.query<{ name: string }>("SELECT name FROM schema_migration")).rows.map((r) => r.name)
      : [];
    const schema = new Database(createPool(umzug.url(neu), 1), "eingebettet");
    try {
      await migrate(schema, () => undefined, { nur: new Set(migrationen) });
    } finally {
      await schema.close();
    }

    await nach.connect();
    await nach.query("BEGIN");
    // Rows are copied as they are: no triggers (append-only guards, derived columns) and no
    // foreign-key checks, which are triggers too; the snapshot is consistent by itself.
    await nach.query("SET LOCAL session_replication_role = replica");
    const { rows: tabellen } = await von.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    if (tabellen.length > 0) await nach.query(`TRUNCATE ${tabellen.map((t) => ident(t.name)).join(", ")}`);
    for (const [i, { name }] of tabellen.entries()) {
      const { rows: spalten } = await nach.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
         ORDER BY ordinal_position`,
        [name],
      );
      const liste = spalten.map((s) => ident(s.name)).join(", ");
      const einfuegen =
        `INSERT INTO ${ident(name)} (${liste}) OVERRIDING SYSTEM VALUE ` +
        `SELECT ${liste} FROM json_populate_recordset(NULL::${ident(name)}, $1::json)`;
      await von.query(
        `DECLARE umzug NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(name)} t`,
      );
      let zeilen = 0;
      for (;;) {
        // Small batches: one row can hold a Dokument's whole extracted text.
        const { rows } = await von.query<{ j: string }>("FETCH 100 FROM umzug");
        if (rows.length === 0) break;
        await nach.query(einfuegen, [`[${rows.map((r) => r.j).join(",")}]`]);
        zeilen += rows.length;
      }
      await von.query("CLOSE umzug");
      const { rows: gezaehlt } = await nach.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${ident(name)}`,
      );
      if (gezaehlt[0]?.n !== zeilen)
        throw new Error(`Umzug: Tabelle ${name} hat ${gezaehlt[0]?.n} statt ${zeilen} Zeilen.`);
      log(`Umzug: Tabelle ${name} (${zeilen} Zeilen) kopiert (${i + 1}/${tabellen.length}).`);
    }
    const { rows: sequenzen } = await von.query<{ name: string; wert: string }>(
      `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text AS wert
       FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL`,
    );
    for (const s of sequenzen) await nach.query("SELECT setval($1::regclass, $2::bigint)", [s.name, s.wert]);
    if (tabellen.some((t) => t.name === "job")) {
      await nach.query(
        `INSERT INTO job (art, schluessel, faellig_am, erstellt_am) VALUES ($1, $1, now(), now())
         ON CONFLICT (art, schluessel) WHERE schluessel IS NOT NULL AND status IN ('wartend', 'laufend') DO NOTHING`,
        [JOB_NACH_CTYPE_UMZUG],
      );
    }
    await nach.query("COMMIT");
    await von.query("COMMIT");
  } finally {
    await nach.end().catch(() => undefined);
    await von.end().catch(() => undefined);
  }
}
