-- The Archiv assesses each Akte due for Aussonderung before it is offered: A (archivwürdig),
-- B (bewerten, still open) or V (vernichten), with a note. One current Bewertung per Akte; every
-- change is kept in the Protokoll. It guides the Registratur's Anbietung; the binding decision
-- still arrives as the archive's xdomea Bewertungsverzeichnis (0502).
CREATE TABLE archivbewertung (
  akte_id uuid PRIMARY KEY REFERENCES akte (id),
  entscheidung text NOT NULL CHECK (entscheidung IN ('A', 'B', 'V')),
  notiz text CHECK (length(notiz) BETWEEN 1 AND 2000),
  bewertet_von uuid REFERENCES benutzer (id),
  bewertet_am timestamptz NOT NULL
);
COMMENT ON TABLE archivbewertung IS 'Modul: aussonderung';
