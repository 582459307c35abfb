import type { Queryable } from "../../platform/database/database.js";

/**
 * What the Posteingang keeps pointing at Schriftgut that is being deleted (events
 * "dokumente.entfernt" and "vorgaenge.entfernt"): registered entries forget their Dokument,
 * suggestions their Vorgang, and rules filing into a deleted Vorgang go.
 */
export async function vergissDokumente(q: Queryable, dokumentIds: string[]): Promise<void> {
  if (!dokumentIds.length) return;
  await q.query("UPDATE posteingang_eintrag SET dokument_id = NULL WHERE dokument_id = ANY($1)", [
    dokumentIds,
  ]);
}

export async function vergissVorgaenge(q: Queryable, vorgangIds: string[]): Promise<void> {
  if (!vorgangIds.length) return;
  await q.query(
    "UPDATE posteingang_eintrag SET vorschlag_vorgang_id = NULL WHERE vorschlag_vorgang_id = ANY($1)",
    [vorgangIds],
  );
  await q.query("DELETE FROM posteingang_regel WHERE vorgang_id = ANY($1)", [vorgangIds]);
}

/** SQL predicate: an entry of the Posteingang still holds the blob `sha256` (an SQL expression). */
export function eintragNutztBlobSql(sha256: string): string {
  return `EXISTS (SELECT 1 FROM posteingang_eintrag p WHERE (p.sha256 = ${sha256} OR p.vorschau_sha256 = ${sha256}))`;
}
