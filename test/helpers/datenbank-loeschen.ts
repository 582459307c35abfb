import type pg from "pg";

/**
 * Drops a test database with its connections (`WITH (FORCE)`). An autovacuum worker busy in it
 * has no role a non-superuser may signal, so PostgreSQL refuses the drop (42501) for that moment:
 * tried again until the worker has left, for up to ten seconds.
 */
export async function loescheDatenbank(admin: pg.Client, name: string): Promise<void> {
  for (let versuch = 1; ; versuch++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "42501" || versuch >= 40) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
