import type { Queryable } from "../../platform/database/database.js";
import { alsTageswerte, type Tageswert } from "../../platform/kennzahlen.js";
import { aktiveAkteureSql, anmeldungenMitGeraetSql } from "../protokoll/index.js";

/**
 * The share of an OE's members (active accounts, by their current memberships) who did anything
 * recorded in the Protokoll on a working day (Monday to Friday) of [von, bis], and the share of
 * their sign-ins from phones and tablets. Stored per day, read only monthly for groups of at least
 * five (see the Steuerung's catalogue).
 */
export async function kennzahlenAccess(q: Queryable, von: string, bis: string): Promise<Tageswert[]> {
  const { rows } = await q.query(
    `WITH tage AS (SELECT d::date AS tag FROM generate_series($1::date, $2::date, interval '1 day') d
        WHERE extract(isodow FROM d) < 6),
      mitglieder AS (SELECT DISTINCT m.oe_id, m.benutzer_id FROM mitgliedschaft m
        JOIN benutzer b ON b.id = m.benutzer_id WHERE b.aktiv),
      aktiv AS ${aktiveAkteureSql()}
     SELECT to_char(t.tag, 'YYYY-MM-DD') AS tag, mg.oe_id, 'benutzer.aktiv' AS kennzahl,
       count(*) AS anzahl, count(a.akteur_id) AS summe
     FROM tage t CROSS JOIN mitglieder mg LEFT JOIN aktiv a ON a.tag = t.tag AND a.akteur_id = mg.benutzer_id
     GROUP BY 1, 2`,
    [von, bis],
  );
  // Each sign-in counts for every OE its person is a member of (current memberships, like the
  // active members above): sign-ins recorded with their device class, and of them those from a
  // phone or tablet.
  const mobil = await q.query(
    `WITH mitglieder AS (SELECT DISTINCT m.oe_id, m.benutzer_id FROM mitgliedschaft m
        JOIN benutzer b ON b.id = m.benutzer_id WHERE b.aktiv)
     SELECT to_char(an.tag, 'YYYY-MM-DD') AS tag, mg.oe_id, 'anmeldungen.mobil' AS kennzahl,
       count(*) AS anzahl, count(*) FILTER (WHERE an.geraet IN ('telefon', 'tablet')) AS summe
     FROM ${anmeldungenMitGeraetSql()} an JOIN mitglieder mg ON mg.benutzer_id = an.akteur_id
     GROUP BY 1, 2`,
    [von, bis],
  );
  return alsTageswerte([...rows, ...mobil.rows] as never);
}

/** The OE tree with each OE's members (active accounts, any role), for the Steuerung's groups. */
export async function oeBaumMitMitgliedern(
  q: Queryable,
): Promise<
  { id: string; parentId: string | null; kuerzel: string; name: string; art: string; mitglieder: string[] }[]
> {
  const { rows } = await q.query<{
    id: string;
    parent_id: string | null;
    kuerzel: string;
    name: string;
    art: string;
    mitglieder: string[];
  }>(
    `SELECT o.id, o.parent_id, o.kuerzel, o.name, o.art,
       COALESCE(array_agg(DISTINCT m.benutzer_id::text) FILTER (WHERE b.aktiv), '{}') AS mitglieder
     FROM organisationseinheit o LEFT JOIN mitgliedschaft m ON m.oe_id = o.id
     LEFT JOIN benutzer b ON b.id = m.benutzer_id
     GROUP BY o.id ORDER BY o.kuerzel`,
  );
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kuerzel: r.kuerzel,
    name: r.name,
    art: r.art,
    mitglieder: r.mitglieder,
  }));
}

/** Every active account holding `rolle` in any OE (e.g. the Personalrat, to be told). */
export async function benutzerMitRolle(q: Queryable, rolle: string): Promise<string[]> {
  const { rows } = await q.query<{ benutzer_id: string }>(
    `SELECT DISTINCT m.benutzer_id FROM mitgliedschaft m JOIN benutzer b ON b.id = m.benutzer_id
     WHERE m.rolle = $1 AND b.aktiv`,
    [rolle],
  );
  return rows.map((r) => r.benutzer_id);
}
