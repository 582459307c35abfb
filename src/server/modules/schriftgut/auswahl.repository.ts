import type { Queryable } from "../../platform/database/database.js";
import type { Zugriffsprofil } from "./akten.policy.js";
import { beginntMitMuster, enthaeltMuster } from "../../platform/database/like.js";
import { sichtbarSql } from "./akten.repository.js";

/** One entry of a picker: what it is, how it reads, and a second line that tells similar ones apart. */
export interface AuswahlEintrag {
  id: string;
  /** What forms send: here the id. */
  wert: string;
  text: string;
  zusatz: string;
}

/**
 * Vorgänge the reader may see whose Zeichen, Betreff, Akte or metadata (e.g. Bauherr) contain the
 * text, case-insensitive: exact Zeichen first, then Zeichen that begin with it, then the most
 * recently changed. Without text: the reader's recent ones (`zuerst`, ids the client remembers), then
 * the most recently changed. The visibility rule is `lesbareVorgaengeSql`'s, for the recent ones too.
 */
export async function vorgaengeZurAuswahl(
  q: Queryable,
  profil: Zugriffsprofil,
  suchtext: string,
  optionen: { limit: number; nurOffene: boolean; zuerst: string[] },
): Promise<AuswahlEintrag[]> {
  const text = suchtext.trim().toLowerCase();
  const values: unknown[] = [text, enthaeltMuster(text), beginntMitMuster(text)];
  // A restricted Akte's Vorgänge are its content: the Registratur's metadata view does not reach them.
  const sichtbar = sichtbarSql(profil, values, "a", { inhalt: true });
  values.push(optionen.zuerst, optionen.nurOffene, optionen.limit);
  const [zuerst, nurOffene, limit] = [2, 1, 0].map((d) => `$${values.length - d}`);
  const { rows } = await q.query<{
    id: string;
    zeichen: string;
    betreff: string;
    akte_betreff: string;
    status: string;
    treffer_meta: string | null;
  }>(
    `SELECT v.id, a.aktenzeichen || '-' || v.nr AS zeichen, v.betreff, a.betreff AS akte_betreff, v.status,
       (SELECT m.value FROM jsonb_each_text(v.metadaten) m WHERE $1 <> '' AND lower(m.value) LIKE $2 LIMIT 1) AS treffer_meta
     FROM vorgang v JOIN akte a ON a.id = v.akte_id
     WHERE a.geloescht_am IS NULL AND ${sichtbar}
       AND (NOT ${nurOffene}::boolean OR v.status = 'in_bearbeitung')
       AND ($1 = '' OR lower(a.aktenzeichen || '-' || v.nr) LIKE $2 OR lower(v.betreff) LIKE $2
         OR lower(a.betreff) LIKE $2
         OR EXISTS (SELECT 1 FROM jsonb_each_text(v.metadaten) m WHERE lower(m.value) LIKE $2))
     ORDER BY ($1 = '' AND v.id = ANY(${zuerst}::uuid[])) DESC,
       CASE WHEN $1 = '' THEN array_position(${zuerst}::uuid[], v.id) END, (lower(a.aktenzeichen || '-' || v.nr) = $1) DESC, (lower(a.aktenzeichen || '-' || v.nr) LIKE $3) DESC,
       v.geaendert_am DESC, v.id
     LIMIT ${limit}`,
    values,
  );
  return rows.map((r) => ({
    id: r.id,
    wert: r.id,
    text: `${r.zeichen} ${r.betreff}`,
    zusatz: [
      `Akte: ${r.akte_betreff}`,
      r.treffer_meta ? `Angabe: ${r.treffer_meta}` : "",
      r.status === "zda" ? "zdA" : "",
    ]
      .filter(Boolean)
      .join(" · "),
  }));
}

/** Akten the reader may see whose Aktenzeichen or Betreff contain the text; same order as above. */
export async function aktenZurAuswahl(
  q: Queryable,
  profil: Zugriffsprofil,
  suchtext: string,
  optionen: { limit: number; nurOffene: boolean; zuerst: string[] },
): Promise<AuswahlEintrag[]> {
  const text = suchtext.trim().toLowerCase();
  const values: unknown[] = [text, enthaeltMuster(text), beginntMitMuster(text)];
  const sichtbar = sichtbarSql(profil, values, "a");
  values.push(optionen.zuerst, optionen.nurOffene, optionen.limit);
  const [zuerst, nurOffene, limit] = [2, 1, 0].map((d) => `$${values.length - d}`);
  const { rows } = await q.query<{ id: string; aktenzeichen: string; betreff: string; status: string }>(
    `SELECT a.id, a.aktenzeichen, a.betreff, a.status FROM akte a
     WHERE a.geloescht_am IS NULL AND ${sichtbar}
       AND (NOT ${nurOffene}::boolean OR a.status = 'offen')
       AND ($1 = '' OR lower(a.aktenzeichen) LIKE $2 OR lower(a.betreff) LIKE $2)
     ORDER BY ($1 = '' AND a.id = ANY(${zuerst}::uuid[])) DESC, CASE WHEN $1 = '' THEN array_position(${zuerst}::uuid[], a.id) END,
       (lower(a.aktenzeichen) = $1) DESC, (lower(a.aktenzeichen) LIKE $3) DESC, a.geaendert_am DESC, a.id
     LIMIT ${limit}`,
    values,
  );
  return rows.map((r) => ({
    id: r.id,
    wert: r.id,
    text: `${r.aktenzeichen} ${r.betreff}`,
    zusatz: r.status === "offen" ? "" : r.status === "geschlossen" ? "geschlossen" : "ausgesondert",
  }));
}
