import type { Rolle } from "./access.types.js";
import type { Queryable } from "../../platform/database/database.js";

/** The id of the OE with this Kürzel (case-insensitive; never by id), or undefined. */
export async function oeIdZumKuerzel(q: Queryable, kuerzel: string): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM organisationseinheit WHERE lower(kuerzel) = lower($1)",
    [kuerzel],
  );
  return rows[0]?.id;
}

/**
 * What access offers other modules to read its tables inside their own queries. Each fragment
 * names access's tables here, so no other module's SQL does; the columns listed are the contract.
 */

/** Joins an Organisationseinheit as `alias` (columns id, parent_id, kuerzel, name, art, aktiv). */
export const oeJoin = (alias: string, spalte: string, art: "JOIN" | "LEFT JOIN" = "JOIN"): string =>
  `${art} organisationseinheit ${alias} ON ${alias}.id = ${spalte}`;

/** Joins a Benutzer as `alias` (columns id, benutzername, vorname, nachname, email, aktiv). */
export const benutzerJoin = (
  alias: string,
  spalte: string,
  art: "JOIN" | "LEFT JOIN" = "LEFT JOIN",
): string => `${art} benutzer ${alias} ON ${alias}.id = ${spalte}`;

/** A predicate: the Benutzer in `benutzerSpalte` holds some role in the OE in `oeSpalte`. */
export const istMitgliedSql = (benutzerSpalte: string, oeSpalte: string): string =>
  `EXISTS (SELECT 1 FROM mitgliedschaft m WHERE m.benutzer_id = ${benutzerSpalte} AND m.oe_id = ${oeSpalte})`;

/** "Vorname Nachname" of a joined Benutzer (empty when the join found none). */
export const anzeigenameSql = (alias: string): string =>
  `concat_ws(' ', ${alias}.vorname, ${alias}.nachname)`;

/** The id of a Benutzer named by id or (case-insensitive) Benutzername; undefined when none. */
export async function benutzerIdVon(
  q: Queryable,
  idOderName: string,
  istUuid: boolean,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM benutzer WHERE ${istUuid ? "id = $1::uuid" : "benutzername = lower($1)"}`,
    [idOderName],
  );
  return rows[0]?.id;
}

/** The OEs in which a user holds one of `rollen`, the first role of the list first, then by id. */
export async function oesMitRolle(
  q: Queryable,
  benutzerId: string,
  rollen: readonly Rolle[],
): Promise<string[]> {
  const { rows } = await q.query<{ oe_id: string }>(
    `SELECT oe_id FROM mitgliedschaft WHERE benutzer_id = $1 AND rolle = ANY($2::text[])
     ORDER BY rolle = $3 DESC, oe_id`,
    [benutzerId, rollen, rollen[0]],
  );
  return rows.map((r) => r.oe_id);
}

/** Every active user with each of their memberships (one row per membership, or one without). */
export async function aktiveBenutzerMitMitgliedschaften(q: Queryable): Promise<
  {
    id: string;
    benutzername: string;
    vorname: string;
    nachname: string;
    oe_id: string | null;
    rolle: Rolle | null;
  }[]
> {
  const { rows } = await q.query<{
    id: string;
    benutzername: string;
    vorname: string;
    nachname: string;
    oe_id: string | null;
    rolle: Rolle | null;
  }>(
    `SELECT b.id, b.benutzername, b.vorname, b.nachname, m.oe_id, m.rolle
     FROM benutzer b LEFT JOIN mitgliedschaft m ON m.benutzer_id = b.id WHERE b.aktiv ORDER BY b.nachname, b.vorname`,
  );
  return rows;
}

/** The id of an active Benutzer named by Benutzername or id; undefined when none. */
export async function aktiverBenutzerId(q: Queryable, ref: string): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM benutzer WHERE (benutzername = $1 OR id::text = $1) AND aktiv",
    [ref],
  );
  return rows[0]?.id;
}

/** The id of an active OE named by Kürzel (case-insensitive) or id; undefined when none. */
export async function aktiveOeId(q: Queryable, ref: string): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM organisationseinheit WHERE (lower(kuerzel) = lower($1) OR id::text = $1) AND aktiv",
    [ref],
  );
  return rows[0]?.id;
}

/** The OE and all OEs above it, up to the top. */
export async function oeUndDarueber(q: Queryable, oeId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `WITH RECURSIVE oben (id, parent_id) AS (
       SELECT id, parent_id FROM organisationseinheit WHERE id = $1
       UNION SELECT o.id, o.parent_id FROM organisationseinheit o JOIN oben ON o.id = oben.parent_id)
     SELECT id FROM oben`,
    [oeId],
  );
  return rows.map((r) => r.id);
}

/** The users who hold `rolle` in one of the OEs; with `nurAktive` only active users. */
export async function mitgliederMitRolle(
  q: Queryable,
  oeIds: string[],
  rolle: Rolle,
  nurAktive: boolean,
): Promise<string[]> {
  const { rows } = await q.query<{ benutzer_id: string }>(
    `SELECT DISTINCT m.benutzer_id FROM mitgliedschaft m JOIN benutzer b ON b.id = m.benutzer_id
     WHERE m.oe_id = ANY($1) AND m.rolle = $2 AND (b.aktiv OR NOT $3::boolean)`,
    [oeIds, rolle, nurAktive],
  );
  return rows.map((r) => r.benutzer_id);
}

/** Whether a user ordered the daily e-mail report (false for an unknown id). */
export async function tagesberichtVon(q: Queryable, benutzerId: string): Promise<boolean> {
  const { rows } = await q.query<{ tagesbericht: boolean }>(
    "SELECT tagesbericht FROM benutzer WHERE id = $1",
    [benutzerId],
  );
  return rows[0]?.tagesbericht ?? false;
}

/** The active users with an e-mail address who ordered the daily report. */
export async function tagesberichtEmpfaenger(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM benutzer WHERE tagesbericht AND aktiv AND email IS NOT NULL",
  );
  return rows.map((r) => r.id);
}
