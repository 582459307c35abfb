-- Verwaltungsbericht E-Government (issue #15): where the Steuerung files the report and how often
-- it is made by itself. One row for the county. The report is filed with the rights of whoever set
-- this up (eingerichtet_von), into a Vorgang that person may add Dokumente to; nothing is filed
-- with the system's rights.
CREATE TABLE kennzahl_bericht_einstellung (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  vorgang_id uuid NOT NULL REFERENCES vorgang (id),
  turnus text NOT NULL DEFAULT 'aus' CHECK (turnus IN ('aus', 'monatlich', 'quartalsweise')),
  eingerichtet_von uuid NOT NULL REFERENCES benutzer (id),
  geaendert_am timestamptz NOT NULL,
  -- The last period reported on by the schedule (YYYY-MM for a month, YYYY-Qn for a quarter).
  letzter_zeitraum text
);
COMMENT ON TABLE kennzahl_bericht_einstellung IS 'Modul: steuerung';
