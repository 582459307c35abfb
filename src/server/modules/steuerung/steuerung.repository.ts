import type { Queryable } from "../../platform/database/database.js";
import { DAUER_KLASSEN_STUNDEN, type Tageswert } from "../../platform/kennzahlen.js";

/** The SQL indexes (1 …) of the duration classes, the last one open. */
const KLASSEN = Array.from({ length: DAUER_KLASSEN_STUNDEN.length + 1 }, (_, i) => i + 1);

/**
 * Replaces the figures of the days [von, bis] by `werte` (in the caller's transaction), and the
 * monthly rollup of every month those days fall in.
 */
export async function ersetzeTage(
  q: Queryable,
  von: string,
  bis: string,
  werte: Tageswert[],
  jetzt: Date,
): Promise<void> {
  await q.query(`DELETE FROM kennzahl_tag WHERE tag BETWEEN $1::date AND $2::date`, [von, bis]);
  const zeilen = werte.filter((w) => w.anzahl > 0 || w.summe !== 0);
  for (let i = 0; i < zeilen.length; i += 5000) {
    const teil = zeilen.slice(i, i + 5000);
    await q.query(
      `INSERT INTO kennzahl_tag (tag, oe_id, kennzahl, anzahl, summe, verteilung)
       SELECT t.tag::date, t.oe_id::uuid, t.kennzahl, t.anzahl, t.summe,
         CASE WHEN t.verteilung IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(t.verteilung)::int) END
       FROM json_to_recordset($1::json) AS t(tag text, oe_id text, kennzahl text, anzahl bigint, summe float8, verteilung json)`,
      [
        JSON.stringify(
          teil.map((w) => ({
            tag: w.tag,
            oe_id: w.oeId,
            kennzahl: w.kennzahl,
            anzahl: w.anzahl,
            summe: w.summe,
            verteilung: w.verteilung,
          })),
        ),
      ],
    );
  }
  await q.query(
    `INSERT INTO kennzahl_lauf (tag, berechnet_am)
     SELECT d::date, $3 FROM generate_series($1::date, $2::date, interval '1 day') d
     ON CONFLICT (tag) DO UPDATE SET berechnet_am = EXCLUDED.berechnet_am`,
    [von, bis, jetzt],
  );
  await ersetzeMonate(q, von, bis);
}

/**
 * Rolls the daily rows of the months that [von, bis] touches up into `kennzahl_monat`: flows and
 * durations summed over the days (distributions class by class), and each OE's last day in the
 * month for the stocks; one pass, no join. The same SQL filled the table in its migration
 * (20261202_0027).
 */
async function ersetzeMonate(q: Queryable, von: string, bis: string): Promise<void> {
  const monate = [von, bis];
  await q.query(
    `DELETE FROM kennzahl_monat WHERE monat BETWEEN date_trunc('month', $1::date)::date AND date_trunc('month', $2::date)::date`,
    monate,
  );
  await q.query(
    `INSERT INTO kennzahl_monat (monat, oe_id, kennzahl, anzahl, summe, verteilung, anzahl_letzter_tag, summe_letzter_tag)
     SELECT date_trunc('month', tag)::date, oe_id, kennzahl, sum(anzahl), sum(summe),
       CASE WHEN count(verteilung) > 0 THEN ARRAY[${KLASSEN.map((i) => `COALESCE(sum(verteilung[${i}]), 0)`).join(", ")}] END,
       (array_agg(anzahl ORDER BY tag DESC))[1], (array_agg(summe ORDER BY tag DESC))[1]
     FROM kennzahl_tag WHERE tag >= date_trunc('month', $1::date)::date
       AND tag < (date_trunc('month', $2::date) + interval '1 month')::date
     GROUP BY 1, 2, 3`,
    monate,
  );
}

/** The last day computed, or undefined before the first run. */
export async function letzterBerechneterTag(q: Queryable): Promise<string | undefined> {
  const { rows } = await q.query<{ tag: string | null }>(
    `SELECT to_char(max(tag), 'YYYY-MM-DD') AS tag FROM kennzahl_lauf`,
  );
  return rows[0]?.tag ?? undefined;
}

export interface MonatsZeile {
  kennzahl: string;
  monat: string;
  oeId: string;
  anzahl: number;
  summe: number;
  verteilung: number[] | null;
}

/**
 * Per Kennzahl, month and OE of `oeIds` for the months of [von, bis]: flows summed over the
 * month's days, stocks (`bestaende`) as on the month's last computed day, distributions summed
 * class by class – read from the monthly rollup.
 */
export async function monatswerte(
  q: Queryable,
  oeIds: string[],
  von: string,
  bis: string,
  bestaende: string[],
): Promise<MonatsZeile[]> {
  const { rows } = await q.query<{
    kennzahl: string;
    monat: string;
    oe_id: string;
    anzahl: string;
    summe: number;
    verteilung: string[] | null;
  }>(
    `SELECT kennzahl, to_char(monat, 'YYYY-MM') AS monat, oe_id,
       CASE WHEN kennzahl = ANY($4) THEN anzahl_letzter_tag ELSE anzahl END AS anzahl,
       CASE WHEN kennzahl = ANY($4) THEN summe_letzter_tag ELSE summe END AS summe,
       CASE WHEN kennzahl = ANY($4) THEN NULL ELSE verteilung END AS verteilung
     FROM kennzahl_monat
     WHERE oe_id = ANY($1::uuid[]) AND monat BETWEEN date_trunc('month', $2::date)::date AND date_trunc('month', $3::date)::date`,
    [oeIds, von, bis, bestaende],
  );
  return rows.map((r) => ({
    kennzahl: r.kennzahl,
    monat: r.monat,
    oeId: r.oe_id,
    anzahl: Number(r.anzahl),
    summe: Number(r.summe),
    verteilung: r.verteilung?.map(Number) ?? null,
  }));
}

/** The catalogue as last published, by key. */
export async function veroeffentlichterKatalog(
  q: Queryable,
): Promise<Map<string, { fassung: unknown; entfernt: boolean }>> {
  const { rows } = await q.query<{ schluessel: string; fassung: unknown; entfernt_am: Date | null }>(
    `SELECT schluessel, fassung, entfernt_am FROM kennzahl_katalog FOR UPDATE`,
  );
  return new Map(rows.map((r) => [r.schluessel, { fassung: r.fassung, entfernt: r.entfernt_am !== null }]));
}

export async function speichereKatalogEintrag(
  q: Queryable,
  schluessel: string,
  fassung: unknown,
  seit: string,
  jetzt: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO kennzahl_katalog (schluessel, fassung, seit, geaendert_am) VALUES ($1, $2, $3, $4)
     ON CONFLICT (schluessel) DO UPDATE SET fassung = EXCLUDED.fassung, geaendert_am = EXCLUDED.geaendert_am, entfernt_am = NULL`,
    [schluessel, JSON.stringify(fassung), seit, jetzt],
  );
}

export async function markiereKatalogEintragEntfernt(
  q: Queryable,
  schluessel: string,
  jetzt: Date,
): Promise<void> {
  await q.query(`UPDATE kennzahl_katalog SET entfernt_am = $2 WHERE schluessel = $1`, [schluessel, jetzt]);
}

/** The months (YYYY-MM) of [von, bis] with at least one computed day. */
export async function berechneteMonate(q: Queryable, von: string, bis: string): Promise<string[]> {
  const { rows } = await q.query<{ monat: string }>(
    `SELECT DISTINCT to_char(tag, 'YYYY-MM') AS monat FROM kennzahl_lauf WHERE tag BETWEEN $1::date AND $2::date`,
    [von, bis],
  );
  return rows.map((r) => r.monat);
}

export interface BerichtEinstellungZeile {
  vorgangId: string;
  turnus: "aus" | "monatlich" | "quartalsweise";
  eingerichtetVon: string;
  letzterZeitraum: string | null;
}

/** Where the Verwaltungsbericht is filed and how often it is made (one row, or none yet). */
export async function berichtEinstellung(q: Queryable): Promise<BerichtEinstellungZeile | undefined> {
  const { rows } = await q.query<{
    vorgang_id: string;
    turnus: BerichtEinstellungZeile["turnus"];
    eingerichtet_von: string;
    letzter_zeitraum: string | null;
  }>(`SELECT vorgang_id, turnus, eingerichtet_von, letzter_zeitraum FROM kennzahl_bericht_einstellung`);
  const r = rows[0];
  return r
    ? {
        vorgangId: r.vorgang_id,
        turnus: r.turnus,
        eingerichtetVon: r.eingerichtet_von,
        letzterZeitraum: r.letzter_zeitraum,
      }
    : undefined;
}

export async function speichereBerichtEinstellung(
  q: Queryable,
  e: { vorgangId: string; turnus: string; eingerichtetVon: string },
  jetzt: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO kennzahl_bericht_einstellung (id, vorgang_id, turnus, eingerichtet_von, geaendert_am)
     VALUES (true, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET vorgang_id = EXCLUDED.vorgang_id, turnus = EXCLUDED.turnus,
       eingerichtet_von = EXCLUDED.eingerichtet_von, geaendert_am = EXCLUDED.geaendert_am`,
    [e.vorgangId, e.turnus, e.eingerichtetVon, jetzt],
  );
}

export async function merkeBerichtszeitraum(q: Queryable, zeitraum: string): Promise<void> {
  await q.query(`UPDATE kennzahl_bericht_einstellung SET letzter_zeitraum = $1`, [zeitraum]);
}
