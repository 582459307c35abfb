import type { Queryable } from "../../platform/database/database.js";
import type { InhaltStatus, Texterkennung } from "./content.types.js";

/**
 * What content offers other modules to read its table `dokument_inhalt`: reads and a fragment for
 * their own queries (the columns listed are the contract). Callers name no table of content.
 */

/** What a user sees of the pipeline for one version, or null if it never ran for it. */
export async function texterkennungVon(
  q: Queryable,
  dokumentId: string,
  nr: number,
): Promise<Texterkennung | null> {
  const { rows } = await q.query<{
    status: InhaltStatus;
    grund: string | null;
    quelle: string | null;
    seiten: number | null;
    rendition_sha256: string | null;
    vorschau_sha256: string | null;
  }>(
    "SELECT status, grund, quelle, seiten, rendition_sha256, vorschau_sha256 FROM dokument_inhalt WHERE dokument_id = $1 AND nr = $2",
    [dokumentId, nr],
  );
  const r = rows[0];
  return r
    ? {
        status: r.status,
        grund: r.grund,
        quelle: r.quelle,
        seiten: r.seiten,
        rendition: r.rendition_sha256 !== null,
        vorschau: r.vorschau_sha256 !== null,
      }
    : null;
}

/** The recognised text of one version; null while there is none (waiting, failed, no row). */
export async function erkannterText(q: Queryable, dokumentId: string, nr: number): Promise<string | null> {
  return (await erkannteTexte(q, [{ dokumentId, nr }])).get(dokumentId) ?? null;
}

/**
 * The size in bytes of the recognised texts of one version each of many Dokumente, by Dokument id,
 * read from the stored values' headers (no text is decompressed or sent).
 */
export async function textGroessen(
  q: Queryable,
  versionen: { dokumentId: string; nr: number }[],
): Promise<Map<string, number>> {
  return jeVersion<number>(q, versionen, "coalesce(octet_length(i.text), 0)::int");
}

/** The recognised texts of one version each of many Dokumente in one query, by Dokument id. */
export async function erkannteTexte(
  q: Queryable,
  versionen: { dokumentId: string; nr: number }[],
): Promise<Map<string, string | null>> {
  return jeVersion<string | null>(q, versionen, "i.text");
}

/** One column of `dokument_inhalt` (alias `i`) for one version each of many Dokumente, by Dokument id. */
async function jeVersion<T>(
  q: Queryable,
  versionen: { dokumentId: string; nr: number }[],
  spalte: string,
): Promise<Map<string, T>> {
  if (versionen.length === 0) return new Map();
  const { rows } = await q.query<{ dokument_id: string; wert: T }>(
    `SELECT i.dokument_id, ${spalte} AS wert FROM unnest($1::uuid[], $2::int[]) AS v(dokument_id, nr)
     JOIN dokument_inhalt i ON i.dokument_id = v.dokument_id AND i.nr = v.nr`,
    [versionen.map((v) => v.dokumentId), versionen.map((v) => v.nr)],
  );
  return new Map(rows.map((r) => [r.dokument_id, r.wert]));
}

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
