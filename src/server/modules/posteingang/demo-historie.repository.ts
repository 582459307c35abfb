import type { Queryable } from "../../platform/database/database.js";
import type { Kanal } from "./posteingang.types.js";

export interface DemoEingangZeile {
  oeId: string;
  kanal: Kanal;
  sha256: string;
  dateiname: string;
  mimeTyp: string;
  groesse: number;
  angaben: Record<string, unknown>;
  scanprotokoll: Record<string, unknown> | null;
  erstelltAm: string;
  erledigtAm: string;
  erledigtVon: string;
}

/** Back-dated, registered Eingänge in one statement per 5,000 rows (the demo county's history). */
export async function insertDemoEingaenge(q: Queryable, zeilen: DemoEingangZeile[]): Promise<void> {
  for (let i = 0; i < zeilen.length; i += 5000) {
    await q.query(
      `INSERT INTO posteingang_eintrag (oe_id, kanal, status, sha256, dateiname, originaldateiname, mime_typ, groesse,
         angaben, scanprotokoll, texterkennung, erstellt_am, erledigt_am, erledigt_von)
       SELECT z."oeId", z.kanal, 'registriert', z.sha256, z.dateiname, z.dateiname, z."mimeTyp", z.groesse, z.angaben,
         z.scanprotokoll, 'fertig', z."erstelltAm", z."erledigtAm", z."erledigtVon"
       FROM json_to_recordset($1::json) AS z("oeId" uuid, kanal text, sha256 text, dateiname text, "mimeTyp" text,
         groesse bigint, angaben jsonb, scanprotokoll jsonb, "erstelltAm" timestamptz, "erledigtAm" timestamptz,
         "erledigtVon" uuid)`,
      [JSON.stringify(zeilen.slice(i, i + 5000))],
    );
  }
}
