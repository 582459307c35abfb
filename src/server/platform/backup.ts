import fs from "node:fs/promises";
import { createReadStream, createWriteStream } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { type BlobStore, FileSystemBlobStore } from "./blobstore/index.js";
import type { Database, Queryable } from "./database/database.js";
import { loadMigrations } from "./database/migrate.js";
import { version } from "./paths.js";

export const BACKUP_FORMAT = "aktenwerk-sicherung";

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  aktenwerkVersion: string;
  erstelltAm: string;
  migrationen: string[];
  tabellen: { name: string; zeilen: number }[];
  blobs: { anzahl: number; bytes: number };
}

export class BackupError extends Error {
  override name = "BackupError";
}

type Progress = (message: string, done: number, total: number) => void;

/** Our tables, parents before children (foreign keys), so a restore can insert in this order. */
async function tablesInDependencyOrder(q: Queryable): Promise<string[]> {
  const { rows: tables } = await q.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const { rows: edges } = await q.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema() AND c.conrelid <> c.confrelid`,
  );
  const names = tables.map((t) => t.name);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name))
      throw new BackupError(`Zyklische Fremdschlüssel: ${[...path, name].join(" → ")}`);
    for (const parent of parents.get(name) ?? []) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, "r");
  await handle.sync();
  await handle.close();
}

/**
 * A consistent backup without pg_dump: every table of ours read in one REPEATABLE READ snapshot as
 * gzip'd NDJSON, plus every blob the snapshot refers to, hash-checked on the way. The manifest is
 * written last, so a directory without one is an unfinished backup.
 */
export async function backup(
  db: Database,
  store: BlobStore,
  dir: string,
  onProgress: Progress = () => undefined,
): Promise<BackupManifest> {
  await fs.mkdir(dir, { recursive: true });
  if ((await fs.readdir(dir)).length > 0)
    throw new BackupError(`Das Sicherungsverzeichnis ${dir} ist nicht leer.`);
  await fs.mkdir(path.join(dir, "db"));
  const target = new FileSystemBlobStore(path.join(dir, "blobs"));
  return db.transaction(
    async (tx) => {
      const tables = await tablesInDependencyOrder(tx);
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        formatVersion: 1,
        aktenwerkVersion: version,
        erstelltAm: new Date().toISOString(),
        migrationen: (
          await tx.query<{ name: string }>("SELECT name FROM schema_migration ORDER BY name")
        ).rows.map((r) => r.name),
        tabellen: [],
        blobs: { anzahl: 0, bytes: 0 },
      };
      for (const [i, table] of tables.entries()) {
        onProgress(`Tabelle ${table}`, i, tables.length);
        const file = path.join(dir, "db", `${table}.ndjson.gz`);
        let zeilen = 0;
        await tx.query(
          `DECLARE sicherung NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM "${table}" t`,
        );
        async function* lines() {
          for (;;) {
            const { rows } = await tx.query<{ j: string }>("FETCH 2000 FROM sicherung");
            if (rows.length === 0) return;
            zeilen += rows.length;
            yield rows.map((r) => `${r.j}\n`).join("");
          }
        }
        await pipeline(lines, createGzip(), createWriteStream(file));
        await tx.query("CLOSE sicherung");
        await fsyncFile(file);
        manifest.tabellen.push({ name: table, zeilen });
      }
      const { rows: blobs } = await tx.query<{ sha256: string; groesse: number }>(
        "SELECT sha256, groesse FROM blob ORDER BY sha256",
      );
      for (const [i, blob] of blobs.entries()) {
        onProgress("Inhalte", i, blobs.length);
        const stored = await target.put(await store.get(blob.sha256));
        if (stored.sha256 !== blob.sha256)
          throw new BackupError(`Inhalt ${blob.sha256} ist in der Ablage beschädigt.`);
        manifest.blobs.anzahl++;
        manifest.blobs.bytes += stored.groesse;
      }
      const manifestFile = path.join(dir, "manifest.json");
      await fs.writeFile(manifestFile, JSON.stringify(manifest, null, 2));
      await fsyncFile(manifestFile);
      return manifest;
    },
    { isolation: "repeatable read", readOnly: true },
  );
}

/**
 * Restores a backup into an empty instance: blobs first (hash-checked), then all rows in one
 * transaction in foreign-key order, then sequences. The target must be migrated to the same
 * schema as the backup and hold no data.
 */
export async function restore(
  db: Database,
  store: BlobStore,
  dir: string,
  onProgress: Progress = () => undefined,
): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(dir, "manifest.json"), "utf8")) as BackupManifest;
  } catch {
    throw new BackupError(
      `In ${dir} liegt keine vollständige Aktenwerk-Sicherung (manifest.json fehlt oder ist unlesbar).`,
    );
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== 1) {
    throw new BackupError("Das Verzeichnis enthält keine Sicherung in einem bekannten Format.");
  }
  const known = (await loadMigrations()).map((m) => m.name);
  const missing = manifest.migrationen.filter((m) => !known.includes(m));
  if (missing.length > 0) {
    throw new BackupError(
      `Die Sicherung stammt von einer neueren Aktenwerk-Version (Migrationen ${missing.join(", ")}).`,
    );
  }
  if (manifest.migrationen.length !== known.length) {
    throw new BackupError(
      `Die Sicherung hat den Datenbankstand von Aktenwerk ${manifest.aktenwerkVersion}. Bitte mit dieser Version wiederherstellen und dann aktualisieren.`,
    );
  }
  const tables = await tablesInDependencyOrder(db);
  for (const table of tables) {
    if (table === "schema_migration") continue;
    const { rows } = await db.query(`SELECT 1 FROM "${table}" LIMIT 1`);
    if (rows.length > 0)
      throw new BackupError(`Die Zieldatenbank ist nicht leer (Tabelle ${table} enthält Daten).`);
  }

  const source = new FileSystemBlobStore(path.join(dir, "blobs"));
  let done = 0;
  for await (const blob of source.list()) {
    onProgress("Inhalte", done++, manifest.blobs.anzahl);
    const stored = await store.put(await source.get(blob.sha256));
    if (stored.sha256 !== blob.sha256)
      throw new BackupError(`Inhalt ${blob.sha256} ist in der Sicherung beschädigt.`);
  }

  await db.transaction(async (tx) => {
    await tx.query("SET CONSTRAINTS ALL DEFERRED");
    const order = tables.filter((t) => t !== "schema_migration");
    for (const [i, table] of order.entries()) {
      const entry = manifest.tabellen.find((t) => t.name === table);
      if (!entry) throw new BackupError(`Die Sicherung enthält die Tabelle ${table} nicht.`);
      onProgress(`Tabelle ${table}`, i, order.length);
      const { rows: columns } = await tx.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      );
      const list = columns.map((c) => `"${c.column_name}"`).join(", ");
      const insert = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
      const reader = readline.createInterface({
        input: createReadStream(path.join(dir, "db", `${table}.ndjson.gz`)).pipe(createGunzip()),
      });
      let batch: string[] = [];
      let count = 0;
      for await (const line of reader) {
        if (!line) continue;
        batch.push(line);
        if (batch.length === 1000) {
          await tx.query(insert, [`[${batch.join(",")}]`]);
          count += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) await tx.query(insert, [`[${batch.join(",")}]`]);
      count += batch.length;
      if (count !== entry.zeilen)
        throw new BackupError(`Tabelle ${table}: ${count} statt ${entry.zeilen} Zeilen in der Sicherung.`);
    }
    const { rows: sequences } = await tx.query<{ tabelle: string; spalte: string; sequenz: string }>(
      `SELECT c.table_name AS tabelle, c.column_name AS spalte, pg_get_serial_sequence(c.table_name, c.column_name) AS sequenz
       FROM information_schema.columns c
       WHERE c.table_schema = current_schema() AND pg_get_serial_sequence(c.table_name, c.column_name) IS NOT NULL`,
    );
    for (const s of sequences) {
      await tx.query(
        `SELECT setval($1, COALESCE((SELECT max("${s.spalte}") FROM "${s.tabelle}"), 0) + 1, false)`,
        [s.sequenz],
      );
    }
  });
  return manifest;
}
