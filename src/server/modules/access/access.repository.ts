import { istUuid } from "../../platform/pruefungen.js";
import type { Queryable } from "../../platform/database/database.js";
import type { Benutzer, Mitgliedschaft, OeArt, Organisationseinheit, Rolle } from "./access.types.js";

interface OeRow {
  id: string;
  parent_id: string | null;
  name: string;
  kuerzel: string;
  art: OeArt;
  aktiv: boolean;
}

const toOe = (r: OeRow): Organisationseinheit => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  kuerzel: r.kuerzel,
  art: r.art,
  aktiv: r.aktiv,
});

interface BenutzerRow {
  id: string;
  benutzername: string;
  vorname: string;
  nachname: string;
  email: string | null;
  aktiv: boolean;
}

const toBenutzer = (r: BenutzerRow): Benutzer => ({
  id: r.id,
  benutzername: r.benutzername,
  vorname: r.vorname,
  nachname: r.nachname,
  anzeigename: [r.vorname, r.nachname].filter(Boolean).join(" "),
  email: r.email,
  aktiv: r.aktiv,
});

const BENUTZER_COLUMNS = "id, benutzername, vorname, nachname, email, aktiv";

/**
 * A user as the JSON other queries embed, `{ id, benutzername, anzeigename }`, from the `benutzer`
 * row joined as `alias`; null when the join found none.
 */
export const personJson = (alias: string): string =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'benutzername', ${alias}.benutzername,
   'anzeigename', trim(${alias}.vorname || ' ' || ${alias}.nachname)) END`;

/**
 * A user's name ("Vorname Nachname") for the user id the SQL expression `benutzerId` yields, as a
 * scalar subquery other modules may embed; null when there is no such user.
 */
export const personNameSql = (benutzerId: string): string =>
  `(SELECT trim(pn.vorname || ' ' || pn.nachname) FROM benutzer pn WHERE pn.id = ${benutzerId})`;

// --- Organisationseinheiten ---------------------------------------------------------------

export async function listOes(q: Queryable): Promise<Organisationseinheit[]> {
  const { rows } = await q.query<OeRow>(
    "SELECT id, parent_id, name, kuerzel, art, aktiv FROM organisationseinheit ORDER BY kuerzel",
  );
  return rows.map(toOe);
}

/** An OE by id or by Kürzel (case-insensitive). */
export async function findOe(q: Queryable, idOrKuerzel: string): Promise<Organisationseinheit | undefined> {
  const isUuid = istUuid(idOrKuerzel);
  const { rows } = await q.query<OeRow>(
    `SELECT id, parent_id, name, kuerzel, art, aktiv FROM organisationseinheit
     WHERE ${isUuid ? "id = $1::uuid" : "lower(kuerzel) = lower($1)"}`,
    [idOrKuerzel],
  );
  return rows[0] ? toOe(rows[0]) : undefined;
}

/**
 * The OE at the top of the administration: an active root, the Landrat first, else by Kürzel.
 * What arrives from outside without an OE of its own is filed there.
 */
export async function obersteOe(q: Queryable): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM organisationseinheit WHERE parent_id IS NULL AND aktiv ORDER BY (art = 'Landrat') DESC, kuerzel LIMIT 1",
  );
  return rows[0]?.id;
}

export async function insertOe(
  q: Queryable,
  oe: { parentId: string | null; name: string; kuerzel: string; art: OeArt },
  now: Date,
): Promise<Organisationseinheit> {
  const { rows } = await q.query<OeRow>(
    `INSERT INTO organisationseinheit (parent_id, name, kuerzel, art, erstellt_am) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, parent_id, name, kuerzel, art, aktiv`,
    [oe.parentId, oe.name, oe.kuerzel, oe.art, now],
  );
  return toOe(rows[0]!);
}

export async function updateOe(
  q: Queryable,
  id: string,
  patch: { parentId: string | null; name: string; kuerzel: string; art: OeArt; aktiv: boolean },
): Promise<Organisationseinheit> {
  const { rows } = await q.query<OeRow>(
    `UPDATE organisationseinheit SET parent_id = $2, name = $3, kuerzel = $4, art = $5, aktiv = $6 WHERE id = $1
     RETURNING id, parent_id, name, kuerzel, art, aktiv`,
    [id, patch.parentId, patch.name, patch.kuerzel, patch.art, patch.aktiv],
  );
  return toOe(rows[0]!);
}

/** Ids of the OE and all OEs below it. */
export async function subtreeIds(q: Queryable, rootIds: string[]): Promise<string[]> {
  if (rootIds.length === 0) return [];
  const { rows } = await q.query<{ id: string }>(
    `WITH RECURSIVE t AS (
       SELECT id FROM organisationseinheit WHERE id = ANY($1::uuid[])
       UNION SELECT o.id FROM organisationseinheit o JOIN t ON o.parent_id = t.id)
     SELECT id FROM t`,
    [rootIds],
  );
  return rows.map((r) => r.id);
}

// --- Benutzer ------------------------------------------------------------------------------

export async function findBenutzer(
  q: Queryable,
  by: { id: string } | { benutzername: string },
): Promise<(Benutzer & { passwortHash: string | null }) | undefined> {
  const [column, value] = "id" in by ? ["id", by.id] : ["benutzername", by.benutzername];
  const { rows } = await q.query<BenutzerRow & { passwort_hash: string | null }>(
    `SELECT ${BENUTZER_COLUMNS}, passwort_hash FROM benutzer WHERE ${column} = $1`,
    [value],
  );
  const row = rows[0];
  return row ? { ...toBenutzer(row), passwortHash: row.passwort_hash } : undefined;
}

/** Whether any Benutzer exists, active or not (a fresh installation has none). */
export async function gibtEsBenutzer(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ da: boolean }>("SELECT EXISTS (SELECT 1 FROM benutzer) AS da");
  return rows[0]?.da ?? false;
}

export async function listBenutzer(q: Queryable, filter: { oeId?: string } = {}): Promise<Benutzer[]> {
  const { rows } = filter.oeId
    ? await q.query<BenutzerRow>(
        `SELECT ${BENUTZER_COLUMNS} FROM benutzer b
         WHERE EXISTS (SELECT 1 FROM mitgliedschaft m WHERE m.benutzer_id = b.id AND m.oe_id = $1)
         ORDER BY nachname, vorname`,
        [filter.oeId],
      )
    : await q.query<BenutzerRow>(`SELECT ${BENUTZER_COLUMNS} FROM benutzer ORDER BY nachname, vorname`);
  return rows.map(toBenutzer);
}

export async function insertBenutzer(
  q: Queryable,
  b: {
    benutzername: string;
    vorname: string;
    nachname: string;
    email: string | null;
    passwortHash: string | null;
  },
  now: Date,
): Promise<Benutzer> {
  const { rows } = await q.query<BenutzerRow>(
    `INSERT INTO benutzer (benutzername, vorname, nachname, email, passwort_hash, erstellt_am, geaendert_am)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${BENUTZER_COLUMNS}`,
    [b.benutzername, b.vorname, b.nachname, b.email, b.passwortHash, now],
  );
  return toBenutzer(rows[0]!);
}

export async function updateBenutzer(
  q: Queryable,
  id: string,
  patch: { vorname: string; nachname: string; email: string | null; aktiv: boolean },
  now: Date,
): Promise<Benutzer> {
  const { rows } = await q.query<BenutzerRow>(
    `UPDATE benutzer SET vorname = $2, nachname = $3, email = $4, aktiv = $5, geaendert_am = $6 WHERE id = $1
     RETURNING ${BENUTZER_COLUMNS}`,
    [id, patch.vorname, patch.nachname, patch.email, patch.aktiv, now],
  );
  return toBenutzer(rows[0]!);
}

/** Marks a user inactive; false when there is no such active user. */
export async function setzeInaktiv(q: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    "UPDATE benutzer SET aktiv = false, geaendert_am = $2 WHERE id = $1 AND aktiv",
    [id, now],
  );
  return rowCount === 1;
}

export async function setPasswortHash(q: Queryable, id: string, hash: string, now: Date): Promise<void> {
  await q.query("UPDATE benutzer SET passwort_hash = $2, geaendert_am = $3 WHERE id = $1", [id, hash, now]);
}

/** Orders or cancels the daily e-mail report; the value before, or undefined for an unknown id. */
export async function setTagesbericht(q: Queryable, id: string, wert: boolean): Promise<boolean | undefined> {
  const { rows } = await q.query<{ vorher: boolean }>(
    `UPDATE benutzer n SET tagesbericht = $2 FROM benutzer v
     WHERE n.id = $1 AND v.id = n.id RETURNING v.tagesbericht AS vorher`,
    [id, wert],
  );
  return rows[0]?.vorher;
}

// --- Mitgliedschaften ----------------------------------------------------------------------

export async function mitgliedschaftenVon(q: Queryable, benutzerId: string): Promise<Mitgliedschaft[]> {
  const { rows } = await q.query<{ oe_id: string; kuerzel: string; name: string; rolle: Rolle }>(
    `SELECT m.oe_id, o.kuerzel, o.name, m.rolle FROM mitgliedschaft m
     JOIN organisationseinheit o ON o.id = m.oe_id
     WHERE m.benutzer_id = $1 ORDER BY o.kuerzel, m.rolle`,
    [benutzerId],
  );
  return rows.map((r) => ({ oeId: r.oe_id, oeKuerzel: r.kuerzel, oeName: r.name, rolle: r.rolle }));
}

/**
 * An active-or-not user with their memberships (ordered as `mitgliedschaftenVon` orders them), in
 * one query: what the sign-in hook loads for every request.
 */
export async function benutzerMitMitgliedschaften(
  q: Queryable,
  benutzerId: string,
): Promise<{ benutzer: Benutzer; mitgliedschaften: Mitgliedschaft[] } | undefined> {
  const { rows } = await q.query<BenutzerRow & { mitgliedschaften: Mitgliedschaft[] }>(
    `SELECT b.id, b.benutzername, b.vorname, b.nachname, b.email, b.aktiv,
       COALESCE((SELECT json_agg(json_build_object('oeId', m.oe_id, 'oeKuerzel', o.kuerzel, 'oeName', o.name, 'rolle', m.rolle)
                   ORDER BY o.kuerzel, m.rolle)
                 FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id WHERE m.benutzer_id = b.id), '[]') AS mitgliedschaften
     FROM benutzer b WHERE b.id = $1`,
    [benutzerId],
  );
  const row = rows[0];
  return row ? { benutzer: toBenutzer(row), mitgliedschaften: row.mitgliedschaften } : undefined;
}

export async function insertMitgliedschaft(
  q: Queryable,
  benutzerId: string,
  oeId: string,
  rolle: Rolle,
): Promise<boolean> {
  const { rowCount } = await q.query(
    // Granting by hand what the directory granted makes it manual: it then survives the next sync.
    `INSERT INTO mitgliedschaft (benutzer_id, oe_id, rolle, herkunft) VALUES ($1, $2, $3, 'manuell')
     ON CONFLICT (benutzer_id, oe_id, rolle) DO UPDATE SET herkunft = 'manuell' WHERE mitgliedschaft.herkunft <> 'manuell'`,
    [benutzerId, oeId, rolle],
  );
  return rowCount === 1;
}

export async function deleteMitgliedschaft(
  q: Queryable,
  benutzerId: string,
  oeId: string,
  rolle: Rolle,
): Promise<boolean> {
  const { rowCount } = await q.query(
    "DELETE FROM mitgliedschaft WHERE benutzer_id = $1 AND oe_id = $2 AND rolle = $3",
    [benutzerId, oeId, rolle],
  );
  return rowCount === 1;
}

/** Users who hold `rolle` anywhere; for the "who may" explanations and the last-admin guard. */
export async function countMitglieder(q: Queryable, rolle: Rolle): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(DISTINCT m.benutzer_id)::int AS n FROM mitgliedschaft m
     JOIN benutzer b ON b.id = m.benutzer_id WHERE m.rolle = $1 AND b.aktiv`,
    [rolle],
  );
  return rows[0]?.n ?? 0;
}

/**
 * The OEs as a table other modules may join, with the columns `id`, `kuerzel` and `name`:
 * `JOIN ${oeKurzSql()} o ON o.id = x.oe_id`. The planner flattens it into a plain join.
 */
export function oeKurzSql(): string {
  return "(SELECT id, kuerzel, name FROM organisationseinheit)";
}
