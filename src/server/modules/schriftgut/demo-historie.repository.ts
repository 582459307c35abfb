import type { Queryable } from "../../platform/database/database.js";

/**
 * Reserves `anzahl` running numbers of a scope at once and returns the first (see
 * `naechsteLfdnr`: the counter row stays locked until commit, so the numbers stay unique).
 */
export async function reserviereLfdnrn(q: Queryable, bereich: string, anzahl: number): Promise<number> {
  const { rows } = await q.query<{ letzte_nr: number }>(
    `INSERT INTO aktenzeichen_zaehler (bereich, letzte_nr) VALUES ($1, $2)
     ON CONFLICT (bereich) DO UPDATE SET letzte_nr = aktenzeichen_zaehler.letzte_nr + $2 RETURNING letzte_nr`,
    [bereich, anzahl],
  );
  return rows[0]!.letzte_nr - anzahl + 1;
}

export interface DemoAkteZeile {
  id: string;
  aktenplaneinheitId: string;
  aktenzeichen: string;
  lfdnr: number;
  jahr: number;
  betreff: string;
  oeId: string;
  papierablage: string | null;
  vorgaenge: number;
  erstelltAm: string;
  erstelltVon: string;
}

export interface DemoVorgangZeile {
  id: string;
  akteId: string;
  nr: number;
  betreff: string;
  frist: string | null;
  erstelltAm: string;
  zdaAm: string | null;
  erstelltVon: string;
}

/** Back-dated Akten in one statement per 5,000 rows (the demo county's history). */
export async function insertDemoAkten(q: Queryable, zeilen: DemoAkteZeile[]): Promise<void> {
  for (let i = 0; i < zeilen.length; i += 5000) {
    await q.query(
      `INSERT INTO akte (id, aktenplaneinheit_id, aktenzeichen, lfdnr, jahr, betreff, federfuehrende_oe_id,
         papierablage, letzte_vorgang_nr, erstellt_am, erstellt_von, geaendert_am)
       SELECT z.id, z."aktenplaneinheitId", z.aktenzeichen, z.lfdnr, z.jahr, z.betreff, z."oeId", z.papierablage,
         z.vorgaenge, z."erstelltAm", z."erstelltVon", z."erstelltAm"
       FROM json_to_recordset($1::json) AS z(id uuid, "aktenplaneinheitId" uuid, aktenzeichen text, lfdnr int,
         jahr int, betreff text, "oeId" uuid, papierablage text, vorgaenge int, "erstelltAm" timestamptz,
         "erstelltVon" uuid)`,
      [JSON.stringify(zeilen.slice(i, i + 5000))],
    );
  }
}

/** Back-dated Vorgänge, open or zdA, in one statement per 5,000 rows. */
export async function insertDemoVorgaenge(q: Queryable, zeilen: DemoVorgangZeile[]): Promise<void> {
  for (let i = 0; i < zeilen.length; i += 5000) {
    await q.query(
      `INSERT INTO vorgang (id, akte_id, nr, betreff, status, zda_am, zda_von, frist, erstellt_am, erstellt_von,
         geaendert_am)
       SELECT z.id, z."akteId", z.nr, z.betreff, CASE WHEN z."zdaAm" IS NULL THEN 'in_bearbeitung' ELSE 'zda' END,
         z."zdaAm", CASE WHEN z."zdaAm" IS NULL THEN NULL ELSE z."erstelltVon" END, z.frist, z."erstelltAm",
         z."erstelltVon", COALESCE(z."zdaAm", z."erstelltAm")
       FROM json_to_recordset($1::json) AS z(id uuid, "akteId" uuid, nr int, betreff text, frist date,
         "erstelltAm" timestamptz, "zdaAm" timestamptz, "erstelltVon" uuid)`,
      [JSON.stringify(zeilen.slice(i, i + 5000))],
    );
  }
}
