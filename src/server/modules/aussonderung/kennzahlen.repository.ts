import type { Queryable } from "../../platform/database/database.js";
import { alsTageswerte, bestandSql, tagSql, type Tageswert } from "../../platform/kennzahlen.js";
import { wirksameAufbewahrungSql } from "../aktenplan/index.js";
import { akteOeSql, aufbewahrungsgrundlageSql } from "../schriftgut/index.js";

/**
 * The Steuerung's figures of the Aussonderung for the days [von, bis], per federführende OE of the
 * Akte (see the Kennzahlenkatalog in modules/steuerung/katalog.ts for each definition): Akten due
 * (a stock at the end of each day), Akten offered to the Archiv (0501) and handed over (0503), and
 * Akten whose content was deleted after Aussonderung. They describe Akten, not people.
 */
export async function kennzahlenAussonderung(q: Queryable, von: string, bis: string): Promise<Tageswert[]> {
  const tage = [von, bis];
  // Due from the day after the Aufbewahrungsende until the content is deleted. An Akte already
  // ausgesondert has lost its Vorgänge, so its last zdA comes from the Löschprotokoll. Akten under
  // a Löschsperre count as due: the Sperre holds them back, it does not end their Frist.
  const faellig = await q.query(
    bestandSql(
      `WITH lp AS (SELECT akte_id, min(geloescht_am) AS geloescht_am, max(laufzeit_ende) AS laufzeit_ende
          FROM loeschprotokoll GROUP BY akte_id),
        y AS (SELECT g.federfuehrende_oe_id AS oe_id, lp.geloescht_am,
            COALESCE(g.aufbewahrungsfrist_abweichend, w.aufbewahrungsfrist) AS frist,
            (g.aufbewahrungsfrist_abweichend IS NULL AND COALESCE(w.aufbewahrung_unbefristet, false)) AS unbefristet,
            COALESCE(g.letzte_zda, lp.laufzeit_ende) AS letzte_zda
          FROM ${aufbewahrungsgrundlageSql()} g LEFT JOIN ${wirksameAufbewahrungSql()} w ON w.einheit = g.aktenplaneinheit_id
          LEFT JOIN lp ON lp.akte_id = g.akte_id)
       SELECT oe_id, ((make_date(extract(year FROM letzte_zda)::int + frist, 12, 31) + 1)::timestamp
           AT TIME ZONE 'Europe/Berlin') AS beginn, geloescht_am AS ende
       FROM y WHERE letzte_zda IS NOT NULL AND frist IS NOT NULL AND NOT unbefristet
         AND make_date(extract(year FROM letzte_zda)::int + frist, 12, 31) < $2::date`,
      "aussonderung.faellig",
    ),
    tage,
  );
  // Each Akte named in an outgoing message counts once per message.
  const gesendet = await q.query(
    `SELECT to_char(${tagSql("n.erstellt_am")}, 'YYYY-MM-DD') AS tag, ao.oe_id,
       CASE n.nachrichtentyp WHEN '0501' THEN 'aussonderung.angeboten' ELSE 'aussonderung.uebergeben' END AS kennzahl,
       count(*) AS anzahl, 0 AS summe
     FROM xdomea_nachricht n CROSS JOIN LATERAL jsonb_array_elements(n.inhalt) AS x(akte)
     JOIN ${akteOeSql()} ao ON ao.akte_id = (x.akte->>'akteId')::uuid
     WHERE n.richtung = 'aus' AND n.nachrichtentyp IN ('0501', '0503')
       AND ${tagSql("n.erstellt_am")} BETWEEN $1::date AND $2::date
     GROUP BY 1, 2, 3`,
    tage,
  );
  const geloescht = await q.query(
    `SELECT to_char(${tagSql("l.geloescht_am")}, 'YYYY-MM-DD') AS tag, ao.oe_id, 'aussonderung.geloescht' AS kennzahl,
       count(*) AS anzahl, count(*) FILTER (WHERE l.entscheidung = 'V') AS summe
     FROM loeschprotokoll l JOIN ${akteOeSql()} ao ON ao.akte_id = l.akte_id
     WHERE ${tagSql("l.geloescht_am")} BETWEEN $1::date AND $2::date
     GROUP BY 1, 2`,
    tage,
  );
  return [
    ...alsTageswerte(faellig.rows as never),
    ...alsTageswerte(gesendet.rows as never),
    ...alsTageswerte(geloescht.rows as never),
  ];
}
