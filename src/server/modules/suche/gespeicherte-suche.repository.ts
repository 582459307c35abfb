import type { Queryable } from "../../platform/database/database.js";
import { anzeigenameSql, benutzerJoin, istMitgliedSql, oeJoin } from "../access/index.js";

/** A saved search as it is listed. */
export interface GespeicherteSucheZeile {
  id: string;
  name: string;
  abfrage: Record<string, string>;
  benutzer_id: string;
  von: string;
  oe_kuerzel: string | null;
  oe_name: string | null;
  erstellt_am: Date;
}

/**
 * The user's own saved searches and those shared with one of `oeIds`, by name; a shared one only
 * while its owner is active and still belongs to that OE.
 */
export async function gespeicherteSuchen(
  q: Queryable,
  benutzerId: string,
  oeIds: string[],
): Promise<GespeicherteSucheZeile[]> {
  const { rows } = await q.query<GespeicherteSucheZeile>(
    `SELECT g.id, g.name, g.abfrage, g.benutzer_id, ${anzeigenameSql("b")} AS von,
            o.kuerzel AS oe_kuerzel, o.name AS oe_name, g.erstellt_am
     FROM gespeicherte_suche g ${benutzerJoin("b", "g.benutzer_id")} ${oeJoin("o", "g.geteilt_mit_oe_id", "LEFT JOIN")}
     WHERE g.benutzer_id = $1
        OR (g.geteilt_mit_oe_id = ANY($2::uuid[]) AND b.aktiv AND ${istMitgliedSql("g.benutzer_id", "g.geteilt_mit_oe_id")})
     ORDER BY (g.benutzer_id = $1) DESC, lower(g.name), g.erstellt_am`,
    [benutzerId, oeIds],
  );
  return rows;
}

export async function legeGespeicherteSucheAn(
  q: Queryable,
  s: { benutzerId: string; name: string; abfrage: Record<string, string>; oeId: string | null },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO gespeicherte_suche (benutzer_id, name, abfrage, geteilt_mit_oe_id, erstellt_am)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [s.benutzerId, s.name, s.abfrage, s.oeId, now],
  );
  return rows[0]!.id;
}

/** Deletes one of the user's own saved searches; false when there is none with this id. */
export async function loescheGespeicherteSuche(
  q: Queryable,
  id: string,
  benutzerId: string,
): Promise<boolean> {
  const { rowCount } = await q.query("DELETE FROM gespeicherte_suche WHERE id = $1 AND benutzer_id = $2", [
    id,
    benutzerId,
  ]);
  return (rowCount ?? 0) > 0;
}

export async function anzahlEigene(q: Queryable, benutzerId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM gespeicherte_suche WHERE benutzer_id = $1",
    [benutzerId],
  );
  return rows[0]!.n;
}
