import type { Queryable } from "../../platform/database/database.js";

/**
 * What content offers other modules to read its table inside their own queries; the columns
 * listed are the contract.
 */

/** Joins the recognised content of a version as `alias` (columns status, text, rendition_sha256, vorschau_sha256). */
export const inhaltJoin = (alias: string, dokumentSpalte: string, nrSpalte: string): string =>
  `LEFT JOIN dokument_inhalt ${alias} ON ${alias}.dokument_id = ${dokumentSpalte} AND ${alias}.nr = ${nrSpalte}`;

/** The blob of a derived file of a version (the searchable PDF or the preview), if there is one. */
export async function ableitungVon(
  q: Queryable,
  dokumentId: string,
  nr: number,
  art: "rendition" | "vorschau",
): Promise<string | undefined> {
  const { rows } = await q.query<{ sha256: string | null }>(
    `SELECT ${art === "rendition" ? "rendition_sha256" : "vorschau_sha256"} AS sha256 FROM dokument_inhalt
     WHERE dokument_id = $1 AND nr = $2`,
    [dokumentId, nr],
  );
  return rows[0]?.sha256 ?? undefined;
}
