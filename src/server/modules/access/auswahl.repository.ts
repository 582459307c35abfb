import type { Queryable } from "../../platform/database/database.js";
import { beginntMitMuster, enthaeltMuster } from "../../platform/database/like.js";
import { oeKuerzelAus, oeWert } from "../../../shared/api/auswahl.schema.js";

/** One entry of a picker; `wert` is what forms send (Benutzername, or `OE:Kürzel`). */
export interface AuswahlEintrag {
  id: string;
  wert: string;
  text: string;
  zusatz: string;
}

/**
 * Active persons whose name or Benutzername contains the text, case-insensitive ("Wagner" finds
 * wagner); with the OEs they belong to, so two Wagners can be told apart. Names beginning with the
 * text come first.
 */
export async function personenZurAuswahl(
  q: Queryable,
  suchtext: string,
  optionen: { limit: number; oeId?: string; zuerst: string[] },
): Promise<AuswahlEintrag[]> {
  const text = suchtext.trim().toLowerCase();
  const { rows } = await q.query<{
    id: string;
    benutzername: string;
    name: string;
    oes: string | null;
  }>(
    `SELECT b.id, b.benutzername, trim(b.vorname || ' ' || b.nachname) AS name,
       (SELECT string_agg(DISTINCT o.kuerzel || ' ' || o.name, ', ' ORDER BY o.kuerzel || ' ' || o.name)
          FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id WHERE m.benutzer_id = b.id) AS oes
     FROM benutzer b
     WHERE b.aktiv
       AND ($1 = '' OR lower(b.benutzername) LIKE $2 OR lower(b.vorname || ' ' || b.nachname) LIKE $2
         OR lower(b.nachname || ', ' || b.vorname) LIKE $2)
       AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM mitgliedschaft m WHERE m.benutzer_id = b.id AND m.oe_id = $4))
     ORDER BY ($1 = '' AND b.benutzername = ANY($6)) DESC, CASE WHEN $1 = '' THEN array_position($6::text[], b.benutzername) END,
       (lower(b.nachname) LIKE $3 OR lower(b.vorname) LIKE $3 OR b.benutzername LIKE $3) DESC,
       lower(b.nachname), lower(b.vorname), b.benutzername
     LIMIT $5`,
    [
      text,
      enthaeltMuster(text),
      beginntMitMuster(text),
      optionen.oeId ?? null,
      optionen.limit,
      optionen.zuerst,
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    wert: r.benutzername,
    text: r.name,
    zusatz: [r.benutzername, r.oes].filter(Boolean).join(" · "),
  }));
}

/** Active OEs whose Kürzel or name contains the text; an exact Kürzel first. */
export async function oesZurAuswahl(
  q: Queryable,
  suchtext: string,
  optionen: { limit: number; zuerst: string[] },
): Promise<AuswahlEintrag[]> {
  const text = suchtext.trim().toLowerCase();
  const zuerst = optionen.zuerst.map((w) => (oeKuerzelAus(w) ?? w).toLowerCase());
  const { rows } = await q.query<{ id: string; kuerzel: string; name: string; art: string }>(
    `SELECT o.id, o.kuerzel, o.name, o.art FROM organisationseinheit o
     WHERE o.aktiv AND ($1 = '' OR lower(o.kuerzel) LIKE $2 OR lower(o.name) LIKE $2)
     ORDER BY ($1 = '' AND lower(o.kuerzel) = ANY($5)) DESC, CASE WHEN $1 = '' THEN array_position($5::text[], lower(o.kuerzel)) END,
       (lower(o.kuerzel) = $1) DESC, (lower(o.name) LIKE $3) DESC, o.kuerzel
     LIMIT $4`,
    [text, enthaeltMuster(text), beginntMitMuster(text), optionen.limit, zuerst],
  );
  return rows.map((r) => ({
    id: r.id,
    wert: oeWert(r.kuerzel),
    text: `${r.kuerzel} ${r.name}`,
    zusatz: r.art,
  }));
}
