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
import type { Geraeteklasse } from "../../platform/http/geraeteklasse.js";

/**
 * Counts one view of a Dokument for each OE of the person who opened it, on the day of `zeit`
 * (Europe/Berlin), and whether it came from a phone or a tablet. Only the counts are kept: no
 * person, no Dokument, no User-Agent.
 */
export async function zaehleDokumentansicht(
  q: Queryable,
  oeIds: string[],
  geraet: Geraeteklasse | null,
  zeit: Date,
): Promise<void> {
  if (oeIds.length === 0) return;
  await q.query(
    `INSERT INTO dokument_ansicht_tag (tag, oe_id, ansichten, telefon, tablet)
     SELECT ($2::timestamptz AT TIME ZONE 'Europe/Berlin')::date, oe_id, 1,
       CASE WHEN $3::text = 'telefon' THEN 1 ELSE 0 END, CASE WHEN $3::text = 'tablet' THEN 1 ELSE 0 END
     FROM unnest($1::uuid[]) AS oe_id
     ON CONFLICT (tag, oe_id) DO UPDATE SET ansichten = dokument_ansicht_tag.ansichten + 1,
       telefon = dokument_ansicht_tag.telefon + EXCLUDED.telefon,
       tablet = dokument_ansicht_tag.tablet + EXCLUDED.tablet`,
    [[...new Set(oeIds)].sort(), zeit, geraet],
  );
}

/**
 * The Akten with their federführende OE, as a table other modules may join for figures per OE
 * (the Aussonderung's): `JOIN ${akteOeSql()} ao ON ao.akte_id = x.akte_id`.
 */
export const akteOeSql = (): string =>
  `(SELECT a.id AS akte_id, a.federfuehrende_oe_id AS oe_id FROM akte a)`;

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
  // Per OE of the viewer, not of the Akte: the figure is about how people work.
  const ansichten = await q.query(
    `SELECT to_char(d.tag, 'YYYY-MM-DD') AS tag, d.oe_id, 'dokumente.unterwegs' AS kennzahl,
       d.ansichten AS anzahl, d.telefon + d.tablet AS summe
     FROM dokument_ansicht_tag d WHERE d.tag BETWEEN $1::date AND $2::date AND d.ansichten > 0`,
    tage,
  );
  return [
    ...alsTageswerte(ansichten.rows as never),
    ...alsTageswerte(akten.rows as never),
    ...alsTageswerte(ohnePapier.rows as never),
    ...faltenDauern(laufzeit.rows as never),
    ...alsTageswerte(fristen.rows as never),
    ...alsTageswerte(offen.rows as never),
  ];
}
