-- Steuerung (issue #15): the county's Kennzahlen as daily rows per OE, computed from the records,
-- the Geschäftsgang and the Protokoll. No row ever names a person: the source modules aggregate
-- by the OE that owns the work, and the reading side suppresses every cell whose OE group has
-- fewer than five members (see modules/steuerung/unterdrueckung.ts).

-- The role of the Stabsstelle E-Government, which records the strategy and reads the county's
-- figures.
ALTER TABLE mitgliedschaft DROP CONSTRAINT mitgliedschaft_rolle_check;
ALTER TABLE mitgliedschaft ADD CONSTRAINT mitgliedschaft_rolle_check CHECK (rolle IN ('Sachbearbeitung',
  'Leitung', 'Registratur', 'Posteingang', 'Administration', 'Archiv', 'Personalrat', 'Datenschutz', 'Lesen',
  'Steuerung'));

-- One Kennzahl of one OE on one day (Europe/Berlin). anzahl: how many cases were observed (the
-- denominator of a share, the number of durations); summe: the numerator of a share or the sum of
-- durations in hours; verteilung: durations counted into fixed classes (kennzahlen.ts), so that
-- medians and p90 can be read across days and along the OE tree. A day is recomputed as a whole
-- (delete and insert in one transaction), so recomputing is idempotent.
CREATE TABLE kennzahl_tag (
  tag date NOT NULL,
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  kennzahl text NOT NULL CHECK (kennzahl ~ '^[a-z][a-z0-9_.]{1,80}$'),
  anzahl bigint NOT NULL CHECK (anzahl >= 0),
  summe double precision NOT NULL DEFAULT 0,
  verteilung integer[],
  PRIMARY KEY (kennzahl, tag, oe_id)
);
CREATE INDEX kennzahl_tag_oe ON kennzahl_tag (oe_id, tag);
COMMENT ON TABLE kennzahl_tag IS 'Modul: steuerung';

-- Which days are computed, and when: the nightly run continues after the last one.
CREATE TABLE kennzahl_lauf (
  tag date PRIMARY KEY,
  berechnet_am timestamptz NOT NULL
);
COMMENT ON TABLE kennzahl_lauf IS 'Modul: steuerung';

-- The Kennzahlenkatalog as last published: the catalogue lives in the code (kennzahlen.ts); at
-- start the code's entries are compared with these rows, and every difference is written to the
-- Protokoll and notified to the Personalrat before the rows are updated.
CREATE TABLE kennzahl_katalog (
  schluessel text PRIMARY KEY,
  fassung jsonb NOT NULL,
  seit date NOT NULL,
  geaendert_am timestamptz NOT NULL,
  entfernt_am timestamptz
);
COMMENT ON TABLE kennzahl_katalog IS 'Modul: steuerung';

-- The nightly run reads one day of the Protokoll (who was active, for the share of active members
-- per OE); without this it would read the whole chain every night.
CREATE INDEX protokoll_zeit ON protokoll (zeit);
