import type { Queryable } from "../../platform/database/database.js";
import { akteJoin, vorgangFrom, vorgangJoin } from "../schriftgut/index.js";

// The SQL of the daily run: its record of days, and the overdue steps and Vorgänge it announces.

/** Records that the daily run of `tag` begins; false when it ran (or runs) already. */
export async function beginneTageslauf(q: Queryable, tag: string, now: Date): Promise<boolean> {
  const { rows } = await q.query(
    "INSERT INTO tageslauf (datum, begonnen_am) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING datum",
    [tag, now],
  );
  return rows.length > 0;
}

export interface UeberfaelligerSchritt {
  id: string;
  art: string;
  frist: string;
  adressat_benutzer_id: string | null;
  bearbeiter_id: string | null;
  adressat_oe_id: string | null;
  eskaliert_am: Date | null;
  vorgang_id: string;
  zeichen: string;
  betreff: string;
  akte_id: string;
  federfuehrende_oe_id: string;
}

/** Open steps of running routes past their Frist on `tag`. */
export async function ueberfaelligeSchritte(q: Queryable, tag: string): Promise<UeberfaelligerSchritt[]> {
  const { rows } = await q.query<UeberfaelligerSchritt>(
    `SELECT s.id, s.art, s.frist::text, s.adressat_benutzer_id, s.bearbeiter_id, s.adressat_oe_id, s.eskaliert_am,
       v.id AS vorgang_id, a.aktenzeichen || '-' || v.nr AS zeichen, v.betreff, a.id AS akte_id, a.federfuehrende_oe_id
     FROM schritt s JOIN geschaeftsgang g ON g.id = s.geschaeftsgang_id ${vorgangJoin("v", "g.vorgang_id")}
     ${akteJoin("a", "v.akte_id")}
     WHERE s.status = 'offen' AND s.frist < $1 AND g.status = 'laufend'`,
    [tag],
  );
  return rows;
}

export async function setzeSchrittEskaliert(q: Queryable, schrittId: string, now: Date): Promise<void> {
  await q.query("UPDATE schritt SET eskaliert_am = $2 WHERE id = $1", [schrittId, now]);
}

export interface UeberfaelligerVorgang {
  id: string;
  frist: string;
  erstellt_von: string | null;
  frist_eskaliert_am: Date | null;
  zeichen: string;
  betreff: string;
  akte_id: string;
  federfuehrende_oe_id: string;
}

/** Vorgänge in Bearbeitung (in Akten not deleted) past their Frist on `tag`. */
export async function ueberfaelligeVorgaenge(q: Queryable, tag: string): Promise<UeberfaelligerVorgang[]> {
  const { rows } = await q.query<UeberfaelligerVorgang>(
    `SELECT v.id, v.frist::text, v.erstellt_von, v.frist_eskaliert_am, a.aktenzeichen || '-' || v.nr AS zeichen, v.betreff,
       a.id AS akte_id, a.federfuehrende_oe_id
     FROM ${vorgangFrom("v")} ${akteJoin("a", "v.akte_id")}
     WHERE v.status = 'in_bearbeitung' AND v.frist < $1 AND a.geloescht_am IS NULL`,
    [tag],
  );
  return rows;
}
