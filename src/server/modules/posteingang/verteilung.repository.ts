import type { Queryable } from "../../platform/database/database.js";
import { oeJoin } from "../access/index.js";

/** Moves an item to another OE's Posteingang and records the way it took. */
export async function leiteWeiter(
  q: Queryable,
  w: { eintragId: string; vonOeId: string; anOeId: string; von: string; notiz: string | null },
  now: Date,
): Promise<void> {
  await q.query("UPDATE posteingang_eintrag SET oe_id = $2 WHERE id = $1", [w.eintragId, w.anOeId]);
  await q.query(
    `INSERT INTO posteingang_weiterleitung (eintrag_id, von_oe_id, an_oe_id, von_benutzer_id, notiz, am)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [w.eintragId, w.vonOeId, w.anOeId, w.von, w.notiz, now],
  );
}

export interface VerteiltZeile {
  id: string;
  dateiname: string;
  status: string;
  /** Where the item is now, to decide whether its status may still be shown. */
  jetzt_oe_id: string;
  wie: "aufgenommen" | "weitergeleitet";
  am: Date;
  oe_kuerzel: string;
  oe_name: string;
}

/**
 * What a user distributed between `von` and `bis`: items they put into a Posteingang (with the OE
 * they put it into) and items they forwarded (with the OE they sent it to), each with where it is
 * now. Newest first.
 */
export async function verteiltVon(
  q: Queryable,
  benutzerId: string,
  von: Date,
  bis: Date,
): Promise<VerteiltZeile[]> {
  const { rows } = await q.query<VerteiltZeile>(
    `SELECT * FROM (
       SELECT e.id, e.dateiname, e.status, e.oe_id AS jetzt_oe_id, 'aufgenommen' AS wie, e.erstellt_am AS am,
         o.kuerzel AS oe_kuerzel, o.name AS oe_name
       FROM posteingang_eintrag e
       ${oeJoin(
         "o",
         `COALESCE((SELECT w1.von_oe_id FROM posteingang_weiterleitung w1 WHERE w1.eintrag_id = e.id ORDER BY w1.am LIMIT 1), e.oe_id)`,
       )}
       WHERE e.erstellt_von = $1 AND e.erstellt_am >= $2 AND e.erstellt_am < $3
         AND NOT EXISTS (SELECT 1 FROM posteingang_weiterleitung w WHERE w.eintrag_id = e.id AND w.von_benutzer_id = $1)
       UNION ALL
       SELECT e.id, e.dateiname, e.status, e.oe_id, 'weitergeleitet', w.am, o.kuerzel, o.name
       FROM posteingang_weiterleitung w JOIN posteingang_eintrag e ON e.id = w.eintrag_id ${oeJoin("o", "w.an_oe_id")}
       WHERE w.von_benutzer_id = $1 AND w.am >= $2 AND w.am < $3
     ) x ORDER BY am DESC, id`,
    [benutzerId, von, bis],
  );
  return rows;
}
