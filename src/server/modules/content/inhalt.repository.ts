import type { Queryable } from "../../platform/database/database.js";
import { loescheSeitenVon } from "./seitenbild.repository.js";

/**
 * Deletes what the pipeline derived from the versions of these Dokumente (text, searchable PDF,
 * preview, the viewer's pages and their text), when the Dokumente themselves are being deleted;
 * `versionsBlobs` are the files of their versions, the viewer's sources beside the renditions.
 * Returns the blobs those rows named, for the caller to release once nothing else refers to them.
 */
export async function loescheInhalte(
  q: Queryable,
  dokumentIds: string[],
  versionsBlobs: string[] = [],
): Promise<string[]> {
  if (!dokumentIds.length) return [];
  const { rows } = await q.query<{ rendition_sha256: string | null; vorschau_sha256: string | null }>(
    "DELETE FROM dokument_inhalt WHERE dokument_id = ANY($1) RETURNING rendition_sha256, vorschau_sha256",
    [dokumentIds],
  );
  const renditionen = rows.map((r) => r.rendition_sha256).filter((sha): sha is string => sha !== null);
  const seiten = await loescheSeitenVon(q, [...versionsBlobs, ...renditionen]);
  return [...new Set([...rows.flatMap((r) => [r.rendition_sha256, r.vorschau_sha256]), ...seiten])].filter(
    (sha): sha is string => sha !== null,
  );
}

/**
 * SQL predicate: a derived file (searchable PDF, preview or a page drawn for the viewer) still is
 * the blob `sha256` (an SQL expression).
 */
export function inhaltNutztBlobSql(sha256: string): string {
  return `(EXISTS (SELECT 1 FROM dokument_inhalt i WHERE i.rendition_sha256 = ${sha256} OR i.vorschau_sha256 = ${sha256})
    OR EXISTS (SELECT 1 FROM seitenbild sb WHERE sb.sha256 = ${sha256}))`;
}
