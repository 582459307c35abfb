import type { Queryable } from "../../platform/database/database.js";

/**
 * Vorgänge are being deleted (event "vorgaenge.entfernt"): their Geschäftsgänge with every step
 * and their Wiedervorlagen go with them.
 */
export async function entferneZuVorgaengen(q: Queryable, vorgangIds: string[]): Promise<void> {
  if (!vorgangIds.length) return;
  await q.query(
    "DELETE FROM schritt WHERE geschaeftsgang_id IN (SELECT id FROM geschaeftsgang WHERE vorgang_id = ANY($1))",
    [vorgangIds],
  );
  await q.query("DELETE FROM geschaeftsgang WHERE vorgang_id = ANY($1)", [vorgangIds]);
  await q.query("DELETE FROM wiedervorlage WHERE vorgang_id = ANY($1)", [vorgangIds]);
}
