import type { Queryable } from "../../platform/database/database.js";

/** The id of the OE with this Kürzel (case-insensitive; never by id), or undefined. */
export async function oeIdZumKuerzel(q: Queryable, kuerzel: string): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM organisationseinheit WHERE lower(kuerzel) = lower($1)",
    [kuerzel],
  );
  return rows[0]?.id;
}
