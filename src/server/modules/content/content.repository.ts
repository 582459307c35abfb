import type { Queryable } from "../../platform/database/database.js";
import type { InhaltStatus } from "./content.types.js";

/**
 * Content's own SQL on `dokument_inhalt` (the row per version: status, text, derived files); what
 * it offers other modules to read is in `auskunft.repository.ts`.
 */

/** Marks a version as waiting for text recognition (again), creating its row if needed. */
export async function setzeWartend(q: Queryable, dokumentId: string, nr: number, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO dokument_inhalt (dokument_id, nr, status, aktualisiert_am) VALUES ($1, $2, 'wartend', $3)
     ON CONFLICT (dokument_id, nr) DO UPDATE SET status = 'wartend', aktualisiert_am = EXCLUDED.aktualisiert_am`,
    [dokumentId, nr, now],
  );
}

/** True while the version's row exists (it is gone after an Aussonderung). */
export async function inhaltVorhanden(q: Queryable, dokumentId: string, nr: number): Promise<boolean> {
  const { rowCount } = await q.query("SELECT 1 FROM dokument_inhalt WHERE dokument_id = $1 AND nr = $2", [
    dokumentId,
    nr,
  ]);
  return Boolean(rowCount);
}

/** The OCR rendition of a version: undefined without a row, null without a rendition. */
export async function renditionVon(
  q: Queryable,
  dokumentId: string,
  nr: number,
): Promise<{ renditionSha256: string | null } | undefined> {
  const { rows } = await q.query<{ rendition_sha256: string | null }>(
    "SELECT rendition_sha256 FROM dokument_inhalt WHERE dokument_id = $1 AND nr = $2",
    [dokumentId, nr],
  );
  return rows[0] ? { renditionSha256: rows[0].rendition_sha256 } : undefined;
}

export async function setzeLaeuft(q: Queryable, dokumentId: string, nr: number, now: Date): Promise<void> {
  await q.query(
    "UPDATE dokument_inhalt SET status = 'laeuft', aktualisiert_am = $3 WHERE dokument_id = $1 AND nr = $2",
    [dokumentId, nr, now],
  );
}

/** The outcome of text recognition for one version. */
export interface InhaltErgebnis {
  status: InhaltStatus;
  grund: string | null;
  quelle: string | null;
  text: string | null;
  seiten: number | null;
  renditionSha256: string | null;
}

export async function speichereErgebnis(
  q: Queryable,
  dokumentId: string,
  nr: number,
  e: InhaltErgebnis,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE dokument_inhalt SET status = $3, grund = $4, quelle = $5, text = $6, seiten = $7, rendition_sha256 = $8, aktualisiert_am = $9
     WHERE dokument_id = $1 AND nr = $2`,
    [dokumentId, nr, e.status, e.grund, e.quelle, e.text, e.seiten, e.renditionSha256, now],
  );
}

export async function setzeVorschau(
  q: Queryable,
  dokumentId: string,
  nr: number,
  sha256: string,
): Promise<void> {
  await q.query("UPDATE dokument_inhalt SET vorschau_sha256 = $3 WHERE dokument_id = $1 AND nr = $2", [
    dokumentId,
    nr,
    sha256,
  ]);
}
