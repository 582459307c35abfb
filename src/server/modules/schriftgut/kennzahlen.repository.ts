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

/**
 * The Vorgänge with the OE that owns their Akte (the federführende OE), as a table other modules
 * may join for figures per OE: `JOIN ${vorgangOeSql()} vo ON vo.vorgang_id = x.vorgang_id`.
 */
export const vorgangOeSql = (): string =>
  `(SELECT v.id AS vorgang_id, a.federfuehrende_oe_id AS oe_id FROM vorgang v JOIN akte a ON a.id = v.akte_id)`;

/**
 * The Steuerung's figures from Akten and Vorgänge for the days [von, bis], per federführende OE
 * (see the Kennzahlenkatalog in modules/steuerung/katalog.ts for each definition).
 */
export async function kennzahlenSchriftgut(
  q: Queryable,
  von: string,
  bis: string,
  heute: string,
): Promise<Tageswert[]> {
  const tage = [von, bis];
  const imZeitraum = (spalte: string) => `${tagSql(spalte)} BETWEEN $1::date AND $2::date`;
  const akten = await q.query(
    `SELECT to_char(${tagSql("a.erstellt_am")}, 'YYYY-MM-DD') AS tag, a.federfuehrende_oe_id AS oe_id,
       'akten.elektronisch' AS kennzahl, count(*) AS anzahl, count(*) FILTER (WHERE a.papierablage IS NULL) AS summe
     FROM akte a WHERE ${imZeitraum("a.erstellt_am")} GROUP BY 1, 2`,
    tage,
  );
  const ohnePapier = await q.query(
    `SELECT to_char(${tagSql("v.zda_am")}, 'YYYY-MM-DD') AS tag, a.federfuehrende_oe_id AS oe_id,
       'vorgaenge.ohne_papier' AS kennzahl, count(*) AS anzahl, count(*) FILTER (WHERE a.papierablage IS NULL) AS summe
     FROM vorgang v JOIN akte a ON a.id = v.akte_id WHERE v.zda_am IS NOT NULL AND ${imZeitraum("v.zda_am")} GROUP BY 1, 2`,
    tage,
  );
  const laufzeit = await q.query(
    `SELECT to_char(${tagSql("v.zda_am")}, 'YYYY-MM-DD') AS tag, a.federfuehrende_oe_id AS oe_id,
       'vorgaenge.laufzeit' AS kennzahl, ${dauerKlasseSql(stundenSql("v.erstellt_am", "v.zda_am"))} AS klasse,
       count(*) AS anzahl, sum(${stundenSql("v.erstellt_am", "v.zda_am")}) AS summe
     FROM vorgang v JOIN akte a ON a.id = v.akte_id WHERE v.zda_am IS NOT NULL AND ${imZeitraum("v.zda_am")}
     GROUP BY 1, 2, 4`,
    tage,
  );
  // A Frist is kept when the Vorgang was zdA by the end of its Frist day; counted on that day,
  // and only for days that have passed.
  const fristen = await q.query(
    `SELECT to_char(v.frist, 'YYYY-MM-DD') AS tag, a.federfuehrende_oe_id AS oe_id, 'fristen.eingehalten' AS kennzahl,
       count(*) AS anzahl, count(*) FILTER (WHERE v.zda_am IS NOT NULL AND ${tagSql("v.zda_am")} <= v.frist) AS summe
     FROM vorgang v JOIN akte a ON a.id = v.akte_id
     WHERE v.frist BETWEEN $1::date AND $2::date AND v.frist < $3::date GROUP BY 1, 2`,
    [von, bis, heute],
  );
  const offen = await q.query(
    bestandSql(
      `SELECT a.federfuehrende_oe_id AS oe_id, v.erstellt_am AS beginn, v.zda_am AS ende
       FROM vorgang v JOIN akte a ON a.id = v.akte_id`,
      "vorgaenge.offen",
    ),
    tage,
  );
  return [
    ...alsTageswerte(akten.rows as never),
    ...alsTageswerte(ohnePapier.rows as never),
    ...faltenDauern(laufzeit.rows as never),
    ...alsTageswerte(fristen.rows as never),
    ...alsTageswerte(offen.rows as never),
  ];
}
