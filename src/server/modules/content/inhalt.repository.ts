import type { Queryable } from "../../platform/database/database.js";

/**
 * Deletes what the pipeline derived from the versions of these Dokumente (text, searchable PDF,
 * preview), when the Dokumente themselves are being deleted. Returns the blobs those rows named,
 * for the caller to release once nothing else refers to them.
 */
export async function loescheInhalte(q: Queryable, dokumentIds: string[]): Promise<string[]> {
  if (!dokumentIds.length) return [];
  const { rows } = await q.query<{ rendition_sha256: string | null; vorschau_sha256: string | null }>(
    "DELETE FROM dokument_inhalt WHERE dokument_id = ANY($1) RETURNING rendition_sha256, vorschau_sha256",
    [dokumentIds],
  );
  return [...new Set(rows.flatMap((r) => [r.rendition_sha256, r.vorschau_sha256]))].filter(
    (sha): sha is string => sha !== null,
  );
}

/** SQL predicate: a derived file (searchable PDF or preview) still is the blob `sha256` (an SQL expression). */
export function inhaltNutztBlobSql(sha256: string): string {
  return `EXISTS (SELECT 1 FROM dokument_inhalt i WHERE i.rendition_sha256 = ${sha256} OR i.vorschau_sha256 = ${sha256})`;
}
