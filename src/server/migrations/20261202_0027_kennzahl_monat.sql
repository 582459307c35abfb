-- Steuerung (issue #15): the daily Kennzahlen rolled up per month, so that a dashboard over two
-- years reads one row per Kennzahl, OE and month instead of every day (measured with
-- `npm run bench -- kennzahlen`: the county over 24 months read 110,000 daily rows per request).
-- The nightly run rewrites the months it touched in the same transaction as their days, so the
-- rollup is as idempotent as the days. A row holds both readings of a month: flows and durations
-- are summed over its days (anzahl, summe, verteilung class by class), stocks are read as on the
-- last day the OE has a row in the month (anzahl_letzter_tag, summe_letzter_tag); which Kennzahl
-- is a stock is the catalogue's business (katalog.ts), so both are kept.
CREATE TABLE kennzahl_monat (
  monat date NOT NULL CHECK (extract(day FROM monat) = 1),
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  kennzahl text NOT NULL CHECK (kennzahl ~ '^[a-z][a-z0-9_.]{1,80}$'),
  anzahl bigint NOT NULL,
  summe double precision NOT NULL,
  verteilung bigint[],
  anzahl_letzter_tag bigint NOT NULL,
  summe_letzter_tag double precision NOT NULL,
  PRIMARY KEY (monat, oe_id, kennzahl)
);
COMMENT ON TABLE kennzahl_monat IS 'Modul: steuerung';

-- The months already computed (the SQL of steuerung.repository.ts ersetzeMonate, with the 18
-- duration classes of platform/kennzahlen.ts).
INSERT INTO kennzahl_monat (monat, oe_id, kennzahl, anzahl, summe, verteilung, anzahl_letzter_tag, summe_letzter_tag)
SELECT date_trunc('month', tag)::date, oe_id, kennzahl, sum(anzahl), sum(summe),
  CASE WHEN count(verteilung) > 0 THEN ARRAY[
    COALESCE(sum(verteilung[1]), 0), COALESCE(sum(verteilung[2]), 0), COALESCE(sum(verteilung[3]), 0), COALESCE(sum(verteilung[4]), 0),
    COALESCE(sum(verteilung[5]), 0), COALESCE(sum(verteilung[6]), 0), COALESCE(sum(verteilung[7]), 0), COALESCE(sum(verteilung[8]), 0),
    COALESCE(sum(verteilung[9]), 0), COALESCE(sum(verteilung[10]), 0), COALESCE(sum(verteilung[11]), 0), COALESCE(sum(verteilung[12]), 0),
    COALESCE(sum(verteilung[13]), 0), COALESCE(sum(verteilung[14]), 0), COALESCE(sum(verteilung[15]), 0), COALESCE(sum(verteilung[16]), 0),
    COALESCE(sum(verteilung[17]), 0), COALESCE(sum(verteilung[18]), 0)] END,
  (array_agg(anzahl ORDER BY tag DESC))[1], (array_agg(summe ORDER BY tag DESC))[1]
FROM kennzahl_tag
GROUP BY 1, 2, 3;

-- The nightly run reads the owner modules' Kennzahlen one block of days at a time (their
-- kennzahlen.repository.ts): these indexes on the day (Europe/Berlin, as platform/kennzahlen.ts
-- tagSql writes it) let each block read its days instead of every row of two years.
CREATE INDEX akte_erstellt_tag ON akte (((erstellt_am AT TIME ZONE 'Europe/Berlin')::date));
CREATE INDEX vorgang_erstellt_tag ON vorgang (((erstellt_am AT TIME ZONE 'Europe/Berlin')::date));
CREATE INDEX vorgang_zda_tag ON vorgang (((zda_am AT TIME ZONE 'Europe/Berlin')::date)) WHERE zda_am IS NOT NULL;
CREATE INDEX vorgang_frist_alle ON vorgang (frist) WHERE frist IS NOT NULL;
CREATE INDEX posteingang_eintrag_tag ON posteingang_eintrag (((erstellt_am AT TIME ZONE 'Europe/Berlin')::date));
CREATE INDEX posteingang_eintrag_erledigt_tag ON posteingang_eintrag (((erledigt_am AT TIME ZONE 'Europe/Berlin')::date))
  WHERE status = 'registriert';
CREATE INDEX schritt_offen_seit_tag ON schritt (((offen_seit AT TIME ZONE 'Europe/Berlin')::date));
CREATE INDEX schritt_erledigt_tag ON schritt (((erledigt_am AT TIME ZONE 'Europe/Berlin')::date));
CREATE INDEX wiedervorlage_datum ON wiedervorlage (datum);
