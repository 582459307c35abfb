import type { Queryable } from "../../platform/database/database.js";
import {
  alsTageswerte,
  dauerKlasseSql,
  faltenDauern,
  stundenSql,
  tagSql,
  type Tageswert,
} from "../../platform/kennzahlen.js";

/**
 * The Steuerung's figures from the Posteingang for the days [von, bis], per OE whose Posteingang
 * holds the Eingang: Eingänge by channel, time from Eingang to zu den Akten genommen, and the
 * share of scans with a recorded quality check (TR-RESISCAN).
 */
export async function kennzahlenPosteingang(q: Queryable, von: string, bis: string): Promise<Tageswert[]> {
  const tage = [von, bis];
  const imZeitraum = (spalte: string) => `${tagSql(spalte)} BETWEEN $1::date AND $2::date`;
  const eingaenge = await q.query(
    `SELECT to_char(${tagSql("e.erstellt_am")}, 'YYYY-MM-DD') AS tag, e.oe_id, 'eingaenge.' || e.kanal AS kennzahl,
       count(*) AS anzahl, 0 AS summe
     FROM posteingang_eintrag e WHERE ${imZeitraum("e.erstellt_am")} GROUP BY 1, 2, 3`,
    tage,
  );
  const registrierung = await q.query(
    `SELECT to_char(${tagSql("e.erledigt_am")}, 'YYYY-MM-DD') AS tag, e.oe_id, 'eingang.zu_den_akten' AS kennzahl,
       ${dauerKlasseSql(stundenSql("e.erstellt_am", "e.erledigt_am"))} AS klasse,
       count(*) AS anzahl, sum(${stundenSql("e.erstellt_am", "e.erledigt_am")}) AS summe
     FROM posteingang_eintrag e WHERE e.status = 'registriert' AND ${imZeitraum("e.erledigt_am")} GROUP BY 1, 2, 4`,
    tage,
  );
  const scans = await q.query(
    `SELECT to_char(${tagSql("e.erstellt_am")}, 'YYYY-MM-DD') AS tag, e.oe_id, 'scans.qualitaetskontrolle' AS kennzahl,
       count(*) AS anzahl,
       count(*) FILTER (WHERE COALESCE(e.scanprotokoll ->> 'qualitaetGeprueftVon', '') <> '') AS summe
     FROM posteingang_eintrag e WHERE e.kanal = 'scan' AND ${imZeitraum("e.erstellt_am")} GROUP BY 1, 2`,
    tage,
  );
  return [
    ...alsTageswerte(eingaenge.rows as never),
    ...faltenDauern(registrierung.rows as never),
    ...alsTageswerte(scans.rows as never),
  ];
}
