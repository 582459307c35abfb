import type { Queryable } from "../../platform/database/database.js";

/**
 * The viewer's cache (`seitenquelle`, `seitenbild`), keyed by the SHA-256 of the file the pages
 * are drawn from. Rows are derived data: losing them costs a redraw, nothing more.
 */

/** Page count, page sizes (points) and text per page of one source file. */
export interface Seitenquelle {
  seiten: number;
  formate: [number, number][];
  texte: string[];
  /** Why the file has no pages to show (German), when `seiten` is 0. */
  grund: string | null;
}

export async function seitenquelle(q: Queryable, sha256: string): Promise<Seitenquelle | undefined> {
  const { rows } = await q.query<{
    seiten: number;
    formate: [number, number][];
    texte: string[];
    grund: string | null;
  }>("SELECT seiten, formate, texte, grund FROM seitenquelle WHERE sha256 = $1", [sha256]);
  return rows[0];
}

export async function speichereSeitenquelle(
  q: Queryable,
  sha256: string,
  s: Seitenquelle,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO seitenquelle (sha256, seiten, formate, texte, grund, erstellt_am) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (sha256) DO NOTHING`,
    [sha256, s.seiten, JSON.stringify(s.formate), s.texte, s.grund, now],
  );
}

/** One drawn page as stored. */
export interface GespeichertesSeitenbild {
  sha256: string;
  mimeTyp: string;
  bildBreite: number;
  bildHoehe: number;
}

export async function seitenbild(
  q: Queryable,
  quelle: string,
  seite: number,
  breite: number,
): Promise<GespeichertesSeitenbild | undefined> {
  const { rows } = await q.query<{
    sha256: string;
    mime_typ: string;
    bild_breite: number;
    bild_hoehe: number;
  }>(
    `SELECT sha256, mime_typ, bild_breite, bild_hoehe FROM seitenbild
     WHERE quelle_sha256 = $1 AND seite = $2 AND breite = $3`,
    [quelle, seite, breite],
  );
  const r = rows[0];
  return r
    ? { sha256: r.sha256, mimeTyp: r.mime_typ, bildBreite: r.bild_breite, bildHoehe: r.bild_hoehe }
    : undefined;
}

export async function speichereSeitenbild(
  q: Queryable,
  quelle: string,
  seite: number,
  breite: number,
  bild: GespeichertesSeitenbild,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO seitenbild (quelle_sha256, seite, breite, sha256, mime_typ, bild_breite, bild_hoehe, erstellt_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (quelle_sha256, seite, breite) DO NOTHING`,
    [quelle, seite, breite, bild.sha256, bild.mimeTyp, bild.bildBreite, bild.bildHoehe, now],
  );
}

/**
 * Forgets what was derived from these source files (their text too: it is the content of what is
 * being deleted). Returns the blobs of the drawn pages, for the caller to release.
 */
export async function loescheSeitenVon(q: Queryable, quellen: string[]): Promise<string[]> {
  if (!quellen.length) return [];
  await q.query("DELETE FROM seitenquelle WHERE sha256 = ANY($1)", [quellen]);
  const { rows } = await q.query<{ sha256: string }>(
    "DELETE FROM seitenbild WHERE quelle_sha256 = ANY($1) RETURNING sha256",
    [quellen],
  );
  return [...new Set(rows.map((r) => r.sha256))];
}
