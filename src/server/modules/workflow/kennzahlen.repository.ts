import type { Queryable } from "../../platform/database/database.js";
import {
  alsTageswerte,
  bestandSql,
  dauerKlasseSql,
  faltenDauern,
  stundenSql,
  tagSql,
  type Tageswert,
} from "../../platform/kennzahlen.js";
import { vorgangOeSql } from "../schriftgut/index.js";

/**
 * The Steuerung's figures from the Geschäftsgang for the days [von, bis], per OE that owns the
 * Vorgang (never per person): how long Mitzeichnung and Zeichnung steps wait, Wiedervorlagen done
 * on their day, Abgänge with a Zeichnung before them, and the OE Postkörbe at the end of each day.
 */
export async function kennzahlenWorkflow(
  q: Queryable,
  von: string,
  bis: string,
  heute: string,
): Promise<Tageswert[]> {
  const tage = [von, bis];
  const imZeitraum = (spalte: string) => `${tagSql(spalte)} BETWEEN $1::date AND $2::date`;
  const schritte = await q.query(
    `SELECT to_char(${tagSql("s.erledigt_am")}, 'YYYY-MM-DD') AS tag, vo.oe_id,
       CASE s.art WHEN 'Mitzeichnung' THEN 'schritte.mitzeichnung' ELSE 'schritte.zeichnung' END AS kennzahl,
       ${dauerKlasseSql(stundenSql("s.offen_seit", "s.erledigt_am"))} AS klasse,
       count(*) AS anzahl, sum(${stundenSql("s.offen_seit", "s.erledigt_am")}) AS summe
     FROM schritt s JOIN ${vorgangOeSql()} vo ON vo.vorgang_id = s.vorgang_id
     WHERE s.art IN ('Mitzeichnung', 'Zeichnung') AND s.status = 'erledigt' AND s.offen_seit IS NOT NULL
       AND ${imZeitraum("s.erledigt_am")}
     GROUP BY 1, 2, 3, 4`,
    tage,
  );
  const wiedervorlagen = await q.query(
    `SELECT to_char(w.datum, 'YYYY-MM-DD') AS tag, vo.oe_id, 'wiedervorlagen.puenktlich' AS kennzahl,
       count(*) AS anzahl, count(*) FILTER (WHERE w.erledigt_am IS NOT NULL AND ${tagSql("w.erledigt_am")} <= w.datum) AS summe
     FROM wiedervorlage w JOIN ${vorgangOeSql()} vo ON vo.vorgang_id = w.vorgang_id
     WHERE w.datum BETWEEN $1::date AND $2::date AND w.datum < $3::date GROUP BY 1, 2`,
    [von, bis, heute],
  );
  const abgaenge = await q.query(
    `SELECT to_char(${tagSql("s.erledigt_am")}, 'YYYY-MM-DD') AS tag, vo.oe_id, 'abgaenge.gezeichnet' AS kennzahl,
       count(*) AS anzahl,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM schritt z WHERE z.geschaeftsgang_id = s.geschaeftsgang_id
         AND z.art = 'Zeichnung' AND z.ergebnis = 'gezeichnet' AND z.erledigt_am <= s.erledigt_am)) AS summe
     FROM schritt s JOIN ${vorgangOeSql()} vo ON vo.vorgang_id = s.vorgang_id
     WHERE s.art = 'Abgang' AND s.status = 'erledigt' AND ${imZeitraum("s.erledigt_am")} GROUP BY 1, 2`,
    tage,
  );
  const postkorb = await q.query(
    bestandSql(
      `SELECT s.adressat_oe_id AS oe_id, s.offen_seit AS beginn, s.erledigt_am AS ende FROM schritt s
       WHERE s.adressat_oe_id IS NOT NULL AND s.offen_seit IS NOT NULL
         AND (s.status <> 'uebersprungen' OR s.erledigt_am IS NOT NULL)`,
      "postkorb.oe",
    ),
    tage,
  );
  return [
    ...faltenDauern(schritte.rows as never),
    ...alsTageswerte(wiedervorlagen.rows as never),
    ...alsTageswerte(abgaenge.rows as never),
    ...alsTageswerte(postkorb.rows as never),
  ];
}
