import type { Queryable } from "../../platform/database/database.js";

export interface DemoGangZeile {
  id: string;
  vorgangId: string;
  zeichnungVorAbgang: boolean;
  erstellerId: string;
  erstelltAm: string;
  abgeschlossenAm: string;
}

export interface DemoSchrittZeile {
  geschaeftsgangId: string;
  vorgangId: string;
  stufe: number;
  art: string;
  adressatBenutzerId: string | null;
  adressatOeId: string | null;
  verfuegungstext: string;
  bearbeiterId: string | null;
  ergebnis: string;
  kanal: string | null;
  abgangAm: string | null;
  erledigtVon: string;
  offenSeit: string;
  erledigtAm: string;
}

export interface DemoWiedervorlageZeile {
  vorgangId: string;
  empfaengerId: string;
  datum: string;
  notiz: string;
  erstelltAm: string;
  erledigtAm: string;
}

const BLOCK = 5000;

/** Back-dated, finished Geschäftsgänge with their steps (the demo county's history). */
export async function insertDemoGeschaeftsgaenge(
  q: Queryable,
  gaenge: DemoGangZeile[],
  schritte: DemoSchrittZeile[],
): Promise<void> {
  for (let i = 0; i < gaenge.length; i += BLOCK) {
    await q.query(
      `INSERT INTO geschaeftsgang (id, vorgang_id, zeichnung_vor_abgang, status, ersteller_id, erstellt_am,
         abgeschlossen_am)
       SELECT z.id, z."vorgangId", z."zeichnungVorAbgang", 'abgeschlossen', z."erstellerId", z."erstelltAm",
         z."abgeschlossenAm"
       FROM json_to_recordset($1::json) AS z(id uuid, "vorgangId" uuid, "zeichnungVorAbgang" boolean,
         "erstellerId" uuid, "erstelltAm" timestamptz, "abgeschlossenAm" timestamptz)`,
      [JSON.stringify(gaenge.slice(i, i + BLOCK))],
    );
  }
  for (let i = 0; i < schritte.length; i += BLOCK) {
    await q.query(
      `INSERT INTO schritt (geschaeftsgang_id, vorgang_id, stufe, art, adressat_benutzer_id, adressat_oe_id,
         verfuegungstext, status, bearbeiter_id, ergebnis, kanal, abgang_am, erledigt_von, erledigt_am, offen_seit,
         erstellt_am)
       SELECT z."geschaeftsgangId", z."vorgangId", z.stufe, z.art, z."adressatBenutzerId", z."adressatOeId",
         z.verfuegungstext, 'erledigt', z."bearbeiterId", z.ergebnis, z.kanal, z."abgangAm", z."erledigtVon",
         z."erledigtAm", z."offenSeit", z."offenSeit"
       FROM json_to_recordset($1::json) AS z("geschaeftsgangId" uuid, "vorgangId" uuid, stufe int, art text,
         "adressatBenutzerId" uuid, "adressatOeId" uuid, verfuegungstext text, "bearbeiterId" uuid, ergebnis text,
         kanal text, "abgangAm" date, "erledigtVon" uuid, "erledigtAm" timestamptz, "offenSeit" timestamptz)`,
      [JSON.stringify(schritte.slice(i, i + BLOCK))],
    );
  }
}

/** Back-dated Wiedervorlagen, all done (on their day or late). */
export async function insertDemoWiedervorlagen(
  q: Queryable,
  zeilen: DemoWiedervorlageZeile[],
): Promise<void> {
  for (let i = 0; i < zeilen.length; i += BLOCK) {
    await q.query(
      `INSERT INTO wiedervorlage (vorgang_id, empfaenger_id, datum, notiz, erstellt_von, erstellt_am, erledigt_am,
         erledigt_von)
       SELECT z."vorgangId", z."empfaengerId", z.datum, z.notiz, z."empfaengerId", z."erstelltAm", z."erledigtAm",
         z."empfaengerId"
       FROM json_to_recordset($1::json) AS z("vorgangId" uuid, "empfaengerId" uuid, datum date, notiz text,
         "erstelltAm" timestamptz, "erledigtAm" timestamptz)`,
      [JSON.stringify(zeilen.slice(i, i + BLOCK))],
    );
  }
}
