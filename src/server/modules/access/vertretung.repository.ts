import type { Queryable } from "../../platform/database/database.js";
import { personJson } from "./access.repository.js";
import type { Abwesenheit, Person } from "./access.types.js";

// The SQL of absences and deputies (tables `abwesenheit` and the standard deputy of an OE).

/**
 * The deputy who stands in for an absentee on a day: the one named in the absence, else the
 * standard deputy of an OE the absentee belongs to. Null when the user is present (or nobody is
 * set). Deputies are never chained: the deputy of a deputy does not inherit the Postkorb.
 */
export async function vertreterAm(q: Queryable, benutzerId: string, datum: string): Promise<string | null> {
  const { rows } = await q.query<{ vertreter: string | null }>(
    `SELECT COALESCE(a.vertreter_id, (
       SELECT o.standardvertretung_id FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id
       WHERE m.benutzer_id = a.benutzer_id AND o.standardvertretung_id IS NOT NULL
         AND o.standardvertretung_id <> a.benutzer_id
       ORDER BY o.kuerzel LIMIT 1)) AS vertreter
     FROM abwesenheit a WHERE a.benutzer_id = $1 AND $2::date BETWEEN a.von AND a.bis
     ORDER BY a.erstellt_am DESC LIMIT 1`,
    [benutzerId, datum],
  );
  return rows[0]?.vertreter ?? null;
}

/** Whom the user stands in for on a day (their Postkorb is part of the user's). */
export async function vertreteneAm(q: Queryable, vertreterId: string, datum: string): Promise<Person[]> {
  const { rows } = await q.query<{ person: Person }>(
    `SELECT DISTINCT ON (b.id) ${personJson("b")} AS person
     FROM abwesenheit a JOIN benutzer b ON b.id = a.benutzer_id
     WHERE $2::date BETWEEN a.von AND a.bis AND (a.vertreter_id = $1 OR (a.vertreter_id IS NULL AND EXISTS (
       SELECT 1 FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id
       WHERE m.benutzer_id = a.benutzer_id AND o.standardvertretung_id = $1)))
       AND a.benutzer_id <> $1`,
    [vertreterId, datum],
  );
  return rows.map((r) => r.person);
}

const ABWESENHEIT_SELECT = `SELECT a.id, a.von::text, a.bis::text, ${personJson("b")} AS benutzer,
  CASE WHEN v.id IS NULL THEN NULL ELSE ${personJson("v")} END AS vertreter
  FROM abwesenheit a JOIN benutzer b ON b.id = a.benutzer_id LEFT JOIN benutzer v ON v.id = a.vertreter_id`;

/**
 * Absences ending on or after `ab`: those of `benutzerId` or with them as named deputy, or all of
 * them when `alle`; at most 500, earliest first.
 */
export async function listAbwesenheiten(
  q: Queryable,
  filter: { benutzerId: string; ab: string; alle: boolean },
): Promise<Abwesenheit[]> {
  const { rows } = await q.query<Abwesenheit>(
    `${ABWESENHEIT_SELECT} WHERE a.bis >= $2::date AND ($3::boolean OR a.benutzer_id = $1 OR a.vertreter_id = $1)
     ORDER BY a.von, b.nachname LIMIT 500`,
    [filter.benutzerId, filter.ab, filter.alle],
  );
  return rows;
}

export async function findAbwesenheit(q: Queryable, id: string): Promise<Abwesenheit | undefined> {
  const { rows } = await q.query<Abwesenheit>(`${ABWESENHEIT_SELECT} WHERE a.id = $1`, [id]);
  return rows[0];
}

/**
 * Whether `vertreterId`, absent between `von` and `bis`, is deputised (through a chain of named
 * deputies) by `benutzerId`: then the name of `benutzerId`, else undefined.
 */
export async function vertretungskreis(
  q: Queryable,
  vertreterId: string,
  benutzerId: string,
  von: string,
  bis: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ name: string }>(
    `WITH RECURSIVE kette (benutzer_id, tiefe) AS (
       SELECT $1::uuid, 0
       UNION
       SELECT a.vertreter_id, k.tiefe + 1 FROM kette k
       JOIN abwesenheit a ON a.benutzer_id = k.benutzer_id AND a.von <= $4::date AND a.bis >= $3::date
       WHERE a.vertreter_id IS NOT NULL AND k.tiefe < 20)
     SELECT trim(b.vorname || ' ' || b.nachname) AS name FROM kette k JOIN benutzer b ON b.id = $2
     WHERE k.benutzer_id = $2 LIMIT 1`,
    [vertreterId, benutzerId, von, bis],
  );
  return rows[0]?.name;
}

export async function insertAbwesenheit(
  q: Queryable,
  a: { benutzerId: string; von: string; bis: string; vertreterId: string | null; erstelltVon: string },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO abwesenheit (benutzer_id, von, bis, vertreter_id, erstellt_am, erstellt_von)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [a.benutzerId, a.von, a.bis, a.vertreterId, now, a.erstelltVon],
  );
  return rows[0]!.id;
}

/** Locks an absence and returns whose it is, or undefined when there is none. */
export async function sperreAbwesenheit(q: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await q.query<{ benutzer_id: string }>(
    "SELECT benutzer_id FROM abwesenheit WHERE id = $1 FOR UPDATE",
    [id],
  );
  return rows[0]?.benutzer_id;
}

export async function deleteAbwesenheit(q: Queryable, id: string): Promise<void> {
  await q.query("DELETE FROM abwesenheit WHERE id = $1", [id]);
}

export async function setStandardvertretung(
  q: Queryable,
  oeId: string,
  vertreterId: string | null,
): Promise<void> {
  await q.query("UPDATE organisationseinheit SET standardvertretung_id = $2 WHERE id = $1", [
    oeId,
    vertreterId,
  ]);
}
