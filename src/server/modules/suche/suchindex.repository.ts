import type { Queryable } from "../../platform/database/database.js";

/** Drops the index entries of Dokumente that are being deleted (event "dokumente.entfernt"). */
export async function entferneAusIndex(q: Queryable, dokumentIds: string[]): Promise<void> {
  if (dokumentIds.length) await q.query("DELETE FROM suchindex WHERE dokument_id = ANY($1)", [dokumentIds]);
}
