import type { Queryable } from "../../platform/database/database.js";
import { benutzerJoin, oeJoin, personJson } from "../access/index.js";
import { neuerPosteingangFrom } from "../posteingang/index.js";
import { akteJoin, sichtbarSql, vorgangFrom, vorgangJoin, type Zugriffsprofil } from "../schriftgut/index.js";
import type { Person, PostkorbKategorie } from "./workflow.types.js";

/** Whose Postkorb: a person's (with whom they stand in for) or an OE's. */
export interface PostkorbAbfrage {
  benutzerId: string;
  /** The person and whom they stand in for; empty for an OE's Postkorb. */
  benutzerIds: string[];
  /** The OEs whose steps and overdue Vorgänge count. */
  oes: string[];
  /** The OEs whose new Posteingang counts; null: all. */
  posteingangOes: string[] | null;
  tag: string;
  /** An OE's Postkorb: every open step of the OE, taken or not. */
  oeModus: boolean;
  /** Whose access decides what of a Vorgang the entries show. */
  profil: Zugriffsprofil;
  /** Shown instead of Betreff and Zeichen of a Vorgang the reader may not read. */
  verdeckt: string;
}

export interface PostkorbFilterWerte {
  kategorie?: PostkorbKategorie;
  quelle?: "eigen" | "oe" | "vertretung";
  q?: string;
  limit: number;
}

export interface PostkorbZeile {
  typ: "schritt" | "wiedervorlage" | "posteingang" | "vorgang";
  id: string;
  kategorie: PostkorbKategorie;
  art: string;
  titel: string;
  vorgang_id: string | null;
  zeichen: string | null;
  betreff: string | null;
  frist: string | null;
  ueberfaellig: boolean;
  seit: Date;
  quelle: "eigen" | "oe" | "vertretung";
  fuer: Person | null;
  oe_kuerzel: string | null;
  oe_name: string | null;
  notiz: string | null;
}

/**
 * Everything in a Postkorb as one query: open steps (own, of the OEs until someone takes them, of
 * whom one stands in for), due Wiedervorlagen, new Posteingang, overdue Vorgänge; a step on a
 * Vorgang whose content the reader may not read keeps its place without Betreff or Zeichen.
 * Returns the counts per category and one page of entries sorted by urgency (overdue first, then
 * by Frist, then by age). Runs over partial indexes, so thousands of items stay fast.
 */
export async function postkorb(
  q: Queryable,
  a: PostkorbAbfrage,
  filter: PostkorbFilterWerte,
): Promise<{ zahlen: { kategorie: PostkorbKategorie; n: number }[]; liste: PostkorbZeile[] }> {
  const values: unknown[] = [a.benutzerId, a.benutzerIds, a.oes, a.tag, a.oeModus];
  const posteingang = neuerPosteingangFrom("p", a.profil, values, a.posteingangOes);
  const inhaltSichtbar = sichtbarSql(a.profil, values, "a", { inhalt: true });
  values.push(a.verdeckt);
  const verdeckt = `$${values.length}::text`;
  const alle = `WITH schritte AS (
      SELECT s.id, s.art, s.frist, s.offen_seit, s.verfuegungstext, s.adressat_benutzer_id, s.bearbeiter_id, s.adressat_oe_id,
        v.id AS vorgang_id, CASE WHEN ${inhaltSichtbar} THEN a.aktenzeichen || '-' || v.nr ELSE '–' END AS zeichen,
        CASE WHEN ${inhaltSichtbar} THEN v.betreff ELSE ${verdeckt} END AS betreff, ${inhaltSichtbar} AS lesbar
      FROM schritt s ${vorgangJoin("v", "s.vorgang_id")} ${akteJoin("a", "v.akte_id")}
      WHERE s.status = 'offen' AND (s.adressat_benutzer_id = ANY($2::uuid[]) OR s.bearbeiter_id = ANY($2::uuid[])
        OR (s.adressat_oe_id = ANY($3::uuid[]) AND (s.bearbeiter_id IS NULL OR $5::boolean)))),
    alle AS (
      SELECT 'schritt' AS typ, s.id,
        CASE s.art WHEN 'Mitzeichnung' THEN 'mitzeichnung' WHEN 'Zeichnung' THEN 'zeichnung'
          WHEN 'Kenntnisnahme' THEN 'kenntnis' ELSE 'bearbeiten' END AS kategorie,
        s.art, s.betreff AS titel, s.vorgang_id, s.zeichen, s.betreff, s.frist, COALESCE(s.frist < $4::date, false) AS ueberfaellig,
        s.offen_seit AS seit,
        CASE WHEN $5::boolean THEN 'oe' WHEN s.adressat_benutzer_id = $1 OR s.bearbeiter_id = $1 THEN 'eigen'
          WHEN s.adressat_benutzer_id = ANY($2::uuid[]) OR s.bearbeiter_id = ANY($2::uuid[]) THEN 'vertretung' ELSE 'oe' END AS quelle,
        CASE WHEN NOT $5::boolean AND s.adressat_benutzer_id <> $1 AND s.adressat_benutzer_id = ANY($2::uuid[]) THEN s.adressat_benutzer_id
          WHEN NOT $5::boolean AND s.bearbeiter_id <> $1 AND s.bearbeiter_id = ANY($2::uuid[]) THEN s.bearbeiter_id END AS fuer_id,
        s.adressat_oe_id AS oe_id, CASE WHEN s.lesbar THEN NULLIF(s.verfuegungstext, '') END AS notiz
      FROM schritte s
      UNION ALL
      SELECT 'schritt', s.id, 'frist', s.art, s.betreff, s.vorgang_id, s.zeichen, s.betreff, s.frist, true, s.offen_seit,
        'eigen', NULL, s.adressat_oe_id, NULL
      FROM schritte s WHERE s.frist < $4::date
      UNION ALL
      SELECT 'wiedervorlage', w.id, 'wiedervorlage', 'Wiedervorlage',
        CASE WHEN ${inhaltSichtbar} THEN v.betreff ELSE ${verdeckt} END, v.id,
        CASE WHEN ${inhaltSichtbar} THEN a.aktenzeichen || '-' || v.nr ELSE '–' END,
        CASE WHEN ${inhaltSichtbar} THEN v.betreff ELSE ${verdeckt} END,
        NULL, false, w.datum::timestamptz,
        CASE WHEN w.empfaenger_id = $1 THEN 'eigen' ELSE 'vertretung' END,
        CASE WHEN w.empfaenger_id <> $1 THEN w.empfaenger_id END, NULL,
        CASE WHEN ${inhaltSichtbar} THEN NULLIF(w.notiz, '') END
      FROM wiedervorlage w ${vorgangJoin("v", "w.vorgang_id")} ${akteJoin("a", "v.akte_id")}
      WHERE w.erledigt_am IS NULL AND w.empfaenger_id = ANY($2::uuid[]) AND w.datum <= $4::date
      UNION ALL
      SELECT 'posteingang', p.id, 'posteingang', p.kanal, p.dateiname, NULL, NULL, NULL, NULL, false, p.erstellt_am, 'oe', NULL,
        p.oe_id, p.vorschlag_grund
      FROM ${posteingang}
      UNION ALL
      SELECT 'vorgang', v.id, 'frist', 'Frist', v.betreff, v.id, a.aktenzeichen || '-' || v.nr, v.betreff, v.frist, true,
        v.frist::timestamptz, 'oe', NULL, a.federfuehrende_oe_id, NULL
      FROM ${vorgangFrom("v")} ${akteJoin("a", "v.akte_id")}
      WHERE v.status = 'in_bearbeitung' AND v.frist < $4::date AND a.federfuehrende_oe_id = ANY($3::uuid[])
        AND a.geloescht_am IS NULL AND ${inhaltSichtbar})`;
  const listeWerte = [...values];
  const bedingungen: string[] = [];
  if (filter.kategorie) {
    listeWerte.push(filter.kategorie);
    bedingungen.push(`x.kategorie = $${listeWerte.length}`);
  } else bedingungen.push("NOT (x.typ = 'schritt' AND x.kategorie = 'frist')");
  if (filter.quelle) {
    listeWerte.push(filter.quelle);
    bedingungen.push(`x.quelle = $${listeWerte.length}`);
  }
  if (filter.q?.trim()) {
    listeWerte.push(`%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    bedingungen.push(`(x.titel ILIKE $${listeWerte.length} OR x.zeichen ILIKE $${listeWerte.length})`);
  }
  listeWerte.push(filter.limit);
  const [zahlen, liste] = await Promise.all([
    q.query<{ kategorie: PostkorbKategorie; n: number }>(
      `${alle} SELECT kategorie, count(*)::int AS n FROM alle GROUP BY kategorie`,
      values,
    ),
    q.query<PostkorbZeile>(
      // The page is chosen first; names of people and OEs are looked up for its rows only.
      `${alle}, seite AS (
         SELECT * FROM alle x WHERE ${bedingungen.join(" AND ")}
         ORDER BY x.ueberfaellig DESC, x.frist NULLS LAST, x.seit, x.id LIMIT $${listeWerte.length})
       SELECT x.typ, x.id, x.kategorie, x.art, x.titel, x.vorgang_id, x.zeichen, x.betreff, x.frist::text, x.ueberfaellig, x.seit,
         x.quelle, ${personJson("f")} AS fuer, o.kuerzel AS oe_kuerzel, o.name AS oe_name, x.notiz
       FROM seite x ${benutzerJoin("f", "x.fuer_id")} ${oeJoin("o", "x.oe_id", "LEFT JOIN")}
       ORDER BY x.ueberfaellig DESC, x.frist NULLS LAST, x.seit, x.id`,
      listeWerte,
    ),
  ]);
  return { zahlen: zahlen.rows, liste: liste.rows };
}
