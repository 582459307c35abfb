import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { migrationsDir } from "../paths.js";
import type { Database } from "./database.js";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migration files in order of their timestamped names. */
export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return Promise.all(
    files.map(async (name) => {
      const sql = await fs.readFile(path.join(dir, name), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that several
 * processes starting at once migrate exactly once. An applied migration whose file changed is an
 * error: migrations are forward-only.
 */
export async function migrate(
  db: Database,
  log: (message: string) => void = () => undefined,
  options: {
    /** Apply only these migrations (rebuilding another database's schema at its own level). */
    nur?: ReadonlySet<string>;
  } = {},
): Promise<string[]> {
  const migrations = (await loadMigrations()).filter((m) => !options.nur || options.nur.has(m.name));
  const client = await db.pool.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('aktenwerk.migrate'))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      name text PRIMARY KEY,
      pruefsumme text NOT NULL,
      angewendet_am timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ name: string; pruefsumme: string }>(
      "SELECT name, pruefsumme FROM schema_migration",
    );
    const done = new Map(rows.map((r) => [r.name, r.pruefsumme]));
    for (const migration of migrations) {
      const checksum = done.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(
            `Die bereits angewendete Migration ${migration.name} wurde nachträglich verändert.`,
          );
        }
        continue;
      }
      log(`Migration ${migration.name} wird angewendet …`);
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migration (name, pruefsumme) VALUES ($1, $2)", [
          migration.name,
          migration.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} ist fehlgeschlagen: ${(error as Error).message}`, {
          cause: error,
        });
      }
      applied.push(migration.name);
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...done.keys()].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new Error(
        `Die Datenbank hat Migrationen, die diese Version nicht kennt (${unknown.join(", ")}). ` +
          `Bitte die neuere Aktenwerk-Version verwenden.`,
      );
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('aktenwerk.migrate'))").catch(() => undefined);
    client.release();
  }
  return applied;
}
