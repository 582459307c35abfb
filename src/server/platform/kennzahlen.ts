/**
 * What a module hands to the Steuerung for one day: a figure per OE, never per person. The
 * modules that own the records compute these from their own tables (each in its
 * `kennzahlen.repository.ts`); the Steuerung stores and reads them.
 */
export interface Tageswert {
  /** YYYY-MM-DD, Europe/Berlin. */
  tag: string;
  oeId: string;
  kennzahl: string;
  /** Observed cases: the denominator of a share, the number of durations, or a stock. */
  anzahl: number;
  /** The numerator of a share, or the sum of durations in hours. */
  summe: number;
  /** Durations counted into `DAUER_KLASSEN_STUNDEN` (length = classes + 1), or null. */
  verteilung: number[] | null;
}

/**
 * Upper bounds (hours) of the duration classes: medians and p90 are read from these counts, so
 * they can be summed over days and up the OE tree. The last class is open (over a year).
 */
export const DAUER_KLASSEN_STUNDEN = [
  1, 2, 4, 8, 24, 48, 72, 120, 168, 240, 336, 504, 720, 1440, 2160, 4320, 8760,
] as const;

/** The day of a timestamp column in the county's time zone, as SQL. */
export const tagSql = (spalte: string): string => `(${spalte} AT TIME ZONE 'Europe/Berlin')::date`;

/** The duration class (0 … classes) of an hours expression, as SQL. */
export const dauerKlasseSql = (stunden: string): string =>
  `width_bucket(${stunden}, ARRAY[${DAUER_KLASSEN_STUNDEN.join(",")}]::float8[])`;

/** Hours between two timestamp columns, as SQL. */
export const stundenSql = (von: string, bis: string): string =>
  `(extract(epoch FROM (${bis} - ${von})) / 3600.0)`;

interface DauerZeile {
  tag: Date | string;
  oe_id: string;
  kennzahl: string;
  klasse: number;
  anzahl: number;
  summe: number;
}

const isoTag = (d: Date | string): string =>
  typeof d === "string"
    ? d.slice(0, 10)
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** Rows grouped by (tag, OE, Kennzahl, class) folded into one Tageswert per (tag, OE, Kennzahl). */
export function faltenDauern(zeilen: DauerZeile[]): Tageswert[] {
  const je = new Map<string, Tageswert>();
  for (const z of zeilen) {
    const tag = isoTag(z.tag);
    const key = `${tag}|${z.oe_id}|${z.kennzahl}`;
    let w = je.get(key);
    if (!w) {
      w = {
        tag,
        oeId: z.oe_id,
        kennzahl: z.kennzahl,
        anzahl: 0,
        summe: 0,
        verteilung: new Array<number>(DAUER_KLASSEN_STUNDEN.length + 1).fill(0),
      };
      je.set(key, w);
    }
    w.anzahl += Number(z.anzahl);
    w.summe += Number(z.summe);
    const klasse = Math.min(Math.max(Number(z.klasse), 0), DAUER_KLASSEN_STUNDEN.length);
    w.verteilung![klasse] = (w.verteilung![klasse] ?? 0) + Number(z.anzahl);
  }
  return [...je.values()];
}

/** Plain rows (tag, OE, Kennzahl, anzahl, summe) as Tageswerte. */
export function alsTageswerte(
  zeilen: { tag: Date | string; oe_id: string; kennzahl: string; anzahl: number; summe: number | null }[],
): Tageswert[] {
  return zeilen.map((z) => ({
    tag: isoTag(z.tag),
    oeId: z.oe_id,
    kennzahl: z.kennzahl,
    anzahl: Number(z.anzahl),
    summe: Number(z.summe ?? 0),
    verteilung: null,
  }));
}

/**
 * A stock at the end of each day of [$1, $2] per OE (open Vorgänge, an OE's Postkorb) from rows
 * of `quelle` with the columns `oe_id`, `beginn` and `ende` (NULL while it lasts): the rows open
 * at the end of the day before $1 give the opening stock, and within [$1, $2] each row adds one on
 * its first day and leaves after its last, so a running sum per OE gives the stock. `quelle` is
 * inlined into each part (NOT MATERIALIZED), so the parts for the days of [$1, $2] can read
 * indexes on the day of `beginn` and `ende` instead of every row of two years.
 */
export function bestandSql(quelle: string, kennzahl: string): string {
  return `WITH q AS NOT MATERIALIZED (${quelle}),
    vorher AS (SELECT oe_id, count(*) AS stand FROM q
      WHERE ${tagSql("beginn")} < $1::date AND (ende IS NULL OR ${tagSql("ende")} >= $1::date) GROUP BY oe_id),
    d AS (SELECT oe_id, tag, sum(delta) AS delta FROM (
        SELECT oe_id, ${tagSql("beginn")} AS tag, 1 AS delta FROM q WHERE ${tagSql("beginn")} BETWEEN $1::date AND $2::date
        UNION ALL SELECT oe_id, ${tagSql("ende")}, -1 FROM q
          WHERE ende IS NOT NULL AND ${tagSql("ende")} BETWEEN $1::date AND $2::date) x GROUP BY oe_id, tag),
    tage AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS tag),
    oes AS (SELECT oe_id FROM vorher UNION SELECT oe_id FROM d),
    raster AS (SELECT o.oe_id, t.tag, COALESCE(d.delta, 0) AS delta FROM oes o CROSS JOIN tage t
      LEFT JOIN d ON d.oe_id = o.oe_id AND d.tag = t.tag)
    SELECT to_char(r.tag, 'YYYY-MM-DD') AS tag, r.oe_id, '${kennzahl}' AS kennzahl,
      COALESCE(v.stand, 0) + sum(r.delta) OVER (PARTITION BY r.oe_id ORDER BY r.tag) AS anzahl, 0 AS summe
    FROM raster r LEFT JOIN vorher v ON v.oe_id = r.oe_id`;
}
